// <yy-retention>: the cohort retention triangle of an EventLog, computed in wasm.
//
//   <yy-retention lang="zh-CN" start-event="signup" return-event="view" period="day" periods="14"
//                 criterion="on" cohort="first_time" bucketing="calendar" utc-offset="480"></yy-retention>
//   el.data = log;   // an EventLog
//   el.addEventListener('yy-result', (e) => e.detail)  // the Retention result
//
// The criterion (on / on or after) and period (day / week / month) switches inside the widget set
// the same attributes, so a host page can read or drive them. Hovering or focusing a cell (arrow
// keys move between cells) shows its counts.
import { YYElement, h, format, browserUtcOffset, define } from './base.js';
import { segmented, segmentedStyles, offsetText, localTime } from './controls.js';

const messages = {
  'zh-CN': {
    title: '留存分析',
    criterion: '留存口径',
    on: '当期留存',
    on_or_after: '当期及之后',
    period: '时间粒度',
    day: '按日', week: '按周', month: '按月',
    cohortKind: '同期群',
    first_time: '首次发生', recurring: '每次发生',
    cohort: '同期群', size: '人数', average: '加权平均',
    column_day: '第{n}天', column_week: '第{n}周', column_month: '第{n}月',
    cell: '{cohort}：{column}留存 {count} / {size} 人（{rate}）',
    cellRunning: '{cohort}：{column}留存 {count} / {size} 人（{rate}），该周期尚未结束',
    cellNull: '{cohort}：{column}尚未开始（观察截至 {asOf}）',
    averageCell: '加权平均 {column}：{retained} / {users} 人（{rate}），按人数加权，含已结束该周期的前 {cohorts} 个同期群（至 {through}）',
    averageNone: '加权平均 {column}：还没有同期群走完这个周期',
    hint: '将鼠标悬停在单元格上，或用 Tab 和方向键选择单元格，查看留存人数。',
    grid: '留存矩阵：每行一个同期群，每列为其后第 N 个周期的留存率',
    footnote: '起始事件：{start} · 回访事件：{ret} · 观察截至 {asOf}（UTC{offset}）· 空白格：该周期尚未开始',
    anyEvent: '任意事件',
    empty: '请先加载事件数据',
    noCohort: '没有用户发生起始事件「{start}」',
  },
  en: {
    title: 'Retention',
    criterion: 'Criterion',
    on: 'On',
    on_or_after: 'On or after',
    period: 'Period',
    day: 'Day', week: 'Week', month: 'Month',
    cohortKind: 'Cohort',
    first_time: 'First time', recurring: 'Recurring',
    cohort: 'Cohort', size: 'Users', average: 'Weighted average',
    column_day: 'Day {n}', column_week: 'Week {n}', column_month: 'Month {n}',
    cell: '{cohort}: {column} retained {count} of {size} users ({rate})',
    cellRunning: '{cohort}: {column} retained {count} of {size} users ({rate}); the period is still running',
    cellNull: '{cohort}: {column} has not begun (observed until {asOf})',
    averageCell: 'Weighted average, {column}: {retained} of {users} users ({rate}), weighted by cohort size over the first {cohorts} cohorts that completed it (through {through})',
    averageNone: 'Weighted average, {column}: no cohort has completed this period yet',
    hint: 'Hover over a cell, or Tab into the grid and use the arrow keys, to see its counts.',
    grid: 'Retention matrix: one row per cohort, one column per period after it',
    footnote: 'Start event: {start} · return event: {ret} · observed until {asOf} (UTC{offset}) · blank: period not begun',
    anyEvent: 'any event',
    empty: 'Load event data first',
    noCohort: 'No user did the start event "{start}"',
  },
};

const DEFAULT_PERIODS = { day: 14, week: 8, month: 6 };
const PERIODS = ['day', 'week', 'month'];
const CRITERIA = ['on', 'on_or_after'];

