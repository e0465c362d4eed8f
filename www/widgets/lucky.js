// The shared base of <yy-lucky-wheel>, <yy-lucky-grid> and <yy-lucky-slot>: where the result
// comes from, the motion, the announcements and the events. Each element only draws.
//
// The result comes from one of two places (the flow lucky-canvas users know):
//  - a PrizePool in the page: el.data = { pool }            → start() draws from it;
//  - the host, after its server answered: el.data = { prizes } and on `yy-start` the host calls
//    el.stop(prizeId, proof?) — with a revealed proof { serverSeed, serverSeedHash, clientSeed,
//    nonce } the widget re-checks the draw with verifyDraw before announcing it.
// Draws made in the browser can be forged by the user: real prizes are drawn on a server.
//
// Motion: a position `p` (in prize slots) accelerates, cruises until the result is known, then
// eases out (cubic) onto the result with a continuous speed. Under prefers-reduced-motion (or
// the `reduced-motion` attribute) the widget goes straight to the result.
import { YYElement, h, format } from './base.js';
import { verifyDraw } from '../index.js';

export const luckyMessages = {
  'zh-CN': {
    start: '开始抽奖', spinning: '抽奖中…', won: '抽中：{name}', noPrizes: '请先设置奖品', empty: '奖池已空',
    verified: '已校验：结果与服务器承诺一致', notVerified: '校验失败：结果与服务器承诺不一致', prizes: '奖品：{list}',
    value: '价值 {value}',
  },
  en: {
    start: 'Start', spinning: 'Drawing…', won: 'You won: {name}', noPrizes: 'Set the prizes first', empty: 'The pool is empty',
    verified: 'Verified: the result matches the server commitment', notVerified: 'Verification failed: the result does not match the server commitment', prizes: 'Prizes: {list}',
    value: 'worth {value}',
  },
};

const ACCELERATE_MS = 500;
const CRUISE_SLOTS_PER_MS = 0.012;
const MIN_SETTLE_MS = 2200;

export class YYLuckyBase extends YYElement {
  static messages = luckyMessages;
  static get observedAttributes() {
    return ['lang', 'reduced-motion', 'user-id'];
  }

  #motion = null; // { started, p0, target, settleStart, settleFrom, distance, settleMs }
  #pending = null; // the outcome waiting for the motion to end
  #frame = 0;
  position = 0;

  #prizes = [];
  #prizesOf = undefined;

  /** The prizes shown: from data.prizes, else from the pool (read once per data object). */
  get prizes() {
    const data = this.data ?? {};
    if (this.#prizesOf !== data) {
      this.#prizesOf = data;
      this.#prizes = Array.isArray(data.prizes) ? data.prizes : data.pool ? data.pool.prizes() : [];
    }
    return this.#prizes;
  }

  get spinning() {
    return this.#motion !== null;
  }

  get reducedMotion() {
    return this.hasAttribute('reduced-motion') || globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
  }

  /** Starts a draw: from the pool in the page, or (without one) asks the host with `yy-start`. */
  start() {
    if (this.spinning || this.prizes.length === 0) return;
    const pool = this.data?.pool;
    let result = null;
    if (pool) {
      try {
        result = pool.draw(this.data.userId ?? this.getAttribute('user-id') ?? undefined);
      } catch (err) {
        this.announce(err.code === 'INVALID_STATE' ? this.t('empty') : this.describeError(err), true);
        this.emit('yy-error', { error: err });
        return;
      }
    }
    this.#motion = { started: performance.now(), target: null };
    this.#pending = null;
    this.setBusy(true);
    this.announce(this.t('spinning'));
    if (result) this.#settle(result.prizeId, { result });
    else this.emit('yy-start', {});
    this.#tick();
  }

  /**
   * Lands on `prizeId` (the host's answer). With `proof` = { serverSeed, serverSeedHash,
   * clientSeed, nonce } the draw is verified against data.prizes (their ids and weights).
   */
  stop(prizeId, proof) {
    if (!this.spinning) {
      this.#motion = { started: performance.now() - ACCELERATE_MS, target: null };
      this.setBusy(true);
    }
    let verification;
    if (proof) {
      try {
        // Only the revealed proof's four fields: a host may hand over its whole draw record.
        const { serverSeed, serverSeedHash, clientSeed, nonce } = proof;
        const prizes = this.prizes.map(({ id, weight }) => ({ id, weight }));
        verification = verifyDraw({ serverSeed, serverSeedHash, clientSeed, nonce, prizes, prizeId });
      } catch (err) {
        verification = { valid: false, error: { code: err.code, field: err.field, message: err.message } };
      }
    }
    this.#settle(prizeId, { proof, verification });
    this.#tick();
  }

