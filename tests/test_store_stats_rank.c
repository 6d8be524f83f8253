/* test_store_stats_rank.c -- the Mann-Whitney U test (stats_rank.h) against
 * values it did not compute itself:
 *  - SciPy 1.10's scipy.stats.mannwhitneyu (exact and asymptotic, three
 *    alternatives, with and without ties) from tests/data/
 *    stats_mwu_reference.csv, and the published example of its documentation;
 *  - brute force: every order of the pooled ranks for all n1 + n2 <= 12, so
 *    the exact null distribution, every exact p-value and the smallest
 *    reachable p come from plain enumeration here;
 *  - the published table of critical values of U for n1 = n2 = 5..10,
 *    two-sided alpha 0.05 and 0.01;
 *  - the normal quantile 1.959963984540054 (z of 0.025);
 * plus the refusals (NaN, exact with ties, empty samples). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats_normal.h"
#include "stats_rank.h"
#include "test_store_stats_common.h"
#include "testutil.h"

static bench_alternative alt_of(const char *s)
{
    if (strcmp(s, "less") == 0) return BENCH_ALT_LESS;
    if (strcmp(s, "greater") == 0) return BENCH_ALT_GREATER;
    return BENCH_ALT_TWO_SIDED;
}

static void check_scipy_reference(void)
{
    ref_table t;
    int rows_checked = 0;
    if (ref_read("stats_mwu_reference.csv", 7, &t) != 0) return;
    for (int r = 0; r < t.rows; r++) {
        double *x, *y;
        int n1 = ref_list(&t, r, 5, &x), n2 = ref_list(&t, r, 6, &y);
        const char *name = ref_cell(&t, r, 0), *alt = ref_cell(&t, r, 1);
        int exact = strcmp(ref_cell(&t, r, 2), "exact") == 0;
        double u1 = ref_double(&t, r, 3), p = ref_double(&t, r, 4);
        bench_mwu_result res, aut;
        ct_error err;
        int rc = bench_mwu_test(x, n1, y, n2, alt_of(alt),
                                exact ? BENCH_MWU_EXACT : BENCH_MWU_ASYMPTOTIC, &res, &err);
        CT_CHECK(rc == CT_OK, "%s %s: %s", name, alt, err.msg);
        if (rc == CT_OK) {
            CT_CHECK(res.u1 == u1, "%s %s: U1 %.17g, scipy %.17g", name, alt, res.u1, u1);
            CT_CHECK(close_rel(res.p, p, 1e-12) || fabs(res.p - p) < 1e-300,
                     "%s %s %s: p %.17g, scipy %.17g", name, alt, ref_cell(&t, r, 2), res.p, p);
            CT_CHECK(res.method == (exact ? BENCH_MWU_EXACT : BENCH_MWU_ASYMPTOTIC),
                     "%s: method used", name);
            CT_CHECK(res.u2 == (double)n1 * n2 - u1, "%s: U2", name);
        }
        /* AUTO: exact for tie-free n1 n2 <= 2500, else the approximation */
        rc = bench_mwu_test(x, n1, y, n2, alt_of(alt), BENCH_MWU_AUTO, &aut, &err);
        if (rc == CT_OK) {
            int auto_exact = res.n_ties == 0 && (long)n1 * n2 <= BENCH_MWU_AUTO_EXACT;
            if (auto_exact == exact)
                CT_CHECK(close_rel(aut.p, p, 1e-12) || fabs(aut.p - p) < 1e-300,
                         "%s %s AUTO: p %.17g, scipy %s %.17g", name, alt, aut.p,
                         ref_cell(&t, r, 2), p);
            CT_CHECK(aut.method == (auto_exact ? BENCH_MWU_EXACT : BENCH_MWU_ASYMPTOTIC),
                     "%s AUTO picked method %d", name, aut.method);
        }
        free(x);
        free(y);
        rows_checked++;
    }
    CT_CHECK(rows_checked >= 90, "only %d scipy rows", rows_checked);
    ref_free(&t);
}

/* The example of scipy.stats.mannwhitneyu's documentation (SciPy 1.10),
 * itself Shier (2004): U_M = 17, p = 0.11. */
