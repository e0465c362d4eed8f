// <yy-promo-designer>: set up a 满减 or 每满减 campaign and see, before launch, what it would cost
// over real orders and how many orders it would push over the threshold (凑单), with a histogram
// of order amounts around the threshold before and after. Computed in wasm (promotionWhatIf).
//
//   <yy-promo-designer lang="zh-CN" event="pay" prop="amount"></yy-promo-designer>
//   el.data = log;                     // an EventLog (the amounts of `event`'s money `prop`)
//   el.data = { amounts: [8900, …] };  // or order amounts in 分
//   el.addEventListener('yy-result', (e) => e.detail)  // { rule, whatIf }
import { YYElement, h, format, define, parseYuan } from './base.js';
import { promotionWhatIf } from '../index.js';
import { describeRule, yuanShort } from './coupon-text.js';

const messages = {
  'zh-CN': {
    title: '满减活动设计', kind: '活动类型', fullReduction: '满减', everyReduction: '每满减', threshold: '门槛（元）', every: '每满（元）',
    off: '减（元）', cap: '封顶（元，可空）', reach: '凑单范围（元）', topUp: '凑单比例（%）',
    orders: '订单数', qualifying: '自然达标订单', pushed: '凑单推动订单', pushedSub: '{near} 单差 {reach} 以内', cost: '预计活动成本',
    costSub: '不凑单时 {amount}', topUpFen: '凑单带来的增量金额', perOrder: '每单平均优惠 {amount}',
    chart: '订单金额分布（门槛 {threshold} 附近）', before: '活动前', after: '活动后（含凑单）', thresholdLine: '门槛',
    chartLabel: '订单金额分布直方图：从 {from} 到 {to}，每格 {bin}；门槛 {threshold}',
    badAmount: '“{value}” 不是金额（最多两位小数）', empty: '请先加载订单数据', model: '凑单模型：距下一门槛 {reach} 以内的订单中，有 {pct}% 会补足到门槛（最接近门槛的优先）。',
  },
  en: {
    title: 'Campaign designer', kind: 'Type', fullReduction: 'Spend & save', everyReduction: 'Every X save Y', threshold: 'Threshold (¥)', every: 'Every (¥)',
    off: 'Off (¥)', cap: 'Cap (¥, optional)', reach: 'Top-up reach (¥)', topUp: 'Top-up rate (%)',
    orders: 'Orders', qualifying: 'Qualify as they are', pushed: 'Pushed over (凑单)', pushedSub: '{near} orders within {reach}', cost: 'Estimated cost',
    costSub: '{amount} without top-ups', topUpFen: 'Extra spend from top-ups', perOrder: 'Average discount {amount} per order',
    chart: 'Order amounts around the threshold {threshold}', before: 'Before', after: 'With the campaign (top-ups)', thresholdLine: 'threshold',
    chartLabel: 'Histogram of order amounts from {from} to {to}, bins of {bin}; threshold {threshold}',
    badAmount: '"{value}" is not an amount (at most two decimals)', empty: 'Load order data first', model: 'Top-up model: of the orders within {reach} of the next threshold, {pct}% top up to it (closest first).',
  },
};

