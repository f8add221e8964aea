"""Writes src/test-data/scipy-references.ts: reference values for @switchboard/stats computed independently with
scipy (and statsmodels where it has the procedure), never with our own code.

Run from packages/stats: python3 scripts/scipy-references.py > src/test-data/scipy-references.ts
"""
import json
import sys

import numpy as np
import scipy
import statsmodels
from scipy import special, stats

out = {}

# Distributions.
out["logGamma"] = [[x, float(special.gammaln(x))] for x in [0.5, 1, 1.5, 2.5, 5, 10.25, 100, 3000.5, 1e6]]
out["incompleteBeta"] = [
    [x, a, b, float(special.betainc(a, b, x))]
    for (x, a, b) in [(0.5, 2, 3), (0.1, 0.5, 0.5), (0.9, 5, 0.5), (0.999, 2920.85, 0.5), (0.3, 30, 40), (0.7, 1, 1)]
]
out["upperIncompleteGamma"] = [
    [a, x, float(special.gammaincc(a, x))] for (a, x) in [(0.5, 0.1), (1, 2), (1, 49.52), (2.5, 1), (10, 25), (50, 40)]
]
out["studentTCdf"] = [
    [t, nu, float(stats.t.cdf(t, nu))]
    for (t, nu) in [(2.0, 10), (-2.0, 10), (0.3, 1), (-3.5, 2), (1.5, 3.7), (-1.87, 5841.7), (-8, 30), (-12, 5), (2.5, 1e6)]
]
out["studentTQuantile"] = [
    [p, nu, float(stats.t.ppf(p, nu))]
    for (p, nu) in [(0.975, 10), (0.975, 1), (0.025, 2), (0.95, 3), (0.975, 5841.7), (0.999, 4.5), (1e-6, 7), (0.975, 56.3), (0.6, 1.2), (0.995, 1e6)]
]
out["chiSquareSurvival"] = [
    [x, k, float(stats.chi2.sf(x, k))] for (x, k) in [(3.841458820694124, 1), (3.9216, 1), (99.04, 2), (0.5, 3), (20, 10), (200, 1)]
]


from scipy import integrate, optimize
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep


def sums(values):
    v = np.asarray(values, dtype=float)
    return {"units": int(v.size), "sum": float(v.sum()), "sumSquares": float((v * v).sum())}


# Welch's t on GrowthBook's test inputs, absolute: scipy's own Welch test from summary statistics.
def welch_absolute(a, b, level=0.95):
    ma, va = a["sum"] / a["units"], (a["sumSquares"] - a["sum"] ** 2 / a["units"]) / (a["units"] - 1)
    mb, vb = b["sum"] / b["units"], (b["sumSquares"] - b["sum"] ** 2 / b["units"]) / (b["units"] - 1)
    res = stats.ttest_ind_from_stats(mb, np.sqrt(vb), b["units"], ma, np.sqrt(va), a["units"], equal_var=False)
    se = np.sqrt(va / a["units"] + vb / b["units"])
    dof = (va / a["units"] + vb / b["units"]) ** 2 / ((va / a["units"]) ** 2 / (a["units"] - 1) + (vb / b["units"]) ** 2 / (b["units"] - 1))
    hw = stats.t.ppf(1 - (1 - level) / 2, dof) * se
    d = mb - ma
    return {"absolute": float(d), "se": float(se), "dof": float(dof), "pValue": float(res.pvalue), "ciLow": float(d - hw), "ciHigh": float(d + hw)}


GB_A = {"units": 3407, "sum": 1396.87, "sumSquares": 52377.9767}
GB_B = {"units": 3461, "sum": 2422.7, "sumSquares": 134698.29}
out["welchAbsolute"] = [{"control": GB_A, "treatment": GB_B, "level": 0.95, **welch_absolute(GB_A, GB_B)},
                        {"control": GB_A, "treatment": GB_B, "level": 0.9, **welch_absolute(GB_A, GB_B, 0.9)}]

