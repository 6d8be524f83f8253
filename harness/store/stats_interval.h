/* stats_interval.h -- confidence intervals for the ratio of two timing
 * samples, candidate / baseline.  Pure: no I/O, no database.
 * docs/STATISTICS.md §2 has the derivations and the argument summarised here.
 *
 * Hodges-Lehmann (stats_interval_hl.c).  Model: log(candidate time) is
 * log(baseline time) shifted by delta, i.e. the candidate is r = e^delta
 * times slower.  The estimate of delta is the median of the n1 n2 pairwise
 * differences D = log(c_j) - log(b_i) (Hodges & Lehmann 1963); the interval
 * is [D_(C), D_(N+1-C)] of the sorted differences, N = n1 n2, where C - 1 is
 * the largest u with P(U <= u) <= alpha / 2 under the Mann-Whitney null
 * (Bauer 1972; Hollander & Wolfe, Nonparametric Statistical Methods, 2nd ed.
 * 1999, §4.3).  Exponentiated back: a ratio estimate and interval.  For
 * continuous data its coverage is exactly 1 - 2 P(U <= C - 1) >= confidence,
 * whatever the distribution of the times (only the shift model is assumed);
 * `coverage` reports that number.  C comes from the exact distribution when
 * n1 n2 <= BENCH_MWU_AUTO_EXACT, else from the normal approximation with
 * continuity correction, C = floor(N / 2 + 1/2 - z s), s^2 = N (n + 1) / 12.
 * It is the interval dual to the two-sided Mann-Whitney test: for tie-free
 * data it excludes a ratio of 1 exactly when bench_mwu_test (method AUTO,
 * which picks exact or normal by the same rule) gives p <= 1 - confidence.
 * Too few samples (C < 1, e.g. 3 vs 3 at 95 %): no distribution-free
 * interval exists; `bounded` is 0 and the interval is [0, +inf].
 *
 * Bootstrap (stats_interval_boot.c): the percentile interval (Efron &
 * Tibshirani, An Introduction to the Bootstrap, 1993, §13.3) of
 * median(c*) / median(b*) over `resamples` resamples drawn with replacement
 * from each sample separately, medians and percentiles by type-7
 * interpolation (stats.h, numpy's default).  Estimate: median(c) / median(b).
 * Draws: one ct_rng seeded with `seed`; resample k takes n1 indices
 * ct_rng_below(n1) for the baseline, then n2 indices ct_rng_below(n2) for
 * the candidate, k = 0, 1, ...  Its coverage is only asymptotic (no
 * finite-sample guarantee); `coverage` reports the nominal confidence.
 * Measured on lognormal times with a 1.2x shift (docs/STATISTICS.md §2.3):
 * 96.5 % at 95 % for n = 5..40 per side, as wide as HL's at n = 5 and
 * 10-25 % wider from n = 8; HL came out at 95-97 %.
 *
 * Which one `ctbench compare` prints: the Hodges-Lehmann ratio and interval.
 * Its coverage is guaranteed at every sample size under the shift model, it
 * was the narrower of the two, it needs no seed, it never disagrees with the
 * Mann-Whitney verdict the gate prints next to it, and it says honestly when
 * the samples are too few.  The bootstrap is the cross-check when the
 * estimand must be the ratio of medians itself: when the two distributions
 * differ in shape (e.g. a bimodal candidate), a pure shift does not describe
 * the change and HL's ratio is a compromise between the modes.
 */
#ifndef BENCH_STATS_INTERVAL_H
#define BENCH_STATS_INTERVAL_H

#include <stdint.h>

#include "ct/status.h"

typedef struct bench_ratio_ci {
    double estimate; /* candidate / baseline */
    double lower;    /* 0 when !bounded */
    double upper;    /* +inf when !bounded */
    double coverage; /* HL: achieved (exact) or approximate; bootstrap: nominal */
    int bounded;     /* 0: too few samples for an interval at this confidence */
    int rank;        /* HL: C (1-based order statistic of the lower end); else 0 */
    int method;      /* HL: BENCH_MWU_EXACT or BENCH_MWU_ASYMPTOTIC (stats_rank.h); else 0 */
} bench_ratio_ci;

/* Most pairwise differences the Hodges-Lehmann interval sorts. */
#define BENCH_HL_MAX_PAIRS (1L << 24)

/* Hodges-Lehmann ratio and interval of candidate[0..n2) against
 * baseline[0..n1): positive finite times (else CT_EINVAL / CT_ENAN),
 * n1, n2 >= 1, n1 n2 <= BENCH_HL_MAX_PAIRS, 0 < confidence < 1. */
int bench_ratio_ci_hl(const double *baseline, int n1, const double *candidate, int n2,
                      double confidence, bench_ratio_ci *out, ct_error *err);

/* Bootstrap percentile interval of median(candidate) / median(baseline);
 * same inputs, resamples >= 10. */
int bench_ratio_ci_bootstrap(const double *baseline, int n1, const double *candidate, int n2,
                             double confidence, int resamples, uint64_t seed, bench_ratio_ci *out,
                             ct_error *err);

/* CT_OK if v[0..n) are finite positive times; else CT_ENAN / CT_EINVAL
 * naming what[i]. */
int bench_check_positive_times(const double *v, int n, const char *what, ct_error *err);

#endif
