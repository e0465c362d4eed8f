// The shared base of every yunying widget: shadow DOM, language, theme, formatting, events.
//
// A widget extends YYElement, declares its messages and styles, and implements render().
// Data is rendered only through DOM APIs (h(), textContent) — never by putting data into
// innerHTML — and calculations are never done here: they come from the wasm engine.
import { init } from '../index.js';

/** Theme: every colour and size is a CSS custom property a host page can override. */
export const baseStyles = `
:host {
  --yy-primary: #1677ff;
  --yy-primary-soft: #e6f4ff;
  --yy-success: #52c41a;
  --yy-warning: #faad14;
  --yy-danger: #ff4d4f;
  --yy-text: rgba(0, 0, 0, 0.88);
  --yy-text-secondary: rgba(0, 0, 0, 0.55);
  --yy-border: #e5e6eb;
  --yy-bg: #ffffff;
  --yy-bg-subtle: #f7f8fa;
  --yy-radius: 8px;
  --yy-font: -apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif;
  --yy-chart-1: #1677ff; --yy-chart-2: #13c2c2; --yy-chart-3: #faad14; --yy-chart-4: #eb2f96;
  --yy-chart-5: #722ed1; --yy-chart-6: #52c41a; --yy-chart-7: #fa541c; --yy-chart-8: #2f54eb;
  display: block;
  font-family: var(--yy-font);
  font-size: 14px;
  line-height: 1.5715;
  color: var(--yy-text);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.yy-card { background: var(--yy-bg); border: 1px solid var(--yy-border); border-radius: var(--yy-radius); padding: 16px 20px; }
.yy-title { font-size: 16px; font-weight: 600; margin: 0 0 12px; }
.yy-muted { color: var(--yy-text-secondary); font-size: 12px; }
.yy-error { color: var(--yy-danger); background: #fff2f0; border: 1px solid #ffccc7; border-radius: var(--yy-radius); padding: 8px 12px; }
.yy-loading { color: var(--yy-text-secondary); padding: 24px; text-align: center; }
.yy-sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button.yy-btn, .yy-btn { font: inherit; height: 32px; padding: 0 15px; border-radius: 6px; border: 1px solid var(--yy-border); background: var(--yy-bg); color: var(--yy-text); cursor: pointer; }
.yy-btn:hover { color: var(--yy-primary); border-color: var(--yy-primary); }
.yy-btn.primary { background: var(--yy-primary); border-color: var(--yy-primary); color: #fff; }
.yy-btn:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--yy-primary); outline-offset: 1px; }
select, input { font: inherit; height: 32px; padding: 0 8px; border: 1px solid var(--yy-border); border-radius: 6px; background: var(--yy-bg); color: var(--yy-text); }
table.yy-table { border-collapse: collapse; width: 100%; }
.yy-table th, .yy-table td { padding: 8px 12px; border-bottom: 1px solid var(--yy-border); text-align: left; }
.yy-table th { background: var(--yy-bg-subtle); font-weight: 600; }
.yy-table td.num, .yy-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
`;

/**
 * Creates an element: h('div', { class: 'x', onclick: fn, 'aria-label': '…' }, 'text', child).
 * Strings become text nodes, so data can never become markup.
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** 'zh-CN' or 'en' from a lang tag. */
export function normalizeLang(lang) {
  return /^en\b/i.test(lang ?? '') ? 'en' : 'zh-CN';
}

/** Formatting only — never arithmetic on results beyond display. */
export const format = {
  integer(n, lang) {
    return Number(n).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 0 });
  },
  /** A ratio (0.123) as a percentage ('12.3%'). */
  percent(x, digits = 1) {
    return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—';
  },
  /** Integer 分 as '¥1,234.56', by integer arithmetic so no 分 is lost to floating point. */
  yuan(fen, lang) {
    const negative = fen < 0;
    const abs = Math.abs(fen);
    const whole = Math.floor(abs / 100);
    const cents = String(abs % 100).padStart(2, '0');
    return `${negative ? '-' : ''}¥${format.integer(whole, lang)}.${cents}`;
  },
  /** Large counts in the units operations people say: 1.2万 / 3.4亿, or 12.3K / 4.5M. */
  compact(n, lang) {
    return Number(n).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { notation: 'compact', maximumFractionDigits: 1 });
  },
  date(ms, lang, utcOffsetMinutes) {
    const d = new Date(ms + utcOffsetMinutes * 60000);
    const iso = d.toISOString();
    return lang === 'en' ? iso.slice(0, 10) : `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  },
};

/**
 * Decimal yuan text (what a person types, '99.5') to integer 分 by string arithmetic, so no
 * floating point touches the amount; null when the text is not an amount (negative, more than
 * two decimals, not a number). Callers show the null as an error: nothing is rounded away.
 */
export function parseYuan(text) {
  const m = /^\s*(\d{1,13})(?:\.(\d{0,2}))?\s*$/.exec(text ?? '');
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/** The browser's current UTC offset in minutes east of UTC (China: 480). */
export function browserUtcOffset() {
  return -new Date().getTimezoneOffset();
}

export class YYElement extends HTMLElement {
  /** Subclasses: { 'zh-CN': { key: '文本 {name}' }, en: { key: 'text {name}' } }. */
  static messages = { 'zh-CN': {}, en: {} };
  /** Subclasses: CSS for their shadow root (added after baseStyles). */
  static styles = '';
  static get observedAttributes() {
    return ['lang'];
  }

  #data = null;
  #pending = false;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  connectedCallback() {
    this.invalidate();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue) this.invalidate();
  }

  /** The widget's input (an EventLog, a config object…): setting it re-renders. */
  get data() {
    return this.#data;
  }
  set data(value) {
    this.#data = value;
    this.invalidate();
  }

  /** 'zh-CN' (default) or 'en', from this element's lang or the nearest ancestor's. */
  get locale() {
    return normalizeLang(this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);
  }

  /** A message in the current language, with {name} placeholders filled. */
  t(key, vars = {}) {
    const messages = this.constructor.messages;
    const text = messages[this.locale]?.[key] ?? messages['zh-CN']?.[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
  }

  /** Numeric attribute with a default; a malformed value is shown as an error, not ignored. */
  numberAttribute(name, fallback) {
    const raw = this.getAttribute(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new TypeError(`attribute ${name}="${raw}" is not a number`);
    return value;
  }

  /** Schedules one render for all changes made in the same task. */
  invalidate() {
    if (this.#pending || !this.isConnected) return;
    this.#pending = true;
    queueMicrotask(async () => {
      this.#pending = false;
      try {
        await init();
        this.#paint(this.render());
      } catch (err) {
        this.#paint(h('div', { class: 'yy-error', role: 'alert' }, this.describeError(err)));
      }
    });
  }

  /** A readable message for an error, with the field at fault. */
  describeError(err) {
    const field = err?.field ? ` (${err.field})` : '';
    return `${err?.message ?? err}${field}`;
  }

  #paint(content) {
    const style = document.createElement('style');
    style.textContent = baseStyles + this.constructor.styles;
    this.shadowRoot.replaceChildren(style, ...(Array.isArray(content) ? content : [content]));
  }

  /** Subclasses return the widget's content (a Node or an array of Nodes). */
  render() {
    return h('div', { class: 'yy-muted' }, '');
  }

  /** Announces a result or an action: bubbles and crosses the shadow boundary. */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** Registers a custom element once (a page may load the package twice). */
export function define(name, cls) {
  if (!customElements.get(name)) customElements.define(name, cls);
}
