// Formatting shared by the A/B widgets: p-values (also below the double range), percentages
// with signs, intervals and the plain-language verdict. Formatting only: every number comes
// from the wasm engine's result.

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** 0.0213 → '0.021'; 7.3e-5 → '7.3×10⁻⁵'; p = 0 with log10 −412.3 → '5.0×10⁻⁴¹³'. */
export function formatP(p, log10p) {
  if (p === null || p === undefined) return '—';
  if (p >= 0.001) return p >= 0.1 ? p.toFixed(2) : p.toFixed(3);
  const l = Number.isFinite(log10p) ? log10p : Math.log10(p);
  let exp = Math.floor(l);
  let mant = 10 ** (l - exp);
  if (mant >= 9.95) {
    mant = 1;
    exp += 1;
  }
  const sup = String(exp).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
  return `${mant.toFixed(1)}×10${sup}`;
}

/** A ratio as a signed percentage: 0.123 → '+12.3%'. */
export function signedPercent(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const text = `${(Math.abs(x) * 100).toFixed(digits)}%`;
  return x > 0 ? `+${text}` : x < 0 ? `−${text}` : text;
}

/** A ratio as a percentage without sign handling beyond '−'. */
export function percent(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x < 0 ? '−' : ''}${(Math.abs(x) * 100).toFixed(digits)}%`;
}

/** An interval of ratios: '4.1%–20.5%', one-sided: '≥ 4.1%'. */
export function percentInterval(interval, digits = 1) {
  if (!interval) return '—';
  const { lower, upper } = interval;
  if (lower === null && upper === null) return '—';
  if (upper === null) return `≥ ${percent(lower, digits)}`;
  if (lower === null) return `≤ ${percent(upper, digits)}`;
  return `${percent(lower, digits)} – ${percent(upper, digits)}`;
}

/** A number with a fixed number of significant decimals for means (分 shown as ¥ by the caller). */
export function number(x, lang, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
