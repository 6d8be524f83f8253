/* stats_rank.c -- the Mann-Whitney U test: mid-ranks of the pooled sample,
 * U, the exact or tie-corrected normal p-value, and the smallest reachable
 * p-value for given sizes (stats_rank.h, docs/STATISTICS.md §1). */
#include "stats_rank.h"

#include <math.h>
#include <stdlib.h>

#include "stats_normal.h"

typedef struct pooled {
    double v;
    int from_x;
} pooled;

static int cmp_pooled(const void *a, const void *b)
{
    double x = ((const pooled *)a)->v, y = ((const pooled *)b)->v;
    return (x > y) - (x < y);
}

static int check_alt(bench_alternative alt, ct_error *err)
{
    if (alt != BENCH_ALT_TWO_SIDED && alt != BENCH_ALT_LESS && alt != BENCH_ALT_GREATER)
        return ct_error_set(err, CT_EINVAL, "Mann-Whitney: unknown alternative %d", (int)alt);
    return CT_OK;
}

/* Exact P(U >= u) for integer u, tie-free: P(U <= mn - u) by symmetry. */
static int exact_sf(int n1, int n2, long u, double *p, ct_error *err)
{
    long mn = (long)n1 * n2, k = mn - u;
    double *cdf;
    int rc;
    if (k < 0) {
        *p = 0.0;
        return CT_OK;
    }
    if (k >= mn) {
        *p = 1.0;
        return CT_OK;
    }
    cdf = malloc((size_t)(k + 1) * sizeof *cdf);
    if (!cdf) return ct_error_set(err, CT_ENOMEM, "Mann-Whitney: out of memory");
    rc = bench_mwu_null_cdf(n1, n2, (int)k, cdf, err);
    if (rc == CT_OK) *p = cdf[k];
    free(cdf);
    return rc;
}

/* Ranks the pooled sample: *r1 = sum of the mid-ranks of x, *tie_term =
 * sum (t^3 - t) over groups of t tied values, *n_ties = number of groups. */
static int rank_pooled(const double *x, int n1, const double *y, int n2, double *r1,
                       double *tie_term, int *n_ties, ct_error *err)
{
    int n = n1 + n2;
    pooled *p = malloc((size_t)n * sizeof *p);
    if (!p) return ct_error_set(err, CT_ENOMEM, "Mann-Whitney: out of memory");
    for (int i = 0; i < n1; i++) p[i] = (pooled){x[i], 1};
    for (int j = 0; j < n2; j++) p[n1 + j] = (pooled){y[j], 0};
    qsort(p, (size_t)n, sizeof *p, cmp_pooled);
    *r1 = 0.0;
    *tie_term = 0.0;
    *n_ties = 0;
    for (int i = 0; i < n;) {
        int j = i + 1, in_x = 0;
        double mid, t;
        while (j < n && p[j].v == p[i].v) j++;
        mid = 0.5 * ((double)(i + 1) + (double)j); /* ranks i+1..j */
        for (int k = i; k < j; k++) in_x += p[k].from_x;
        *r1 += mid * in_x;
        t = (double)(j - i);
        if (j - i > 1) {
            *tie_term += t * t * t - t;
            (*n_ties)++;
        }
        i = j;
    }
    free(p);
    return CT_OK;
}

