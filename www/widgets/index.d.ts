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
 * <yy-ab-test method="frequentist|bayesian|sequential" alpha="0.05" correction="holm" higher-is-better="true" metric-label="…">:
 * an editable input table (paste from Excel), rates with interval bars, a forest plot of lifts, p-values or chances to win,
 * a plain-language verdict and the SRM warning. `data`: an AbTestDef or an array of variants; `yy-result` carries the AbTestResult.
 */
export class YYAbTest extends YYElement {
  data: import('../index.js').AbTestDef | import('../index.js').VariantInput[] | null;
  readonly method: 'frequentist' | 'bayesian' | 'sequential';
}

/** <yy-sample-size baseline="0.05" mde="0.1" alpha="0.05" power="0.8" variants="2" daily-traffic="20000" formula="pooled">: users per arm and days; `yy-result` carries the Plan. */
export class YYSampleSize extends YYElement {}

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
    'yy-ab-test': YYAbTest;
    'yy-sample-size': YYSampleSize;
    'yy-segments': YYSegments;
    'yy-rfm': YYRfm;
  }
}
