// Importing 'yunying/widgets' registers the custom elements (yy-overview, …).
// Each element takes its input through the `data` property and settings through attributes,
// and announces results with a `yy-result` CustomEvent.

/** The base class of every widget: shadow DOM, `lang` (zh-CN | en), `data`, `yy-*` events. */
export class YYElement extends HTMLElement {
  data: unknown;
  readonly locale: 'zh-CN' | 'en';
  /** Re-renders on the next microtask. */
  invalidate(): void;
}

/** <yy-overview utc-offset="480" gmv-event="pay" amount-prop="amount">: KPI cards and the DAU trend of an EventLog. */
export class YYOverview extends YYElement {
  data: import('../index.js').EventLog | null;
}

/**
 * <yy-retention start-event="signup" return-event="view" period="day|week|month" periods="14"
 * criterion="on|on_or_after" cohort="first_time|recurring" bucketing="calendar|rolling_24h" utc-offset="480">:
 * the cohort retention triangle of an EventLog; hover or focus a cell for its counts. Emits the Retention result.
 */
export class YYRetention extends YYElement {
  data: import('../index.js').EventLog | null;
}

/** <yy-lifecycle event="view" period="day|week|month" churn-after="3" utc-offset="480">: new / returning / resurrecting / dormant users per period. Emits the Lifecycle result. */
export class YYLifecycle extends YYElement {
  data: import('../index.js').EventLog | null;
}
 * <yy-ab-test method="frequentist|bayesian|sequential" alpha="0.05" correction="holm" higher-is-better="true" metric-label="…" unit="fen">:
 * an editable input table (paste from Excel), rates with interval bars, a forest plot of lifts, p-values or chances to win,
 * a plain-language verdict and the SRM warning. `unit="fen"`: the means are money in 分, shown as ¥ (revenue per user).
 * `data`: an AbTestDef or an array of variants; `yy-result` carries the AbTestResult.
 */
export class YYAbTest extends YYElement {
  data: import('../index.js').AbTestDef | import('../index.js').VariantInput[] | null;
  readonly method: 'frequentist' | 'bayesian' | 'sequential';
}

/** <yy-sample-size baseline="0.05" mde="0.1" alpha="0.05" power="0.8" variants="2" daily-traffic="20000" formula="pooled">: users per arm and days; `yy-result` carries the Plan. */
export class YYSampleSize extends YYElement {}

/** What the lucky widgets show: from `data.prizes`, or from the pool's prizes. */
export interface LuckyPrize { id: string; name?: string; image?: string | null; valueFen?: number; weight?: number }
/** A revealed verifiable draw the host passes to stop() (see verifyDraw). */
export interface RevealedProof { serverSeed: string; serverSeedHash: string; clientSeed: string; nonce: number }
/** `yy-draw` detail. */
export interface LuckyDrawDetail {
  prize: LuckyPrize; index: number;
  /** The PrizePool's result when the widget drew in the page. */
  result?: import('../index.js').DrawResult;
  proof?: RevealedProof;
  verification?: import('../index.js').Verification;
  /** true / false when a proof was checked; undefined without one. */
  verified?: boolean;
}
/**
 * The base of the three lucky widgets. `data = { pool, userId? }` draws in the page (previews,
 * low-stakes games: a user can forge a draw made in their own browser); `data = { prizes }`
 * waits for the host: on `yy-start` call `stop(prizeId, proof?)` with the server's answer.
 * Attributes: `reduced-motion` (also follows prefers-reduced-motion), `user-id`. Events: `yy-start`
 * (host mode: call stop()), `yy-draw` and `yy-result` (same LuckyDrawDetail), `yy-error` (e.g. an empty pool).
 */
export class YYLuckyBase extends YYElement {
  data: { pool?: import('../index.js').PrizePool; prizes?: LuckyPrize[]; userId?: string } | null;
  readonly spinning: boolean;
  /** Starts a draw (the start button does the same). */
  start(): void;
  /** Lands on the host's prize; with a revealed proof the draw is verified first. */
  stop(prizeId: string, proof?: RevealedProof): void;
}
/** <yy-lucky-wheel>: 大转盘 (SVG). */
export class YYLuckyWheel extends YYLuckyBase {}
/** <yy-lucky-grid>: 九宫格. */
export class YYLuckyGrid extends YYLuckyBase {}
/** <yy-lucky-slot reels="3">: 老虎机, the reels stop one by one. */
export class YYLuckySlot extends YYLuckyBase {}
/**
 * <yy-lottery-designer participants draws-per-user budget-fen>: edit a pool, see exact odds,
 * the expected cost and a simulated cost distribution; `yy-result` carries { config, odds, oddsAfterSoldOut, cost }.
 */
