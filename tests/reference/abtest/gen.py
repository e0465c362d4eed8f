#!/usr/bin/env python3
"""Reference values for yunying's A/B statistics, from independent implementations.

    pip install scipy statsmodels mpmath gbstats
    python3 tests/reference/abtest/gen.py      # writes reference.json next to this file

Sources: scipy (distributions, Welch's t-test, chi-square tests), statsmodels (z-tests, per-arm
intervals, multiple-testing corrections, NormalIndPower), gbstats (GrowthBook's own engine:
relative lifts, ratio metrics, CUPED, sequential confidence sequences, the Gaussian Bayesian
model), mpmath (tails below the double range, Evan Miller's Bayesian sum at 50 digits),
Evan Miller's published sample-size formula, and GrowthBook's published SDK test cases for the
hash (packages/sdk-js/test/cases.json in github.com/growthbook/growthbook).

Each case is {"name", "call", "input", "expect": [[path, value, relative tolerance], ...]}:
`call` is one of abTest / sampleSize / power / mde / assignVariant / stats, `path` addresses the
result's JSON (e.g. "comparisons[0].pValue"). The Rust test (tests/abtest_reference.rs) runs
every case. Nothing here comes from yunying's own output.
"""
import json
import math
import os

import mpmath as mp
import numpy as np
import scipy.stats as st
from scipy import integrate, optimize
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
    test_proportions_2indep,
)
from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig, GaussianPrior
from gbstats.frequentist.tests import (
    FrequentistConfig,
    SequentialConfig,
    SequentialTwoSidedTTest,
    TwoSidedTTest,
)
from gbstats.models.statistics import (
    ProportionStatistic,
    RatioStatistic,
    RegressionAdjustedStatistic,
    SampleMeanStatistic,
)

mp.mp.dps = 60
P_TOL = 1e-6  # p-values and probabilities
V_TOL = 1e-9  # everything else
cases = []


def case(name, call, inp, expect):
    cases.append({"name": name, "call": call, "input": inp, "expect": expect})


def log10_norm_sf(z):
    return float(mp.log10(mp.erfc(mp.mpf(z) / mp.sqrt(2)) / 2))


# ---------------------------------------------------------------- conversions
def tiny0(v):
    """Interval bounds within 1e-15 of 0 are 0 (a bound of 2e-19 is rounding, not information)."""
    return 0.0 if abs(v) < 1e-15 else float(v)