  #settle(prizeId, extra) {
    const index = this.prizes.findIndex((p) => p.id === prizeId);
    if (index < 0) {
      this.#motion = null;
      this.setBusy(false);
      this.announce(`unknown prize id '${prizeId}'`, true);
      return;
    }
    this.#pending = { index, prize: this.prizes[index], ...extra };
    const m = this.#motion;
    m.target = this.targetPosition(index);
  }

  #tick() {
    cancelAnimationFrame(this.#frame);
    if (this.reducedMotion && this.#motion?.target !== null && this.#motion?.target !== undefined) {
      this.position = this.#motion.target;
      this.drawPosition(this.position, this.#pending.index, true, null);
      this.#finish();
      return;
    }
    this.#frame = requestAnimationFrame((now) => this.#step(now));
  }

  #step(now) {
    const m = this.#motion;
    if (!m) return;
    const t = now - m.started;
    const speed = CRUISE_SLOTS_PER_MS * Math.min(1, t / ACCELERATE_MS);
    if (m.target !== null && m.settleStart === undefined && t >= ACCELERATE_MS) {
      // Ease out (cubic: initial slope 3) over a distance that ends on the target, at least
      // as long as the current speed needs, so the motion has no jolt.
      const n = this.cycle();
      const minimum = (speed * MIN_SETTLE_MS) / 3;
      const from = this.position;
      let distance = m.target - (from % n);
      while (distance < minimum) distance += n;
      Object.assign(m, { settleStart: now, settleFrom: from, distance, settleMs: (3 * distance) / speed });
    }
    if (m.settleStart !== undefined) {
      const x = Math.min(1, (now - m.settleStart) / m.settleMs);
      this.position = m.settleFrom + m.distance * (1 - (1 - x) ** 3);
      this.drawPosition(this.position, this.#pending.index, x >= 1, { from: m.settleFrom, distance: m.distance, progress: x });
      if (x >= 1) return this.#finish();
    } else {
      const dt = m.last === undefined ? 0 : now - m.last;
      this.position += speed * dt;
      this.drawPosition(this.position, null, false, null);
    }
    m.last = now;
    this.#frame = requestAnimationFrame((next) => this.#step(next));
  }

  #finish() {
    const { index, prize, result, proof, verification } = this.#pending;
    this.#motion = null;
    this.#pending = null;
    this.setBusy(false);
    const valid = verification ? verification.valid : undefined;
    let message = this.t('won', { name: prize.name ?? prize.id });
    if (valid === true) message += ` · ${this.t('verified')}`;
    this.announce(valid === false ? `${message} · ${this.t('notVerified')}` : message, valid === false);
    this.showResult(index);
    const detail = { prize, index, result, proof, verification, verified: valid };
    this.emit('yy-draw', detail);
    // The result event every yunying widget sends, with the same detail.
    this.emit('yy-result', detail);
  }

  disconnectedCallback() {
    cancelAnimationFrame(this.#frame);
  }

  /** The live region and the start button, shared by the three looks. */
  controls(extraClass = '') {
    this.liveRegion = h('div', { class: 'yy-lucky-status', role: 'status', 'aria-live': 'polite' });
    this.startButton = h('button', { type: 'button', class: `yy-lucky-start ${extraClass}`, onclick: () => this.start() }, this.t('start'));
    return { live: this.liveRegion, button: this.startButton };
  }

  announce(text, isError = false) {
    if (!this.liveRegion) return;
    this.liveRegion.textContent = text;
    this.liveRegion.classList.toggle('error', isError);
  }

  setBusy(busy) {
    this.startButton?.setAttribute('aria-disabled', String(busy));
    this.shadowRoot.querySelector('[data-stage]')?.setAttribute('aria-busy', String(busy));
  }

  /** A sentence listing the prizes, for screen readers. */
  prizeList() {
    return this.t('prizes', { list: this.prizes.map((p) => p.name ?? p.id).join('、') });
  }

  prizeCaption(prize) {
    const fen = prize.valueFen ?? prize.value;
    return fen ? this.t('value', { value: format.yuan(fen, this.locale) }) : '';
  }

  // Subclasses: cycle() = slots per turn; targetPosition(i) in [0, cycle());
  // drawPosition(p, targetIndex, done, settle) where settle = { from, distance, progress }
  // while easing onto the target (progress 0 → 1), else null; showResult(i).
  cycle() {
    return Math.max(1, this.prizes.length);
  }
  targetPosition(index) {
    return index;
  }
  drawPosition() {}
  showResult() {}
}

export const luckyStyles = `
  .yy-lucky-status { min-height: 22px; margin-top: 12px; text-align: center; font-weight: 500; }
  .yy-lucky-status.error { color: var(--yy-danger); }
  .yy-lucky-start[aria-disabled='true'] { opacity: 0.6; cursor: progress; }
`;
