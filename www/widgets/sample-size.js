// <yy-sample-size>: the experiment planner — baseline rate, the lift to detect, confidence,
// power, variants and daily traffic → users per arm and days. Computed by sampleSize() in wasm.
//
//   <yy-sample-size lang="zh-CN" baseline="0.05" mde="0.1" daily-traffic="20000"></yy-sample-size>
//   el.addEventListener('yy-result', (e) => e.detail)   // the Plan
import { sampleSize } from '../index.js';
import { YYElement, h, format, define } from './base.js';

const messages = {
  'zh-CN': {
    title: '样本量计算器',
    baseline: '基线转化率 (%)',
    mde: '最小可检测提升 (相对 %)',
    alpha: '置信水平',
    power: '统计功效',
    variants: '版本数（含对照）',
    traffic: '每日进入实验的用户数',
    formula: '计算公式',
    pooled: '合并方差正态近似（Evan Miller）',
    unpooled: '非合并方差正态近似',
    'cohens-h': "Cohen's h（statsmodels）",
    perArm: '每组所需用户数',
    total: '总用户数',
    days: '预计实验天数',
    daysValue: '{days} 天',
    target: '检测 {from} → {to}（绝对提升 {abs} 个百分点），每组 α = {alpha}',
    bonferroni: '多于两个版本时按 Bonferroni 校正拆分 α。',
  },
  en: {
    title: 'Sample size',
    baseline: 'Baseline conversion (%)',
    mde: 'Detectable lift (relative %)',
    alpha: 'Confidence',
    power: 'Power',
    variants: 'Variants (incl. control)',
    traffic: 'Users entering per day',
    formula: 'Formula',
    pooled: "Pooled normal approximation (Evan Miller's)",
    unpooled: 'Unpooled normal approximation',
    'cohens-h': "Cohen's h (statsmodels)",
    perArm: 'Users per variant',
    total: 'Total users',
    days: 'Duration',
    daysValue: '{days} days',
    target: 'Detects {from} → {to} ({abs} points absolute), α = {alpha} per comparison',
    bonferroni: 'With more than two variants α is split by Bonferroni.',
  },
};

const FIELDS = [
  { key: 'baseline', attr: 'baseline', scale: 100, fallback: 0.05, step: '0.1' },
  { key: 'mde', attr: 'mde', scale: 100, fallback: 0.1, step: '1' },
  { key: 'traffic', attr: 'daily-traffic', scale: 1, fallback: 10000, step: '100' },
  { key: 'variants', attr: 'variants', scale: 1, fallback: 2, step: '1' },
];

class YYSampleSize extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'baseline', 'mde', 'alpha', 'power', 'daily-traffic', 'variants', 'formula'];
  }
  static styles = `
    form { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px 16px; margin-bottom: 16px; }
    form label { display: flex; flex-direction: column; gap: 4px; color: var(--yy-text-secondary); font-size: 13px; min-width: 0; }
    form input, form select { width: 100%; }
    form label.wide { grid-column: span 2; }
    .out { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 16px; }
    .out .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .out .label { color: var(--yy-text-secondary); }
    .detail { margin-top: 12px; }
  `;

  #values = null;
  #output = null;

  attributeChangedCallback(name, oldValue, newValue) {
    if (name !== 'lang') this.#values = null; // the attributes are the inputs' starting values
    super.attributeChangedCallback(name, oldValue, newValue);
  }

  render() {
    this.#values ??= Object.fromEntries(FIELDS.map((f) => [f.key, this.numberAttribute(f.attr, f.fallback)]));
    this.#values.alpha ??= this.numberAttribute('alpha', 0.05);
    this.#values.power ??= this.numberAttribute('power', 0.8);
    this.#values.formula ??= this.getAttribute('formula') || 'pooled';
    const v = this.#values;
    const numberInput = (f) => h('label', {}, this.t(f.key),
      h('input', { type: 'number', step: f.step, min: '0', value: String(+(v[f.key] * f.scale).toFixed(6)), 'data-field': f.key,
        oninput: (e) => { v[f.key] = Number(e.target.value) / f.scale; this.#update(); } }));
    const select = (key, options) => h('label', { class: key === 'formula' ? 'wide' : null }, this.t(key),
      h('select', { 'data-field': key, onchange: (e) => { v[key] = key === 'formula' ? e.target.value : Number(e.target.value); this.#update(); } },
        options.map(([value, text]) => h('option', { value: String(value), selected: String(v[key]) === String(value) }, text))));
    this.#output = h('div', { 'aria-live': 'polite' });
    const card = h('section', { class: 'yy-card', 'aria-label': this.t('title') },
      h('h3', { class: 'yy-title' }, this.t('title')),
      h('form', { onsubmit: (e) => e.preventDefault() },
        numberInput(FIELDS[0]), numberInput(FIELDS[1]),
        select('alpha', [[0.1, '90%'], [0.05, '95%'], [0.01, '99%']].map(([a, t]) => [a, t])),
        select('power', [[0.8, '80%'], [0.9, '90%'], [0.95, '95%']]),
        numberInput(FIELDS[3]), numberInput(FIELDS[2]),
        select('formula', ['pooled', 'unpooled', 'cohens-h'].map((f) => [f, this.t(f)]))),
      this.#output);
    this.#update();
    return card;
  }

  #update() {
    const v = this.#values;
    const lang = this.locale;
    let plan;
    try {
      plan = sampleSize({
        baseline: v.baseline, mde: v.mde, relativeMde: true, alpha: v.alpha, power: v.power,
        variants: Math.round(v.variants), dailyTraffic: v.traffic, formula: v.formula,
      });
    } catch (err) {
      this.#output.replaceChildren(h('div', { class: 'yy-error', role: 'alert' }, this.describeError(err)));
      return;
    }
    const stat = (key, value) => h('div', { 'data-out': key }, h('div', { class: 'label' }, this.t(key)), h('div', { class: 'value' }, value));
    const pct = (x) => `${(x * 100).toFixed(2)}%`;
    this.#output.replaceChildren(
      h('div', { class: 'out' },
        stat('perArm', format.integer(plan.usersPerArm[0], lang)),
        stat('total', format.integer(plan.totalUsers, lang)),
        stat('days', plan.days === null ? '—' : this.t('daysValue', { days: format.integer(plan.days, lang) }))),
      h('div', { class: 'yy-muted detail' },
        `${this.t('formula')}: ${this.t(plan.formula)}. `,
        this.t('target', { from: pct(plan.baseline), to: pct(plan.target), abs: (plan.effect * 100).toFixed(2), alpha: +plan.alphaPerComparison.toFixed(4) }),
        plan.variants > 2 ? ` ${this.t('bonferroni')}` : ''));
    this.emit('yy-result', plan);
  }
}

define('yy-sample-size', YYSampleSize);
export { YYSampleSize };
