#!/usr/bin/python3
"""make_stats_reference.py -- reference values for the statistics of
harness/store/ (docs/STATISTICS.md), computed with SciPy / NumPy and exact
rational arithmetic, never with the C code.  Writes, next to this script:

  stats_mwu_reference.csv    scipy.stats.mannwhitneyu (method exact and
                             asymptotic, three alternatives)
  stats_hl_reference.csv     Hodges-Lehmann ratio intervals: pairwise log
                             differences in NumPy, the rank C from U's exact
                             null distribution in Python integers (checked
                             against scipy's exact p-values here) or from
                             scipy.stats.norm for large samples
  stats_boot_reference.csv   bootstrap percentile intervals: the draws of the
                             project's ct_rng (variants/core/rng.c) replayed
                             by a Python port, medians and percentiles by
                             numpy.median / numpy.percentile
  stats_energy_reference.csv best E-divisive split of a segment: Q of every
                             allowed (tau, kappa) from a NumPy distance matrix
  stats_edivisive_reference.csv  whole E-divisive runs (permutation p-values)
                             from a direct Python transcription of
                             docs/STATISTICS.md §3 with the ported ct_rng

Run with Debian's python3-scipy (SciPy 1.10):  /usr/bin/python3 make_stats_reference.py
Each CSV row: name,...,x,y with samples as ';'-separated shortest-repr floats.
"""
import csv
import math
import os
from fractions import Fraction

import numpy as np
import scipy
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))


def fmt(v):
    return ";".join(repr(float(a)) for a in v)


# ---------------------------------------------------------------- ct_rng port
M64 = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class CtRng:
    """xoshiro256** seeded by splitmix64, Lemire's bounded integers:
    docs/ALGORITHM.md §3.1 / variants/core/rng.c, transcribed."""

    def __init__(self, seed):
        sm = seed & M64
        self.s = []
        for _ in range(4):
            sm = (sm + 0x9E3779B97F4A7C15) & M64
            z = sm
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    def next(self):
        s = self.s
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def below(self, bound):
        x = self.next() * bound
        lo, hi = x & M64, x >> 64
        if lo < bound:
            threshold = ((1 << 64) - bound) % bound
            while lo < threshold:
                x = self.next() * bound
                lo, hi = x & M64, x >> 64
        return hi


# ------------------------------------------------ exact null distribution of U
def u_counts(m, n):
    """Number of orders with U = u, u = 0..mn: the coefficients of the
    Gaussian binomial [m+n choose m]_q, by the recursion
    f(m, n) = f(m, n-1) + q^n f(m-1, n) in Python integers."""
    memo = {}

    def f(a, b):
        if a == 0 or b == 0:
            return [1]
        key = (a, b)
        if key not in memo:
            left, right = f(a, b - 1), [0] * b + f(a - 1, b)
            size = max(len(left), len(right))
            memo[key] = [(left[i] if i < len(left) else 0) + (right[i] if i < len(right) else 0)
                         for i in range(size)]
        return memo[key]

    return f(m, n)


def exact_cdf(m, n):
    counts = u_counts(m, n)
    total = math.comb(m + n, m)
    assert sum(counts) == total
    run, out = 0, []
    for c in counts:
        run += c
        out.append(Fraction(run, total))
    return out


