// <yy-overview>: the KPI cards of the console's 概览 page, computed in wasm from a resident EventLog.
//
//   <yy-overview lang="zh-CN" utc-offset="480" gmv-event="pay" amount-prop="amount"></yy-overview>
//   el.data = log;   // an EventLog
//   el.addEventListener('yy-result', (e) => e.detail)  // { summary, dailyActive, activeUsers, gmv }
import { YYElement, h, format, browserUtcOffset, define } from './base.js';
import { sparkline } from './charts.js';
import { offsetText } from './controls.js';

const messages = {
  'zh-CN': {
    title: '运营概览',
    users: '累计用户',
    events: '事件数',
    dau: '日活跃用户 (DAU)',
    dauOn: '{date}',
    gmv: 'GMV (支付金额)',
    gmvDetail: '{orders} 笔支付 · {payers} 位付费用户',
    gmvMissing: '日志中没有 “{event}” 事件或 “{prop}” 金额属性',
    stickiness: '用户粘性 (DAU/MAU)',
    stickinessDetail: '{from} 至 {to} 日均活跃 {dau} / 月活 {mau}',
    wauMau: '周活/月活 (WAU/MAU)',
    wauMauDetail: '近 7 天 {wau} / 近 {days} 天 {mau}',
    trend: '日活趋势',
    trendLabel: '从 {from} 到 {to} 的每日活跃用户，最高 {max}',
    range: '数据范围：{from} 至 {to}（UTC{offset}）· {names} 种事件',
    empty: '请先加载事件数据',
  },
  en: {
    title: 'Overview',
    users: 'Users',
    events: 'Events',
    dau: 'Daily active users',
    dauOn: 'on {date}',
    gmv: 'GMV (paid)',
    gmvDetail: '{orders} payments · {payers} paying users',
    gmvMissing: 'the log has no "{event}" event or "{prop}" amount property',
    stickiness: 'Stickiness (DAU/MAU)',
    stickinessDetail: 'avg DAU {dau} / MAU {mau}, {from} to {to}',
    wauMau: 'WAU/MAU',
    wauMauDetail: 'last 7 days {wau} / last {days} days {mau}',
    trend: 'Daily active users',
    trendLabel: 'Daily active users from {from} to {to}, peak {max}',
    range: 'Data from {from} to {to} (UTC{offset}) · {names} event types',
    empty: 'Load event data first',
  },
};

class YYOverview extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'utc-offset', 'gmv-event', 'amount-prop'];
  }
  static styles = `
    .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
    .kpi .label { color: var(--yy-text-secondary); }
    .kpi .value { font-size: 28px; font-weight: 600; margin-top: 4px; font-variant-numeric: tabular-nums; }
    .kpi .sub { color: var(--yy-text-secondary); font-size: 12px; margin-top: 4px; min-height: 18px; }
    .trend { margin-top: 16px; }
    .axis { display: flex; justify-content: space-between; color: var(--yy-text-secondary); font-size: 12px; }
    .footer { margin-top: 12px; }
  `;

  render() {
    const log = this.data;
    const lang = this.locale;
    if (!log) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const utcOffsetMinutes = this.numberAttribute('utc-offset', browserUtcOffset());
    const gmvEvent = this.getAttribute('gmv-event') || 'pay';
    const amountProp = this.getAttribute('amount-prop') || 'amount';

    const summary = log.summary();
    const dailyActive = log.dailyActive({ utcOffsetMinutes });
    const gmv = this.#gmv(log, summary, gmvEvent, amountProp);
    const activeUsers = log.activeUsers({ utcOffsetMinutes });
    const sticky = activeUsers.stickiness;
    this.emit('yy-result', { summary, dailyActive, activeUsers, gmv });

    const lastDay = dailyActive.days.length - 1;
    const card = (key, label, value, sub) =>
      h('div', { class: 'yy-card kpi', 'data-kpi': key, role: 'group', 'aria-label': label },
        h('div', { class: 'label' }, label),
        h('div', { class: 'value' }, value),
        h('div', { class: 'sub' }, sub));

    return h('section', { 'aria-label': this.t('title') },
      h('div', { class: 'kpis' },
        card('users', this.t('users'), format.integer(summary.users, lang)),
        card('events', this.t('events'), format.integer(summary.events, lang)),
        card('dau', this.t('dau'),
          lastDay >= 0 ? format.integer(dailyActive.users[lastDay], lang) : '—',
          lastDay >= 0 ? this.t('dauOn', { date: dailyActive.days[lastDay] }) : ''),
        card('gmv', this.t('gmv'),
          gmv ? format.yuan(gmv.totalFen, lang) : '—',
          gmv
            ? this.t('gmvDetail', { orders: format.integer(gmv.withAmount, lang), payers: format.integer(gmv.users, lang) })
            : this.t('gmvMissing', { event: gmvEvent, prop: amountProp })),
        card('stickiness', this.t('stickiness'),
          sticky ? format.percent(sticky.dauOverMau) : '—',
          sticky ? this.t('stickinessDetail', { dau: format.integer(Math.round(sticky.averageDau), lang), mau: format.integer(sticky.mau, lang), from: sticky.from, to: sticky.to }) : ''),
        card('wau-mau', this.t('wauMau'),
          sticky ? format.percent(sticky.wauOverMau) : '—',
          sticky ? this.t('wauMauDetail', { wau: format.integer(sticky.wau, lang), mau: format.integer(sticky.mau, lang), days: sticky.days }) : '')),
      dailyActive.days.length > 0 &&
        h('div', { class: 'yy-card trend' },
          h('h3', { class: 'yy-title' }, this.t('trend')),
          sparkline(dailyActive.users, {
            label: this.t('trendLabel', {
              from: dailyActive.days[0],
              to: dailyActive.days[lastDay],
              max: format.integer(Math.max(...dailyActive.users), lang),
            }),
          }),
          h('div', { class: 'axis' }, h('span', {}, dailyActive.days[0]), h('span', {}, dailyActive.days[lastDay]))),
      summary.firstTs !== null &&
        h('div', { class: 'yy-muted footer' },
          this.t('range', {
            from: dailyActive.days[0],
            to: dailyActive.days[lastDay],
            offset: offsetText(utcOffsetMinutes),
            names: summary.eventNames.length,
          })),
    );
  }

  /** GMV when the log has the event and a money property; null (shown as —) when it does not. */
  #gmv(log, summary, event, prop) {
    const hasEvent = summary.eventNames.some((e) => e.name === event);
    const hasMoney = summary.properties.some((p) => p.name === prop && p.type === 'money');
    return hasEvent && hasMoney ? log.moneyTotal({ event, prop }) : null;
  }
}

define('yy-overview', YYOverview);
export { YYOverview };
