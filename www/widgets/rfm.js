// <yy-rfm>: the R×F grid of an RFM analysis as a heatmap, each cell named by its segment,
// counts on hover and keyboard focus, and the segments' figures below. Computed in wasm.
//
//   <yy-rfm lang="zh-CN" utc-offset="480" order-event="pay" amount-prop="amount"></yy-rfm>
//   el.data = log;          // an EventLog (log.rfm), or a customer table [{ id, recencyDays, frequency, monetary }] (rfmScores)
//   el.addEventListener('yy-result', (e) => e.detail);   // the RfmReport
import { YYElement, h, format, browserUtcOffset, define } from './base.js';
import { rfmScores } from '../index.js';
import { offsetText } from './controls.js';

const messages = {
  'zh-CN': {
    title: 'RFM 客户价值分析',
    axisR: '最近一次消费 R（5 = 最近）',
    axisF: '消费频次 F（5 = 最多）',
    cell: 'R{r} · F{f} · {name}：{n} 位客户（{share}）',
    gridLabel: 'R×F 客户分布热力图，行为 R 分，列为 F 分',
    segment: '客户分群', customers: '客户数', share: '占比', recency: '平均最近消费（天）', frequency: '平均频次', monetary: '平均消费金额',
    footer: '截至 {date}（UTC{offset}）· {customers} 位有消费的客户 · {without} 位用户在截止时间前无消费，不参与评分',
    footerTable: '{customers} 位客户',
    scoring: '评分：{how}',
    quantile: '五分位（pandas qcut 规则，F 按 rank(method=\'first\') 分位）',
    fixed: '固定阈值',
    empty: '请先加载事件数据',
  },
  en: {
    title: 'RFM analysis',
    axisR: 'Recency R (5 = most recent)',
    axisF: 'Frequency F (5 = most orders)',
    cell: 'R{r} · F{f} · {name}: {n} customers ({share})',
    gridLabel: 'Customers per R and F score; rows are R, columns are F',
    segment: 'Segment', customers: 'Customers', share: 'Share', recency: 'Avg days since last order', frequency: 'Avg orders', monetary: 'Avg spend',
    footer: 'As of {date} (UTC{offset}) · {customers} customers with an order · {without} users without an order by then are not scored',
    footerTable: '{customers} customers',
    scoring: 'Scoring: {how}',
    quantile: 'quintiles (pandas qcut; F on rank(method=\'first\'))',
    fixed: 'fixed thresholds',
    empty: 'Load event data first',
  },
};