def conversion_case(name, arms, alpha=0.05, test="unpooled", interval="wilson", alternative="two-sided", weights=None, extra=None, levels=None):
    """arms: [(users, conversions)], first = control. Expectations from statsmodels / scipy.
    `levels`: the α each comparison's intervals are drawn at (multiple-comparison corrections)."""
    variants = [{"name": chr(65 + i), "users": n, "conversions": x} for i, (n, x) in enumerate(arms)]
    inp = {"variants": variants, "alpha": alpha, "test": test, "interval": interval, "alternative": alternative}
    if weights:
        inp["weights"] = weights
    exp = []
    sm_method = {"wilson": "wilson", "agresti-coull": "agresti_coull", "clopper-pearson": "beta"}[interval]
    for i, (n, x) in enumerate(arms):
        if n > 0:
            lo, hi = proportion_confint(x, n, alpha=alpha, method=sm_method)
            exp += [[f"variants[{i}].interval.lower", tiny0(lo), V_TOL], [f"variants[{i}].interval.upper", tiny0(hi), V_TOL]]
    n0, x0 = arms[0]
    sm_alt = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}[alternative]
    for j, (n1, x1) in enumerate(arms[1:]):
        p = f"comparisons[{j}]"
        pa, pb = x0 / n0, x1 / n1
        se_u = math.sqrt(pa * (1 - pa) / n0 + pb * (1 - pb) / n1)
        if se_u == 0:
            exp += [[f"{p}.verdict", "undefined", 0]]
            continue
        if test == "pooled":
            z, pv = proportions_ztest([x1, x0], [n1, n0], alternative=sm_alt, prop_var=False)
        else:
            r = test_proportions_2indep(x1, n1, x0, n0, method="wald", compare="diff", alternative=sm_alt, correction=False)
            z, pv = r.statistic, r.pvalue
        exp += [[f"{p}.difference", pb - pa, V_TOL], [f"{p}.statistic", float(z), V_TOL]]
        if pv > 1e-290:
            exp += [[f"{p}.pValue", float(pv), P_TOL]]
        # log10 p from mpmath (valid far below the double range).
        zz = abs(z) if alternative == "two-sided" else (z if alternative == "greater" else -z)
        l10 = log10_norm_sf(zz) + (math.log10(2) if alternative == "two-sided" else 0)
        if alternative == "two-sided" and l10 > -0.5:
            l10 = min(l10, 0.0)
        exp += [[f"{p}.log10PValue", l10, P_TOL]]
        if alternative == "two-sided":
            lvl = levels[j] if levels else alpha
            lo, hi = confint_proportions_2indep(x1, n1, x0, n0, method="wald", compare="diff", alpha=lvl, correction=False)
            exp += [[f"{p}.differenceInterval.lower", float(lo), V_TOL], [f"{p}.differenceInterval.upper", float(hi), V_TOL]]
            if pa > 0:
                # Delta method (GrowthBook's frequentist_variance, relative), evaluated in mpmath.
                ma, mb = mp.mpf(x0) / n0, mp.mpf(x1) / n1
                var = (mb * (1 - mb) / n1) / ma**2 + (ma * (1 - ma) / n0) * mb**2 / ma**4
                zq = mp.sqrt(2) * mp.erfinv(1 - mp.mpf(lvl))
                rel = (mb - ma) / ma
                exp += [[f"{p}.relativeLift", float(rel), V_TOL],
                        [f"{p}.relativeInterval.lower", float(rel - zq * mp.sqrt(var)), V_TOL],
                        [f"{p}.relativeInterval.upper", float(rel + zq * mp.sqrt(var)), V_TOL]]
    if all(n > 0 for n, _ in arms) and 0 < sum(x for _, x in arms) < sum(n for n, _ in arms):
        table = np.array([[x, n - x] for n, x in arms], dtype=float)
        chi2, pv, dof, _ = st.chi2_contingency(table, correction=False)
        exp += [["omnibus.statistic", float(chi2), V_TOL], ["omnibus.df", float(dof), 0]]
        if pv > 1e-290:
            exp += [["omnibus.pValue", float(pv), P_TOL]]
    users = np.array([n for n, _ in arms], dtype=float)
    w = np.array(weights if weights else [1] * len(arms), dtype=float)
    if users.sum() > 0:
        chi2, pv = st.chisquare(users, users.sum() * w / w.sum())
        exp += [["srm.statistic", float(chi2), V_TOL], ["srm.pValue", float(pv), P_TOL], ["srm.mismatch", bool(pv < 0.001), 0]]
    case(name, "abTest", inp, exp + (extra or []))


conversion_case("ordinary 10% vs 11%", [(10000, 1000), (10000, 1100)])
conversion_case("ordinary pooled", [(10000, 1000), (10000, 1100)], test="pooled")
conversion_case("one-sided greater", [(8000, 400), (8000, 455)], alternative="greater")
conversion_case("one-sided less", [(8000, 400), (8000, 455)], alternative="less")
conversion_case("0% control (relative lift undefined)", [(1000, 0), (1000, 5)])
conversion_case("100% conversion", [(500, 500), (500, 490)])
conversion_case("n = 1 per arm", [(1, 1), (1, 0)])
conversion_case("1e8 users", [(100_000_000, 5_000_000), (100_000_000, 5_010_000)])
conversion_case("identical arms", [(5000, 400), (5000, 400)])
conversion_case("p near 1e-300", [(1_000_000, 100_000), (1_000_000, 115_700)])
conversion_case("p below the double range", [(1_000_000, 100_000), (1_000_000, 130_000)])
conversion_case("very unequal split", [(1_000_000, 50_000), (1000, 60)], weights=[0.99, 0.01])
conversion_case("SRM mismatch", [(10000, 500), (10600, 560)])
conversion_case("agresti-coull 99%", [(300, 12), (310, 25)], alpha=0.01, interval="agresti-coull")
conversion_case("clopper-pearson with 0 and all", [(40, 0), (40, 40)], interval="clopper-pearson")
conversion_case("clopper-pearson ordinary", [(1200, 87), (1180, 110)], interval="clopper-pearson")

