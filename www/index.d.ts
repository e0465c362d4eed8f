// Types of the package entry. The engine's classes and result shapes are generated from the
// Rust code into yunying.d.ts; this file adds init() and the error type.
import type { InitInput, AbTestDef, AbTestResult } from './yunying.js';

export type * from './yunying.js';
export { EventLog } from './yunying.js';
export { sampleSize, power, mde, assignVariant } from './yunying.js';
/** Analyses an experiment (the first variant is the control). */
export function abTest(def: AbTestDef): AbTestResult;
/** `abTest` with `method: 'bayesian'`. */
export function bayesTest(def: AbTestDef): AbTestResult;
/** `abTest` with `method: 'sequential'` (always-valid: safe to look every day). */
export function sequentialTest(def: AbTestDef): AbTestResult;
export { PrizePool, serverSeedHash, splitRedPacket, cardCollection, designCards, campaignCost } from './yunying.js';
/** The server side of a verifiable draw: the prize and its proof (keep serverSeed secret until the reveal). */
export function verifiableDraw(input: import('./yunying.js').VerifiableDrawInput): import('./yunying.js').DrawProof;
/** Re-checks a verifiable draw after the server seed is revealed. */
export function verifyDraw(input: import('./yunying.js').VerifyDrawInput): import('./yunying.js').Verification;
/** Prices a cart: payable total, every applied offer with its per-line split, and why the others did not apply. */
export function priceCart(input: import('./yunying.js').CartInput): import('./yunying.js').PricedCart;
export { bestCoupons, refundLines, generateCouponCodes, validateCouponCode, promotionWhatIf } from './yunying.js';
export { Cart } from './yunying.js';
export { rfmScores } from './yunying.js';

/**
 * Loads the WebAssembly module; call (and await) it once before anything else.
 * Idempotent. In Node the default reads `yunying_bg.wasm` from the package.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;
/** Decodes CSV file bytes: UTF-8 when valid, otherwise GB18030/GBK (Excel exports in China). */
export function decodeText(bytes: ArrayBuffer | Uint8Array): string;
/** True once init() has finished. */
export function isReady(): boolean;

export type YunyingErrorCode =
  | 'INVALID_INPUT' | 'PARSE_ERROR' | 'NOT_FOUND' | 'OUT_OF_RANGE' | 'OVERFLOW' | 'INVALID_STATE'
  | 'NOT_INITIALIZED' | 'ENGINE_STOPPED';

/** Every failure: `code` says what kind, `field` which input (e.g. `steps[2].event`, `ts`). */
export class YunyingError extends Error {
  constructor(code: YunyingErrorCode, field: string, message: string);
  readonly name: 'YunyingError';
  readonly code: YunyingErrorCode;
  readonly field: string;
}
