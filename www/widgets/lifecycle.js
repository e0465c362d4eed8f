// <yy-lifecycle>: new / returning / resurrecting users above the axis and dormant users below
// it, per day, week or month (PostHog's lifecycle), computed in wasm.
//
//   <yy-lifecycle lang="zh-CN" event="view" period="week" churn-after="3" utc-offset="480"></yy-lifecycle>
//   el.data = log;   // an EventLog
//   el.addEventListener('yy-result', (e) => e.detail)  // the Lifecycle result
import { YYElement, h, format, browserUtcOffset, define } from './base.js';
import { segmented, segmentedStyles, offsetText, localTime } from './controls.js';

const messages = {
  'zh-CN': {
    title: '用户生命周期',
    period: '时间粒度', day: '按日', week: '按周', month: '按月',
    new: '新增', returning: '持续活跃', resurrecting: '回流', dormant: '沉睡', churned: '流失',
    bar: '{label}：新增 {new}，持续活跃 {returning}，回流 {resurrecting}，沉睡 {dormant}，流失（连续 {n} 期未活跃）{churned}{partial}',
    partial: '（该周期尚未结束）',
    chart: '用户生命周期柱状图：每个周期一根柱，上方为活跃用户构成，下方为沉睡用户',
    hint: '将鼠标悬停在柱上，或聚焦图表后用方向键，查看该周期的人数。',
    footnote: '活跃事件：{event} · 观察截至 {asOf}（UTC{offset}）· 新增 = 首次活跃；持续活跃 = 上期也活跃；回流 = 上期未活跃但更早活跃过；沉睡 = 上期活跃本期未活跃',
    anyEvent: '任意事件',
    empty: '请先加载事件数据',
    none: '没有活跃用户',
  },
  en: {
    title: 'User lifecycle',
    period: 'Period', day: 'Day', week: 'Week', month: 'Month',
    new: 'New', returning: 'Returning', resurrecting: 'Resurrecting', dormant: 'Dormant', churned: 'Churned',
    bar: '{label}: new {new}, returning {returning}, resurrecting {resurrecting}, dormant {dormant}, churned (inactive {n} periods in a row) {churned}{partial}',
    partial: ' (period still running)',
    chart: 'Lifecycle bars: one per period, active users by state above the axis, dormant users below',
    hint: 'Hover over a bar, or focus the chart and use the arrow keys, to see its counts.',
    footnote: 'Activity event: {event} · observed until {asOf} (UTC{offset}) · new = first activity; returning = also active the period before; resurrecting = not then but earlier; dormant = active the period before, not in this one',
    anyEvent: 'any event',
    empty: 'Load event data first',
    none: 'No active users',
  },
};

const UP = [['new', 'var(--yy-chart-1)'], ['returning', 'var(--yy-chart-2)'], ['resurrecting', 'var(--yy-chart-3)']];
const DOWN = ['dormant', 'var(--yy-chart-7)'];
const PERIODS = ['day', 'week', 'month'];

