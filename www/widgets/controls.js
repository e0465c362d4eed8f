// Small pieces the analysis widgets share: the segmented switch that drives an attribute, and
// how times and UTC offsets are written in footnotes. Formatting only; no calculation.
import { h } from './base.js';

export const segmentedStyles = `
  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 20px; margin-bottom: 12px; }
  .toolbar .field { display: inline-flex; align-items: center; }
  .toolbar .group-label { color: var(--yy-text-secondary); margin-right: 8px; }
  .segmented { display: inline-flex; border: 1px solid var(--yy-border); border-radius: 6px; overflow: hidden; vertical-align: middle; }
  .segmented button { font: inherit; height: 30px; padding: 0 14px; border: 0; background: var(--yy-bg); color: var(--yy-text); cursor: pointer; }
  .segmented button + button { border-left: 1px solid var(--yy-border); }
  .segmented button:hover { color: var(--yy-primary); }
  .segmented button[aria-pressed='true'] { background: var(--yy-primary); color: #fff; }
  .segmented button:focus-visible { outline: 2px solid var(--yy-primary); outline-offset: -2px; }
`;

/**
 * A labelled group of toggle buttons, one per value; pressing one sets `attribute` on `host`
 * (which re-renders it). `text(value)` is the button's label.
 */
export function segmented(host, label, attribute, values, current, text) {
  const id = `label-${attribute}`;
  return h('div', { class: 'field' },
    h('span', { class: 'group-label', id }, label),
    h('div', { class: 'segmented', role: 'group', 'aria-labelledby': id },
      values.map((value) => h('button', {
        type: 'button',
        'data-value': value,
        'aria-pressed': String(value === current),
        onclick: () => host.setAttribute(attribute, value),
      }, text(value)))));
}

/** '+08:00' for 480. */
export function offsetText(minutes) {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD HH:MM' of an instant at an offset. */
export function localTime(ms, utcOffsetMinutes) {
  return new Date(ms + utcOffsetMinutes * 60000).toISOString().slice(0, 16).replace('T', ' ');
}