# Five variants with each correction: adjusted p-values from statsmodels' multipletests.
five = [(20000, 1000), (20000, 1040), (20000, 1100), (20000, 960), (20000, 1180)]
for corr, sm in [("bonferroni", "bonferroni"), ("sidak", "sidak"), ("holm", "holm"), ("bh", "fdr_bh")]:
    raw = []
    n0, x0 = five[0]
    for n1, x1 in five[1:]:
        raw.append(test_proportions_2indep(x1, n1, x0, n0, method="wald", compare="diff", correction=False).pvalue)
    rej, adj, _, _ = multipletests(raw, alpha=0.05, method=sm)
    m, r = len(raw), int(rej.sum())
    order = np.argsort(raw)
    rank = {int(i): k for k, i in enumerate(order)}
    # The documented interval levels (src/abtest/multiple.rs), from statsmodels' decisions.
    levels = {
        "bonferroni": [0.05 / m] * m,
        "sidak": [1 - (1 - 0.05) ** (1 / m)] * m,
        "holm": [0.05 / (m - rank[j]) if rej[j] else 0.05 / (m - r) for j in range(m)],
        "bh": [0.05 * max(r, 1) / m] * m,
    }[corr]
    extra = [[f"comparisons[{j}].adjustedPValue", float(a), P_TOL] for j, a in enumerate(adj)]
    extra += [[f"comparisons[{j}].intervalLevel", 1 - levels[j], V_TOL] for j in range(m)]
    # Significant = rejected by the correction AND both intervals at that level exclude zero.
    n0, x0 = five[0]
    for j, (n1, x1) in enumerate(five[1:]):
        lo, hi = confint_proportions_2indep(x1, n1, x0, n0, method="wald", compare="diff", alpha=levels[j], correction=False)
        ma, mb = x0 / n0, x1 / n1
        rse = math.sqrt((mb * (1 - mb) / n1) / ma**2 + (ma * (1 - ma) / n0) * mb**2 / ma**4)
        zq = st.norm.isf(levels[j] / 2)
        rel = (mb - ma) / ma
        excl = (lo > 0 or hi < 0) and (rel - zq * rse > 0 or rel + zq * rse < 0)
        extra += [[f"comparisons[{j}].significant", bool(rej[j] and excl), 0]]
    conversion_case(f"5 variants, {corr}", five, extra=extra, levels=levels)
    cases[-1]["input"]["correction"] = corr


# ---------------------------------------------------------------- means
def welch_from_stats(name, arms, alpha=0.05):
    variants = [{"name": chr(65 + i), "n": n, "mean": m, "sd": s} for i, (n, m, s) in enumerate(arms)]
    exp = []
    n0, m0, s0 = arms[0]
    for j, (n1, m1, s1) in enumerate(arms[1:]):
        t, pv = st.ttest_ind_from_stats(m1, s1, n1, m0, s0, n0, equal_var=False)
        va, vb = s0**2 / n0, s1**2 / n1
        df = (va + vb) ** 2 / (va**2 / (n0 - 1) + vb**2 / (n1 - 1))
        half = st.t.isf(alpha / 2, df) * math.sqrt(va + vb)
        p = f"comparisons[{j}]"
        exp += [[f"{p}.statistic", float(t), V_TOL], [f"{p}.pValue", float(pv), P_TOL], [f"{p}.df", df, V_TOL],
                [f"{p}.differenceInterval.lower", m1 - m0 - half, V_TOL], [f"{p}.differenceInterval.upper", m1 - m0 + half, V_TOL]]
        # GrowthBook's relative lift and its interval.
        sa = SampleMeanStatistic(n=n0, sum=n0 * m0, sum_squares=(n0 - 1) * s0**2 + n0 * m0**2)
        sb = SampleMeanStatistic(n=n1, sum=n1 * m1, sum_squares=(n1 - 1) * s1**2 + n1 * m1**2)
        r = TwoSidedTTest(sa, sb, FrequentistConfig(difference_type="relative", alpha=alpha)).compute_result()
        exp += [[f"{p}.relativeLift", r.expected, V_TOL], [f"{p}.relativeInterval.lower", r.ci[0], 1e-7], [f"{p}.relativeInterval.upper", r.ci[1], 1e-7]]
    case(name, "abTest", {"variants": variants, "alpha": alpha}, exp)


welch_from_stats("revenue per user (分), Welch", [(5000, 8900.0, 12000.0), (5100, 9400.0, 13500.0)])
welch_from_stats("small samples, unequal variances", [(8, 10.0, 2.0), (15, 12.5, 6.0)], alpha=0.1)
welch_from_stats("three arms of means", [(400, 52.0, 20.0), (380, 55.0, 21.0), (410, 49.5, 30.0)])

