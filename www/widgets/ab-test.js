// <yy-ab-test>: an A/B experiment read in one card — an editable input table (paste from Excel
// works), per-variant rates with interval bars, a forest plot of lifts, p-values or chances to
// win, a plain-language verdict and the SRM warning. Every number comes from abTest() in wasm.
//
//   <yy-ab-test lang="zh-CN" method="frequentist" alpha="0.05"></yy-ab-test>
//   <yy-ab-test unit="fen">   means in 分 (revenue per user) are shown as ¥130.87
//   el.data = { variants: [{ name: 'A', users: 10000, conversions: 1000 }, { name: 'B', users: 10000, conversions: 1100 }] };
//   el.addEventListener('yy-result', (e) => e.detail)   // the AbTestResult
import { abTest } from '../index.js';
import { YYElement, h, format, define } from './base.js';
import { formatP, signedPercent, percent, percentInterval, number } from './abtest-format.js';

const messages = {
  'zh-CN': {
    title: 'A/B 实验分析',
    method: '分析方法',
    frequentist: '频率学派',
    bayesian: '贝叶斯',
    sequential: '序贯检验',
    confidence: '置信水平',
    variant: '版本',
    users: '用户数',
    conversions: '转化数',
    n: '样本数',
    mean: '均值',
    sd: '标准差',
    remove: '删除',
    removeRow: '删除第 {row} 行',
    add: '添加版本',
    pasteHint: '可直接从 Excel 粘贴（版本、用户数、转化数 三列）',
    pasteHintMean: '可直接从 Excel 粘贴（版本、样本数、均值、标准差 四列）',
    rate: '转化率',
    meanValue: '均值',
    interval: '{level}% 区间',
    lift: '相对提升',
    pValue: 'p 值',
    chance: '获胜概率',
    verdict: '结论',
    control: '对照组',
    better: '显著更好',
    worse: '显著更差',
    notSignificant: '不显著',
    inconclusive: '不确定',
    undefined: '无法计算',
    srm: '样本比例不匹配（SRM）：各组用户数与计划分流比例不符（p = {p}），实验结果可能不可信，请先排查分流与埋点。',
    sentence: '{b} 的{metric}比 {a} {dir} {lift}（{level}% 置信区间 {lo} – {hi}），{verdict}',
    sentenceSeq: '{b} 的{metric}比 {a} {dir} {lift}（{level}% 随时有效置信区间 {lo} – {hi}），{verdict}',
    sentenceBayes: '{b} 优于 {a} 的概率为 {chance}，{metric}预期{dir} {lift}（{level}% 可信区间 {lo} – {hi}）{verdict}',
    higher: '高',
    lower: '低',
    sig: '显著',
    notSig: '不显著',
    inconclusiveText: '结论不确定（p 值与置信区间在边界上不一致）',
    bayesWin: '，可以上线',
    bayesLose: '，不建议上线',
    bayesOpen: '，尚无定论',
    undefinedText: '{b}：无法计算（{why}）',
    forest: '相对提升（相对 {a}）',
    forestLabel: '各版本相对对照组 {a} 的提升及 {level}% 区间',
    rateLabel: '{name} 的{metric} {value}，区间 {lo} 至 {hi}',
    empty: '请输入至少两个版本的数据',
    rowError: '第 {row} 行：',
    sequentialNote: '序贯检验：可每天查看结果，p 值与区间在持续监测下仍然有效（GrowthBook 置信序列，调节参数 N* = {tuning}）。',
    conversionMetric: '转化率',
    meanMetric: '均值',
  },
  en: {
    title: 'A/B test',
    method: 'Method',
    frequentist: 'Frequentist',
    bayesian: 'Bayesian',
    sequential: 'Sequential',
    confidence: 'Confidence',
    variant: 'Variant',
    users: 'Users',
    conversions: 'Conversions',
    n: 'n',
    mean: 'Mean',
    sd: 'SD',
    remove: 'Remove',
    removeRow: 'Remove row {row}',
    add: 'Add variant',
    pasteHint: 'Paste from Excel works (columns: variant, users, conversions)',
    pasteHintMean: 'Paste from Excel works (columns: variant, n, mean, SD)',
    rate: 'Conversion rate',
    meanValue: 'Mean',
    interval: '{level}% interval',
    lift: 'Lift',
    pValue: 'p-value',
    chance: 'Chance to win',
    verdict: 'Verdict',
    control: 'control',
    better: 'Better',
    worse: 'Worse',
    notSignificant: 'Not significant',
    inconclusive: 'Inconclusive',
    undefined: 'Undefined',
    srm: 'Sample ratio mismatch (SRM): the users per variant do not match the planned split (p = {p}). Do not trust these results before checking the assignment and tracking.',
    sentence: "{b}'s {metric} is {lift} {dir} than {a}'s ({level}% CI {lo} to {hi}): {verdict}",
    sentenceSeq: "{b}'s {metric} is {lift} {dir} than {a}'s ({level}% always-valid CI {lo} to {hi}): {verdict}",
    sentenceBayes: "{b} beats {a} with probability {chance}; expected {metric} {lift} {dir} ({level}% credible interval {lo} to {hi}){verdict}",
    higher: 'higher',
    lower: 'lower',
    sig: 'significant',
    notSig: 'not significant',
    inconclusiveText: 'inconclusive (the p-value and the interval disagree at the boundary)',
    bayesWin: ': ship it',
    bayesLose: ': do not ship',
    bayesOpen: ': not decided yet',
    undefinedText: '{b}: cannot be computed ({why})',
    forest: 'Lift vs {a}',
    forestLabel: 'Lift of each variant over the control {a} with {level}% intervals',
    rateLabel: '{name}: {metric} {value}, interval {lo} to {hi}',
    empty: 'Enter at least two variants',
    rowError: 'Row {row}: ',
    sequentialNote: 'Sequential: look every day if you like — p-values and intervals stay valid under continuous monitoring (GrowthBook confidence sequences, tuning N* = {tuning}).',
    conversionMetric: 'conversion rate',
    meanMetric: 'mean',
  },
};

