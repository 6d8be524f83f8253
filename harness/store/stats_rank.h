/* stats_rank.h -- the Mann-Whitney U test (Wilcoxon rank-sum test) of two
 * independent samples, its exact null distribution, and the smallest p-value
 * a pair of sample sizes can give at all.  Pure: no I/O, no database.
 *
 * The statistic and p-values follow scipy.stats.mannwhitneyu (SciPy 1.10,
 * whose definition google/benchmark's tools/compare.py calls with
 * alternative='two-sided'), so a result can be checked against it:
 *   U1 = R1 - n1 (n1 + 1) / 2, R1 the sum of the mid-ranks of x in the pooled
 *        sample: the number of pairs with x_i > y_j, ties counting 1/2;
 *   U2 = n1 n2 - U1;
 *   greater   (x tends to be larger than y):  p = P(U >= U1)
 *   less      (x tends to be smaller than y): p = P(U >= U2)
 *   two-sided:                                p = min(1, 2 P(U >= max(U1, U2)))
 * Exact p (Mann & Whitney 1947): U's null distribution for tie-free data,
 * from the count of arrangements with a given U (stats_mwu_null.c).
 * Asymptotic p: z = (U - n1 n2 / 2 - 1/2) / s with the continuity correction
 * 1/2 and the tie-corrected standard deviation
 *   s = sqrt(n1 n2 / 12 * ((n + 1) - sum_t (t^3 - t) / (n (n - 1)))),
 * t running over the sizes of the groups of tied values, n = n1 + n2
 * (Lehmann, Nonparametrics: Statistical Methods Based on Ranks, 1975, ch. 1;
 * docs/STATISTICS.md §1.3); p = P(Z >= z), doubled for two-sided.  No variation at all (every value equal) gives p = 1.
 *
 * When exact is used: method AUTO takes the exact distribution when the
 * pooled sample has no ties and n1 n2 <= BENCH_MWU_AUTO_EXACT (2500: up to
 * 50 x 50, 10 x 250, ...), else the normal approximation.  SciPy 1.10's
 * 'auto' is exact only while min(n1, n2) <= 8; asv (asv/statistics.py) is
 * exact while max(n1, n2) <= 20.  Exact costs at most (n1 n2)^2 / 2 additions
 * and matters where it is chosen: for small samples the approximation is
 * wrong in the tail that decides the verdict (5 vs 5 fully separated: exact
 * p = 0.0079, normal 0.0122, either side of 0.01).  EXACT asks for the
 * exact distribution (refused with CT_EINVAL for tied data or
 * n1 n2 > BENCH_MWU_EXACT_MAX); ASYMPTOTIC for the approximation whatever
 * the sizes.
 *
 * Too few samples: with no ties the most extreme arrangement (every x below
 * every y) has exact two-sided p = 2 / C(n1 + n2, n1), so a two-sided
 * p <= 0.05 needs n1 = n2 >= 4 and p <= 0.01 needs n1 = n2 >= 5 (3 vs 3 can
 * never go below 0.1).  bench_mwu_min_p gives that bound for the method the
 * test would use, so a gate can report "inconclusive: too few samples"
 * instead of "no change".  (asv's is_different makes the same check with the
 * one-sided bound 1 / C(n1 + n2, min(n1, n2)).)
 */
#ifndef BENCH_STATS_RANK_H
#define BENCH_STATS_RANK_H

#include "ct/status.h"

typedef enum bench_alternative {
    BENCH_ALT_TWO_SIDED = 0,
    BENCH_ALT_LESS,   /* x stochastically smaller than y */
    BENCH_ALT_GREATER /* x stochastically larger than y */
} bench_alternative;

typedef enum bench_mwu_method {
    BENCH_MWU_AUTO = 0,
    BENCH_MWU_EXACT,
    BENCH_MWU_ASYMPTOTIC
} bench_mwu_method;

/* AUTO is exact for tie-free samples with n1 n2 <= this. */
#define BENCH_MWU_AUTO_EXACT 2500
/* EXACT is refused above this n1 n2 (cost (n1 n2)^2 / 2). */
#define BENCH_MWU_EXACT_MAX 10000

typedef struct bench_mwu_result {
    double u1;  /* U of x: pairs with x_i > y_j, ties 1/2 */
    double u2;  /* n1 n2 - u1 */
    double p;   /* p-value of the alternative asked for */
    double z;   /* standardised statistic of the approximation; NaN if exact */
    int method; /* BENCH_MWU_EXACT or BENCH_MWU_ASYMPTOTIC: the one used */
    int n_ties; /* number of groups of tied values in the pooled sample */
} bench_mwu_result;

/* The test of x[0..n1) against y[0..n2) (n1, n2 >= 1; finite values, else
 * CT_ENAN).  The inputs are not modified. */
int bench_mwu_test(const double *x, int n1, const double *y, int n2, bench_alternative alt,
                   bench_mwu_method method, bench_mwu_result *out, ct_error *err);

/* The smallest p-value the test can return for sizes n1, n2 on tie-free
 * data, with the method AUTO/EXACT/ASYMPTOTIC would use there: a p <= alpha
 * is reachable iff *p_min <= alpha. */
int bench_mwu_min_p(int n1, int n2, bench_alternative alt, bench_mwu_method method, double *p_min,
                    ct_error *err);

/* The smallest n such that n samples on each side can reach a p <= alpha
 * (exact distribution, tie-free; alpha in (0, 1)); at most 1000. */
int bench_mwu_min_n(double alpha, bench_alternative alt, int *n, ct_error *err);

/* stats_mwu_null.c: the null distribution of U for tie-free samples of
 * sizes n1, n2 (both >= 1, n1 n2 <= BENCH_MWU_EXACT_MAX): cdf[u] =
 * P(U <= u) for u = 0..u_max (u_max >= 0; entries past n1 n2 are 1). */
int bench_mwu_null_cdf(int n1, int n2, int u_max, double *cdf, ct_error *err);

/* The number of orders of the pooled sample, C(n1 + n2, n1), as a double
 * (a running product, correct to a few ulp; +inf past DBL_MAX). */
double bench_mwu_orders(int n1, int n2);

#endif