rng = np.random.default_rng(20251111)
a_vals = rng.lognormal(math.log(8900), 0.75, 300).round()
b_vals = rng.lognormal(math.log(9300), 0.8, 280).round()
r = st.ttest_ind(b_vals, a_vals, equal_var=False)
ci = r.confidence_interval(0.95)
case("raw values (Float64Array), Welch", "abTest",
     {"variants": [{"name": "A", "values": a_vals.tolist()}, {"name": "B", "values": b_vals.tolist()}]},
     [["comparisons[0].statistic", float(r.statistic), V_TOL], ["comparisons[0].pValue", float(r.pvalue), P_TOL],
      ["comparisons[0].df", float(r.df), V_TOL], ["comparisons[0].differenceInterval.lower", float(ci.low), V_TOL],
      ["comparisons[0].differenceInterval.upper", float(ci.high), V_TOL],
      ["variants[0].estimate", float(a_vals.mean()), V_TOL], ["variants[0].sd", float(a_vals.std(ddof=1)), V_TOL]])
case("zero variance is undefined", "abTest",
     {"variants": [{"n": 10, "mean": 5, "sd": 0}, {"n": 10, "mean": 5, "sd": 0}]},
     [["comparisons[0].verdict", "undefined", 0]])


# ---------------------------------------------------------------- GrowthBook engine: sequential, Bayesian, ratio, CUPED
def gb_mean(n, m, s):
    return SampleMeanStatistic(n=n, sum=n * m, sum_squares=(n - 1) * s**2 + n * m**2)


for (n0, m0, s0, n1, m1, s1, tuning) in [(3000, 10.0, 4.0, 3100, 10.4, 4.2, 5000), (200, 1.0, 1.0, 210, 1.3, 1.1, 1000), (50000, 3.0, 2.0, 50000, 3.02, 2.0, 5000)]:
    sa, sb = gb_mean(n0, m0, s0), gb_mean(n1, m1, s1)
    ab = SequentialTwoSidedTTest(sa, sb, SequentialConfig(difference_type="absolute", sequential_tuning_parameter=tuning)).compute_result()
    rel = SequentialTwoSidedTTest(sa, sb, SequentialConfig(difference_type="relative", sequential_tuning_parameter=tuning)).compute_result()
    case(f"sequential (GrowthBook) N*={tuning} n={n0}", "abTest",
         {"variants": [{"n": n0, "mean": m0, "sd": s0}, {"n": n1, "mean": m1, "sd": s1}], "method": "sequential", "sequentialTuning": tuning},
         [["comparisons[0].pValue", ab.p_value, P_TOL], ["comparisons[0].differenceInterval.lower", ab.ci[0], V_TOL],
          ["comparisons[0].differenceInterval.upper", ab.ci[1], V_TOL], ["comparisons[0].relativeInterval.lower", rel.ci[0], V_TOL],
          ["comparisons[0].relativeInterval.upper", rel.ci[1], V_TOL]])

for prior in [None, GaussianPrior(mean=0, variance=0.3**2, proper=True)]:
    for inverse in [False, True]:
        sa, sb = gb_mean(2000, 50.0, 30.0), gb_mean(2100, 52.0, 31.0)
        cfg = EffectBayesianConfig(difference_type="relative", inverse=inverse, prior_effect=prior or GaussianPrior())
        res = EffectBayesianABTest(sa, sb, cfg).compute_result()
        inp = {"variants": [{"n": 2000, "mean": 50.0, "sd": 30.0}, {"n": 2100, "mean": 52.0, "sd": 31.0}], "method": "bayesian", "higherIsBetter": not inverse}
        if prior:
            inp["prior"] = {"mean": 0, "variance": 0.09, "proper": True}
        # GrowthBook's risk = [risk of keeping control, risk of shipping treatment], flipped for inverse.
        ship, keep = (res.risk[1], res.risk[0])
        case(f"Gaussian Bayesian (GrowthBook) prior={'proper' if prior else 'flat'} inverse={inverse}", "abTest", inp,
             [["bayesian[0].chanceToWin", res.chance_to_win, P_TOL], ["bayesian[0].relativeLift", res.expected, V_TOL],
              ["bayesian[0].relativeInterval.lower", res.ci[0], V_TOL], ["bayesian[0].relativeInterval.upper", res.ci[1], V_TOL],
              ["bayesian[0].expectedLoss", ship, 1e-7], ["bayesian[0].expectedLossControl", keep, 1e-7]])

