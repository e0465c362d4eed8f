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
 * <yy-funnel steps="view,add_to_cart,order,pay" window-ms="86400000" mode="default" breakdown="channel" orientation="horizontal">:
 * funnel bars, drop-off, step editor, breakdown, time to convert. `data`: an EventLog or a RemoteLog ('yunying/worker').
 */
export class YYFunnel extends YYElement {
  data: import('../index.js').EventLog | import('../remote.js').RemoteLog | null;
  /** Display names of events, e.g. { view: '浏览' }. */
  eventLabels: Record<string, string>;
  readonly definition: import('../index.js').FunnelDefinition;
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
    'yy-funnel': YYFunnel;
  }
}
