// A/B statistics (issue 7): one abTest() call on a 5-variant conversion experiment — one variant
// right at the significance boundary — against jStat and simple-statistics doing the same tests:
// per-arm Wilson intervals, unpooled two-proportion z-tests with difference and relative-lift
// (delta method) intervals, Holm's correction, the χ² omnibus test and the SRM check. That is all
// abTest's default (frequentist) call computes: no Bayesian or sequential work unless asked for.
// The timed call includes the boundary both ways and building the result objects the caller reads.

const VARIANTS = [
  { name: 'A', users: 20000, conversions: 1000 },
  { name: 'B', users: 20000, conversions: 1040 },
  { name: 'C', users: 20000, conversions: 1085 }, // z ≈ 1.95: the boundary crossing
  { name: 'D', users: 20000, conversions: 960 },
  { name: 'E', users: 20000, conversions: 1180 },
];
const ALPHA = 0.05;

/** Loads a baseline from bench/node_modules the same way in Node and in the browser. */
async function load(path, global) {
  const url = new URL(`../node_modules/${path}`, import.meta.url);
  // ES modules import everywhere; a UMD build (jStat) is a plain script in the browser.
  if (typeof document === 'undefined' || path.endsWith('.mjs')) return import(url.href);
  if (!globalThis[global]) {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url.href;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${path} could not be loaded`));
      document.head.append(script);
    });
  }
  return globalThis[global];
}

/** Holm's step-down adjustment, as a developer would write it next to either library. */
function holm(p) {
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const out = new Array(p.length);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (p.length - rank) * p[i]));
    out[i] = running;
  });
  return out;
}

/**
 * The same analysis on top of a library's normal sf / quantile and χ² sf.
 * `sf(z)` = P(Z > z), `zq(q)` = the z with P(Z > z) = q, `chi2sf(x, df)`.
 */
function analyse(variants, { sf, zq, chi2sf }) {
  const z = zq(ALPHA / 2);
  const arms = variants.map(({ name, users: n, conversions: x }) => {
    const p = x / n;
    const d = n + z * z;
    const centre = (x + (z * z) / 2) / d;
    const half = (z / d) * Math.sqrt((x * (n - x)) / n + (z * z) / 4);
    return { name, n, x, p, wilson: [centre - half, centre + half] };
  });
  const [a, ...rest] = arms;
  const raw = rest.map((b) => {
    const va = (a.p * (1 - a.p)) / a.n;
    const vb = (b.p * (1 - b.p)) / b.n;
    const diff = b.p - a.p;
    const se = Math.sqrt(va + vb);
    const stat = diff / se;
    const relSe = Math.sqrt(vb / (a.p * a.p) + (va * b.p * b.p) / a.p ** 4);
    return { name: b.name, diff, se, stat, p: 2 * sf(Math.abs(stat)), rel: diff / a.p, relSe };
  });
  const adjusted = holm(raw.map((r) => r.p));
  const rejected = adjusted.filter((p) => p <= ALPHA).length;
  const order = raw.map((_, i) => i).sort((i, j) => raw[i].p - raw[j].p);
  const comparisons = raw.map((r, i) => {
    const rank = order.indexOf(i);
    const level = adjusted[i] <= ALPHA ? ALPHA / (raw.length - rank) : ALPHA / (raw.length - rejected);
    const q = zq(level / 2);
    const ci = [r.diff - q * r.se, r.diff + q * r.se];
    const relCi = [r.rel - q * r.relSe, r.rel + q * r.relSe];
    const significant = adjusted[i] <= ALPHA && (ci[0] > 0 || ci[1] < 0) && (relCi[0] > 0 || relCi[1] < 0);
    return { ...r, adjusted: adjusted[i], ci, relCi, significant };
  });
  const users = arms.reduce((s, r) => s + r.n, 0);
  const conv = arms.reduce((s, r) => s + r.x, 0);
  const pool = conv / users;
  let chi2 = 0;
  let srm = 0;
  for (const r of arms) {
    chi2 += (r.x - r.n * pool) ** 2 / (r.n * pool) + (r.n - r.x - r.n * (1 - pool)) ** 2 / (r.n * (1 - pool));
    srm += (r.n - users / arms.length) ** 2 / (users / arms.length);
  }
  return { arms, comparisons, omnibusP: chi2sf(chi2, arms.length - 1), srmP: chi2sf(srm, arms.length - 1) };
}

/** χ² survival for even df in closed form (simple-statistics has no χ² distribution function). */
function chi2sfEven(x, df) {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < df / 2; k++) {
    term *= x / 2 / k;
    sum += term;
  }
  return Math.exp(-x / 2) * sum;
}

export default {
  id: 'abtest',
  title: 'abTest: 5 variants (one at the boundary), Wilson + z-tests + Holm + χ² + SRM',
  where: ['browser', 'node'],
  sizes: [null],

  async setup({ yunying }) {
    const jstatModule = await load('jstat/dist/jstat.js', 'jStat');
    const jStat = jstatModule.jStat ?? jstatModule.default?.jStat ?? jstatModule.default ?? jstatModule;
    const ss = await load('simple-statistics/dist/simple-statistics.mjs', 'ss');
    const def = { variants: VARIANTS, alpha: ALPHA, correction: 'holm' };
    const state = { def, jStat, ss };
    // Warm every contender up (JIT tiers, wasm tier-up): the harness sizes its batches from the
    // first timed call, and a cold call would make it time single calls with a coarse clock.
    for (let i = 0; i < 300; i++) for (const run of Object.values(this.contenders)) run(state, { yunying });
    return state;
  },

  contenders: {
    yunying: ({ def }, { yunying }) => {
      const r = yunying.abTest(def);
      return r.comparisons.map((c) => ({ p: c.pValue, adjusted: c.adjustedPValue, significant: c.significant, lo: c.differenceInterval.lower }));
    },
    jStat: ({ jStat }) => {
      const n = jStat.normal;
      const out = analyse(VARIANTS, {
        sf: (z) => 1 - n.cdf(z, 0, 1),
        zq: (q) => n.inv(1 - q, 0, 1),
        chi2sf: (x, df) => 1 - jStat.chisquare.cdf(x, df),
      });
      return out.comparisons.map((c) => ({ p: c.p, adjusted: c.adjusted, significant: c.significant, lo: c.ci[0] }));
    },
    'simple-statistics': ({ ss }) => {
      const out = analyse(VARIANTS, {
        sf: (z) => 0.5 * (1 - ss.errorFunction(z / Math.SQRT2)),
        zq: (q) => ss.probit(1 - q),
        chi2sf: chi2sfEven,
      });
      return out.comparisons.map((c) => ({ p: c.p, adjusted: c.adjusted, significant: c.significant, lo: c.ci[0] }));
    },
  },

  // The libraries' functions are approximations — jStat's to ~1e-9, simple-statistics' erf to
  // ~1e-7 and its probit (interval quantiles) to ~1e-3, i.e. interval ends to ~2% — so the numbers are compared to those
  // accuracies; the verdicts must match exactly.
  check(answers) {
    const tolerance = { jStat: { p: 1e-6, lo: 1e-6 }, 'simple-statistics': { p: 1e-5, lo: 3e-2 } };
    const [ours, ...others] = Object.entries(answers);
    for (const [name, theirs] of others) {
      theirs.forEach((t, i) => {
        const o = ours[1][i];
        if (t.significant !== o.significant) throw new Error(`${name}: comparison ${i} significance differs`);
        for (const key of ['p', 'adjusted', 'lo']) {
          const tol = tolerance[name][key === 'lo' ? 'lo' : 'p'];
          if (Math.abs(t[key] - o[key]) > tol * Math.abs(o[key])) throw new Error(`${name}: comparison ${i} ${key} ${t[key]} vs ${o[key]}`);
        }
      });
    }
  },

  targets: [
    { env: 'browser', contender: 'yunying', maxMs: 0.02 },
    { env: 'browser', fasterThan: 'jStat' },
    { env: 'browser', fasterThan: 'simple-statistics' },
  ],
};