# Ratio metric (GMV per order) and CUPED from raw per-user data, through gbstats' statistics.
rng = np.random.default_rng(7)
arms = []
for shift in [0.0, 0.08]:
    orders = rng.poisson(1.2, 4000).astype(float)
    gmv = orders * rng.lognormal(math.log(9000) + shift, 0.5, 4000).round()
    arms.append((gmv, orders))
variants, stats = [], []
for gmv, orders in arms:
    n = len(gmv)
    cov = float(np.cov(gmv, orders, ddof=1)[0, 1])
    variants.append({"n": n, "numeratorMean": float(gmv.mean()), "numeratorSd": float(gmv.std(ddof=1)),
                     "denominatorMean": float(orders.mean()), "denominatorSd": float(orders.std(ddof=1)), "covariance": cov})
    stats.append(RatioStatistic(n=n, m_statistic=SampleMeanStatistic(n=n, sum=gmv.sum(), sum_squares=(gmv**2).sum()),
                                d_statistic=SampleMeanStatistic(n=n, sum=orders.sum(), sum_squares=(orders**2).sum()),
                                m_d_sum_of_products=float((gmv * orders).sum())))
ab = TwoSidedTTest(stats[0], stats[1], FrequentistConfig(difference_type="absolute")).compute_result()
rel = TwoSidedTTest(stats[0], stats[1], FrequentistConfig(difference_type="relative")).compute_result()
case("ratio metric GMV per order (GrowthBook delta method)", "abTest", {"variants": variants},
     [["comparisons[0].difference", ab.expected, V_TOL], ["comparisons[0].pValue", ab.p_value, P_TOL],
      ["comparisons[0].differenceInterval.lower", ab.ci[0], 1e-8], ["comparisons[0].differenceInterval.upper", ab.ci[1], 1e-8],
      ["comparisons[0].relativeInterval.lower", rel.ci[0], 1e-8], ["comparisons[0].relativeInterval.upper", rel.ci[1], 1e-8],
      ["variants[0].estimate", stats[0].mean, V_TOL]])

rng = np.random.default_rng(11)
variants, stats = [], []
for lift in [0.0, 0.6]:
    pre = rng.gamma(2.0, 20.0, 3000)
    post = 0.8 * pre + rng.normal(10 + lift, 15, 3000)
    n = len(post)
    variants.append({"n": n, "mean": float(post.mean()), "sd": float(post.std(ddof=1)), "preMean": float(pre.mean()),
                     "preSd": float(pre.std(ddof=1)), "covariance": float(np.cov(post, pre, ddof=1)[0, 1])})
    stats.append(RegressionAdjustedStatistic(n=n, post_statistic=SampleMeanStatistic(n=n, sum=post.sum(), sum_squares=(post**2).sum()),
                                             pre_statistic=SampleMeanStatistic(n=n, sum=pre.sum(), sum_squares=(pre**2).sum()),
                                             post_pre_sum_of_products=float((post * pre).sum()), theta=0))
ab = TwoSidedTTest(stats[0], stats[1], FrequentistConfig(difference_type="absolute")).compute_result()
stats2 = [RegressionAdjustedStatistic(**{**s.__dict__, "theta": 0}) for s in stats]
rel = TwoSidedTTest(stats2[0], stats2[1], FrequentistConfig(difference_type="relative")).compute_result()
case("CUPED (GrowthBook regression adjustment)", "abTest", {"variants": variants},
     [["comparisons[0].difference", ab.expected, 1e-8], ["comparisons[0].pValue", ab.p_value, P_TOL],
      ["comparisons[0].differenceInterval.lower", ab.ci[0], 1e-8], ["comparisons[0].differenceInterval.upper", ab.ci[1], 1e-8],
      ["comparisons[0].relativeLift", rel.expected, 1e-8], ["comparisons[0].relativeInterval.lower", rel.ci[0], 1e-8],
      ["comparisons[0].relativeInterval.upper", rel.ci[1], 1e-8]])


# ---------------------------------------------------------------- Bayesian, conversions (Beta posteriors)
def miller_exact(aa, ba, ab, bb):
    """Evan Miller's sum at 60 digits (independent of yunying's log-space, mode-outward version)."""
    total = mp.mpf(0)
    for i in range(int(ab)):
        total += mp.beta(aa + i, ba + bb) / ((bb + i) * mp.beta(1 + i, bb) * mp.beta(aa, ba))
    return float(total)