# ------------------------------------------------------------ Mann-Whitney U
def write_mwu(rng):
    rows = []
    males = [19, 22, 16, 29, 24]  # scipy.stats.mannwhitneyu documentation example
    females = [20, 11, 17, 12]
    cases = [("scipy_doc", males, females)]
    for n1, n2 in [(1, 1), (1, 5), (3, 4), (4, 4), (5, 5), (6, 9), (8, 8), (7, 12), (10, 12),
                   (20, 15), (40, 50), (60, 80)]:
        x = rng.lognormal(0.0, 0.3, n1)
        y = rng.lognormal(0.15, 0.3, n2)
        cases.append((f"lognormal_{n1}x{n2}", list(x), list(y)))
    for n1, n2 in [(7, 9), (12, 10), (30, 25)]:
        x = np.round(rng.normal(10.0, 2.0, n1))
        y = np.round(rng.normal(11.0, 2.0, n2))
        cases.append((f"ties_{n1}x{n2}", list(x), list(y)))
    cases.append(("all_tied", [3.0, 3.0, 3.0], [3.0, 3.0]))
    cases.append(("separated_5x5", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
    for name, x, y in cases:
        has_ties = len(set(x) | set(y)) < len(x) + len(y)
        for method in ("exact", "asymptotic"):
            if method == "exact" and (has_ties or len(x) * len(y) > 10000):
                continue
            for alt in ("two-sided", "less", "greater"):
                res = st.mannwhitneyu(x, y, alternative=alt, method=method)
                rows.append([name, alt, method, repr(float(res.statistic)),
                             repr(float(res.pvalue)), fmt(x), fmt(y)])
    with open(os.path.join(HERE, "stats_mwu_reference.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "alternative", "method", "u1", "p", "x", "y"])
        w.writerows(rows)
    return cases


def check_exact_against_scipy(cases):
    """The integer null distribution must give scipy's exact p-values."""
    for name, x, y in cases:
        n1, n2 = len(x), len(y)
        if len(set(x) | set(y)) < n1 + n2 or n1 * n2 > 400:
            continue
        cdf = exact_cdf(n1, n2)
        u1 = int(st.mannwhitneyu(x, y, method="exact").statistic)
        u = max(u1, n1 * n2 - u1)
        mine = min(1.0, float(2 * cdf[n1 * n2 - u]))  # P(U >= u) = P(U <= mn - u)
        ref = st.mannwhitneyu(x, y, method="exact").pvalue
        assert abs(mine - ref) <= 1e-12 * max(ref, 1e-300), (name, mine, ref)


# ------------------------------------------------------------ Hodges-Lehmann
def hl_interval(base, cand, conf):
    n1, n2 = len(base), len(cand)
    d = np.sort((np.log(np.asarray(cand))[:, None] - np.log(np.asarray(base))[None, :]).ravel())
    N = n1 * n2
    alpha = 1.0 - conf
    if N <= 2500:
        cdf = exact_cdf(n1, n2)
        c = -1
        while c + 1 < len(cdf) and float(cdf[c + 1]) <= alpha / 2:
            c += 1
        rank = c + 1
        coverage = float(1 - 2 * cdf[c]) if c >= 0 else 1.0
    else:
        s = math.sqrt(N * (n1 + n2 + 1) / 12.0)
        rank = max(0, math.floor(N / 2 + 0.5 - st.norm.isf(alpha / 2) * s))
        coverage = 1 - 2 * st.norm.sf((N / 2 - (rank - 0.5)) / s) if rank else 1.0
    est = math.exp(np.median(d))
    if rank >= 1:
        lo, hi = math.exp(d[rank - 1]), math.exp(d[N - rank])
    else:
        lo, hi = 0.0, math.inf
    return est, lo, hi, coverage, rank


def write_hl(rng):
    rows = []
    sizes = [(3, 3), (4, 4), (5, 5), (5, 8), (6, 6), (10, 10), (9, 14), (20, 20), (30, 40),
             (50, 50), (60, 70), (120, 100)]
    for n1, n2 in sizes:
        base = rng.lognormal(0.0, 0.2, n1) * 1e6
        cand = rng.lognormal(math.log(1.1), 0.2, n2) * 1e6
        for conf in (0.95, 0.99):
            est, lo, hi, cov, rank = hl_interval(base, cand, conf)
            rows.append([f"lognormal_{n1}x{n2}", repr(conf), repr(est), repr(lo), repr(hi),
                         repr(cov), rank, fmt(base), fmt(cand)])
    with open(os.path.join(HERE, "stats_hl_reference.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "confidence", "estimate", "lower", "upper", "coverage", "rank",
                    "x", "y"])
        w.writerows(rows)


# ----------------------------------------------------------------- bootstrap
def bootstrap(base, cand, conf, resamples, seed):
    r = CtRng(seed)
    base, cand = np.asarray(base), np.asarray(cand)
    ratios = []
    for _ in range(resamples):
        b = base[[r.below(len(base)) for _ in range(len(base))]]
        c = cand[[r.below(len(cand)) for _ in range(len(cand))]]
        ratios.append(np.median(c) / np.median(b))
    alpha = 1.0 - conf
    lo, hi = np.percentile(ratios, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return np.median(cand) / np.median(base), lo, hi


def write_boot(rng):
    rows = []
    for n1, n2, seed in [(5, 5, 1), (7, 9, 42), (20, 20, 7), (31, 25, 123456789)]:
        base = rng.lognormal(0.0, 0.2, n1) * 1e3
        cand = rng.lognormal(math.log(1.2), 0.2, n2) * 1e3
        for conf, resamples in ((0.95, 1000), (0.9, 250)):
            est, lo, hi = bootstrap(base, cand, conf, resamples, seed)
            rows.append([f"lognormal_{n1}x{n2}", seed, resamples, repr(conf), repr(float(est)),
                         repr(float(lo)), repr(float(hi)), fmt(base), fmt(cand)])
    with open(os.path.join(HERE, "stats_boot_reference.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "seed", "resamples", "confidence", "estimate", "lower", "upper",
                    "x", "y"])
        w.writerows(rows)


# ------------------------------------------------------------- E-divisive
def all_splits(z, bnd, min_size):
    """Q of every allowed (t, k) of one segment, from block sums of the
    distance matrix (2-D prefix sums)."""
    z = np.asarray(z, dtype=float)
    D = np.abs(z[:, None] - z[None, :])
    P = np.zeros((len(z) + 1, len(z) + 1))
    P[1:, 1:] = D.cumsum(axis=0).cumsum(axis=1)

    def block(r0, r1, c0, c1):
        return P[r1, c1] - P[r0, c1] - P[r1, c0] + P[r0, c0]

    npos = len(bnd) - 1
    out = []
    for t in range(min_size, npos - min_size + 1):
        tau = bnd[t]
        if tau < 2:
            continue
        for k in range(t + min_size, npos + 1):
            kap = bnd[k]
            nx, ny = tau, kap - tau
            if ny < 2:
                continue
            cross = block(0, tau, tau, kap)
            wx = block(0, tau, 0, tau) / 2
            wy = block(tau, kap, tau, kap) / 2
            e = 2 * cross / (nx * ny) - wx / (nx * (nx - 1) / 2) - wy / (ny * (ny - 1) / 2)
            out.append((t, k, nx * ny / (nx + ny) * e))
    return out


def best_split(z, bnd, min_size):
    best = None
    for t, k, q in all_splits(z, bnd, min_size):  # (t, k) ascending: first maximum wins
        if best is None or q > best[2]:
            best = (t, k, q)
    return best


def positions(groups, n):
    if groups is None:
        return list(range(n + 1))
    start = [i for i in range(n) if i == 0 or groups[i] != groups[i - 1]]
    return start + [n]


def seg_best(z, start, lo, hi, min_size):
    first = start[lo]
    bnd = [start[p] - first for p in range(lo, hi + 1)]
    return best_split(z[first:start[hi]], bnd, min_size)


def e_divisive(z, groups, significance, permutations, min_size, seed):
    z = np.asarray(z, dtype=float)
    start = positions(groups, len(z))
    npos = len(start) - 1
    rng = CtRng(seed)
    cuts = [0, npos]
    best = [seg_best(z, start, 0, npos, min_size)]
    found = []
    while True:
        s_best = None
        for s, b in enumerate(best):  # the first segment with the largest Q
            if b is not None and (s_best is None or b[2] > best[s_best][2]):
                s_best = s
        if s_best is None:
            break
        q_obs = best[s_best][2]
        work = z.copy()
        exceed = 0
        for _ in range(permutations):
            q_max = -math.inf
            for s in range(len(best)):
                if best[s] is None:
                    continue
                a, b = start[cuts[s]], start[cuts[s + 1]]
                seg = work[a:b]
                for i in range(len(seg) - 1, 0, -1):
                    j = rng.below(i + 1)
                    seg[i], seg[j] = seg[j], seg[i]
                sp = seg_best(work, start, cuts[s], cuts[s + 1], min_size)
                if sp is not None and sp[2] > q_max:
                    q_max = sp[2]
            if q_max >= q_obs:
                exceed += 1
            if (1 + exceed) / (permutations + 1) > significance:
                break
        p = (1 + exceed) / (permutations + 1)
        if p > significance:
            break
        lo, hi = cuts[s_best], cuts[s_best + 1]
        cut = lo + best[s_best][0]
        found.append((cut, p))
        cuts.insert(s_best + 1, cut)
        best[s_best:s_best + 1] = [seg_best(z, start, lo, cut, min_size),
                                   seg_best(z, start, cut, hi, min_size)]
    return sorted(found)


def write_energy(rng):
    rows = []
    for case, n, groups_of, min_size in [("noise_12", 12, None, 1), ("step_20", 20, None, 3),
                                         ("noise_25_m2", 25, None, 2), ("grouped_30", 30, 3, 2),
                                         ("grouped_uneven", 23, "uneven", 1),
                                         ("two_steps_40", 40, None, 4),
                                         ("blip_30_m3", 30, None, 3), ("blip_30_m1", 30, None, 1)]:
        z = rng.normal(0.0, 1.0, n)
        if case.startswith("step"):
            z[n // 2:] += 2.0
        if case.startswith("blip"):  # 2 points: the best kappa is cut short by min_size 3
            z[12:14] += 8.0
        if case.startswith("two_steps"):
            z[10:] += 3.0
            z[28:] -= 2.0
        if groups_of == "uneven":
            sizes = [1, 3, 2, 2, 4, 1, 1, 3, 2, 4]
            groups = [g for g, s in enumerate(sizes) for _ in range(s)]
        elif groups_of:
            groups = [i // groups_of for i in range(n)]
        else:
            groups = None
        start = positions(groups, n)
        b = best_split(z, start, min_size)
        rows.append([case, min_size, b[0], b[1], repr(float(b[2])), fmt(z),
                     "" if groups is None else ";".join(str(g) for g in groups)])
    with open(os.path.join(HERE, "stats_energy_reference.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "min_size", "t", "k", "q", "z", "groups"])
        w.writerows(rows)


def write_edivisive(rng):
    rows = []
    specs = [("one_step", 60, None, [(30, 1.5)], 0.05, 99, 3, 11),
             ("two_steps", 72, None, [(20, 2.0), (50, -1.5)], 0.05, 99, 4, 5),
             ("noise", 50, None, [], 0.05, 99, 3, 3),
             ("grouped", 66, 3, [(36, 1.2)], 0.05, 99, 2, 8),
             ("three_steps", 90, None, [(25, 2.5), (50, -2.5), (70, 2.0)], 0.01, 199, 5, 21)]
    for name, n, per, steps, sig, perms, min_size, seed in specs:
        z = rng.normal(10.0, 1.0, n)
        for at, h in steps:
            z[at:] += h
        groups = [i // per for i in range(n)] if per else None
        found = e_divisive(z, groups, sig, perms, min_size, seed)
        rows.append([name, seed, perms, repr(sig), min_size,
                     ";".join(f"{c}:{p!r}" for c, p in found), fmt(z),
                     "" if groups is None else ";".join(str(g) for g in groups)])
    with open(os.path.join(HERE, "stats_edivisive_reference.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "seed", "permutations", "significance", "min_size", "expected",
                    "z", "groups"])
        w.writerows(rows)


def main():
    print("scipy", scipy.__version__, "numpy", np.__version__)
    rng = np.random.default_rng(20240611)
    cases = write_mwu(rng)
    check_exact_against_scipy(cases)
    write_hl(rng)
    write_boot(rng)
    write_energy(rng)
    write_edivisive(rng)


if __name__ == "__main__":
    main()