class YYRetention extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'utc-offset', 'start-event', 'return-event', 'period', 'periods', 'criterion', 'cohort', 'bucketing'];
  }
  static styles = segmentedStyles + `
    .scroll { overflow-x: auto; border: 1px solid var(--yy-border); border-radius: var(--yy-radius); }
    table { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; min-width: 100%; }
    th, td { padding: 0 8px; height: 32px; text-align: right; white-space: nowrap; font-size: 12px; border-bottom: 1px solid var(--yy-bg); border-right: 1px solid var(--yy-bg); }
    thead th { background: var(--yy-bg-subtle); color: var(--yy-text-secondary); font-weight: 600; position: sticky; top: 0; }
    th.cohort { text-align: left; position: sticky; left: 0; background: var(--yy-bg-subtle); z-index: 1; font-weight: 500; color: var(--yy-text); }
    td.size { color: var(--yy-text-secondary); background: var(--yy-bg-subtle); }
    tr.average th, tr.average td.size { font-weight: 600; }
    td.cell { min-width: 56px; cursor: default; }
    td.cell.null { background: var(--yy-bg); }
    td.cell.running { background-image: repeating-linear-gradient(135deg, transparent 0 6px, rgba(255, 255, 255, 0.35) 6px 9px); }
    td.cell:focus { outline: 2px solid var(--yy-text); outline-offset: -2px; }
    td.cell.hover { box-shadow: inset 0 0 0 2px var(--yy-text); }
    .detail { min-height: 22px; margin-top: 10px; color: var(--yy-text); }
    .footnote { margin-top: 6px; }
  `;

  #focus = { row: 0, col: 0 };

  get options() {
    const period = PERIODS.includes(this.getAttribute('period')) ? this.getAttribute('period') : 'day';
    const o = {
      period,
      periods: this.numberAttribute('periods', DEFAULT_PERIODS[period]),
      criterion: CRITERIA.includes(this.getAttribute('criterion')) ? this.getAttribute('criterion') : 'on',
      cohort: this.getAttribute('cohort') || 'first_time',
      bucketing: this.getAttribute('bucketing') || 'calendar',
      utcOffsetMinutes: this.numberAttribute('utc-offset', browserUtcOffset()),
    };
    if (this.getAttribute('start-event')) o.startEvent = this.getAttribute('start-event');
    if (this.getAttribute('return-event')) o.returnEvent = this.getAttribute('return-event');
    return o;
  }

  render() {
    const log = this.data;
    if (!log) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const options = this.options;
    const result = log.retention(options);
    this.emit('yy-result', result);
    const card = h('section', { class: 'yy-card', 'aria-label': this.t('title') },
      this.#toolbar(options));
    if (result.cohorts.length === 0) {
      card.append(h('div', { class: 'yy-muted' }, this.t('noCohort', { start: options.startEvent ?? this.t('anyEvent') })));
      return card;
    }
    const detail = h('div', { class: 'detail', role: 'status', 'aria-live': 'polite' }, this.t('hint'));
    card.append(this.#grid(result, detail), detail,
      h('div', { class: 'yy-muted footnote' }, this.t('footnote', {
        start: result.startEvent ?? this.t('anyEvent'),
        ret: result.returnEvent ?? this.t('anyEvent'),
        asOf: localTime(result.asOf, result.utcOffsetMinutes),
        offset: offsetText(result.utcOffsetMinutes),
      })));
    return card;
  }

  #toolbar(options) {
    const text = (value) => this.t(value);
    return h('div', { class: 'toolbar' },
      segmented(this, this.t('criterion'), 'criterion', CRITERIA, options.criterion, text),
      segmented(this, this.t('period'), 'period', PERIODS, options.period, text),
      segmented(this, this.t('cohortKind'), 'cohort', ['first_time', 'recurring'], options.cohort, text));
  }

  #column(result, k) {
    return this.t(`column_${result.period}`, { n: k });
  }

  /** The matrix as an ARIA grid: one tab stop, arrow keys move, hover or focus describes a cell. */
  #grid(result, detail) {
    const lang = this.locale;
    const columns = result.periods + 1;
    const rows = [{ average: true }, ...result.cohorts];
    const describe = (r, k) => {
      const column = this.#column(result, k);
      if (r === 0) {
        const a = result.average[k];
        return a.cohorts === 0
          ? this.t('averageNone', { column })
          : this.t('averageCell', { column, retained: format.integer(a.retained, lang), users: format.integer(a.users, lang), rate: format.percent(a.rate), cohorts: a.cohorts, through: a.through });
      }
      const c = result.cohorts[r - 1];
      const count = c.counts[k];
      if (count === null) return this.t('cellNull', { cohort: c.label, column, asOf: localTime(result.asOf, result.utcOffsetMinutes) });
      return this.t(k < c.completePeriods ? 'cell' : 'cellRunning', { cohort: c.label, column, count: format.integer(count, lang), size: format.integer(c.size, lang), rate: c.size ? format.percent(c.rates[k]) : '—' });
    };
    const focus = { row: Math.min(this.#focus.row, rows.length - 1), col: Math.min(this.#focus.col, columns - 1) };
    const cell = (r, k, count, rate, text, classes) => {
      const label = describe(r, k);
      const strength = rate === null || rate === undefined ? 0 : Math.round(8 + 82 * Math.min(1, rate));
      return h('td', {
        class: `cell ${classes}`,
        role: 'gridcell',
        tabindex: r === focus.row && k === focus.col ? '0' : '-1',
        'data-row': r, 'data-col': k, 'data-count': count ?? undefined,
        'aria-label': label,
        title: label,
        style: rate === null || rate === undefined ? undefined : {
          background: `color-mix(in srgb, var(--yy-primary) ${strength}%, var(--yy-bg))`,
          color: strength > 50 ? '#fff' : 'var(--yy-text)',
        },
      }, text);
    };
    const head = h('tr', { role: 'row' },
      h('th', { class: 'cohort', scope: 'col', role: 'columnheader' }, this.t('cohort')),
      h('th', { scope: 'col', role: 'columnheader' }, this.t('size')),
      Array.from({ length: columns }, (_, k) => h('th', { scope: 'col', role: 'columnheader' }, this.#column(result, k))));
    const averageRow = h('tr', { class: 'average', role: 'row' },
      h('th', { class: 'cohort', scope: 'row', role: 'rowheader' }, this.t('average')),
      h('td', { class: 'size' }, format.integer(result.average[0]?.users ?? 0, lang)),
      result.average.map((a, k) => cell(0, k, a.cohorts ? a.retained : null, a.rate, a.cohorts ? format.percent(a.rate) : '', a.cohorts ? '' : 'null')));
    const bodyRows = result.cohorts.map((c, i) => h('tr', { role: 'row' },
      h('th', { class: 'cohort', scope: 'row', role: 'rowheader' }, c.label),
      h('td', { class: 'size', 'data-size': c.size }, format.integer(c.size, lang)),
      c.counts.map((count, k) => count === null
        ? cell(i + 1, k, null, null, '', 'null')
        : cell(i + 1, k, count, c.rates[k], c.size ? format.percent(c.rates[k]) : '—', k < c.completePeriods ? '' : 'running'))));
    const table = h('table', { role: 'grid', 'aria-label': this.t('grid') }, h('thead', {}, head), h('tbody', {}, averageRow, bodyRows));

    const show = (td) => {
      if (!td?.dataset?.col) return;
      detail.textContent = td.getAttribute('aria-label');
    };
    table.addEventListener('mouseover', (e) => {
      const td = e.target.closest('td.cell');
      table.querySelector('td.hover')?.classList.remove('hover');
      if (td) {
        td.classList.add('hover');
        show(td);
      }
    });
    table.addEventListener('focusin', (e) => show(e.target.closest('td.cell')));
    table.addEventListener('keydown', (e) => {
      const td = e.target.closest('td.cell');
      if (!td) return;
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -columns], End: [0, columns] };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      const row = Math.max(0, Math.min(rows.length - 1, Number(td.dataset.row) + move[0]));
      const col = Math.max(0, Math.min(columns - 1, Number(td.dataset.col) + move[1]));
      const next = table.querySelector(`td[data-row="${row}"][data-col="${col}"]`);
      if (next) {
        td.setAttribute('tabindex', '-1');
        next.setAttribute('tabindex', '0');
        next.focus();
        this.#focus = { row, col };
      }
    });
    return h('div', { class: 'scroll' }, table);
  }
}

define('yy-retention', YYRetention);
export { YYRetention };
