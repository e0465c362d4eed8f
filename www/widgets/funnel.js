// <yy-funnel>: a funnel of an EventLog (or a RemoteLog from 'yunying/worker'), computed in wasm.
//
//   <yy-funnel lang="zh-CN" steps="view,add_to_cart,order,pay" window-ms="86400000" mode="default"
//              breakdown="channel" orientation="horizontal"></yy-funnel>
//   el.data = log;                                 // EventLog or RemoteLog
//   el.eventLabels = { view: '浏览', pay: '支付' }; // optional display names
//   el.addEventListener('yy-result', (e) => e.detail) // the full FunnelResult and its definition
//
// The step editor, window, mode and breakdown selectors change the attributes, so a host page
// can also drive them. Clicking a step shows its time-to-convert histogram; with a breakdown, each
// group's times are listed beside it, and clicking a group's bar (or picking the group) shows that
// group's histogram.
import { YYElement, h, format, define } from './base.js';
import { funnelBars, groupedBars, histogram } from './funnel-chart.js';

const messages = {
  'zh-CN': {
    title: '漏斗分析', steps: '漏斗步骤', step: '步骤 {n}', addStep: '添加步骤', removeStep: '删除步骤 {n}',
    window: '转化窗口', mode: '计算模式', breakdown: '分组', none: '不分组', orientation: '方向',
    horizontal: '横向', vertical: '纵向', loading: '计算中…', empty: '请先加载事件数据',
    users: '{n} 人', conversion: '总转化率 {rate}', stepConversion: '转化 {rate}', dropOff: '流失 {n} 人',
    overall: '整体转化率', entered: '进入漏斗', converted: '完成转化', excluded: '被排除 {n} 人',
    ttcTitle: '“{step}” 的转化耗时（自上一步）', ttcHint: '点击某一步查看转化耗时分布',
    median: '中位数 {v}', p90: 'P90 {v}', noTtc: '该步骤没有转化用户', value: '分组值', nullValue: '（无）',
    ttcOf: '查看分组', allUsers: '全部用户', ttcGroupTitle: '“{step}” 的转化耗时 · {group}', converters: '转化人数',
    medianHead: '中位数', p90Head: 'P90', groupBar: '{group} · {step}：{n} 人，点击查看转化耗时',
    ci: '95% 置信区间 {lo} – {hi}', chartLabel: '漏斗：{summary}',
    'mode.default': '默认', 'mode.strict_order': '严格顺序 (strict_order)', 'mode.strict_deduplication': '去重 (strict_deduplication)',
    'mode.strict_increase': '时间严格递增 (strict_increase)', 'mode.strict_once': '事件只计一次 (strict_once)',
    'w.3600000': '1 小时', 'w.86400000': '1 天', 'w.604800000': '7 天', 'w.2592000000': '30 天',
  },
  en: {
    title: 'Funnel', steps: 'Steps', step: 'Step {n}', addStep: 'Add step', removeStep: 'Remove step {n}',
    window: 'Conversion window', mode: 'Mode', breakdown: 'Breakdown', none: 'None', orientation: 'Orientation',
    horizontal: 'Horizontal', vertical: 'Vertical', loading: 'Computing…', empty: 'Load event data first',
    users: '{n} users', conversion: 'Overall {rate}', stepConversion: 'Converted {rate}', dropOff: 'Dropped {n}',
    overall: 'Overall conversion', entered: 'Entered', converted: 'Converted', excluded: '{n} excluded',
    ttcTitle: 'Time to convert to "{step}" (from the previous step)', ttcHint: 'Click a step to see its time to convert',
    median: 'median {v}', p90: 'p90 {v}', noTtc: 'Nobody converted to this step', value: 'Value', nullValue: '(none)',
    ttcOf: 'Show group', allUsers: 'All users', ttcGroupTitle: 'Time to convert to "{step}" · {group}', converters: 'Converted',
    medianHead: 'Median', p90Head: 'P90', groupBar: '{group} · {step}: {n} users; click for the time to convert',
    ci: '95% CI {lo} – {hi}', chartLabel: 'Funnel: {summary}',
    'mode.default': 'Default', 'mode.strict_order': 'Strict order', 'mode.strict_deduplication': 'Strict deduplication',
    'mode.strict_increase': 'Strictly increasing time', 'mode.strict_once': 'Each event once',
    'w.3600000': '1 hour', 'w.86400000': '1 day', 'w.604800000': '7 days', 'w.2592000000': '30 days',
  },
};

