// <yy-segments>: 用户分层 — segment sizes as a table and a donut; click a segment (or press
// Enter on it) to download its users as CSV. The layering is computed in wasm.
//
//   <yy-segments lang="zh-CN" utc-offset="480" order-event="pay" amount-prop="amount"
//                new-days="7" dormant-days="14" churn-days="30" high-value-fen="50000"></yy-segments>
//   el.data = log;                 // an EventLog
//   el.definition = { segments: [{ name: '复购用户', rule: { feature: 'orders', op: '>=', value: 2 } }] }; // optional custom rules
//   el.addEventListener('yy-result', (e) => e.detail);   // the Segmentation
//   el.addEventListener('yy-export', (e) => e.detail);   // { key, name, users, csv }
import { YYElement, h, format, browserUtcOffset, define } from './base.js';
import { donut } from './donut.js';
import { offsetText } from './controls.js';

const messages = {
  'zh-CN': {
    title: '用户分层',
    segment: '分层', users: '用户数', share: '占比', avgEvents: '人均事件', avgActiveDays: '人均活跃天数',
    avgOrders: '人均订单', avgPaid: '人均支付', recency: '平均未活跃天数', export: '导出',
    exportLabel: '导出「{name}」的 {users} 位用户为 CSV',
    sliceLabel: '{name}：{users} 位用户，占 {share}，点击导出',
    chartLabel: '各分层用户占比',
    totalUsers: '总用户',
    footer: '截至 {date}（UTC{offset}）· 共 {users} 位用户，分层人数之和等于总用户数',
    withoutEvents: '其中 {n} 位用户在截止时间前没有事件，计入「{name}」',
    exported: '已导出「{name}」：{users} 位用户',
    empty: '请先加载事件数据',
    new: '新用户', churned: '流失用户', dormant: '沉睡用户', highValue: '高价值用户', active: '活跃用户', other: '其他',
  },
  en: {
    title: 'User segments',
    segment: 'Segment', users: 'Users', share: 'Share', avgEvents: 'Events / user', avgActiveDays: 'Active days / user',
    avgOrders: 'Orders / user', avgPaid: 'Paid / user', recency: 'Days since last seen', export: 'Export',
    exportLabel: 'Export the {users} users of "{name}" as CSV',
    sliceLabel: '{name}: {users} users, {share}; click to export',
    chartLabel: 'Share of users per segment',
    totalUsers: 'users',
    footer: 'As of {date} (UTC{offset}) · {users} users; the segments add up to all of them',
    withoutEvents: '{n} of them have no event before the cut-off and are counted in "{name}"',
    exported: 'Exported "{name}": {users} users',
    empty: 'Load event data first',
    new: 'New', churned: 'Churned', dormant: 'Dormant', highValue: 'High value', active: 'Active', other: 'Other',
  },
};

const DEFAULT_KEYS = ['new', 'churned', 'dormant', 'highValue', 'active', 'other'];
const LAYERING_ATTRIBUTES = {
  'new-days': 'newDays', 'dormant-days': 'dormantDays', 'churn-days': 'churnDays',
  'high-value-fen': 'highValueFen', 'high-value-orders': 'highValueOrders',
  'active-min-days': 'activeMinDays', 'active-window-days': 'activeWindowDays',
};