static void check_published_example(void)
{
    const double males[] = {19, 22, 16, 29, 24}, females[] = {20, 11, 17, 12};
    bench_mwu_result r;
    ct_error err;
    CT_CHECK(bench_mwu_test(males, 5, females, 4, BENCH_ALT_TWO_SIDED, BENCH_MWU_EXACT, &r, &err) ==
                 CT_OK,
             "%s", err.msg);
    CT_CHECK(r.u1 == 17.0 && r.u2 == 3.0, "U1 %g U2 %g, published 17 and 3", r.u1, r.u2);
    CT_CHECK(close_rel(r.p, 0.1111111111111111, 1e-14), "exact p %.17g, published 0.1111", r.p);
    CT_CHECK(bench_mwu_test(males, 5, females, 4, BENCH_ALT_TWO_SIDED, BENCH_MWU_ASYMPTOTIC, &r,
                            &err) == CT_OK,
             "%s", err.msg);
    CT_CHECK(close_rel(r.p, 0.11134688653314041, 1e-13), "asymptotic p %.17g, published %.17g", r.p,
             0.11134688653314041);
    CT_CHECK(bench_mwu_test(females, 4, males, 5, BENCH_ALT_LESS, BENCH_MWU_EXACT, &r, &err) ==
                 CT_OK,
             "%s", err.msg);
    CT_CHECK(r.u1 == 3.0 && close_rel(r.p, 0.05555555555555555, 1e-14),
             "females less: U %g p %.17g, published 3 and 0.0556", r.u1, r.p);
}

/* U1 of the order `mask` (bit i set: pooled rank i + 1 belongs to x). */
static int u_of_mask(unsigned mask, int n)
{
    int below = 0, u = 0;
    for (int i = 0; i < n; i++) {
        if (mask >> i & 1u) {
            u += below; /* y's below this x */
        } else {
            below++;
        }
    }
    return u;
}

static int popcount(unsigned v)
{
    int c = 0;
    for (; v; v &= v - 1) c++;
    return c;
}

/* Every order of n1 + n2 <= 12 ranks: the null distribution, each order's
 * exact p-values by their definitions, and the smallest two-sided p. */
static void check_brute_force(void)
{
    for (int n = 2; n <= 12; n++) {
        for (int n1 = 1; n1 < n; n1++) {
            int n2 = n - n1, mn = n1 * n2, orders = 0;
            int *count = calloc((size_t)mn + 1, sizeof *count);
            double *cdf = malloc(((size_t)mn + 1) * sizeof *cdf), min_two = 2.0, p_min;
            ct_error err;
            for (unsigned mask = 0; mask < 1u << n; mask++) {
                if (popcount(mask) != n1) continue;
                count[u_of_mask(mask, n)]++;
                orders++;
            }
            CT_CHECK(bench_mwu_null_cdf(n1, n2, mn, cdf, &err) == CT_OK, "%s", err.msg);
            CT_CHECK(close_rel(bench_mwu_orders(n1, n2), orders, 1e-15), "orders %d x %d", n1, n2);
            {
                int run = 0, bad = 0;
                for (int u = 0; u <= mn; u++) {
                    run += count[u];
                    if (!close_rel(cdf[u], (double)run / orders, 1e-13)) bad++;
                }
                CT_CHECK(bad == 0, "null cdf %d x %d: %d values differ from enumeration", n1, n2,
                         bad);
            }
            /* each order as data: ranks as values */
            for (unsigned mask = 0; mask < 1u << n; mask++) {
                double x[12], y[12], p_ge = 0, p_le = 0, want;
                int ix = 0, iy = 0, u;
                bench_mwu_result r;
                if (popcount(mask) != n1) continue;
                for (int i = 0; i < n; i++) {
                    if (mask >> i & 1u) {
                        x[ix++] = i + 1;
                    } else {
                        y[iy++] = i + 1;
                    }
                }
                u = u_of_mask(mask, n);
                for (int v = 0; v <= mn; v++) {
                    if (v >= u) p_ge += count[v];
                    if (v <= u) p_le += count[v];
                }
                p_ge /= orders;
                p_le /= orders;
                want = fmin(1.0, 2.0 * fmin(p_ge, p_le));
                if (want < min_two) min_two = want;
                if (bench_mwu_test(x, n1, y, n2, BENCH_ALT_TWO_SIDED, BENCH_MWU_EXACT, &r, &err) !=
                    CT_OK) {
                    CT_CHECK(0, "%s", err.msg);
                    continue;
                }
                CT_CHECK(r.u1 == u, "order %x: U %g, counted %d", mask, r.u1, u);
                CT_CHECK(close_rel(r.p, want, 1e-12), "order %x (%d x %d) two-sided %.17g vs %.17g",
                         mask, n1, n2, r.p, want);
                bench_mwu_test(x, n1, y, n2, BENCH_ALT_GREATER, BENCH_MWU_EXACT, &r, &err);
                CT_CHECK(close_rel(r.p, p_ge, 1e-12), "order %x greater %.17g vs %.17g", mask, r.p,
                         p_ge);
                bench_mwu_test(x, n1, y, n2, BENCH_ALT_LESS, BENCH_MWU_EXACT, &r, &err);
                CT_CHECK(close_rel(r.p, p_le, 1e-12), "order %x less %.17g vs %.17g", mask, r.p,
                         p_le);
            }
            CT_CHECK(bench_mwu_min_p(n1, n2, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &p_min, &err) ==
                         CT_OK,
                     "%s", err.msg);
            CT_CHECK(close_rel(p_min, min_two, 1e-13), "min p %d x %d: %.17g, enumeration %.17g",
                     n1, n2, p_min, min_two);
            free(count);
            free(cdf);
        }
    }
}

