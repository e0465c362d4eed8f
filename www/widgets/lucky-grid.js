// <yy-lucky-grid>: 九宫格. Eight prize cells around a start button; the highlight runs round.
//
//   <yy-lucky-grid lang="zh-CN"></yy-lucky-grid>
//   el.data = { pool } | { prizes }  (see <yy-lucky-wheel>; the same events and stop())
// With fewer than eight prizes the ring repeats them; the draw lands on the prize's first cell.
import { h, define } from './base.js';
import { YYLuckyBase, luckyStyles } from './lucky.js';

/** Ring order (clockwise from the top-left) as [row, column] of the 3×3 grid. */
const RING = [[0, 0], [0, 1], [0, 2], [1, 2], [2, 2], [2, 1], [2, 0], [1, 0]];

class YYLuckyGrid extends YYLuckyBase {
  static styles = `${luckyStyles}
    .grid {
      display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; padding: 12px;
      width: min(100%, var(--yy-grid-size, 360px)); margin: 0 auto; aspect-ratio: 1;
      background: var(--yy-lottery-accent, #f5222d); border-radius: 16px;
    }
    .cell {
      display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 4px;
      background: #fff7e6; border-radius: 10px; text-align: center; padding: 6px; color: #5c0011;
      font-weight: 600; font-size: 14px; transition: background 60ms; min-width: 0; overflow: hidden;
    }
    .cell img { width: 40%; max-height: 40%; object-fit: contain; }
    .cell .sub { font-size: 12px; font-weight: 400; color: #873800; }
    .cell.lit { background: #ffd666; box-shadow: inset 0 0 0 3px #fa8c16; }
    .cell.won { background: #ffd666; box-shadow: inset 0 0 0 3px #d4380d; }
    .yy-lucky-start {
      border: none; border-radius: 10px; background: linear-gradient(#ff7a45, #d4380d); color: #fff;
      font: inherit; font-size: 18px; font-weight: 700; cursor: pointer;
    }
    .yy-lucky-start:focus-visible { outline: 3px solid #fff; outline-offset: -6px; }
  `;

  #cells = [];

  cycle() {
    return RING.length;
  }

  #prizeAt(cell) {
    return this.prizes[cell % this.prizes.length];
  }

  render() {
    if (this.prizes.length === 0) return h('div', { class: 'yy-card yy-loading' }, this.t('noPrizes'));
    const { live, button } = this.controls();
    const slots = Array(9).fill(null);
    this.#cells = RING.map(([row, col], cell) => {
      const prize = this.#prizeAt(cell);
      const caption = this.prizeCaption(prize);
      const el = h('div', { class: 'cell', 'data-prize': prize.id },
        prize.image && h('img', { src: prize.image, alt: '' }),
        h('span', {}, prize.name ?? prize.id),
        caption && h('span', { class: 'sub' }, caption));
      slots[row * 3 + col] = el;
      return el;
    });
    slots[4] = button;
    return h('div', {},
      h('div', { class: 'grid', role: 'group', 'aria-label': this.prizeList(), 'data-stage': '' }, ...slots),
      live);
  }

  targetPosition(index) {
    const cell = RING.findIndex((_, c) => this.#prizeAt(c).id === this.prizes[index].id);
    return Math.max(0, cell);
  }

  drawPosition(p, target, done) {
    const lit = Math.floor(p + 0.5) % RING.length;
    this.#cells.forEach((c, i) => {
      c.classList.toggle('lit', i === lit && !done);
      c.classList.toggle('won', done && i === lit);
    });
  }

  showResult(index) {
    const cell = this.targetPosition(index);
    this.#cells.forEach((c, i) => {
      c.classList.remove('lit');
      c.classList.toggle('won', i === cell);
    });
  }
}

define('yy-lucky-grid', YYLuckyGrid);
export { YYLuckyGrid };