# Two-proportion z (unpooled Wald), absolute: statsmodels.
def z_absolute(ca, na, cb, nb, level=0.95):
    test = test_proportions_2indep(cb, nb, ca, na, method="wald", compare="diff", correction=False)
    low, high = confint_proportions_2indep(cb, nb, ca, na, method="wald", compare="diff", alpha=1 - level)
    return {"control": {"units": na, "sum": ca, "sumSquares": ca}, "treatment": {"units": nb, "sum": cb, "sumSquares": cb},
            "level": level, "absolute": float(cb / nb - ca / na), "pValue": float(test.pvalue), "ciLow": float(low), "ciHigh": float(high)}

out["proportionAbsolute"] = [z_absolute(1000, 10000, 1100, 10000), z_absolute(14, 28, 16, 30, 0.9), z_absolute(49, 100, 51, 100)]

# Ratio metric: the delta-method variance checked through per-unit linearisation (M_i - r D_i)/mean(D) on raw data.
rng = np.random.default_rng(20261207)
def ratio_case(n, rate, per):
    d = rng.poisson(per, n) + 1
    m = rng.gamma(2.0, rate / 2.0, n) * d
    r = m.sum() / d.sum()
    lin = (m - r * d) / d.mean()
    return {"units": n, "numeratorSum": float(m.sum()), "numeratorSumSquares": float((m * m).sum()),
            "denominatorSum": float(d.sum()), "denominatorSumSquares": float((d * d).sum()),
            "numeratorDenominatorSum": float((m * d).sum())}, float(r), float(lin.var(ddof=1))
ra, rva, vva = ratio_case(400, 3.0, 4)
rb, rvb, vvb = ratio_case(500, 3.3, 4)
se_abs = np.sqrt(vva / 400 + vvb / 500)
dof = (vva / 400 + vvb / 500) ** 2 / ((vva / 400) ** 2 / 399 + (vvb / 500) ** 2 / 499)
se_rel = np.sqrt((vvb / 500) / rva ** 2 + (vva / 400) * rvb ** 2 / rva ** 4)
out["ratio"] = [{"control": ra, "treatment": rb, "controlValue": rva, "treatmentValue": rvb,
                 "absolute": rvb - rva, "absoluteSe": float(se_abs), "relative": (rvb - rva) / rva, "relativeSe": float(se_rel),
                 "dof": float(dof), "pValue": float(2 * stats.t.sf(abs((rvb - rva) / rva) / se_rel, dof)),
                 "ciLow": float((rvb - rva) / rva - stats.t.ppf(0.975, dof) * se_rel), "ciHigh": float((rvb - rva) / rva + stats.t.ppf(0.975, dof) * se_rel)}]

# Relative Welch (GrowthBook test #1) at full precision, from the published formula.
def welch_relative(a, b, level=0.95):
    ma, va = a["sum"] / a["units"], (a["sumSquares"] - a["sum"] ** 2 / a["units"]) / (a["units"] - 1)
    mb, vb = b["sum"] / b["units"], (b["sumSquares"] - b["sum"] ** 2 / b["units"]) / (b["units"] - 1)
    rel = (mb - ma) / abs(ma)
    se = np.sqrt((vb / b["units"]) / ma ** 2 + (va / a["units"]) * mb ** 2 / ma ** 4)
    dof = (va / a["units"] + vb / b["units"]) ** 2 / ((va / a["units"]) ** 2 / (a["units"] - 1) + (vb / b["units"]) ** 2 / (b["units"] - 1))
    hw = stats.t.ppf(1 - (1 - level) / 2, dof) * se
    return {"control": a, "treatment": b, "level": level, "relative": float(rel), "se": float(se), "pValue": float(2 * stats.t.sf(abs(rel / se), dof)), "ciLow": float(rel - hw), "ciHigh": float(rel + hw)}
out["welchRelative"] = [welch_relative(GB_A, GB_B), welch_relative({"units": 3000, "sum": 1396.87, "sumSquares": 52377.9767}, GB_B, 0.99)]

