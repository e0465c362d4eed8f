// The funnel's charts: bars per step, grouped bars per breakdown value, a histogram. They draw
// the numbers they are given (rates come from the wasm result) and compute nothing.
import { h, format } from './base.js';

/** One bar per step, width = share of step 0; drop-off lines between steps; bars are buttons. */
export function funnelBars(steps, { labels, orientation, selected, text, drop, label, onSelect }) {
  const rows = steps.flatMap((s, i) => [
    i > 0 && h('div', { class: 'drop', 'data-drop': i }, drop(s)),
    h('button', { type: 'button', class: 'bar-row', 'data-step': i, 'aria-pressed': String(i === selected), onclick: () => onSelect(i) },
      h('span', { class: 'bar-label' }, `${i + 1}. ${labels[i]}`),
      h('span', { class: 'track' },
        h('span', { class: 'fill', style: orientation === 'vertical' ? { height: `${Math.max(0.5, s.fromStart * 100)}%`, display: 'block' } : { width: `${Math.max(0.2, s.fromStart * 100)}%`, display: 'block' } }),
        orientation === 'horizontal' && h('span', { class: 'bar-text', 'data-value': s.users }, text(s))),
      orientation === 'vertical' && h('span', { class: 'bar-text', 'data-value': s.users }, text(s))),
  ]);
  return h('div', { class: `bars ${orientation}`, role: 'group', 'aria-label': label }, rows);
}

/** Per step, one thin bar per group (width = that group's share of its own step 0). */
export function groupedBars(groups, { labels, name, lang, selected, barLabel, onSelect }) {
  const color = (i) => `var(--yy-chart-${(i % 8) + 1})`;
  return h('div', {},
    h('div', { class: 'legend' }, groups.map((g, i) => h('span', {}, h('span', { class: 'swatch', style: { background: color(i) } }), name(g)))),
    h('div', { class: 'grouped' }, labels.map((l, k) => h('div', { class: 'group-step' },
      h('span', { class: 'bar-label' }, `${k + 1}. ${l}`),
      h('div', { class: 'group-bars' }, groups.map((g, i) => h('button', {
        class: 'gbar', type: 'button', 'data-step': k, 'data-group': i, 'aria-pressed': selected(g, k) ? 'true' : 'false',
        'aria-label': barLabel(g, k), onclick: () => onSelect(g, k),
        title: `${name(g)}: ${format.integer(g.steps[k].users, lang)} (${format.percent(g.steps[k].fromStart, 1)})`,
        style: { width: `${Math.max(0.2, g.steps[k].fromStart * 100)}%`, background: color(i) },
      })))))));
}

/** Columns scaled to the largest bin. */
export function histogram(bins, { lang, binLabel, label }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  return h('div', { class: 'hist', role: 'img', 'aria-label': label },
    bins.map((b) => h('div', { class: 'hcol' },
      h('span', { class: 'hcount' }, b.count ? format.compact(b.count, lang) : ''),
      h('div', { class: 'hbar', style: { height: `${(b.count / max) * 100}%` } }),
      h('span', { class: 'hlabel' }, binLabel(b)))));
}