const METHODS = ['frequentist', 'bayesian', 'sequential'];
const LEVELS = [0.9, 0.95, 0.99];

/** Rows of the input table from `data`: an AbTestDef, or an array of variants. */
function rowsFrom(data) {
  const variants = Array.isArray(data) ? data : data?.variants;
  if (!Array.isArray(variants)) return null;
  return variants.map((v, i) => ({ ...v, name: v.name ?? String.fromCharCode(65 + i) }));
}

/** An input's text: whole numbers as they are, others to 2 decimals (the row keeps the exact value until edited). */
function shown(value) {
  if (value === '' || value === undefined || value === null) return '';
  return Number.isInteger(value) ? String(value) : String(+Number(value).toFixed(2));
}

/** Parses text pasted from Excel (tab-separated; commas and spaces also work): name, then numbers. */
export function parsePasted(text, metric) {
  const width = metric === 'mean' ? 3 : 2;
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    // Excel copies tab-separated cells (numbers may keep thousands separators); else commas or wide spaces.
    const cells = line.split(line.includes('\t') ? '\t' : /,|\s{2,}/).map((c) => c.trim()).filter((c) => c !== '');
    if (cells.length < width) continue;
    const numbers = cells.slice(-width).map((c) => Number(c.replace(/[,，\s]/g, '').replace(/%$/, '')));
    if (numbers.some((x) => !Number.isFinite(x))) continue; // a header row
    const name = cells.length > width ? cells.slice(0, cells.length - width).join(' ') : String.fromCharCode(65 + rows.length);
    rows.push(metric === 'mean' ? { name, n: numbers[0], mean: numbers[1], sd: numbers[2] } : { name, users: numbers[0], conversions: numbers[1] });
  }
  return rows;
}