# CUPED on raw per-unit data: theta = pooled OLS slope (numpy lstsq), adjusted values' variances with ddof=1.
def cuped_case(n_a, n_b, lift, corr):
    xa = rng.gamma(2.0, 5.0, n_a); xb = rng.gamma(2.0, 5.0, n_b)
    ya = corr * xa + rng.normal(10, 4, n_a); yb = corr * xb + rng.normal(10 * (1 + lift), 4, n_b)
    x = np.concatenate([xa, xb]); y = np.concatenate([ya, yb])
    theta = float(np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1))
    slope = float(np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0][1])
    assert abs(slope - theta) < 1e-9 * abs(theta)
    adj_a = ya - theta * xa; adj_b = yb - theta * xb
    va, vb = adj_a.var(ddof=1), adj_b.var(ddof=1)
    d = adj_b.mean() - adj_a.mean()
    se_abs = np.sqrt(va / n_a + vb / n_b)
    raw = np.sqrt(ya.var(ddof=1) / n_a + yb.var(ddof=1) / n_b)
    # relative: g = (adj_b - adj_a)/mean(ya), delta method with Cov(adj_a_mean, ya_mean) = cov(adj_a, ya)/n_a
    yA = ya.mean()
    c = -d / yA ** 2
    var_rel = (vb / n_b) / yA ** 2 + ((1 / yA ** 2) * va + c * c * ya.var(ddof=1) + 2 * (-1 / yA) * c * np.cov(adj_a, ya, ddof=1)[0, 1]) / n_a
    dof = (va / n_a + vb / n_b) ** 2 / ((va / n_a) ** 2 / (n_a - 1) + (vb / n_b) ** 2 / (n_b - 1))
    se_rel = float(np.sqrt(var_rel))
    def arm(y, xx):
        return {"units": int(y.size), "sum": float(y.sum()), "sumSquares": float((y * y).sum()), "covariateSum": float(xx.sum()),
                "covariateSumSquares": float((xx * xx).sum()), "valueCovariateSum": float((y * xx).sum())}
    hw = stats.t.ppf(0.975, dof) * se_rel
    return {"control": arm(ya, xa), "treatment": arm(yb, xb), "theta": theta, "absolute": float(d), "absoluteSe": float(se_abs),
            "relative": float(d / yA), "relativeSe": se_rel, "varianceReduction": float(1 - se_abs ** 2 / raw ** 2),
            "ciLow": float(d / yA - hw), "ciHigh": float(d / yA + hw), "pValue": float(2 * stats.t.sf(abs(d / yA) / se_rel, dof))}
out["cuped"] = [cuped_case(800, 900, 0.05, 0.8), cuped_case(300, 250, -0.02, 0.2)]