const WINDOWS = [3_600_000, 86_400_000, 604_800_000, 2_592_000_000];
const MODES = ['default', 'strict_order', 'strict_deduplication', 'strict_increase', 'strict_once'];
const MAX_GROUPS = 8;

class YYFunnel extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'steps', 'window-ms', 'mode', 'breakdown', 'orientation'];
  }
  static styles = `
    .toolbar { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-end; margin-bottom: 16px; }
    .field { display: flex; flex-direction: column; gap: 4px; }
    .field > span { color: var(--yy-text-secondary); font-size: 12px; }
    .steps { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .step-edit { display: inline-flex; align-items: center; gap: 2px; }
    .arrow { color: var(--yy-text-secondary); }
    .icon-btn { width: 28px; padding: 0; }
    .kpis { display: flex; gap: 32px; margin-bottom: 12px; flex-wrap: wrap; }
    .kpi .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .kpi .l { color: var(--yy-text-secondary); font-size: 12px; }
    .bars { display: flex; flex-direction: column; gap: 2px; }
    .bars.vertical { flex-direction: row; align-items: flex-end; gap: 8px; min-height: 260px; }
    .bar-row { display: grid; grid-template-columns: 160px 1fr; gap: 12px; align-items: center; width: 100%; text-align: left; background: none; border: 1px solid transparent; border-radius: 6px; padding: 4px; font: inherit; color: inherit; cursor: pointer; }
    .bar-row:hover, .bar-row[aria-pressed=true] { border-color: var(--yy-primary); background: var(--yy-primary-soft); }
    .bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .track { background: var(--yy-bg-subtle); border-radius: 4px; height: 32px; position: relative; }
    .fill { background: var(--yy-chart-1); height: 100%; border-radius: 4px; min-width: 2px; }
    .bar-text { position: absolute; left: 8px; top: 0; line-height: 32px; font-size: 13px; font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--yy-text); text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
    .drop { margin-left: 172px; color: var(--yy-text-secondary); font-size: 12px; padding: 2px 0 2px 8px; border-left: 2px dashed var(--yy-border); }
    .drop b { color: var(--yy-danger); font-weight: 500; }
    .bars.vertical .bar-row { display: flex; flex-direction: column-reverse; align-items: stretch; grid-template-columns: none; flex: 1; min-width: 90px; height: 260px; }
    .bars.vertical .track { height: auto; flex: 1; display: flex; flex-direction: column; justify-content: flex-end; }
    .bars.vertical .fill { height: auto; width: 100%; }
    .bars.vertical .bar-text { position: static; line-height: 1.4; text-align: center; padding: 4px 0; white-space: normal; }
    .bars.vertical .bar-label { text-align: center; white-space: normal; }
    .bars.vertical .drop { display: none; }
    .panel { margin-top: 16px; }
    .legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; font-size: 12px; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
    .grouped { display: flex; flex-direction: column; gap: 10px; }
    .group-step { display: grid; grid-template-columns: 160px 1fr; gap: 12px; align-items: center; }
    .group-bars { display: flex; flex-direction: column; gap: 2px; }
    .gbar { display: block; height: 12px; border-radius: 2px; min-width: 1px; border: 0; padding: 0; cursor: pointer; }
    .gbar:hover, .gbar:focus-visible, .gbar[aria-pressed=true] { outline: 2px solid var(--yy-primary); outline-offset: 1px; }
    .ttc-head { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between; }
    .ttc-body { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; align-items: start; }
    .ttc-body.single { grid-template-columns: minmax(0, 1fr); }
    .yy-table tr[aria-selected=true] td { background: var(--yy-primary-soft); }
    .hist { display: flex; align-items: flex-end; gap: 4px; height: 140px; margin-top: 8px; }
    .hcol { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: flex-end; height: 100%; }
    .hbar { width: 100%; background: var(--yy-chart-2); border-radius: 2px 2px 0 0; min-height: 1px; }
    .hlabel { font-size: 11px; color: var(--yy-text-secondary); white-space: nowrap; margin-top: 4px; }
    .hcount { font-size: 11px; font-variant-numeric: tabular-nums; }
    .table-wrap { overflow-x: auto; margin-top: 12px; }
  `;

  #summary = null;
  #summaryOf = null;
  #result = null;
  #resultKey = '';
  #pendingKey = '';
  #error = null;
  #selected = 1;
  /** The breakdown group whose times to convert are shown: undefined = all users, else its value. */
  #group = undefined;
  eventLabels = {};

  /** The definition the widget runs (from its attributes). */
  get definition() {
    const steps = (this.getAttribute('steps') || '').split(',').map((s) => s.trim()).filter(Boolean);
    const def = { steps, windowMs: this.numberAttribute('window-ms', 86_400_000) };
    const mode = this.getAttribute('mode');
    if (mode && mode !== 'default') def.mode = mode;
    const breakdown = this.getAttribute('breakdown');
    if (breakdown) def.breakdown = { prop: breakdown, attribution: 'first_touch' };
    return def;
  }

  render() {
    const log = this.data;
    if (!log) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    if (this.#summaryOf !== log) {
      this.#summaryOf = log;
      this.#summary = null;
      this.#result = null;
      this.#resultKey = '';
      Promise.resolve(log.summary()).then((s) => { this.#summary = s; this.invalidate(); }, (e) => this.#fail(e));
    }
    if (!this.#summary) return h('div', { class: 'yy-card yy-loading', role: 'status' }, this.t('loading'));
    if (this.getAttribute('steps') === null) this.setAttribute('steps', this.#summary.eventNames.slice(0, 2).map((e) => e.name).join(','));
    const def = this.definition;
    const key = JSON.stringify(def);
    if (this.#error?.key === key) throw this.#error.err;
    if (this.#resultKey !== key && this.#pendingKey !== key) this.#compute(log, def, key);
    const stale = this.#resultKey !== key;
    return h('section', { class: 'yy-card', 'aria-label': this.t('title'), 'aria-busy': stale ? 'true' : 'false' },
      this.#toolbar(def),
      this.#result ? this.#view(this.#result) : h('div', { class: 'yy-loading', role: 'status' }, this.t('loading')));
  }

  #compute(log, def, key) {
    this.#pendingKey = key;
    Promise.resolve()
      .then(() => log.funnel(def))
      .then((result) => {
        if (this.#pendingKey !== key) return;
        this.#pendingKey = '';
        this.#result = result;
        this.#resultKey = key;
        this.#error = null;
        if (this.#selected >= result.steps.length) this.#selected = 1;
        if (!result.breakdown?.groups.some((g) => g.value === this.#group)) this.#group = undefined;
        this.invalidate();
        this.emit('yy-result', { definition: def, result });
      }, (err) => {
        this.#pendingKey = '';
        this.#fail(err, key);
      });
  }

  #fail(err, key = '') {
    this.#error = { err, key };
    this.invalidate();
  }

  #label(event) {
    return this.eventLabels?.[event] ?? event;
  }

  #toolbar(def) {
    const names = this.#summary.eventNames.map((e) => e.name);
    const steps = def.steps;
    const setSteps = (next) => this.setAttribute('steps', next.join(','));
    const stepEditors = steps.flatMap((step, i) => [
      i > 0 ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
      h('span', { class: 'step-edit' },
        h('select', {
          'aria-label': this.t('step', { n: i + 1 }), 'data-step': i,
          onchange: (e) => setSteps(steps.map((s, j) => (j === i ? e.target.value : s))),
        }, names.map((n) => h('option', { value: n, selected: n === step }, this.#label(n)))),
        steps.length > 2 && h('button', { class: 'yy-btn icon-btn', type: 'button', 'aria-label': this.t('removeStep', { n: i + 1 }), onclick: () => setSteps(steps.filter((_, j) => j !== i)) }, '×')),
    ]);
    const categories = this.#summary.properties.filter((p) => p.type === 'category').map((p) => p.name);
    const windowMs = def.windowMs;
    const windows = WINDOWS.includes(windowMs) ? WINDOWS : [...WINDOWS, windowMs].sort((a, b) => a - b);
    const select = (label, name, value, options) => h('label', { class: 'field' }, h('span', {}, label),
      h('select', { name, onchange: (e) => this.setAttribute(name, e.target.value) },
        options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value) }, text))));
    return h('div', { class: 'toolbar' },
      h('div', { class: 'field', role: 'group', 'aria-label': this.t('steps') }, h('span', {}, this.t('steps')),
        h('div', { class: 'steps' }, stepEditors,
          steps.length < 32 && h('button', { class: 'yy-btn', type: 'button', 'data-action': 'add-step', onclick: () => setSteps([...steps, names[0]]) }, '+ ' + this.t('addStep')))),
      select(this.t('window'), 'window-ms', windowMs, windows.map((w) => [w, messages[this.locale][`w.${w}`] ?? `${format.integer(w / 60000, this.locale)} min`])),
      select(this.t('mode'), 'mode', this.getAttribute('mode') || 'default', MODES.map((m) => [m, this.t(`mode.${m}`)])),
      select(this.t('breakdown'), 'breakdown', this.getAttribute('breakdown') || '', [['', this.t('none')], ...categories.map((c) => [c, c])]),
      select(this.t('orientation'), 'orientation', this.getAttribute('orientation') || 'horizontal', [['horizontal', this.t('horizontal')], ['vertical', this.t('vertical')]]),
    );
  }

  #view(result) {
    const lang = this.locale;
    const steps = result.steps;
    const last = steps[steps.length - 1];
    const labels = steps.map((s) => this.#label(s.name));
    const pct = (x) => format.percent(x, 1);
    const kpis = h('div', { class: 'kpis' },
      h('div', { class: 'kpi', 'data-kpi': 'entered' }, h('div', { class: 'v' }, format.integer(steps[0].users, lang)), h('div', { class: 'l' }, this.t('entered'))),
      h('div', { class: 'kpi', 'data-kpi': 'converted' }, h('div', { class: 'v' }, format.integer(last.users, lang)), h('div', { class: 'l' }, this.t('converted'))),
      h('div', { class: 'kpi', 'data-kpi': 'overall' }, h('div', { class: 'v' }, pct(last.fromStart)),
        h('div', { class: 'l' }, `${this.t('overall')} · ${this.t('ci', { lo: pct(last.ci95[0]), hi: pct(last.ci95[1]) })}`)),
      result.excluded > 0 && h('div', { class: 'kpi' }, h('div', { class: 'v' }, format.integer(result.excluded, lang)), h('div', { class: 'l' }, this.t('excluded', { n: '' }))));
    const bars = funnelBars(steps, {
      labels,
      orientation: this.getAttribute('orientation') === 'vertical' ? 'vertical' : 'horizontal',
      selected: this.#selected,
      text: (s) => `${this.t('users', { n: format.integer(s.users, lang) })} · ${pct(s.fromStart)}`,
      drop: (s) => [this.t('stepConversion', { rate: pct(s.fromPrevious) }), ' · ', h('b', {}, this.t('dropOff', { n: format.integer(s.dropOff, lang) }))],
      label: this.t('chartLabel', { summary: steps.map((s, i) => `${labels[i]} ${format.integer(s.users, lang)}`).join(' → ') }),
      onSelect: (i) => { this.#selected = i; this.invalidate(); },
    });
    return [kpis, bars, this.#ttc(result, labels), result.breakdown && this.#breakdown(result, labels)];
  }

  #ttc(result, labels) {
    const i = this.#selected;
    const lang = this.locale;
    const groups = result.breakdown?.groups.slice(0, MAX_GROUPS) ?? [];
    const group = groups.find((g) => g.value === this.#group);
    const ttc = (group ?? result).steps[i]?.timeToConvert;
    const title = i === 0 ? this.t('ttcHint')
      : group ? this.t('ttcGroupTitle', { step: labels[i], group: this.#groupName(group) }) : this.t('ttcTitle', { step: labels[i] });
    const picker = groups.length > 0 && i > 0 && h('label', { class: 'field' }, h('span', {}, this.t('ttcOf')),
      h('select', { name: 'ttc-group', onchange: (e) => { this.#group = e.target.value === '' ? undefined : groups[Number(e.target.value)].value; this.invalidate(); } },
        h('option', { value: '', selected: !group }, this.t('allUsers')),
        groups.map((g, j) => h('option', { value: j, selected: g === group }, this.#groupName(g)))));
    const panel = h('div', { class: 'panel', 'data-panel': 'ttc' }, h('div', { class: 'ttc-head' }, h('h3', { class: 'yy-title' }, title), picker));
    if (!ttc) return panel;
    const main = ttc.count === 0 ? h('div', { class: 'yy-muted' }, this.t('noTtc')) : h('div', {},
      h('div', { class: 'yy-muted' }, `${this.t('median', { v: duration(ttc.medianMs, lang) })} · ${this.t('p90', { v: duration(ttc.p90Ms, lang) })} · ${this.t('users', { n: format.integer(ttc.count, lang) })}`),
      histogram(ttc.histogram, { lang, binLabel: (b) => `${duration(b.fromMs, lang)}${b.toMs === null ? '+' : ''}`, label: title }));
    if (groups.length === 0) {
      panel.append(h('div', { class: 'ttc-body single' }, main));
      return panel;
    }
    // Every group's times for this step, side by side; a row is selected with the picker or a bar.
    const perGroup = h('table', { class: 'yy-table', 'data-table': 'ttc-groups' },
      h('thead', {}, h('tr', {}, h('th', {}, this.t('value')), h('th', { class: 'num' }, this.t('converters')),
        h('th', { class: 'num' }, this.t('medianHead')), h('th', { class: 'num' }, this.t('p90Head')))),
      h('tbody', {}, groups.map((g) => {
        const t = g.steps[i].timeToConvert;
        return h('tr', { 'aria-selected': g === group ? 'true' : 'false' }, h('td', {}, this.#groupName(g)),
          h('td', { class: 'num' }, format.integer(t.count, lang)),
          h('td', { class: 'num' }, duration(t.medianMs, lang)), h('td', { class: 'num' }, duration(t.p90Ms, lang)));
      })));
    panel.append(h('div', { class: 'ttc-body' }, main, h('div', { class: 'table-wrap' }, perGroup)));
    return panel;
  }

  #groupName(g) {
    return g.value ?? this.t('nullValue');
  }

  #breakdown(result, labels) {
    const lang = this.locale;
    const groups = result.breakdown.groups.slice(0, MAX_GROUPS);
    const name = (g) => this.#groupName(g);
    const table = h('table', { class: 'yy-table', 'data-table': 'breakdown' },
      h('thead', {}, h('tr', {}, h('th', {}, this.t('value')), labels.map((l) => h('th', { class: 'num' }, l)))),
      h('tbody', {}, groups.map((g) => h('tr', {}, h('td', {}, name(g)),
        g.steps.map((s, i) => h('td', { class: 'num' }, i === 0 ? format.integer(s.users, lang) : `${format.integer(s.users, lang)} (${format.percent(s.fromStart, 1)})`))))));
    return h('div', { class: 'panel', 'data-panel': 'breakdown' },
      h('h3', { class: 'yy-title' }, `${this.t('breakdown')}: ${result.breakdown.prop}`),
      groupedBars(groups, {
        labels, name, lang,
        selected: (g, k) => k === this.#selected && g.value === this.#group,
        barLabel: (g, k) => this.t('groupBar', { group: name(g), step: labels[k], n: format.integer(g.steps[k].users, lang) }),
        onSelect: (g, k) => { this.#selected = k; this.#group = g.value; this.invalidate(); },
      }),
      h('div', { class: 'table-wrap' }, table));
  }
}

/** A duration in the largest unit that keeps it readable. */
function duration(ms, lang) {
  if (ms === null || ms === undefined) return '—';
  if (ms === 0) return '0';
  const zh = lang !== 'en';
  const units = [[86_400_000, zh ? '天' : 'd'], [3_600_000, zh ? '小时' : 'h'], [60_000, zh ? '分钟' : 'min'], [1000, zh ? '秒' : 's']];
  for (const [size, unit] of units) {
    if (ms >= size) {
      const v = ms / size;
      return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10}${zh ? '' : ' '}${unit}`;
    }
  }
  return `${ms}${zh ? '毫秒' : ' ms'}`;
}

define('yy-funnel', YYFunnel);
export { YYFunnel };