def miller_mp(aa, ba, ab, bb):
    """Evan Miller's sum at 60 digits for large counts: from the largest term outwards until terms
    fall below 1e-45 of it (the skipped tail is far below double precision)."""
    aa, ba, ab, bb = map(mp.mpf, (aa, ba, ab, bb))
    s = aa + ba + bb
    lnt = lambda i: (mp.loggamma(aa + i) + mp.loggamma(ba + bb) - mp.loggamma(aa + i + ba + bb) - mp.log(bb + i)
                     - (mp.loggamma(1 + i) + mp.loggamma(bb) - mp.loggamma(1 + i + bb))
                     - (mp.loggamma(aa) + mp.loggamma(ba) - mp.loggamma(aa + ba)))
    ratio = lambda i: (aa + i) * (bb + i) / ((s + i) * (1 + i))
    mode = min(max(int(mp.floor((aa * bb - s) / (ba + 1))) + 1, 0), int(ab) - 1)
    total, term, i = mp.mpf(1), mp.mpf(1), mode
    while i + 1 < ab:
        term *= ratio(i); total += term; i += 1
        if term < mp.mpf("1e-45"):
            break
    term, i = mp.mpf(1), mode
    while i >= 1:
        term /= ratio(i - 1); total += term; i -= 1
        if term < mp.mpf("1e-45"):
            break
    return mp.exp(lnt(mode)) * total


def loss_mp(a, b):
    """E[max(X_A − X_B, 0)] = μ_A·P(A⁺ > B) − μ_B·P(A > B⁺) (Chris Stucchio's closed form), at 60
    digits so the cancellation costs nothing. a, b: (alpha, beta)."""
    (aa, ba), (ab, bb) = a, b
    ma, mb = mp.mpf(aa) / (aa + ba), mp.mpf(ab) / (ab + bb)
    p_aplus_gt_b = 1 - miller_mp(aa + 1, ba, ab, bb)
    p_a_gt_bplus = 1 - miller_mp(aa, ba, ab + 1, bb)
    return float(ma * p_aplus_gt_b - mb * p_a_gt_bplus)


for arms_b in [[(100, 10), (100, 15)], [(1, 1), (1, 0)], [(20000, 1000), (20000, 1100)], [(1_000_000, 50_000), (1_000_000, 50_400)],
               [(100_000_000, 5_000_000), (100_000_000, 5_002_000)], [(5000, 0), (5000, 3)]]:
    (n0, x0), (n1, x1) = arms_b
    A, B = st.beta(1 + x0, 1 + n0 - x0), st.beta(1 + x1, 1 + n1 - x1)
    pa, pb = (1 + x0, 1 + n0 - x0), (1 + x1, 1 + n1 - x1)
    p = miller_exact(*pa, *pb) if n0 + n1 <= 50_000 else float(miller_mp(*pa, *pb))
    exp = [["bayesian[0].chanceToWin", p, P_TOL], ["bayesian[0].expectedLoss", loss_mp(pa, pb), 1e-6],
           ["bayesian[0].expectedLossControl", loss_mp(pb, pa), 1e-6]]
    for i, D in enumerate([A, B]):
        exp += [[f"variants[{i}].credibleInterval.lower", float(D.ppf(0.025)), 1e-8], [f"variants[{i}].credibleInterval.upper", float(D.ppf(0.975)), 1e-8]]
    case(f"Beta posteriors {arms_b}", "abTest",
         {"variants": [{"users": n, "conversions": x} for n, x in arms_b], "method": "bayesian"}, exp)

# P(best of k): ∫ f_i Π F_j by quadrature.
best_arms = [(4000, 200), (4000, 215), (4000, 190), (4000, 230)]
posts = [st.beta(1 + x, 1 + n - x) for n, x in best_arms]
probs = []
for i, D in enumerate(posts):
    others = [E for j, E in enumerate(posts) if j != i]
    v, _ = integrate.quad(lambda x: D.pdf(x) * np.prod([E.cdf(x) for E in others]), 0.02, 0.09, limit=500, epsabs=1e-13)
    probs.append(v)
case("P(best of 4)", "abTest", {"variants": [{"users": n, "conversions": x} for n, x in best_arms], "method": "bayesian"},
     [[f"variants[{i}].probabilityBest", p, 1e-6] for i, p in enumerate(probs)] +
     [["bayesian[2].chanceToWin", miller_exact(201, 3801, 231, 3771), P_TOL]])


# ---------------------------------------------------------------- planning
def z(q):
    return st.norm.isf(q)