# CUPED on a ratio metric, from raw per-unit data through the linearised ratios L = (M - r D)/mean(D) and
# L' = (M' - r' D')/mean(D'): theta = sum of per-arm cov(L, L') / sum of per-arm var(L'), adjusted values L - theta L'.
def ratio_cuped_case(n_a, n_b):
    def draw(n, lift):
        d_pre = rng.poisson(5, n) + 1; m_pre = rng.gamma(3.0, 1.0, n) * d_pre
        d = d_pre + rng.poisson(1, n); m = (m_pre / d_pre * 0.7 + rng.gamma(3.0, 0.3, n) * (1 + lift)) * d
        return m, d, m_pre, d_pre
    arms = [draw(n_a, 0.0), draw(n_b, 0.04)]
    lin = []
    for m, d, mp, dp in arms:
        r, rp = m.sum() / d.sum(), mp.sum() / dp.sum()
        lin.append(((m - r * d) / d.mean(), (mp - rp * dp) / dp.mean(), r))
    theta = sum(np.cov(l, lp, ddof=1)[0, 1] for l, lp, _ in lin) / sum(lp.var(ddof=1) for _, lp, _ in lin)
    (la, lpa, ra_), (lb, lpb, rb_) = lin
    za, zb = la - theta * lpa, lb - theta * lpb
    ma, da, mpa, dpa = arms[0]; mb, db, mpb, dpb = arms[1]
    adj_a = ra_ - theta * mpa.sum() / dpa.sum(); adj_b = rb_ - theta * mpb.sum() / dpb.sum()
    d_ = adj_b - adj_a
    c = -d_ / ra_ ** 2
    var_rel = zb.var(ddof=1) / n_b / ra_ ** 2 + ((1 / ra_ ** 2) * za.var(ddof=1) + c * c * la.var(ddof=1) + 2 * (-1 / ra_) * c * np.cov(za, la, ddof=1)[0, 1]) / n_a
    va, vb = za.var(ddof=1), zb.var(ddof=1)
    dof = (va / n_a + vb / n_b) ** 2 / ((va / n_a) ** 2 / (n_a - 1) + (vb / n_b) ** 2 / (n_b - 1))
    se = float(np.sqrt(var_rel)); g = float(d_ / ra_)
    def sums(m, d, mp, dp):
        f = lambda x: float(x.sum())
        return {"units": int(m.size), "numeratorSum": f(m), "numeratorSumSquares": f(m * m), "denominatorSum": f(d), "denominatorSumSquares": f(d * d),
                "numeratorDenominatorSum": f(m * d), "preNumeratorSum": f(mp), "preNumeratorSumSquares": f(mp * mp), "preDenominatorSum": f(dp),
                "preDenominatorSumSquares": f(dp * dp), "numeratorPreNumeratorSum": f(m * mp), "denominatorPreDenominatorSum": f(d * dp),
                "preNumeratorPreDenominatorSum": f(mp * dp), "numeratorPreDenominatorSum": f(m * dp), "denominatorPreNumeratorSum": f(d * mp)}
    raw = la.var(ddof=1) / n_a + lb.var(ddof=1) / n_b
    return {"control": sums(*arms[0]), "treatment": sums(*arms[1]), "theta": float(theta), "absolute": float(d_),
            "absoluteSe": float(np.sqrt(va / n_a + vb / n_b)), "relative": g, "relativeSe": se,
            "varianceReduction": float(1 - (va / n_a + vb / n_b) / raw),
            "ciLow": g - float(stats.t.ppf(0.975, dof)) * se, "ciHigh": g + float(stats.t.ppf(0.975, dof)) * se, "pValue": float(2 * stats.t.sf(abs(g) / se, dof))}
out["ratioCuped"] = [ratio_cuped_case(300, 350)]

# Sequential (Waudby-Smith / GrowthBook) at full precision, from the published formula.
def seq(est, se, n, tuning, level=0.95):
    a = 1 - level
    rho = np.sqrt((-2 * np.log(a) + np.log(-2 * np.log(a) + 1)) / tuning)
    hw = se * np.sqrt(n) * np.sqrt(2 * (n * rho ** 2 + 1) * np.log(np.sqrt(n * rho ** 2 + 1) / a) / (n * rho) ** 2)
    s = est ** 2 * n / se ** 2
    e = np.exp(rho ** 2 * s / (2 * (n * rho ** 2 + 1))) / np.sqrt(n * rho ** 2 + 1)
    return {"ciLow": float(est - hw), "ciHigh": float(est + hw), "pValue": float(min(1, 1 / e))}
w = welch_relative({"units": 3000, "sum": 1396.87, "sumSquares": 52377.9767}, GB_B)
small = {"units": 200, "sum": 1000.0, "sumSquares": 5400.0}
small_b = {"units": 210, "sum": 1140.0, "sumSquares": 6600.0}
ws = welch_relative(small, small_b)
out["sequentialRelative"] = [
    {"control": w["control"], "treatment": w["treatment"], "tuning": 1000, "relative": w["relative"], **seq(w["relative"], w["se"], 6461, 1000)},
    {"control": small, "treatment": small_b, "tuning": 5000, "relative": ws["relative"], **seq(ws["relative"], ws["se"], 410, 5000)},
    {"control": small, "treatment": small_b, "tuning": 100, "relative": ws["relative"], **seq(ws["relative"], ws["se"], 410, 100, 0.9)} | {"level": 0.9},
]

