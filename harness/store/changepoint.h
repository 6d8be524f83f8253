/* changepoint.h -- change points of a series ordered by time: E-divisive
 * with a permutation test for noisy metrics, an exact scan for deterministic
 * ones.  Pure: no I/O, no database.  docs/STATISTICS.md §3 has the details.
 *
 * Input: values z[0..n) in time order, and optionally group ids g[0..n):
 * the samples of one commit share an id and are contiguous, and form one
 * *position*; a change point is a position, so a group is never split.
 * Without ids every sample is its own position.
 *
 * Noisy metrics: E-divisive (Matteson & James, "A Nonparametric Approach for
 * Multiple Change Point Analysis of Multivariate Data", JASA 109(505):
 * 334-345, 2014), univariate, with the paper's alpha = 1:
 *  - divergence of samples X (n_x) and Y (n_y), with d = |a - b|:
 *      E(X, Y) = 2/(n_x n_y) sum d(X_i, Y_j) - sum_{i<k} d(X_i, X_k) / C(n_x, 2)
 *                                          - sum_{j<k} d(Y_j, Y_k) / C(n_y, 2)
 *      Q(X, Y) = n_x n_y / (n_x + n_y) E(X, Y)
 *  - one split of a segment [a, b): the (tau, kappa), a < tau < kappa <= b,
 *    maximising Q(z[a..tau), z[tau..kappa)); tau is the candidate, kappa
 *    only lets the right side stop before a further change;
 *  - divisive: given k accepted change points, the best split of each of the
 *    k + 1 segments (remembered between rounds); the largest Q is the next
 *    candidate;
 *  - significance, the paper's permutation test: R times, permute the
 *    samples within every segment and recompute the largest Q over all
 *    segments; p = (1 + #{permuted Q >= observed Q}) / (R + 1) (a valid
 *    p-value, never 0: Phipson & Smyth 2010); accepted when
 *    p <= `significance`; the search stops at the first rejection (or at
 *    `max_points`).  The permutations stop early once p exceeds
 *    `significance`: that changes no decision and no reported p;
 *  - a split needs >= `min_size` positions and >= 2 samples on each side (X
 *    and Y: the within-sample terms need two), the paper's minimum size.
 * A segment of L samples costs O(L^2) time and O(L) memory (running column
 * sums of the distance matrix, never the matrix), so a round is O(n^2 R).
 * MongoDB's signal-processing-algorithms (Daly et al., "The Use of Change
 * Point Detection to Identify Software Performance Regressions in a
 * Continuous Integration System", ICPE 2020) runs the same divisive search
 * and permutation test with kappa fixed to the segment's end and
 * p = #{>=} / (R + 1); Hunter (Fleming et al., ICPE 2023), now Apache Otava,
 * keeps the split search and replaces the permutation test by a t-test.
 *
 * Deterministic metrics (distance evaluations per query: every sample of a
 * commit identical): each position where the value changes is a change
 * point, exactly there, with p = 0 and no permutations; min_size does not
 * apply.  Mode AUTO takes this path when every position has >= 2 samples and
 * all samples of every position are equal (bit for bit); EXACT forces it
 * (then a position with differing samples is CT_EINVAL); NOISY never.
 *
 * Deterministic for a given seed: one ct_rng (ct/rng.h) seeded with `seed`
 * drives every shuffle (Fisher-Yates, j = ct_rng_below(i + 1)).
 */
#ifndef BENCH_CHANGEPOINT_H
#define BENCH_CHANGEPOINT_H

#include <stdint.h>

#include "ct/status.h"

typedef enum bench_cp_mode {
    BENCH_CP_AUTO = 0, /* exact path iff the series is constant within every position */
    BENCH_CP_NOISY,    /* always E-divisive */
    BENCH_CP_EXACT     /* always the exact scan */
} bench_cp_mode;

typedef struct bench_cp_options {
    double significance; /* accept when p <= this; default 0.05 */
    int permutations;    /* R; default 199 (smallest p 0.005) */
    int min_size;        /* positions on each side of a split; default 3 */
    int max_points;      /* stop after this many; 0 = no limit (default) */
    uint64_t seed;       /* default 1 */
    bench_cp_mode mode;  /* default AUTO */
} bench_cp_options;

void bench_cp_options_default(bench_cp_options *opt);

typedef struct bench_change_point {
    int position;       /* first position of the new regime (1..positions-1) */
    int index;          /* its first sample index */
    double p_value;     /* permutation p-value; 0 on the exact path */
    double q;           /* Q of the accepted split; NaN on the exact path */
    double mean_before; /* mean of the segment ending here (final segmentation) */
    double mean_after;  /* mean of the segment starting here */
    double rel_step;    /* (after - before) / |before|; +-inf or NaN if before is 0 */
    int order;          /* 1 = accepted first; 0 on the exact path */
} bench_change_point;

/* Change points of z[0..n) (n >= 1, finite values), groups may be NULL.
 * Writes them to points[0..*count) in time order; capacity >= positions - 1
 * always suffices (CT_EINVAL, with *count = the number found, if it is too
 * small).  *exact (may be NULL) is set to 1 when the exact path ran. */
int bench_changepoints(const double *z, const int64_t *groups, int n, const bench_cp_options *opt,
                       bench_change_point *points, int capacity, int *count, int *exact,
                       ct_error *err);

/* changepoint_energy.c: the best split of one segment z[0..len) whose
 * positions start at bnd[0] = 0 < bnd[1] < ... < bnd[npos] = len: the
 * (tau, kappa) = (bnd[t], bnd[k]) maximising Q subject to the size rules
 * above (first maximum in (t, k) order).  Scratch: two arrays of len
 * doubles.  *found = 0 when no split is allowed. */
typedef struct bench_energy_split {
    int found;
    int t, k; /* position indices within the segment */
    double q;
} bench_energy_split;

void bench_energy_best_split(const double *z, int len, const int *bnd, int npos, int min_size,
                             double *scratch_a, double *scratch_b, bench_energy_split *out);

/* Q(z[0..nx), z[nx..nx+ny)) by its definition, O((nx + ny)^2); nx, ny >= 2. */
double bench_energy_q(const double *z, int nx, int ny);

#endif