/* Samples with a chosen U1 = u (0 <= u <= n^2) for n vs n: y_j = 2 j + 1,
 * x_i = 2 a_i + i / n with a_i y's below it, sum a_i = u. */
static void samples_with_u(int n, int u, double *x, double *y)
{
    for (int j = 0; j < n; j++) y[j] = 2.0 * j + 1.0;
    for (int i = n - 1; i >= 0; i--) {
        int a = u < n ? u : n;
        x[i] = 2.0 * a + (double)i / n;
        u -= a;
    }
}

/* Critical values of U, n1 = n2 = n, two-sided: reject when min(U1, U2) <=
 * the value (standard published table, e.g. Mann & Whitney 1947 / any
 * statistics text's Table of critical values of U). */
static void check_critical_table(void)
{
    static const int crit05[] = {2, 5, 8, 13, 17, 23}, crit01[] = {0, 2, 4, 7, 11, 16};
    for (int n = 5; n <= 10; n++) {
        double x[10], y[10], cdf[51];
        ct_error err;
        for (int a = 0; a < 2; a++) {
            double alpha = a ? 0.01 : 0.05;
            int crit = a ? crit01[n - 5] : crit05[n - 5], largest = -1;
            bench_mwu_result r;
            bench_mwu_null_cdf(n, n, n * n / 2, cdf, &err);
            for (int u = 0; u <= n * n / 2; u++)
                if (2.0 * cdf[u] <= alpha) largest = u;
            CT_CHECK(largest == crit, "n = %d alpha %g: critical U %d, table %d", n, alpha, largest,
                     crit);
            samples_with_u(n, crit, x, y);
            bench_mwu_test(x, n, y, n, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &r, &err);
            CT_CHECK(r.u1 == crit && r.p <= alpha, "n = %d U = %d: p %g should be <= %g", n, crit,
                     r.p, alpha);
            samples_with_u(n, crit + 1, x, y);
            bench_mwu_test(x, n, y, n, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &r, &err);
            CT_CHECK(r.u1 == crit + 1 && r.p > alpha, "n = %d U = %d: p %g should be > %g", n,
                     crit + 1, r.p, alpha);
        }
    }
}

