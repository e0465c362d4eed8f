// <yy-lucky-slot>: 老虎机. Reels of prize symbols that stop one by one, left to right, on the
// drawn prize (three of a kind in the middle row).
//
//   <yy-lucky-slot lang="zh-CN" reels="3"></yy-lucky-slot>
//   el.data = { pool } | { prizes }  (see <yy-lucky-wheel>; the same events and stop())
import { h, define } from './base.js';
import { YYLuckyBase, luckyStyles } from './lucky.js';

const ROW = 72; // px per symbol row
const VISIBLE = [-2, -1, 0, 1, 2]; // rows drawn around the middle one

class YYLuckySlot extends YYLuckyBase {
  static get observedAttributes() {
    return [...super.observedAttributes, 'reels'];
  }
  static styles = `${luckyStyles}
    .machine {
      width: min(100%, var(--yy-slot-width, 420px)); margin: 0 auto; padding: 16px;
      background: var(--yy-lottery-accent, #f5222d); border-radius: 16px;
    }
    .reels { display: flex; gap: 8px; background: #5c0011; padding: 8px; border-radius: 10px; }
    .reel {
      position: relative; flex: 1; height: ${ROW * 3}px; overflow: hidden; background: #fffbe6; border-radius: 6px;
    }
    .reel::after {
      content: ''; position: absolute; inset: ${ROW}px 0; border-top: 2px solid #fa8c16; border-bottom: 2px solid #fa8c16; pointer-events: none;
    }
    .reel.won { background: #fff1b8; }
    .symbol {
      position: absolute; left: 0; right: 0; height: ${ROW}px; display: flex; flex-direction: column;
      align-items: center; justify-content: center; color: #5c0011; font-weight: 600; font-size: 14px; text-align: center; padding: 0 4px;
    }
    .symbol img { height: 36px; object-fit: contain; }
    .yy-lucky-start {
      display: block; width: 100%; margin-top: 12px; height: 44px; border: none; border-radius: 22px;
      background: linear-gradient(#ffd666, #fa8c16); color: #5c0011; font: inherit; font-size: 18px; font-weight: 700; cursor: pointer;
    }
    .yy-lucky-start:focus-visible { outline: 3px solid #fff; outline-offset: 2px; }
  `;

  #reels = [];

  get reelCount() {
    return Math.max(1, Math.min(5, Math.round(this.numberAttribute('reels', 3))));
  }

  render() {
    if (this.prizes.length === 0) return h('div', { class: 'yy-card yy-loading' }, this.t('noPrizes'));
    const { live, button } = this.controls();
    this.#reels = Array.from({ length: this.reelCount }, () => {
      const symbols = VISIBLE.map(() => h('div', { class: 'symbol', 'aria-hidden': 'true' }));
      return { el: h('div', { class: 'reel' }, ...symbols), symbols, shown: [] };
    });
    this.drawPosition(this.position, null, false, null);
    return h('div', {},
      h('div', { class: 'machine', 'data-stage': '' },
        h('div', { class: 'reels', role: 'img', 'aria-label': this.prizeList() }, ...this.#reels.map((r) => r.el)),
        button),
      live);
  }

  /**
   * While easing, reel r (of R) stops at (r + 1)/R of the time, on the target: it covers its
   * own distance, the one closest to its share that still ends on the target symbol.
   */
  drawPosition(p, target, done, settle) {
    const n = this.cycle();
    const count = this.#reels.length;
    this.#reels.forEach((reel, r) => {
      let q = p;
      if (settle) {
        const share = (r + 1) / count;
        const x = Math.min(1, settle.progress / share);
        const base = this.targetPosition(target) - (settle.from % n);
        const laps = Math.max(0, Math.round((settle.distance * share - base) / n));
        q = settle.from + (base + laps * n) * (1 - (1 - x) ** 3);
      } else if (done) {
        q = this.targetPosition(target);
      }
      this.#drawReel(reel, q);
      reel.el.classList.toggle('won', done);
    });
  }

  #drawReel(reel, q) {
    const n = this.cycle();
    const whole = Math.floor(q);
    const frac = q - whole;
    reel.symbols.forEach((el, k) => {
      const offset = VISIBLE[k];
      const index = (((whole - offset) % n) + n) % n;
      el.style.transform = `translateY(${(1 + offset + frac) * ROW}px)`;
      if (reel.shown[k] !== index) {
        reel.shown[k] = index;
        const prize = this.prizes[index];
        el.replaceChildren(...[prize.image && h('img', { src: prize.image, alt: '' }), prize.name ?? prize.id].filter(Boolean));
      }
    });
  }

  showResult(index) {
    this.drawPosition(this.targetPosition(index), index, true, null);
  }
}

define('yy-lucky-slot', YYLuckySlot);
export { YYLuckySlot };
