// The package entry: init(), the typed API, and the error type. Widgets live in ./widgets/.
import wasmInit, * as glue from './yunying.js';
import { YunyingError } from './error.js';
import { viaTape } from './abtest.js';
import { cartWithLineColumns, viaPricedCartTape, wrapCart } from './cart.js';
import { attachMemory } from './tape.js';
import { packing } from './pack.js';

export { YunyingError };
export { decodeText } from './text.js';

let loading = null;
let state = 'idle'; // 'idle' | 'ready' | 'stopped'

/**
 * Loads the WebAssembly module. Idempotent: every call returns the same promise.
 * `input` is optional: a URL, a Response, bytes or a WebAssembly.Module (default: the
 * `yunying_bg.wasm` next to this file).
 */
export function init(input) {
  if (!loading) {
    loading = wasmInit(input === undefined ? undefined : { module_or_path: input }).then(
      (exports) => {
        attachMemory(exports.memory);
        state = 'ready';
      },
      (err) => {
        loading = null; // a failed load (network, CSP) may be retried
        const why = hasWasmSimd() ? (err.message ?? err) : NO_SIMD;
        throw new YunyingError('NOT_INITIALIZED', '', `yunying could not load its WebAssembly module: ${why}`);
      },
    );
  }
  return loading;
}

const NO_SIMD = 'this browser lacks WebAssembly SIMD, which yunying needs (Chrome/Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+)';

/**
 * Whether the engine validates a module using SIMD (i8x16.splat, i8x16.popcnt; the probe of the
 * wasm-feature-detect package), so an old engine's parse error can be named for what it is.
 */
function hasWasmSimd() {
  const probe = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
  return WebAssembly.validate(new Uint8Array(probe));
}

/** True once init() has finished. */
export function isReady() {
  return state === 'ready';
}

function checkReady() {
  if (state === 'stopped') {
    throw new YunyingError('ENGINE_STOPPED', '', 'yunying stopped after an internal error; reload the page to start it again');
  }
  if (state !== 'ready') {
    throw new YunyingError('NOT_INITIALIZED', '', 'call `await init()` before using yunying');
  }
}

/** Runs a call into wasm; a trap (which no input should cause) is reported, not left silent. */
function call(fn, self, args) {
  checkReady();
  try {
    return Reflect.apply(fn, self, args);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      state = 'stopped';
      throw new YunyingError('ENGINE_STOPPED', '', `yunying stopped after an internal error (${err.message}); please report it`);
    }
    throw err;
  }
}

/** A function that checks init() ran first. */
function guarded(fn) {
  return function (...args) {
    return call(fn, this, args);
  };
}

/**
 * A class whose static methods and constructor check init() ran first. Instances are the
 * real class's; their methods are wrapped too, so a trap is reported wherever it happens.
 */
function guardedClass(cls) {
  for (const key of Object.getOwnPropertyNames(cls.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, key);
    if (key !== 'constructor' && typeof descriptor.value === 'function') {
      cls.prototype[key] = guarded(descriptor.value);
    }
  }
  return new Proxy(cls, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' && key !== 'prototype' ? guarded(value).bind(target) : value;
    },
    construct(target, args, newTarget) {
      checkReady();
      return Reflect.construct(target, args, newTarget);
    },
  });
}

export const EventLog = guardedClass(glue.EventLog);
// A/B experiments (see README "A/B experiments").
export const abTest = guarded(viaTape(glue.abTestTape));
export const bayesTest = guarded(viaTape(glue.bayesTestTape));
export const sequentialTest = guarded(viaTape(glue.sequentialTestTape));
export const sampleSize = guarded(glue.sampleSize);
export const power = guarded(glue.power);
export const mde = guarded(glue.mde);
export const assignVariant = guarded(glue.assignVariant);
// Lottery (see README "Lottery").
export const PrizePool = guardedClass(glue.PrizePool);
export const verifyDraw = guarded(packing(glue.verifyDrawPacked));
export const verifiableDraw = guarded(packing(glue.verifiableDrawPacked));
export const serverSeedHash = guarded(glue.serverSeedHash);
export const splitRedPacket = guarded(glue.splitRedPacket);
export const cardCollection = guarded(glue.cardCollection);
export const designCards = guarded(glue.designCards);
export const campaignCost = guarded(glue.campaignCost);
// Coupons (see README "Coupons").
export const priceCart = guarded(viaPricedCartTape(glue.priceCartTape, glue.priceCartColumnsTape));
export const Cart = guardedClass(wrapCart(glue.Cart));
export const bestCoupons = guarded(cartWithLineColumns(glue.bestCouponsColumns, glue.bestCoupons));
export const refundLines = guarded(glue.refundLines);
export const generateCouponCodes = guarded(glue.generateCouponCodes);
export const validateCouponCode = guarded(glue.validateCouponCode);
export const promotionWhatIf = guarded(glue.promotionWhatIf);
export const rfmScores = guarded(glue.rfmScores);