def evan_miller_n(p, delta, alpha, power, k=1.0, one_sided=False, pooled=True):
    za, zb = z(alpha if one_sided else alpha / 2), z(1 - power)
    p2 = p + delta
    alt = math.sqrt(p * (1 - p) + p2 * (1 - p2) / k)
    null = math.sqrt(p * (1 - p) * (1 + 1 / k)) if pooled else alt
    return (za * null + zb * alt) ** 2 / delta**2


for (p, d, alpha, power, k, sides, variants, formula) in [
    (0.2, 0.05, 0.05, 0.8, 1.0, "two-sided", 2, "pooled"),
    (0.05, 0.005, 0.05, 0.8, 1.0, "two-sided", 2, "pooled"),
    (0.1, 0.01, 0.01, 0.9, 2.0, "one-sided", 2, "pooled"),
    (0.1, 0.01, 0.05, 0.8, 1.0, "two-sided", 4, "unpooled"),
]:
    n = evan_miller_n(p, d, alpha / (variants - 1), power, k, sides == "one-sided", formula == "pooled")
    inp = {"baseline": p, "mde": d, "alpha": alpha, "power": power, "ratio": k, "alternative": sides, "variants": variants,
           "formula": formula, "dailyTraffic": 5000}
    total = math.ceil(n) + (variants - 1) * math.ceil(n * k)
    case(f"sample size {formula} p={p} δ={d}", "sampleSize", inp,
         [["usersPerArmExact[0]", n, V_TOL], ["usersPerArm[0]", float(math.ceil(n)), 0], ["totalUsers", float(total), 0],
          ["days", float(math.ceil(total / 5000)), 0]])
    # power at that n is the target (the formula is its own inverse)…
    case(f"power {formula} p={p} δ={d}", "power", {**inp, "usersPerArm": n}, [["power", power, V_TOL]])
    # …and the MDE at that n is δ.
    case(f"mde {formula} p={p} δ={d}", "mde", {**inp, "usersPerArm": n}, [["effect", d, 1e-8]])

for (p, d, alpha, power, k, sides) in [(0.1, 0.02, 0.05, 0.8, 1.0, "two-sided"), (0.3, -0.03, 0.05, 0.9, 0.5, "two-sided"), (0.5, 0.05, 0.05, 0.8, 1.0, "one-sided")]:
    h = 2 * math.asin(math.sqrt(p + d)) - 2 * math.asin(math.sqrt(p))
    alt = "two-sided" if sides == "two-sided" else ("larger" if h > 0 else "smaller")
    n = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=k, alternative=alt)
    pw = NormalIndPower().power(effect_size=h, nobs1=1000, alpha=alpha, ratio=k, alternative=alt)
    inp = {"baseline": p, "mde": d, "alpha": alpha, "power": power, "ratio": k, "alternative": sides, "formula": "cohens-h"}
    case(f"sample size Cohen's h p={p} δ={d}", "sampleSize", inp, [["usersPerArmExact[0]", float(n), 1e-6], ["effectSize", h, V_TOL]])
    case(f"power Cohen's h p={p} δ={d} n=1000", "power", {**inp, "usersPerArm": 1000}, [["power", float(pw), V_TOL]])

d_eff = 150.0 / 2400.0
n = NormalIndPower().solve_power(effect_size=d_eff, alpha=0.05, power=0.8, ratio=1.0)
case("sample size, means (Cohen's d)", "sampleSize", {"metric": "mean", "baseline": 8900, "sd": 2400, "mde": 150},
     [["usersPerArmExact[0]", float(n), 1e-6]])
case("sample size, relative MDE", "sampleSize", {"baseline": 0.2, "mde": 0.25, "relativeMde": True},
     [["usersPerArmExact[0]", evan_miller_n(0.2, 0.05, 0.05, 0.8), V_TOL]])


# ---------------------------------------------------------------- distribution tails (mpmath)
def mp_t_sf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    x = df / (df + t * t)
    return mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2


tails = []
for zval in [1.0, 5.0, 10.0, 30.0, 37.5]:
    tails.append(["normalSf", [zval], float(mp.erfc(mp.mpf(zval) / mp.sqrt(2)) / 2), 1e-9])
for zval in [1.0, 37.5, 40.0, 100.0, 1000.0, 1e5]:
    tails.append(["log10NormalSf", [zval], log10_norm_sf(zval), 1e-10])
for tv, df in [(2.0, 5.0), (10.0, 3.0), (50.0, 30.0), (4.0, 1e4), (8.0, 1e6), (3.0, 2.5)]:
    tails.append(["tSf", [tv, df], float(mp_t_sf(tv, df)), 1e-9])