export class YYLotteryDesigner extends YYElement {
  data: import('../index.js').PoolConfig | null;
 * <yy-funnel steps="view,add_to_cart,order,pay" window-ms="86400000" mode="default" breakdown="channel" orientation="horizontal">:
 * funnel bars, drop-off, step editor, breakdown, time to convert (overall and per breakdown group). `data`: an EventLog or a RemoteLog ('yunying/worker').
 */
export class YYFunnel extends YYElement {
  data: import('../index.js').EventLog | import('../remote.js').RemoteLog | null;
  /** Display names of events, e.g. { view: '浏览' }. */
  eventLabels: Record<string, string>;
  readonly definition: import('../index.js').FunnelDefinition;
 * <yy-checkout>: a cart preview — lines, the coupons with the best combination highlighted,
 * unusable coupons with their reasons ("再买 ¥12.00 可用"), the apportionment table and the
 * payable total. Clicking a coupon changes the selection. `yy-result` detail:
 * `{ priced: PricedCart, best: BestCoupons, selection: 'best' | string[] }`.
 */
export class YYCheckout extends YYElement {
  data: import('../index.js').CartInput | null;
}

/**
 * <yy-promo-designer event="pay" prop="amount">: a 满减 / 每满减 campaign form with its what-if
 * (cost, orders pushed over the threshold, histogram). `data`: an EventLog or `{ amounts }` in 分.
 * `yy-result` detail: `{ rule: PromotionRule, whatIf: PromotionWhatIf }`.
 */
export class YYPromoDesigner extends YYElement {
  data: import('../index.js').EventLog | { amounts: Float64Array | number[] } | null;
/**
 * <yy-segments utc-offset order-event="pay" amount-prop="amount" new-days dormant-days churn-days high-value-fen high-value-orders active-min-days active-window-days as-of>:
 * 用户分层 table + donut; click a segment to download its users as CSV (also announced as a `yy-export` event).
 */
export class YYSegments extends YYElement {
  data: import('../index.js').EventLog | null;
  /** Custom segments ({ segments, otherName }) replacing the default layering; attributes still set the frame. */
  definition: Partial<import('../index.js').SegmentsDef> | null;
}

/** <yy-rfm utc-offset order-event="pay" amount-prop="amount" as-of>: the R×F heatmap with segment names and the segments' figures. */
export class YYRfm extends YYElement {
  data: import('../index.js').EventLog | import('../index.js').RfmCustomer[] | null;
}

/** Builds DOM without innerHTML: strings become text nodes. */
export function h(tag: string, attrs?: Record<string, unknown> | null, ...children: unknown[]): Element;

/** Decimal yuan text ('99.5') to integer 分 (9950) without floating point; null when it is not an amount. */
export function parseYuan(text: string | null | undefined): number | null;

export const format: {
  integer(n: number, lang?: string): string;
  percent(x: number, digits?: number): string;
  /** Integer 分 as '¥1,234.56'. */
  yuan(fen: number, lang?: string): string;
  compact(n: number, lang?: string): string;
  date(ms: number, lang: string, utcOffsetMinutes: number): string;
};

declare global {
  interface HTMLElementTagNameMap {
    'yy-overview': YYOverview;
    'yy-retention': YYRetention;
    'yy-lifecycle': YYLifecycle;
    'yy-ab-test': YYAbTest;
    'yy-sample-size': YYSampleSize;
    'yy-lucky-wheel': YYLuckyWheel;
    'yy-lucky-grid': YYLuckyGrid;
    'yy-lucky-slot': YYLuckySlot;
    'yy-lottery-designer': YYLotteryDesigner;
    'yy-funnel': YYFunnel;
    'yy-checkout': YYCheckout;
    'yy-promo-designer': YYPromoDesigner;
    'yy-segments': YYSegments;
    'yy-rfm': YYRfm;
  }
}
