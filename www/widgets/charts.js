// Small SVG charts shared by the widgets. They draw given numbers; they compute nothing.
import { h } from './base.js';

/**
 * A line with a soft area under it. `values` are drawn left to right, scaled to the
 * largest; `label` describes the chart for screen readers.
 */
export function sparkline(values, { width = 600, height = 120, label = '', color = 'var(--yy-primary)' } = {}) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const pad = 4;
  const y = (v) => pad + (height - 2 * pad) * (1 - v / max);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`);
  const line = points.join(' ');
  const area = values.length ? `0,${height} ${line} ${((values.length - 1) * step).toFixed(1)},${height}` : '';
  return h(
    'svg:svg',
    { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label, class: 'yy-sparkline', width: '100%', height },
    h('svg:title', {}, label),
    h('svg:polygon', { points: area, fill: color, 'fill-opacity': '0.12', stroke: 'none' }),
    h('svg:polyline', { points: line, fill: 'none', stroke: color, 'stroke-width': '2', 'vector-effect': 'non-scaling-stroke', 'stroke-linejoin': 'round' }),
  );
}