class YYRfm extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'utc-offset', 'order-event', 'amount-prop', 'as-of'];
  }
  static styles = `
    .layout { display: grid; grid-template-columns: auto 1fr; gap: 8px; align-items: stretch; }
    .axis-r { writing-mode: vertical-rl; text-align: center; color: var(--yy-text-secondary); font-size: 12px; }
    .axis-f { grid-column: 2; text-align: center; color: var(--yy-text-secondary); font-size: 12px; }
    .grid { display: grid; grid-template-columns: 28px repeat(5, minmax(96px, 1fr)); gap: 4px; position: relative; }
    .tick { display: flex; align-items: center; justify-content: center; color: var(--yy-text-secondary); font-size: 12px; }
    .cell { position: relative; color: var(--yy-text); min-height: 64px; border-radius: 4px; padding: 6px 8px; display: flex; flex-direction: column; justify-content: space-between; outline: none; cursor: default; }
    .cell .name { font-size: 12px; font-weight: 600; line-height: 1.3; }
    .cell .count { font-size: 12px; font-variant-numeric: tabular-nums; opacity: 0; transition: opacity 0.1s; }
    .cell:hover .count, .cell:focus-visible .count { opacity: 1; }
    .cell:focus-visible, .cell:hover { box-shadow: 0 0 0 2px var(--yy-text); }
    .tip { position: absolute; z-index: 2; pointer-events: none; background: rgba(0, 0, 0, 0.85); color: #fff; font-size: 12px; padding: 6px 8px; border-radius: 4px; white-space: nowrap; transform: translate(-50%, calc(-100% - 8px)); }
    .tip[hidden] { display: none; }
    .segments { margin-top: 16px; }
    .footer { margin-top: 12px; }
  `;

  render() {
    const input = this.data;
    const lang = this.locale;
    if (!input) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const report = Array.isArray(input)
      ? rfmScores(input)
      : input.rfm({
        orderEvent: this.getAttribute('order-event') || 'pay',
        amountProp: this.getAttribute('amount-prop') || 'amount',
        utcOffsetMinutes: this.numberAttribute('utc-offset', browserUtcOffset()),
        ...(this.hasAttribute('as-of') ? { asOf: this.numberAttribute('as-of', null) } : {}),
      });
    this.emit('yy-result', report);
    const bySegment = new Map(report.segments.map((s) => [s.key, s]));
    const nameOf = (s) => (lang === 'en' ? s.nameEn : s.name);
    // Shade from the emptiest to the fullest cell: quintiles make the grid fairly even, and a
    // scale from zero would paint every cell the same.
    const counts = report.grid.flat();
    const [low, high] = [Math.min(...counts), Math.max(...counts)];
    const tip = h('div', { class: 'tip', hidden: true, 'aria-hidden': 'true' });
    const showTip = (cell, text) => {
      tip.textContent = text;
      tip.hidden = false;
      tip.style.left = `${cell.offsetLeft + cell.offsetWidth / 2}px`;
      tip.style.top = `${cell.offsetTop}px`;
    };
    const hideTip = () => { tip.hidden = true; };

    const cells = [];
    for (let r = 5; r >= 1; r--) {
      cells.push(h('div', { class: 'tick', 'aria-hidden': 'true' }, `R${r}`));
      for (let f = 1; f <= 5; f++) {
        const n = report.grid[r - 1][f - 1];
        const segment = bySegment.get(report.gridSegments[r - 1][f - 1]);
        // Named segments always exist; a caller's eightClass report still draws the grid by R×F names.
        const name = segment ? nameOf(segment) : report.gridSegments[r - 1][f - 1];
        const intensity = high > low ? (n - low) / (high - low) : 1;
        const text = this.t('cell', { r, f, name, n: format.integer(n, lang), share: format.percent(report.customers ? n / report.customers : 0) });
        const cell = h('div', {
          class: 'cell', role: 'img', tabindex: '0', 'aria-label': text,
          'data-r': r, 'data-f': f, 'data-count': n,
          style: { background: `color-mix(in srgb, var(--yy-primary) ${Math.round(8 + intensity * 55)}%, var(--yy-bg))` },
        }, h('span', { class: 'name' }, name), h('span', { class: 'count' }, format.integer(n, lang)));
        cell.addEventListener('mouseenter', () => showTip(cell, text));
        cell.addEventListener('focus', () => showTip(cell, text));
        cell.addEventListener('mouseleave', hideTip);
        cell.addEventListener('blur', hideTip);
        cells.push(cell);
      }
    }
    cells.push(h('div', {}), ...[1, 2, 3, 4, 5].map((f) => h('div', { class: 'tick', 'aria-hidden': 'true' }, `F${f}`)));

    const headers = [['segment'], ['customers', true], ['share', true], ['recency', true], ['frequency', true], ['monetary', true]];
    const footer = report.usersWithoutOrders === null
      ? this.t('footerTable', { customers: format.integer(report.customers, lang) })
      : this.t('footer', {
        date: report.asOfDate, offset: offsetText(this.numberAttribute('utc-offset', browserUtcOffset())),
        customers: format.integer(report.customers, lang), without: format.integer(report.usersWithoutOrders, lang),
      });
    return h('section', { class: 'yy-card', 'aria-label': this.t('title') },
      h('h3', { class: 'yy-title' }, this.t('title')),
      h('div', { class: 'layout' },
        h('div', { class: 'axis-r', 'aria-hidden': 'true' }, this.t('axisR')),
        h('div', { class: 'grid', role: 'group', 'aria-label': this.t('gridLabel') }, ...cells, tip),
        h('div', { class: 'axis-f', 'aria-hidden': 'true' }, this.t('axisF'))),
      h('table', { class: 'yy-table segments' },
        h('thead', {}, h('tr', {}, headers.map(([k, num]) => h('th', { class: num ? 'num' : null, scope: 'col' }, this.t(k))))),
        h('tbody', {}, report.segments.map((s) =>
          h('tr', { 'data-segment': s.key },
            h('th', { scope: 'row' }, nameOf(s)),
            h('td', { class: 'num', 'data-col': 'customers' }, format.integer(s.customers, lang)),
            h('td', { class: 'num' }, format.percent(s.share)),
            h('td', { class: 'num' }, s.avgRecencyDays.toFixed(1)),
            h('td', { class: 'num' }, s.avgFrequency.toFixed(2)),
            h('td', { class: 'num' }, format.yuan(Math.round(s.avgMonetaryFen), lang)))))),
      h('div', { class: 'yy-muted footer' }, footer, ' · ', this.t('scoring', { how: this.t(report.scoring) })));
  }
}

define('yy-rfm', YYRfm);
export { YYRfm };
