// A donut chart: one focusable slice per part. It draws given shares; it computes nothing else.
import { h } from './base.js';

/**
 * `parts`: [{ value, label, color, onActivate? }]. A slice with `onActivate` is a button
 * (click, Enter or Space). `label` is read by screen readers and shown as the slice's tooltip.
 */
export function donut(parts, { size = 200, thickness = 36, label = '', center = [] } = {}) {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const r = size / 2;
  const inner = r - thickness;
  const point = (radius, angle) => [r + radius * Math.sin(angle), r - radius * Math.cos(angle)];
  let angle = 0;
  const slices = parts.map((p) => {
    if (total === 0 || p.value === 0) return null;
    const sweep = (p.value / total) * 2 * Math.PI;
    // A full circle cannot be one arc: stop just short of it.
    const end = angle + Math.min(sweep, 2 * Math.PI - 1e-6);
    const large = sweep > Math.PI ? 1 : 0;
    const [x0, y0] = point(r, angle);
    const [x1, y1] = point(r, end);
    const [x2, y2] = point(inner, end);
    const [x3, y3] = point(inner, angle);
    const d = `M${x0},${y0} A${r},${r} 0 ${large} 1 ${x1},${y1} L${x2},${y2} A${inner},${inner} 0 ${large} 0 ${x3},${y3} Z`;
    angle += sweep;
    const interactive = typeof p.onActivate === 'function';
    const activate = (e) => {
      if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      p.onActivate();
    };
    return h('svg:path', {
      d, fill: p.color, class: interactive ? 'slice interactive' : 'slice',
      tabindex: interactive ? '0' : null, role: interactive ? 'button' : 'img', 'aria-label': p.label,
      onclick: interactive ? activate : null, onkeydown: interactive ? activate : null,
    }, h('svg:title', {}, p.label));
  });
  return h('svg:svg', { viewBox: `0 0 ${size} ${size}`, width: size, height: size, role: 'group', 'aria-label': label, class: 'yy-donut' },
    h('svg:circle', { cx: r, cy: r, r: r - thickness / 2, fill: 'none', stroke: 'var(--yy-bg-subtle)', 'stroke-width': thickness }),
    ...slices,
    ...center.map((text, i) => h('svg:text', {
      x: r, y: r + (i - (center.length - 1) / 2) * 22 + 6, 'text-anchor': 'middle', class: i === 0 ? 'center-value' : 'center-label',
    }, text)));
}