/** Saves text as a file through a temporary link (UTF-8 with a BOM, so Excel reads Chinese). */
function download(filename, text) {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: filename, style: { display: 'none' } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

class YYSegments extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'utc-offset', 'order-event', 'amount-prop', 'as-of', ...Object.keys(LAYERING_ATTRIBUTES)];
  }
  static styles = `
    .body { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
    .chart { flex: none; display: flex; flex-direction: column; align-items: center; gap: 8px; }
    .table-wrap { flex: 1; min-width: 480px; overflow-x: auto; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; vertical-align: 0; }
    .slice.interactive { cursor: pointer; outline: none; }
    .slice.interactive:hover, .slice.interactive:focus-visible { opacity: 0.8; stroke: var(--yy-text); stroke-width: 2; }
    .center-value { font-size: 22px; font-weight: 600; fill: var(--yy-text); }
    .center-label { font-size: 12px; fill: var(--yy-text-secondary); }
    .yy-table td { white-space: nowrap; }
    .yy-table thead th { vertical-align: bottom; }
    .link { font: inherit; background: none; border: none; color: var(--yy-primary); cursor: pointer; padding: 0; }
    .link:hover { text-decoration: underline; }
    .link:focus-visible { outline: 2px solid var(--yy-primary); outline-offset: 2px; border-radius: 2px; }
    .footer { margin-top: 12px; }
    .status { min-height: 18px; margin-top: 4px; color: var(--yy-success); font-size: 12px; }
  `;

  #definition = null;
  #status = '';

  /** Custom segments ({ segments: [...], otherName? }) replacing the default layering. */
  get definition() {
    return this.#definition;
  }
  set definition(value) {
    this.#definition = value;
    this.invalidate();
  }

  /** The definition passed to wasm: attributes first, then the `definition` property. */
  get effectiveDefinition() {
    const def = {
      utcOffsetMinutes: this.numberAttribute('utc-offset', browserUtcOffset()),
      orderEvent: this.getAttribute('order-event') || 'pay',
      amountProp: this.getAttribute('amount-prop') || 'amount',
    };
    const asOf = this.numberAttribute('as-of', null);
    if (asOf !== null) def.asOf = asOf;
    if (this.#definition?.segments) return { ...def, ...this.#definition };
    const layering = {};
    for (const [attribute, key] of Object.entries(LAYERING_ATTRIBUTES)) {
      const value = this.numberAttribute(attribute, null);
      if (value !== null) layering[key] = value;
    }
    return { ...def, layering, ...this.#definition };
  }

  render() {
    const log = this.data;
    const lang = this.locale;
    if (!log) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const def = this.effectiveDefinition;
    const result = log.segments(def);
    this.emit('yy-result', result);
    const custom = Boolean(def.segments);
    const nameOf = (s) => (!custom && DEFAULT_KEYS.includes(s.key) ? this.t(s.key) : s.name);
    const color = (i) => `var(--yy-chart-${(i % 8) + 1})`;
    const money = (fen) => (fen === null ? '—' : format.yuan(Math.round(fen), lang));
    const number = (x, digits = 1) => (x === null ? '—' : x.toFixed(digits));
    const exportSegment = (s) => this.#export(log, def, s, nameOf(s));
    const parts = result.segments.map((s, i) => ({
      value: s.users,
      color: color(i),
      label: this.t('sliceLabel', { name: nameOf(s), users: format.integer(s.users, lang), share: format.percent(s.share) }),
      onActivate: s.users > 0 ? () => exportSegment(s) : null,
    }));
    const headers = ['segment', 'users', 'share', 'avgEvents', 'avgActiveDays', 'recency', 'avgOrders', 'avgPaid', 'export'];
    const other = result.segments[result.segments.length - 1];
    return h('section', { class: 'yy-card', 'aria-label': this.t('title') },
      h('h3', { class: 'yy-title' }, this.t('title')),
      h('div', { class: 'body' },
        h('div', { class: 'chart' },
          donut(parts, { label: this.t('chartLabel'), center: [format.compact(result.users, lang), this.t('totalUsers')] })),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'yy-table' },
            h('thead', {}, h('tr', {}, headers.map((k, i) => h('th', { class: i > 0 && i < 8 ? 'num' : null, scope: 'col' }, this.t(k))))),
            h('tbody', {}, result.segments.map((s, i) =>
              h('tr', { 'data-segment': s.key },
                h('th', { scope: 'row' }, h('span', { class: 'swatch', style: { background: color(i) }, 'aria-hidden': 'true' }), nameOf(s)),
                h('td', { class: 'num', 'data-col': 'users' }, format.integer(s.users, lang)),
                h('td', { class: 'num' }, format.percent(s.share)),
                h('td', { class: 'num' }, number(s.avgEvents)),
                h('td', { class: 'num' }, number(s.avgActiveDays)),
                h('td', { class: 'num' }, number(s.avgDaysSinceLastSeen)),
                h('td', { class: 'num' }, number(s.avgOrders, 2)),
                h('td', { class: 'num', 'data-col': 'avg-paid' }, money(s.avgPaidFen)),
                h('td', {}, s.users > 0
                  ? h('button', { class: 'link', type: 'button', 'aria-label': this.t('exportLabel', { name: nameOf(s), users: s.users }), onclick: () => exportSegment(s) }, this.t('export'))
                  : '—'))))))),
      h('div', { class: 'yy-muted footer' },
        this.t('footer', { date: result.asOfDate, offset: offsetText(result.utcOffsetMinutes), users: format.integer(result.users, lang) }),
        result.usersWithoutEvents > 0 ? ` · ${this.t('withoutEvents', { n: format.integer(result.usersWithoutEvents, lang), name: nameOf(other) })}` : ''),
      h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, this.#status));
  }

  #export(log, def, segment, name) {
    const csv = log.segmentCsv(def, segment.key);
    download(`${name}-${segment.users}.csv`, csv);
    this.emit('yy-export', { key: segment.key, name, users: segment.users, csv });
    const status = this.shadowRoot.querySelector('.status');
    this.#status = this.t('exported', { name, users: format.integer(segment.users, this.locale) });
    if (status) status.textContent = this.#status;
  }
}

define('yy-segments', YYSegments);
export { YYSegments };
