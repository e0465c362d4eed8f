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
}

/** Builds DOM without innerHTML: strings become text nodes. */
export function h(tag: string, attrs?: Record<string, unknown> | null, ...children: unknown[]): Element;

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
    'yy-checkout': YYCheckout;
    'yy-promo-designer': YYPromoDesigner;
  }
}