# Bayesian: risk as a numerical integral (scipy.integrate.quad), chance to win from scipy.stats.norm.
def bayes(mu, sd):
    lc = integrate.quad(lambda x: max(x, 0) * stats.norm.pdf(x, mu, sd), mu - 12 * sd, mu + 12 * sd, points=[0], epsabs=1e-14, epsrel=1e-12)[0]
    lt = integrate.quad(lambda x: max(-x, 0) * stats.norm.pdf(x, mu, sd), mu - 12 * sd, mu + 12 * sd, points=[0], epsabs=1e-14, epsrel=1e-12)[0]
    return {"chanceToWin": float(stats.norm.sf(0, mu, sd)), "riskControl": lc, "riskTreatment": lt,
            "ciLow": float(stats.norm.ppf(0.025, mu, sd)), "ciHigh": float(stats.norm.ppf(0.975, mu, sd))}
bw = welch_relative({"units": 10, "sum": 100, "sumSquares": 1002.25}, {"units": 10, "sum": 105, "sumSquares": 1111.5})
out["bayesianFlat"] = [{"control": {"units": 10, "sum": 100, "sumSquares": 1002.25}, "treatment": {"units": 10, "sum": 105, "sumSquares": 1111.5},
                        "mean": bw["relative"], "sd": bw["se"], **bayes(bw["relative"], bw["se"])}]

# SRM: scipy.stats.chisquare against the expected counts.
def srm(obs, weights):
    e = [w / sum(weights) * sum(obs) for w in weights]
    r = stats.chisquare(obs, e)
    return {"observed": obs, "weights": weights, "chiSquare": float(r.statistic), "pValue": float(r.pvalue)}
out["srm"] = [srm([5000, 5200], [1, 1]), srm([166080, 171180, 166300], [1, 1, 1]), srm([1020, 2950, 60], [25, 72, 3]), srm([9000, 1120], [90, 10])]

# Multiple comparisons: statsmodels multipletests.
ps = [0.01, 0.04, 0.03, 0.005, 0.55, 0.6, 0.0002, 0.049, 0.2]
out["holm"] = [[ps, [float(x) for x in multipletests(ps, method="holm")[1]]]]
out["benjaminiHochberg"] = [[ps, [float(x) for x in multipletests(ps, method="fdr_bh")[1]]]]

# Power: statsmodels NormalIndPower, one-sided at alpha/2 (the far rejection tail neglected, as the formula does).
# solve_power's own root finder stops near 1e-7; brentq on statsmodels' power function to 1e-15 instead.
def mde(n_a, n_b, sd, level, power):
    f = lambda d: NormalIndPower().power(effect_size=d, nobs1=n_a, alpha=(1 - level) / 2, ratio=n_b / n_a, alternative="larger") - power
    d = optimize.brentq(f, 1e-6, 10, xtol=1e-15, rtol=1e-15)
    return {"units": [n_a, n_b], "sd": sd, "level": level, "power": power, "absolute": float(d * sd)}
out["mde"] = [mde(5000, 5000, 2.0, 0.95, 0.8), mde(1200, 3600, 0.5, 0.9, 0.9)]
def required(sd, share_a, mean, rel, level, power):
    # total N with n_a = share_a N: solve in statsmodels for nobs1 at the standardized effect rel*mean/sd
    f = lambda n1: NormalIndPower().power(effect_size=rel * mean / sd, nobs1=n1, alpha=(1 - level) / 2, ratio=(1 - share_a) / share_a, alternative="larger") - power
    n1 = optimize.brentq(f, 2, 1e9, xtol=1e-9, rtol=1e-15)
    return float(n1 / share_a)
out["requiredUnits"] = [{"sd": 2.0, "shareA": 0.5, "mean": 10.0, "relative": 0.01, "level": 0.95, "power": 0.8, "total": required(2.0, 0.5, 10.0, 0.01, 0.95, 0.8)},
                        {"sd": 1.0, "shareA": 0.25, "mean": 4.0, "relative": 0.02, "level": 0.9, "power": 0.8, "total": required(1.0, 0.25, 4.0, 0.02, 0.9, 0.8)}]