/* Too few samples: the bounds a gate reports ("inconclusive"). */
static void check_reachability(void)
{
    double p;
    int n;
    ct_error err;
    bench_mwu_min_p(3, 3, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &p, &err);
    CT_CHECK(p > 0.05, "3 vs 3 can never reach p <= 0.05 (2/20), got %g", p);
    bench_mwu_min_p(4, 4, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &p, &err);
    CT_CHECK(p <= 0.05 && p > 0.01, "4 vs 4: 2/70, got %g", p);
    bench_mwu_min_p(5, 5, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &p, &err);
    CT_CHECK(p <= 0.01, "5 vs 5: 2/252, got %g", p);
    /* the smallest n per side, from the definition: the first n whose
     * fully separated samples give an exact p <= alpha */
    for (int a = 0; a < 4; a++) {
        const double alphas[] = {0.05, 0.01, 0.002, 1e-6};
        for (int two = 0; two < 2; two++) {
            bench_alternative alt = two ? BENCH_ALT_TWO_SIDED : BENCH_ALT_GREATER;
            int want = 0;
            for (int k = 1; k <= 40 && !want; k++) {
                double x[40], y[40];
                bench_mwu_result r;
                for (int i = 0; i < k; i++) x[i] = 100 + i, y[i] = i;
                bench_mwu_test(x, k, y, k, alt, BENCH_MWU_EXACT, &r, &err);
                if (r.p <= alphas[a]) want = k;
            }
            CT_CHECK(bench_mwu_min_n(alphas[a], alt, &n, &err) == CT_OK && n == want,
                     "min n for alpha %g (%s): %d, by search %d", alphas[a],
                     two ? "two-sided" : "one-sided", n, want);
        }
    }
    /* the approximation's bound is its p on fully separated samples */
    {
        double x[60], y[70];
        bench_mwu_result r;
        for (int i = 0; i < 60; i++) x[i] = i;
        for (int j = 0; j < 70; j++) y[j] = 1000 + j;
        bench_mwu_test(x, 60, y, 70, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &r, &err);
        bench_mwu_min_p(60, 70, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &p, &err);
        CT_CHECK(r.method == BENCH_MWU_ASYMPTOTIC && close_rel(r.p, p, 1e-12),
                 "60 x 70 min p %g vs separated %g", p, r.p);
    }
    /* 5 vs 5 separated: exact crosses 0.01, the approximation does not */
    {
        double pe, pa;
        bench_mwu_min_p(5, 5, BENCH_ALT_TWO_SIDED, BENCH_MWU_EXACT, &pe, &err);
        bench_mwu_min_p(5, 5, BENCH_ALT_TWO_SIDED, BENCH_MWU_ASYMPTOTIC, &pa, &err);
        CT_CHECK(pe < 0.01 && pa > 0.01, "5 x 5: exact %g, normal %g", pe, pa);
    }
}

static void check_normal(void)
{
    double z = bench_normal_isf(0.025);
    CT_CHECK(fabs(z - 1.959963984540054) < 1e-14, "z(0.025) = %.17g", z);
    CT_CHECK(fabs(bench_normal_isf(0.5)) < 1e-15, "z(0.5) = %g", bench_normal_isf(0.5));
    for (double p = 1e-12; p < 1; p *= 7.3) {
        double back = bench_normal_sf(bench_normal_isf(p));
        CT_CHECK(close_rel(back, p, 1e-12), "sf(isf(%g)) = %.17g", p, back);
    }
    CT_CHECK(isnan(bench_normal_isf(0.0)) && isnan(bench_normal_isf(1.0)), "isf outside (0, 1)");
}

static void check_refusals(void)
{
    const double x[] = {1, 2, 2, 4}, y[] = {3, 5, 6};
    double bad[] = {1, NAN};
    bench_mwu_result r;
    ct_error err;
    double p;
    CT_CHECK(bench_mwu_test(x, 4, y, 3, BENCH_ALT_TWO_SIDED, BENCH_MWU_EXACT, &r, &err) ==
                 CT_EINVAL,
             "exact with ties must be refused");
    CT_CHECK(bench_mwu_test(x, 4, y, 3, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &r, &err) == CT_OK &&
                 r.method == BENCH_MWU_ASYMPTOTIC && r.n_ties == 1,
             "AUTO with ties: normal approximation, one tie group");
    CT_CHECK(bench_mwu_test(bad, 2, y, 3, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &r, &err) == CT_ENAN,
             "NaN must be refused");
    CT_CHECK(bench_mwu_test(x, 0, y, 3, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &r, &err) == CT_EINVAL,
             "empty sample must be refused");
    CT_CHECK(bench_mwu_test(x, 4, y, 3, (bench_alternative)7, BENCH_MWU_AUTO, &r, &err) ==
                 CT_EINVAL,
             "unknown alternative must be refused");
    CT_CHECK(bench_mwu_min_p(101, 100, BENCH_ALT_TWO_SIDED, BENCH_MWU_EXACT, &p, &err) == CT_EINVAL,
             "exact beyond BENCH_MWU_EXACT_MAX must be refused");
    CT_CHECK(bench_mwu_min_n(0.0, BENCH_ALT_TWO_SIDED, &r.n_ties, &err) == CT_EINVAL,
             "alpha 0 must be refused");
}

int main(void)
{
    check_scipy_reference();
    check_published_example();
    check_brute_force();
    check_critical_table();
    check_reachability();
    check_normal();
    check_refusals();
    return ct_test_finish("test_store_stats_rank");
}