class YYPromoDesigner extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'event', 'prop'];
  }
  static styles = `
    form { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px 16px; align-items: end; }
    label { display: grid; gap: 4px; color: var(--yy-text-secondary); font-size: 13px; }
    label input, label select { width: 100%; color: var(--yy-text); }
    input[aria-invalid='true'] { border-color: var(--yy-danger); }
    .rule { margin: 12px 0 0; font-weight: 500; }
    .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-top: 16px; }
    .kpi { background: var(--yy-bg-subtle); border-radius: var(--yy-radius); padding: 12px 16px; }
    .kpi .label { color: var(--yy-text-secondary); font-size: 13px; }
    .kpi .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; margin-top: 2px; }
    .kpi .sub { color: var(--yy-text-secondary); font-size: 12px; }
    .chart { margin-top: 16px; }
    .legend { display: flex; gap: 16px; font-size: 12px; color: var(--yy-text-secondary); margin: 4px 0 8px; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
    .yy-error { margin-top: 12px; }
    svg text { font-family: var(--yy-font); }
  `;

  #config = { kind: 'fullReduction', threshold: '99', off: '10', cap: '', reach: '20', topUp: '30' };
  #focusName = null;

  /** The rule and options from the form, or the name of the first field that is not an amount. */
  #options() {
    const c = this.#config;
    const fen = {};
    for (const key of ['threshold', 'off', 'reach']) {
      fen[key] = parseYuan(c[key]);
      if (fen[key] === null) return { bad: key };
    }
    const cap = c.cap.trim() === '' ? undefined : parseYuan(c.cap);
    if (cap === null) return { bad: 'cap' };
    const rule = c.kind === 'everyReduction'
      ? { kind: 'everyReduction', everyFen: fen.threshold, offFen: fen.off, ...(cap === undefined ? {} : { capFen: cap }) }
      : { kind: 'fullReduction', thresholdFen: fen.threshold, offFen: fen.off };
    return { rule, options: { rule, reachFen: fen.reach, topUpPercent: Number(c.topUp) } };
  }

  render() {
    const lang = this.locale;
    const source = this.data;
    if (!source) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const { rule, options, bad } = this.#options();
    let whatIf = null;
    let error = null;
    if (bad) {
      error = this.t('badAmount', { value: this.#config[bad] });
    } else {
      try {
        whatIf = Array.isArray(source.amounts) || ArrayBuffer.isView(source.amounts)
          ? promotionWhatIf(source.amounts, options)
          : source.promotionWhatIf({ event: this.getAttribute('event') || 'pay', prop: this.getAttribute('prop') || 'amount' }, options);
        this.emit('yy-result', { rule, whatIf });
      } catch (err) {
        error = this.describeError(err);
      }
    }
    if (this.#focusName) {
      const name = this.#focusName;
      this.#focusName = null;
      requestAnimationFrame(() => this.shadowRoot.querySelector(`[name="${name}"]`)?.focus());
    }
    return h('section', { class: 'yy-card', 'aria-label': this.t('title') },
      h('h3', { class: 'yy-title' }, this.t('title')),
      this.#form(bad),
      rule && h('p', { class: 'rule' }, describeRule(rule, lang)),
      error && h('div', { class: 'yy-error', role: 'alert' }, error),
      whatIf && this.#results(whatIf, lang));
  }

  #form(bad) {
    const c = this.#config;
    const update = (e) => {
      this.#config = { ...this.#config, [e.target.name]: e.target.value };
      this.#focusName = e.target.name;
      this.invalidate();
    };
    const field = (name, label, attrs = {}) =>
      h('label', {}, label, h('input', { name, value: c[name], inputmode: 'decimal', 'aria-invalid': bad === name ? 'true' : undefined, onchange: update, ...attrs }));
    const every = c.kind === 'everyReduction';
    return h('form', { onsubmit: (e) => e.preventDefault() },
      h('label', {}, this.t('kind'),
        h('select', { name: 'kind', onchange: update },
          ['fullReduction', 'everyReduction'].map((k) => h('option', { value: k, selected: c.kind === k }, this.t(k))))),
      field('threshold', every ? this.t('every') : this.t('threshold')),
      field('off', this.t('off')),
      every && field('cap', this.t('cap')),
      field('reach', this.t('reach')),
      field('topUp', this.t('topUp'), { inputmode: 'numeric' }));
  }

  #results(w, lang) {
    const y = (fen) => format.yuan(fen, lang);
    const orders = format.integer(w.orders, lang);
    const kpi = (key, label, value, sub) =>
      h('div', { class: 'kpi', 'data-kpi': key, role: 'group', 'aria-label': label },
        h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), h('div', { class: 'sub' }, sub ?? ''));
    const reach = this.#options().options.reachFen;
    const paying = w.qualifying + w.pushedOver;
    return [
      h('div', { class: 'kpis' },
        kpi('orders', this.t('orders'), orders),
        kpi('qualifying', this.t('qualifying'), format.integer(w.qualifying, lang), format.percent(w.orders ? w.qualifying / w.orders : NaN)),
        kpi('pushed', this.t('pushed'), format.integer(w.pushedOver, lang), this.t('pushedSub', { near: format.integer(w.nearMiss, lang), reach: y(reach) })),
        kpi('cost', this.t('cost'), y(w.costFen), this.t('costSub', { amount: y(w.costWithoutTopUpFen) })),
        kpi('topUp', this.t('topUpFen'), y(w.topUpFen), paying ? this.t('perOrder', { amount: y(Math.round(w.costFen / paying)) }) : '')),
      h('p', { class: 'yy-muted' }, this.t('model', { reach: y(reach), pct: this.#config.topUp })),
      this.#chart(w, lang),
    ];
  }

  #chart(w, lang) {
    const { startFen, binFen, before, after } = w.histogram;
    const bins = before.length;
    const width = 720;
    const height = 220;
    const pad = { left: 44, right: 12, top: 26, bottom: 36 };
    const max = Math.max(1, ...before, ...after);
    const bw = (width - pad.left - pad.right) / bins;
    const yOf = (v) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
    const base = height - pad.bottom;
    const yuan = (fen) => yuanShort(fen, lang);
    const thresholdX = pad.left + ((w.firstThresholdFen - startFen) / binFen) * bw;
    const label = this.t('chartLabel', { from: yuan(startFen), to: yuan(startFen + bins * binFen), bin: yuan(binFen), threshold: yuan(w.firstThresholdFen) });
    const bars = [];
    for (let i = 0; i < bins; i++) {
      const x = pad.left + i * bw;
      bars.push(
        h('svg:rect', { x: (x + 2).toFixed(1), y: yOf(before[i]).toFixed(1), width: (bw / 2 - 2).toFixed(1), height: (base - yOf(before[i])).toFixed(1), fill: 'var(--yy-chart-2)', 'fill-opacity': '0.45' },
          h('svg:title', {}, `${yuan(startFen + i * binFen)}–${yuan(startFen + (i + 1) * binFen)}: ${this.t('before')} ${before[i]}`)),
        h('svg:rect', { x: (x + bw / 2).toFixed(1), y: yOf(after[i]).toFixed(1), width: (bw / 2 - 2).toFixed(1), height: (base - yOf(after[i])).toFixed(1), fill: 'var(--yy-chart-1)' },
          h('svg:title', {}, `${yuan(startFen + i * binFen)}–${yuan(startFen + (i + 1) * binFen)}: ${this.t('after')} ${after[i]}`)));
    }
    const ticks = [];
    for (let i = 0; i <= bins; i += Math.max(1, Math.round(bins / 5))) {
      ticks.push(h('svg:text', { x: (pad.left + i * bw).toFixed(1), y: height - 14, 'text-anchor': 'middle', 'font-size': '11', fill: 'currentColor', 'fill-opacity': '0.6' }, yuan(startFen + i * binFen)));
    }
    return h('div', { class: 'chart' },
      h('h4', {}, this.t('chart', { threshold: yuan(w.firstThresholdFen) })),
      h('div', { class: 'legend' },
        h('span', {}, h('span', { class: 'swatch', style: { background: 'var(--yy-chart-2)', opacity: '0.45' } }), this.t('before')),
        h('span', {}, h('span', { class: 'swatch', style: { background: 'var(--yy-chart-1)' } }), this.t('after'))),
      h('svg:svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', style: { maxWidth: '960px', display: 'block' }, role: 'img', 'aria-label': label, class: 'histogram' },
        h('svg:title', {}, label),
        h('svg:line', { x1: pad.left, x2: width - pad.right, y1: base, y2: base, stroke: 'var(--yy-border)' }),
        h('svg:text', { x: pad.left - 6, y: pad.top + 8, 'text-anchor': 'end', 'font-size': '11', fill: 'currentColor', 'fill-opacity': '0.6' }, format.integer(max, lang)),
        bars,
        h('svg:line', { x1: thresholdX.toFixed(1), x2: thresholdX.toFixed(1), y1: pad.top, y2: base, stroke: 'var(--yy-danger)', 'stroke-dasharray': '4 3', 'stroke-width': '1.5' }),
        h('svg:text', { x: thresholdX.toFixed(1), y: 14, 'text-anchor': 'middle', 'font-size': '11', fill: 'var(--yy-danger)' }, `${this.t('thresholdLine')} ${yuan(w.firstThresholdFen)}`),
        ticks));
  }
}

define('yy-promo-designer', YYPromoDesigner);
export { YYPromoDesigner };
