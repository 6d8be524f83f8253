/* stats_mwu_null.c -- the exact null distribution of the Mann-Whitney U
 * statistic for tie-free samples (stats_rank.h, docs/STATISTICS.md §1.2).
 *
 * Under H0 every one of the C(n1 + n2, n1) orders of the pooled sample is
 * equally likely (Mann & Whitney 1947).  With m = min(n1, n2) and
 * n = max(n1, n2), an order is a multiset of m values a_i in {0..n} (for
 * each element of the smaller sample, the number of elements of the other
 * one below it) and U = sum a_i, so the number of orders with U = u is the
 * number of such multisets with sum u.  Counted by dynamic programming over
 * the value v = 0..n with g[c][s] = multisets of size c from {0..v} with
 * sum s:  g_v[c][s] = g_{v-1}[c][s] + g_v[c-1][s-v]  (no copy of v, or one
 * copy removed), updated in place.  Only additions of non-negative counts,
 * so the doubles lose no precision to cancellation; a count is at most
 * C(200, 100) ~ 9e58 under BENCH_MWU_EXACT_MAX.  Sums above the needed u are
 * never formed: U is symmetric about m n / 2, so only u <= m n / 2 is
 * counted and P(U <= u) = 1 - P(U <= m n - u - 1) gives the rest.
 * Cost: (m + 1) (L + 1) doubles and at most n m L additions, L <= m n / 2.
 */
#include <stdlib.h>

#include "stats_rank.h"

double bench_mwu_orders(int n1, int n2)
{
    int m = n1 < n2 ? n1 : n2, n = n1 < n2 ? n2 : n1;
    double r = 1.0;
    for (int i = 1; i <= m; i++) r = r * (double)(n + i) / (double)i;
    return r;
}

int bench_mwu_null_cdf(int n1, int n2, int u_max, double *cdf, ct_error *err)
{
    int m = n1 < n2 ? n1 : n2, n = n1 < n2 ? n2 : n1;
    long mn;
    int half, L;
    double *g, total, run;
    if (n1 < 1 || n2 < 1 || u_max < 0 || !cdf)
        return ct_error_set(err, CT_EINVAL, "null distribution of U: sizes %d, %d, u_max %d", n1,
                            n2, u_max);
    mn = (long)n1 * n2;
    if (mn > BENCH_MWU_EXACT_MAX)
        return ct_error_set(err, CT_EINVAL,
                            "exact distribution of U for %d x %d samples exceeds %d pairs", n1, n2,
                            BENCH_MWU_EXACT_MAX);
    half = (int)(mn / 2);
    L = u_max < half ? u_max : half;
    g = calloc((size_t)(m + 1) * (size_t)(L + 1), sizeof *g);
    if (!g) return ct_error_set(err, CT_ENOMEM, "null distribution of U: out of memory");
#define G(c, s) g[(size_t)(c) * (size_t)(L + 1) + (size_t)(s)]
    for (int c = 0; c <= m; c++) G(c, 0) = 1.0; /* level v = 0: c zeros */
    for (int v = 1; v <= n && v <= L; v++)
        for (int c = 1; c <= m; c++)
            for (int s = v; s <= L; s++) G(c, s) += G(c - 1, s - v);
    total = bench_mwu_orders(n1, n2);
    run = 0.0;
    for (int u = 0; u <= L; u++) {
        run += G(m, u);
        cdf[u] = run / total;
    }
#undef G
    free(g);
    /* the upper half by symmetry: P(U <= u) = 1 - P(U <= mn - u - 1) */
    for (long u = L + 1; u <= u_max; u++) {
        long mirror = mn - u - 1;
        cdf[u] = u >= mn ? 1.0 : 1.0 - cdf[mirror];
    }
    return CT_OK;
}
