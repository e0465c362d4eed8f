// <yy-lucky-wheel>: 大转盘. An SVG wheel under a pointer at the top.
//
//   <yy-lucky-wheel lang="zh-CN"></yy-lucky-wheel>
//   el.data = { pool: new PrizePool(config) }          // draws in the page (previews, games)
//   el.data = { prizes }; el.addEventListener('yy-start', async () => el.stop(await askServer()));
//   el.addEventListener('yy-draw', (e) => e.detail)      // { prize, index, result?, proof?, verification? }
import { h, define } from './base.js';
import { YYLuckyBase, luckyStyles } from './lucky.js';

const SLICE_COLOURS = ['#fff1f0', '#ffe7ba', '#fff7e6', '#ffd8bf'];

class YYLuckyWheel extends YYLuckyBase {
  static styles = `${luckyStyles}
    .wheel { position: relative; width: min(100%, var(--yy-wheel-size, 360px)); margin: 0 auto; aspect-ratio: 1; }
    .wheel svg { width: 100%; height: 100%; display: block; }
    .wheel .yy-lucky-start {
      position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%);
      width: 27%; aspect-ratio: 1; border-radius: 50%; border: 4px solid #fff;
      background: var(--yy-lottery-accent, #f5222d); color: #fff; font: inherit; font-weight: 600; font-size: 15px;
      box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); cursor: pointer; line-height: 1.2; padding: 4px;
    }
    .wheel .yy-lucky-start:focus-visible { outline: 3px solid var(--yy-primary); outline-offset: 2px; }
    .label { font-size: 0.085px; fill: #5c0011; font-weight: 600; }
    .sub { font-size: 0.062px; fill: #873800; }
    .won { fill: #ffd666; }
  `;

  #rotor = null;
  #slices = [];

  render() {
    const prizes = this.prizes;
    if (prizes.length === 0) return h('div', { class: 'yy-card yy-loading' }, this.t('noPrizes'));
    const n = prizes.length;
    const slice = 360 / n;
    const point = (deg, r) => {
      const a = (deg * Math.PI) / 180;
      return [r * Math.sin(a), -r * Math.cos(a)];
    };
    this.#slices = [];
    const sectors = prizes.map((prize, i) => {
      const centre = i * slice;
      const [x1, y1] = point(centre - slice / 2, 1);
      const [x2, y2] = point(centre + slice / 2, 1);
      const path = n === 1
        ? 'M 0 -1 A 1 1 0 1 1 -0.0001 -1 Z'
        : `M 0 0 L ${x1.toFixed(5)} ${y1.toFixed(5)} A 1 1 0 ${slice > 180 ? 1 : 0} 1 ${x2.toFixed(5)} ${y2.toFixed(5)} Z`;
      const shape = h('svg:path', { d: path, fill: SLICE_COLOURS[i % SLICE_COLOURS.length], stroke: '#ffccc7', 'stroke-width': '0.01' });
      this.#slices.push(shape);
      const caption = this.prizeCaption(prize);
      return h('svg:g', { 'data-prize': prize.id },
        shape,
        h('svg:g', { transform: `rotate(${centre})` },
          h('svg:text', { class: 'label', x: 0, y: -0.78, 'text-anchor': 'middle' }, prize.name ?? prize.id),
          caption && h('svg:text', { class: 'sub', x: 0, y: -0.68, 'text-anchor': 'middle' }, caption),
          // Sized in hundredths and scaled down: Chromium rasterises an SVG image at its size in user units.
          prize.image && h('svg:image', { href: prize.image, x: -12, y: -60, width: 24, height: 24, transform: 'scale(0.01)', preserveAspectRatio: 'xMidYMid meet' })));
    });
    this.#rotor = h('svg:g', { transform: `rotate(${this.position * slice})` }, ...sectors);
    const { live, button } = this.controls();
    return h('div', {},
      h('div', { class: 'wheel', 'data-stage': '' },
        h('svg:svg', { viewBox: '-1.12 -1.12 2.24 2.24', role: 'img', 'aria-label': this.prizeList() },
          h('svg:circle', { r: 1.08, fill: 'var(--yy-lottery-accent, #f5222d)' }),
          ...Array.from({ length: 16 }, (_, k) => {
            const [x, y] = point(k * 22.5, 1.04);
            return h('svg:circle', { cx: x, cy: y, r: 0.022, fill: k % 2 ? '#fff' : '#ffd666' });
          }),
          this.#rotor,
          h('svg:path', { d: 'M -0.07 -1.12 L 0.07 -1.12 L 0 -0.94 Z', fill: '#ffd666', stroke: '#ad2102', 'stroke-width': 0.012 })),
        button),
      live);
  }

  /** The wheel turns clockwise by p slices; slice i sits under the pointer when p ≡ −i. */
  targetPosition(index) {
    const n = this.cycle();
    return (n - index) % n;
  }

  drawPosition(p, target, done) {
    this.#rotor?.setAttribute('transform', `rotate(${((p * 360) / this.cycle()) % 360})`);
    this.#slices.forEach((s, i) => s.classList.toggle('won', done && i === target));
  }

  showResult(index) {
    this.#slices.forEach((s, i) => s.classList.toggle('won', i === index));
  }
}

define('yy-lucky-wheel', YYLuckyWheel);
export { YYLuckyWheel };