# Quantile with clustered events: raw per-unit events in numpy; ranks, order statistics and per-unit S, N from them.
def quantile_case(units, nu, scale):
    counts = rng.poisson(3, units) + 1
    values = [rng.lognormal(np.log(scale) + rng.normal(0, 0.5), 0.6, c) for c in counts]
    allv = np.sort(np.concatenate(values)); n = allv.size
    z = stats.norm.ppf(0.975)
    spread = z * np.sqrt(nu * (1 - nu) / n)
    rk = min(n, max(1, int(np.ceil(n * nu)))); lo = min(n, max(1, int(np.floor(n * (nu - spread))))); hi = min(n, max(1, int(np.ceil(n * (nu + spread)))))
    q, yl, yu = allv[rk - 1], allv[lo - 1], allv[hi - 1]
    s = np.array([(v <= q).sum() for v in values], dtype=float); nn = counts.astype(float)
    share = s.sum() / n
    var_c = (s.var(ddof=1) - 2 * share * np.cov(s, nn, ddof=1)[0, 1] + share ** 2 * nn.var(ddof=1)) / (units * nn.mean() ** 2)
    var_q = ((yu - yl) / (2 * z)) ** 2 * var_c / (share * (1 - share) / n)
    return {"units": units, "events": int(n), "quantileLevel": nu, "estimate": float(q), "lowerBound": float(yl), "upperBound": float(yu),
            "ranks": [rk, lo, hi],
            "clusters": {"belowSum": float(s.sum()), "belowSumSquares": float((s * s).sum()), "eventsSumSquares": float((nn * nn).sum()), "belowEventsSum": float((s * nn).sum())},
            "variance": float(var_q)}
qa = quantile_case(700, 0.9, 100.0); qb = quantile_case(650, 0.9, 110.0)
d = qb["estimate"] - qa["estimate"]; se = np.sqrt(qa["variance"] + qb["variance"])
out["quantile"] = [{"control": qa, "treatment": qb, "absolute": float(d), "absoluteSe": float(se),
                    "pValue": float(2 * stats.norm.sf(abs(d) / se)), "absoluteCiLow": float(d - stats.norm.ppf(0.975) * se), "absoluteCiHigh": float(d + stats.norm.ppf(0.975) * se)}]

# Monitors: exact binomial tails (the conditional test of two Poisson rates) with scipy's own binomial test.
out["binomialTails"] = [
    [x, n, q, float(stats.binom.cdf(x, n, q)), float(stats.binom.sf(x - 1, n, q))]
    for (x, n, q) in [(3, 10, 0.5), (69, 169, 0.5), (0, 20, 0.1), (480, 2000, 0.25), (12000, 50000, 0.25), (7, 7, 0.3)]
]
def split_case(on, off, on_before=None, off_before=None, alternative="less"):
    ratio = 1.0
    if on_before and off_before:
        ratio = (on_before[1] / on_before[0]) / (off_before[1] / off_before[0])
    share = on[0] * ratio / (on[0] * ratio + off[0])
    n = on[1] + off[1]
    res = stats.binomtest(on[1], n, share, alternative=alternative)
    return {"on": on, "off": off, "onBefore": on_before, "offBefore": off_before, "expectedShare": share,
            "relativeDifference": (on[1] / on[0]) / (off[1] / off[0]) / ratio - 1, "pValue": float(res.pvalue),
            "direction": "drop" if alternative == "less" else "surge"}
out["splitEvidence"] = [
    split_case([1000, 69], [1000, 100]),
    split_case([250, 40], [750, 160], [250, 50], [750, 160]),
    split_case([3000, 310], [9000, 900]),
    split_case([500, 80], [500, 50], alternative="greater"),
]

print("// Generated by packages/stats/scripts/scipy-references.py with scipy " + scipy.__version__ + ", statsmodels " + statsmodels.__version__ + " and numpy " + np.__version__ + ".")
print("// Every value here was computed by scipy/statsmodels from the published formulas, not by @switchboard/stats.")
print("// Do not edit by hand: change the script and run it again.")
print("export const SCIPY = {")
for key, rows in out.items():
    print("  " + key + ": " + json.dumps(rows) + ",")
print("} as const;")