class YYLifecycle extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'utc-offset', 'event', 'period', 'churn-after'];
  }
  static styles = segmentedStyles + `
    .legend { display: flex; flex-wrap: wrap; gap: 16px; margin: 4px 0 8px; font-size: 12px; color: var(--yy-text-secondary); }
    .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
    svg { display: block; width: 100%; height: auto; overflow: visible; }
    svg g.bar:focus { outline: none; }
    svg g.bar:focus rect.hit, svg g.bar.hover rect.hit { fill: rgba(0, 0, 0, 0.06); }
    svg text { font-size: 11px; fill: var(--yy-text-secondary); }
    .detail { min-height: 22px; margin-top: 8px; }
  `;

  #focus = -1;

  render() {
    const log = this.data;
    if (!log) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const period = PERIODS.includes(this.getAttribute('period')) ? this.getAttribute('period') : 'week';
    const options = {
      period,
      churnAfter: this.numberAttribute('churn-after', 3),
      utcOffsetMinutes: this.numberAttribute('utc-offset', browserUtcOffset()),
    };
    if (this.getAttribute('event')) options.event = this.getAttribute('event');
    const result = log.lifecycle(options);
    this.emit('yy-result', result);
    const toolbar = h('div', { class: 'toolbar' },
      segmented(this, this.t('period'), 'period', PERIODS, period, (value) => this.t(value)));
    const card = h('section', { class: 'yy-card', 'aria-label': this.t('title') }, toolbar);
    if (result.periods.length === 0) {
      card.append(h('div', { class: 'yy-muted' }, this.t('none')));
      return card;
    }
    const detail = h('div', { class: 'detail', role: 'status', 'aria-live': 'polite' }, this.t('hint'));
    card.append(
      h('div', { class: 'legend' }, [...UP, DOWN].map(([key, color]) => h('span', {}, h('i', { style: { background: color } }), this.t(key)))),
      this.#chart(result, detail),
      detail,
      h('div', { class: 'yy-muted' }, this.t('footnote', {
        event: result.event ?? this.t('anyEvent'),
        asOf: localTime(result.asOf, result.utcOffsetMinutes),
        offset: offsetText(result.utcOffsetMinutes),
      })));
    return card;
  }

  #describe(p, churnAfter) {
    const lang = this.locale;
    const n = (x) => format.integer(x, lang);
    return this.t('bar', {
      label: p.label, new: n(p.new), returning: n(p.returning), resurrecting: n(p.resurrecting),
      dormant: n(p.dormant), churned: n(p.churned), n: churnAfter, partial: p.partial ? this.t('partial') : '',
    });
  }

  #chart(result, detail) {
    const periods = result.periods;
    const width = 960;
    const height = 280;
    const top = 8;
    const bottom = 24;
    const up = Math.max(1, ...periods.map((p) => p.active));
    const down = Math.max(1, ...periods.map((p) => p.dormant));
    const scale = (height - top - bottom) / (up + down);
    const zero = top + up * scale;
    const slot = width / periods.length;
    const barWidth = Math.max(2, slot * 0.7);
    const every = Math.ceil(periods.length / 10);
    const focus = this.#focus >= 0 && this.#focus < periods.length ? this.#focus : periods.length - 1;
    const bars = periods.map((p, i) => {
      const x = i * slot + (slot - barWidth) / 2;
      let y = zero;
      const rects = UP.map(([key, color]) => {
        const hgt = p[key] * scale;
        y -= hgt;
        return h('svg:rect', { x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: hgt.toFixed(1), fill: color, 'data-state': key });
      });
      const label = this.#describe(p, result.churnAfter);
      return h('svg:g', { class: 'bar', tabindex: i === focus ? '0' : '-1', role: 'img', 'aria-label': label, 'data-index': i, 'data-label': p.label,
        'data-new': p.new, 'data-returning': p.returning, 'data-resurrecting': p.resurrecting, 'data-dormant': p.dormant, 'data-churned': p.churned },
        h('svg:title', {}, label),
        h('svg:rect', { class: 'hit', x: (i * slot).toFixed(1), y: 0, width: slot.toFixed(1), height, fill: 'transparent' }),
        rects,
        h('svg:rect', { x: x.toFixed(1), y: zero.toFixed(1), width: barWidth.toFixed(1), height: (p.dormant * scale).toFixed(1), fill: DOWN[1], 'fill-opacity': p.partial ? 0.5 : 0.85, 'data-state': 'dormant' }),
        i % every === 0 && h('svg:text', { x: (i * slot + slot / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle' }, p.label.slice(5) || p.label));
    });
    const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': this.t('chart') },
      h('svg:line', { x1: 0, x2: width, y1: zero.toFixed(1), y2: zero.toFixed(1), stroke: 'var(--yy-border)' }),
      bars);
    const show = (g) => {
      if (!g) return;
      svg.querySelector('g.hover')?.classList.remove('hover');
      g.classList.add('hover');
      detail.textContent = g.getAttribute('aria-label');
    };
    svg.addEventListener('mouseover', (e) => show(e.target.closest('g.bar')));
    svg.addEventListener('focusin', (e) => show(e.target.closest('g.bar')));
    svg.addEventListener('keydown', (e) => {
      const g = e.target.closest('g.bar');
      const step = { ArrowLeft: -1, ArrowRight: 1 }[e.key];
      if (!g || !step) return;
      e.preventDefault();
      const i = Math.max(0, Math.min(periods.length - 1, Number(g.dataset.index) + step));
      const next = svg.querySelector(`g.bar[data-index="${i}"]`);
      g.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
      this.#focus = i;
    });
    return svg;
  }
}

define('yy-lifecycle', YYLifecycle);
export { YYLifecycle };