class YYAbTest extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'method', 'alpha', 'correction', 'higher-is-better', 'metric-label', 'unit'];
  }
  static styles = `
    .head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 12px; }
    .head .yy-title { margin: 0; }
    .controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .segmented { display: inline-flex; border: 1px solid var(--yy-border); border-radius: 6px; overflow: hidden; }
    .segmented button { font: inherit; border: 0; background: var(--yy-bg); padding: 4px 14px; cursor: pointer; color: var(--yy-text); }
    .segmented button + button { border-left: 1px solid var(--yy-border); }
    .segmented button[aria-checked="true"] { background: var(--yy-primary); color: #fff; }
    .segmented button:focus-visible { outline: 2px solid var(--yy-primary); outline-offset: -2px; }
    label.inline { display: inline-flex; gap: 6px; align-items: center; color: var(--yy-text-secondary); }
    .inputs input { width: 100%; min-width: 80px; text-align: right; }
    .inputs input.name { text-align: left; }
    .inputs td { padding: 4px 8px; }
    .inputs .remove { height: 28px; padding: 0 8px; }
    .input-foot { display: flex; gap: 12px; align-items: center; margin: 8px 0 16px; }
    .srm { background: #fffbe6; border: 1px solid #ffe58f; border-radius: var(--yy-radius); padding: 8px 12px; margin-bottom: 12px; color: #874d00; }
    .sentences { margin: 0 0 16px; padding: 0; list-style: none; }
    .sentences li { padding: 8px 12px; border-left: 3px solid var(--yy-border); background: var(--yy-bg-subtle); margin-bottom: 6px; border-radius: 0 6px 6px 0; }
    .sentences li.better { border-left-color: var(--yy-success); }
    .sentences li.worse { border-left-color: var(--yy-danger); }
    .sentences li.inconclusive { border-left-color: var(--yy-warning); }
    .badge { display: inline-block; padding: 0 8px; border-radius: 4px; font-size: 12px; line-height: 20px; white-space: nowrap; border: 1px solid var(--yy-border); background: var(--yy-bg-subtle); }
    .badge.better { color: #389e0d; background: #f6ffed; border-color: #b7eb8f; }
    .badge.worse { color: #cf1322; background: #fff1f0; border-color: #ffa39e; }
    .badge.inconclusive { color: #d46b08; background: #fff7e6; border-color: #ffd591; }
    .bar { display: block; width: 140px; height: 14px; }
    .cell-interval { display: flex; align-items: center; gap: 8px; justify-content: flex-end; }
    .muted { color: var(--yy-text-secondary); font-size: 12px; }
    .forest { margin: 16px 0 0; max-width: 720px; }
    .forest h4 { margin: 0 0 4px; font-size: 14px; font-weight: 600; }
    .note { margin-top: 8px; }
    .results-wrap { overflow-x: auto; }
  `;

  #rows = null;
  #results = null;

  get data() {
    return super.data;
  }
  set data(value) {
    this.#rows = rowsFrom(value);
    super.data = value;
  }

  /** The method shown: the attribute, else the data's, else frequentist. */
  get method() {
    const m = this.getAttribute('method') || this.data?.method;
    return METHODS.includes(m) ? m : 'frequentist';
  }

  get #alpha() {
    return this.numberAttribute('alpha', this.data?.alpha ?? 0.05);
  }

  get #metric() {
    return this.#rows?.some((r) => r.mean !== undefined || r.n !== undefined) ? 'mean' : 'conversion';
  }

  render() {
    if (!this.#rows) this.#rows = [{ name: 'A', users: '', conversions: '' }, { name: 'B', users: '', conversions: '' }];
    this.#results = h('div', { class: 'results', 'aria-live': 'polite' });
    const card = h('section', { class: 'yy-card', 'aria-label': this.t('title') },
      this.#header(),
      this.#inputTable(),
      this.#results);
    this.#update();
    return card;
  }

  #header() {
    const level = Math.round((1 - this.#alpha) * 100);
    const methodButtons = METHODS.map((m) =>
      h('button', {
        type: 'button', role: 'radio', 'aria-checked': String(m === this.method), 'data-method': m,
        tabindex: m === this.method ? '0' : '-1',
        onclick: () => this.setAttribute('method', m),
        onkeydown: (e) => this.#arrowKeys(e, m),
      }, this.t(m)));
    const alphaSelect = h('select', { 'aria-label': this.t('confidence'), onchange: (e) => this.setAttribute('alpha', String(Number((1 - Number(e.target.value)).toFixed(4)))) },
      LEVELS.map((l) => h('option', { value: String(l), selected: Math.round(l * 100) === level }, `${Math.round(l * 100)}%`)));
    return h('div', { class: 'head' },
      h('h3', { class: 'yy-title' }, this.t('title')),
      h('div', { class: 'controls' },
        h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': this.t('method') }, methodButtons),
        h('label', { class: 'inline' }, this.t('confidence'), alphaSelect)));
  }

  /** Left/right arrows move between the method radios, as a radio group should. */
  #arrowKeys(event, current) {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = METHODS[(METHODS.indexOf(current) + step + METHODS.length) % METHODS.length];
    this.setAttribute('method', next);
    queueMicrotask(() => queueMicrotask(() => this.shadowRoot.querySelector(`[data-method="${next}"]`)?.focus()));
  }

  #inputTable() {
    const metric = this.#metric;
    const fields = metric === 'mean' ? ['n', 'mean', 'sd'] : ['users', 'conversions'];
    const body = h('tbody', {});
    const renderRows = () => {
      body.replaceChildren(...this.#rows.map((row, i) =>
        h('tr', { 'data-row': String(i) },
          h('td', {}, h('input', { class: 'name', value: row.name ?? '', 'aria-label': `${this.t('variant')} ${i + 1}`, oninput: (e) => { row.name = e.target.value; this.#update(); } })),
          fields.map((f) => h('td', {}, h('input', {
            inputmode: 'decimal', value: shown(row[f]), 'data-field': f, 'aria-label': `${this.t(f)} · ${row.name || i + 1}`,
            oninput: (e) => { row[f] = e.target.value.trim() === '' ? '' : Number(e.target.value.replace(/[,，\s]/g, '')); this.#update(); },
          }))),
          h('td', {}, this.#rows.length > 2 && h('button', { type: 'button', class: 'yy-btn remove', 'aria-label': this.t('removeRow', { row: i + 1 }), onclick: () => { this.#rows.splice(i, 1); renderRows(); this.#update(); } }, '×')))));
    };
    renderRows();
    const table = h('table', { class: 'yy-table inputs', onpaste: (e) => {
      const rows = parsePasted(e.clipboardData?.getData('text/plain') ?? '', metric);
      if (rows.length < 1) return;
      e.preventDefault();
      this.#rows = rows.length >= 2 ? rows : [...this.#rows.slice(0, 1), ...rows];
      renderRows();
      this.#update();
    } },
      h('thead', {}, h('tr', {}, h('th', {}, this.t('variant')), fields.map((f) => h('th', { class: 'num' }, this.t(f))), h('th', {}, h('span', { class: 'yy-sr-only' }, this.t('remove'))))),
      body);
    const add = h('button', { type: 'button', class: 'yy-btn', onclick: () => {
      this.#rows.push({ name: String.fromCharCode(65 + this.#rows.length), ...Object.fromEntries(fields.map((f) => [f, ''])) });
      renderRows();
      body.querySelector('tr:last-child input')?.focus();
      this.#update();
    } }, `+ ${this.t('add')}`);
    return h('div', {}, table, h('div', { class: 'input-foot' }, add, h('span', { class: 'muted' }, this.t(metric === 'mean' ? 'pasteHintMean' : 'pasteHint'))));
  }

  /** The definition abTest() receives, from the table and the settings. */
  #definition() {
    const base = Array.isArray(this.data) || !this.data ? {} : this.data;
    const variants = this.#rows.map((r) => {
      const v = { ...r };
      for (const k of Object.keys(v)) if (v[k] === '') delete v[k];
      return v;
    });
    const def = { ...base, variants, alpha: this.#alpha, method: this.method };
    if (this.hasAttribute('correction')) def.correction = this.getAttribute('correction');
    if (this.hasAttribute('higher-is-better')) def.higherIsBetter = this.getAttribute('higher-is-better') !== 'false';
    return def;
  }

  #update() {
    if (!this.#results) return;
    const incomplete = this.#rows.length < 2 || this.#rows.some((r) => Object.entries(r).some(([k, v]) => k !== 'name' && v === ''));
    if (incomplete) {
      this.#results.replaceChildren(h('div', { class: 'yy-muted' }, this.t('empty')));
      return;
    }
    let result;
    try {
      result = abTest(this.#definition());
    } catch (err) {
      const row = /^variants\[(\d+)\]/.exec(err?.field ?? '');
      const prefix = row ? this.t('rowError', { row: Number(row[1]) + 1 }) : '';
      this.#results.replaceChildren(h('div', { class: 'yy-error', role: 'alert', 'data-field': err?.field ?? '' }, prefix + this.describeError(err)));
      return;
    }
    this.#results.replaceChildren(...this.#renderResult(result));
    this.emit('yy-result', result);
  }

  #renderResult(r) {
    const lang = this.locale;
    const level = Math.round((1 - r.alpha) * 1000) / 10;
    const control = r.variants[0];
    const metricName = this.getAttribute('metric-label') || this.t(r.metric === 'conversion' ? 'conversionMetric' : 'meanMetric');
    const out = [];
    if (r.srm.mismatch) out.push(h('div', { class: 'srm', role: 'alert', 'data-srm': '' }, `⚠ ${this.t('srm', { p: formatP(r.srm.pValue, r.srm.log10PValue) })}`));
    const bayes = r.method === 'bayesian';
    const rows = bayes ? r.bayesian : r.comparisons;
    out.push(h('ul', { class: 'sentences' }, rows.map((c) => h('li', { class: c.verdict ?? '', 'data-verdict': c.verdict ?? '', 'data-variant': c.variant }, this.#sentence(c, r, control.name, metricName, level)))));
    out.push(h('div', { class: 'results-wrap' }, this.#table(r, level, lang)));
    out.push(this.#forest(rows, control.name, level));
    if (r.method === 'sequential') out.push(h('div', { class: 'muted note' }, this.t('sequentialNote', { tuning: format.integer(r.sequentialTuning, lang) })));
    return out;
  }

  #sentence(c, r, a, metric, level) {
    if (c.verdict === 'undefined') return this.t('undefinedText', { b: c.variant, why: c.undefined ?? '' });
    const lift = c.relativeLift;
    const interval = c.relativeInterval ?? {};
    const common = {
      a, b: c.variant, metric, level,
      dir: this.t(lift >= 0 ? 'higher' : 'lower'),
      lift: percent(Math.abs(lift ?? NaN)),
      lo: interval.lower === null ? '−∞' : percent(interval.lower),
      hi: interval.upper === null ? '+∞' : percent(interval.upper),
    };
    if (r.method === 'bayesian') {
      const verdict = c.verdict === 'better' ? this.t('bayesWin') : c.verdict === 'worse' ? this.t('bayesLose') : this.t('bayesOpen');
      return this.t('sentenceBayes', { ...common, chance: percent(c.chanceToWin), verdict });
    }
    const verdict = c.verdict === 'inconclusive' ? this.t('inconclusiveText') : this.t(c.significant ? 'sig' : 'notSig');
    return this.t(r.method === 'sequential' ? 'sentenceSeq' : 'sentence', { ...common, verdict });
  }

  #table(r, level, lang) {
    const bayes = r.method === 'bayesian';
    const conversion = r.metric === 'conversion';
    const intervals = r.variants.map((v) => (bayes && v.credibleInterval) || v.interval).filter(Boolean);
    const lo = Math.min(...intervals.map((i) => i.lower));
    const hi = Math.max(...intervals.map((i) => i.upper));
    const byName = new Map((bayes ? r.bayesian : r.comparisons).map((c) => [c.variant, c]));
    const value = (x) => (conversion ? percent(x, 2) : this.#mean(x, lang));
    return h('table', { class: 'yy-table', 'data-results': '' },
      h('thead', {}, h('tr', {},
        h('th', {}, this.t('variant')),
        h('th', { class: 'num' }, this.t(conversion ? 'users' : 'n')),
        h('th', { class: 'num' }, this.t(conversion ? 'rate' : 'meanValue')),
        h('th', { class: 'num' }, this.t('interval', { level })),
        h('th', { class: 'num' }, this.t('lift')),
        h('th', { class: 'num' }, this.t(bayes ? 'chance' : 'pValue')),
        h('th', {}, this.t('verdict')))),
      h('tbody', {}, r.variants.map((v, i) => {
        const c = byName.get(v.name);
        const interval = (bayes && v.credibleInterval) || v.interval;
        return h('tr', { 'data-variant': v.name },
          h('td', {}, v.name, i === 0 && h('span', { class: 'muted' }, ` (${this.t('control')})`)),
          h('td', { class: 'num' }, format.integer(v.units, lang)),
          h('td', { class: 'num', 'data-cell': 'estimate' }, value(v.estimate)),
          h('td', { class: 'num' }, h('div', { class: 'cell-interval' },
            h('span', {}, interval ? `${value(interval.lower)} – ${value(interval.upper)}` : '—'),
            interval && intervalBar(interval, v.estimate, lo, hi, this.t('rateLabel', { name: v.name, metric: this.t(conversion ? 'rate' : 'meanValue'), value: value(v.estimate), lo: value(interval.lower), hi: value(interval.upper) })))),
          h('td', { class: 'num', 'data-cell': 'lift' }, c ? signedPercent(c.relativeLift) : '—'),
          h('td', { class: 'num', 'data-cell': bayes ? 'chance' : 'p' }, c ? (bayes ? percent(c.chanceToWin) : formatP(c.pValue, c.log10PValue)) : '—'),
          h('td', {}, c ? h('span', { class: `badge ${c.verdict}` }, this.t(c.verdict)) : ''));
      })));
  }

  /** A mean as the table shows it: in yuan when the metric is money in 分 (`unit="fen"`). */
  #mean(x, lang) {
    if (this.getAttribute('unit') !== 'fen') return number(x, lang);
    // Rounded to the whole 分 for display only; the statistics keep the exact mean.
    return x === null || !Number.isFinite(x) ? '—' : format.yuan(Math.round(x), lang);
  }

  #forest(rows, controlName, level) {
    const shown = rows.filter((c) => c.relativeInterval);
    if (!shown.length) return h('div', {});
    const finite = (x, fallback) => (x === null ? fallback : x);
    const values = shown.flatMap((c) => [c.relativeInterval.lower, c.relativeInterval.upper, c.relativeLift]).filter((x) => x !== null);
    const span = Math.max(0.01, ...values.map(Math.abs)) * 1.15;
    const [width, rowH, left, right] = [640, 34, 90, 20];
    const height = shown.length * rowH + 28;
    const x = (v) => left + ((v + span) / (2 * span)) * (width - left - right);
    const label = this.t('forestLabel', { a: controlName, level });
    const ticks = [-span, -span / 2, 0, span / 2, span].map((v) => Math.round(v * 1000) / 1000);
    return h('figure', { class: 'forest' },
      h('h4', {}, this.t('forest', { a: controlName })),
      h('svg:svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label, 'data-forest': '' },
        h('svg:title', {}, label),
        h('svg:line', { x1: x(0), x2: x(0), y1: 4, y2: height - 22, stroke: 'rgba(0,0,0,0.45)', 'stroke-dasharray': '4 3' }),
        ticks.map((t) => h('svg:text', { x: x(t), y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: 'rgba(0,0,0,0.55)' }, signedPercent(t, 0))),
        shown.map((c, i) => {
          const y = 16 + i * rowH;
          const colour = c.verdict === 'better' ? 'var(--yy-success)' : c.verdict === 'worse' ? 'var(--yy-danger)' : 'var(--yy-primary)';
          const lo = x(Math.max(-span, finite(c.relativeInterval.lower, -span)));
          const hi = x(Math.min(span, finite(c.relativeInterval.upper, span)));
          return h('svg:g', { 'data-variant': c.variant },
            h('svg:text', { x: 8, y: y + 4, 'font-size': 13, fill: 'rgba(0,0,0,0.88)' }, c.variant),
            h('svg:line', { x1: lo, x2: hi, y1: y, y2: y, stroke: colour, 'stroke-width': 3, 'stroke-linecap': 'round' }),
            h('svg:circle', { cx: x(c.relativeLift ?? 0), cy: y, r: 5, fill: colour }));
        })));
  }
}

/** A horizontal bar: the interval as a segment, the estimate as a dot, on a shared [lo, hi] scale. */
function intervalBar(interval, estimate, lo, hi, label) {
  const w = 140;
  const pad = 6;
  const span = hi - lo || 1;
  const x = (v) => pad + ((v - lo) / span) * (w - 2 * pad);
  return h('svg:svg', { class: 'bar', viewBox: `0 0 ${w} 14`, role: 'img', 'aria-label': label },
    h('svg:line', { x1: pad, x2: w - pad, y1: 7, y2: 7, stroke: 'var(--yy-border)', 'stroke-width': 2 }),
    h('svg:line', { x1: x(interval.lower), x2: x(interval.upper), y1: 7, y2: 7, stroke: 'var(--yy-primary)', 'stroke-width': 4, 'stroke-linecap': 'round' }),
    estimate !== null && h('svg:circle', { cx: x(estimate), cy: 7, r: 3.5, fill: '#fff', stroke: 'var(--yy-primary)', 'stroke-width': 2 }));
}

define('yy-ab-test', YYAbTest);
export { YYAbTest };