int bench_mwu_test(const double *x, int n1, const double *y, int n2, bench_alternative alt,
                   bench_mwu_method method, bench_mwu_result *out, ct_error *err)
{
    double r1 = 0.0, tie_term = 0.0, mn, u, f;
    int n_ties = 0, rc, exact;
    if (!x || !y || !out || n1 < 1 || n2 < 1)
        return ct_error_set(err, CT_EINVAL, "Mann-Whitney: need two non-empty samples (%d, %d)", n1,
                            n2);
    if ((rc = check_alt(alt, err)) != CT_OK) return rc;
    for (int i = 0; i < n1; i++)
        if (!isfinite(x[i])) return ct_error_set(err, CT_ENAN, "Mann-Whitney: x[%d] not finite", i);
    for (int j = 0; j < n2; j++)
        if (!isfinite(y[j])) return ct_error_set(err, CT_ENAN, "Mann-Whitney: y[%d] not finite", j);
    if ((rc = rank_pooled(x, n1, y, n2, &r1, &tie_term, &n_ties, err)) != CT_OK) return rc;
    mn = (double)n1 * n2;
    out->u1 = r1 - 0.5 * n1 * (n1 + 1.0);
    out->u2 = mn - out->u1;
    out->n_ties = n_ties;
    out->z = NAN;
    if (alt == BENCH_ALT_GREATER) {
        u = out->u1, f = 1.0;
    } else if (alt == BENCH_ALT_LESS) {
        u = out->u2, f = 1.0;
    } else {
        u = out->u1 > out->u2 ? out->u1 : out->u2, f = 2.0;
    }
    switch (method) {
    case BENCH_MWU_AUTO: exact = n_ties == 0 && mn <= BENCH_MWU_AUTO_EXACT; break;
    case BENCH_MWU_EXACT:
        if (n_ties)
            return ct_error_set(err, CT_EINVAL,
                                "Mann-Whitney: exact distribution needs tie-free data (%d tie "
                                "groups)",
                                n_ties);
        exact = 1;
        break;
    case BENCH_MWU_ASYMPTOTIC: exact = 0; break;
    default: return ct_error_set(err, CT_EINVAL, "Mann-Whitney: unknown method %d", (int)method);
    }
    if (exact) {
        double sf = 1.0;
        if ((rc = exact_sf(n1, n2, (long)u, &sf, err)) != CT_OK) return rc;
        out->method = BENCH_MWU_EXACT;
        out->p = f * sf;
    } else {
        double n = (double)n1 + n2;
        double s = sqrt(mn / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0))));
        out->method = BENCH_MWU_ASYMPTOTIC;
        if (!(s > 0.0)) { /* every value equal: nothing to rank */
            out->z = 0.0;
            out->p = 1.0;
            return CT_OK;
        }
        out->z = (u - mn / 2.0 - 0.5) / s;
        out->p = f * bench_normal_sf(out->z);
    }
    if (out->p > 1.0) out->p = 1.0;
    return CT_OK;
}

int bench_mwu_min_p(int n1, int n2, bench_alternative alt, bench_mwu_method method, double *p_min,
                    ct_error *err)
{
    double mn, f;
    int rc, exact;
    if (n1 < 1 || n2 < 1 || !p_min)
        return ct_error_set(err, CT_EINVAL, "Mann-Whitney: sizes %d, %d", n1, n2);
    if ((rc = check_alt(alt, err)) != CT_OK) return rc;
    mn = (double)n1 * n2;
    f = alt == BENCH_ALT_TWO_SIDED ? 2.0 : 1.0;
    switch (method) {
    case BENCH_MWU_AUTO: exact = mn <= BENCH_MWU_AUTO_EXACT; break;
    case BENCH_MWU_EXACT:
        if (mn > BENCH_MWU_EXACT_MAX)
            return ct_error_set(err, CT_EINVAL, "Mann-Whitney: exact for %d x %d exceeds %d pairs",
                                n1, n2, BENCH_MWU_EXACT_MAX);
        exact = 1;
        break;
    case BENCH_MWU_ASYMPTOTIC: exact = 0; break;
    default: return ct_error_set(err, CT_EINVAL, "Mann-Whitney: unknown method %d", (int)method);
    }
    if (exact) {
        /* one order of C(n1 + n2, n1) reaches U = n1 n2 */
        *p_min = f / bench_mwu_orders(n1, n2);
    } else {
        double n = (double)n1 + n2, s = sqrt(mn * (n + 1.0) / 12.0);
        *p_min = f * bench_normal_sf((mn / 2.0 - 0.5) / s);
    }
    if (*p_min > 1.0) *p_min = 1.0;
    return CT_OK;
}

int bench_mwu_min_n(double alpha, bench_alternative alt, int *n, ct_error *err)
{
    int rc;
    double f;
    if (!n || !(alpha > 0.0 && alpha < 1.0))
        return ct_error_set(err, CT_EINVAL, "Mann-Whitney: alpha %g not in (0, 1)", alpha);
    if ((rc = check_alt(alt, err)) != CT_OK) return rc;
    f = alt == BENCH_ALT_TWO_SIDED ? 2.0 : 1.0;
    for (int k = 1; k <= 1000; k++) {
        double orders = bench_mwu_orders(k, k);
        if (isinf(orders)) break;
        if (f / orders <= alpha) {
            *n = k;
            return CT_OK;
        }
    }
    return ct_error_set(err, CT_EINVAL, "Mann-Whitney: alpha %g needs more than 1000 samples",
                        alpha);
}