for tv, df in [(2.0, 5.0), (1e8, 10.0), (300.0, 200.0), (60.0, 1e6), (1e30, 3.0)]:
    tails.append(["log10TSf", [tv, df], float(mp.log10(mp_t_sf(tv, df))), 1e-10])
for x, df in [(3.84, 1.0), (100.0, 4.0), (1500.0, 1.0), (5000.0, 10.0), (1e6, 4.0)]:
    q = mp.gammainc(mp.mpf(df) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)
    if q > mp.mpf("1e-290"):
        tails.append(["chi2Sf", [x, df], float(q), 1e-9])
    tails.append(["log10Chi2Sf", [x, df], float(mp.log10(q)), 1e-10])
for p, df in [(0.025, 10.0), (0.005, 3.0), (0.025, 1e6), (1e-10, 50.0)]:
    tails.append(["tUpperQuantile", [p, df], float(st.t.isf(p, df)), 1e-9])
for p in [0.025, 0.005, 1e-12]:
    tails.append(["normalUpperQuantile", [p], float(-mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1)), 1e-12])
case("distribution tails", "stats", tails, [])

# ---------------------------------------------------------------- GrowthBook hash vectors
# Copied from github.com/growthbook/growthbook packages/sdk-js/test/cases.json ("hash" and
# "getBucketRange"), and the bucket/variation of its "feature" cases "empty experiment rule - a/b/c";
# plus non-ASCII ids hashed by a Python transcription of the SDK's algorithm (below).
hash_cases = [["", "a", 1, 0.22], ["", "b", 1, 0.077], ["b", "a", 1, 0.946], ["ef", "d", 1, 0.652],
              ["asdf", "8952klfjas09ujk", 1, 0.549], ["", "123", 1, 0.011], ["", "___)((*\":&", 1, 0.563],
              ["seed", "a", 2, 0.0505], ["seed", "b", 2, 0.2696], ["foo", "ab", 2, 0.2575], ["foo", "def", 2, 0.2019],
              ["89123klj", "8952klfjas09ujkasdf", 2, 0.124], ["90850943850283058242805", "123", 2, 0.7516],
              ["()**(%$##$%#$#", "___)((*\":&", 2, 0.0128], ["abc", "def", 99, None]]
bucket_ranges = [["normal 50/50", [2, 1, None], [[0, 0.5], [0.5, 1]]],
                 ["reduced coverage", [2, 0.5, None], [[0, 0.25], [0.5, 0.75]]],
                 ["zero coverage", [2, 0, None], [[0, 0], [0.5, 0.5]]],
                 ["4 variations", [4, 1, None], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
                 ["uneven weights", [2, 1, [0.4, 0.6]], [[0, 0.4], [0.4, 1]]],
                 ["uneven weights, 3 variations", [3, 1, [0.2, 0.3, 0.5]], [[0, 0.2], [0.2, 0.5], [0.5, 1]]],
                 ["uneven weights, reduced coverage, 3 variations", [3, 0.2, [0.2, 0.3, 0.5]], [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]],
                 ["weights sum almost equals 1", [2, 1, [0.4, 0.5999]], [[0, 0.4], [0.4, 0.9999]]]]
experiments = [["feature", "123", 3, 0.863, 2], ["feature", "456", 3, 0.178, 0], ["feature", "fds", 3, 0.514, 1]]


def gb_fnv(text):
    """GrowthBook's hashFnv32a in Python: FNV-1a over UTF-16 code units (JS charCodeAt)."""
    h = 0x811C9DC5
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def gb_hash(seed, value, version):
    if version == 2:
        return (gb_fnv(str(gb_fnv(seed + value))) % 10000) / 10000
    return (gb_fnv(value + seed) % 1000) / 1000


# Non-ASCII ids (Chinese, an emoji = a surrogate pair): UTF-16 code units, not UTF-8 bytes.
for seed, value in [("结账页实验", "用户42"), ("checkout", "😀u1"), ("", "张三")]:
    for version in (1, 2):
        hash_cases.append([seed, value, version, gb_hash(seed, value, version)])
case("GrowthBook hash vectors", "growthbook", {"hash": hash_cases, "getBucketRange": bucket_ranges, "experiments": experiments}, [])

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(out, "w") as f:
    json.dump({"generator": "tests/reference/abtest/gen.py", "cases": cases}, f, indent=1, allow_nan=False)
print(f"wrote {len(cases)} cases to {out}")
