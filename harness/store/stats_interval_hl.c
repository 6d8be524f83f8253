/* stats_interval_hl.c -- the Hodges-Lehmann estimate of the shift of
 * log(time) and its distribution-free interval from the Mann-Whitney order
 * statistics, as a ratio candidate / baseline (stats_interval.h,
 * docs/STATISTICS.md §2.1; Hodges & Lehmann 1963, Bauer 1972, Hollander &
 * Wolfe 1999 §4.3). */
#include "stats_interval.h"

#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "stats_normal.h"
#include "stats_rank.h"

int bench_check_positive_times(const double *v, int n, const char *what, ct_error *err)
{
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) return ct_error_set(err, CT_ENAN, "%s[%d] is not finite", what, i);
        if (!(v[i] > 0.0))
            return ct_error_set(err, CT_EINVAL, "%s[%d] = %g is not a positive time", what, i,
                                v[i]);
    }
    return CT_OK;
}

/* C: the 1-based rank of the lower end (0 if no interval exists), with its
 * coverage, from the exact null distribution of U or its normal
 * approximation. */
static int lower_rank(int n1, int n2, double alpha, int *rank, double *coverage, int *method,
                      ct_error *err)
{
    long mn = (long)n1 * n2;
    if (mn <= BENCH_MWU_AUTO_EXACT) {
        int half = (int)(mn / 2), c = -1, rc;
        double *cdf = malloc((size_t)(half + 1) * sizeof *cdf);
        if (!cdf) return ct_error_set(err, CT_ENOMEM, "Hodges-Lehmann: out of memory");
        rc = bench_mwu_null_cdf(n1, n2, half, cdf, err);
        if (rc == CT_OK) {
            while (c + 1 <= half && cdf[c + 1] <= alpha / 2.0) c++;
            *rank = c + 1;
            *coverage = c >= 0 ? 1.0 - 2.0 * cdf[c] : 1.0;
        }
        free(cdf);
        *method = BENCH_MWU_EXACT;
        return rc;
    } else {
        double n = (double)n1 + n2, N = (double)mn, s = sqrt(N * (n + 1.0) / 12.0);
        double c = floor(N / 2.0 + 0.5 - bench_normal_isf(alpha / 2.0) * s);
        *rank = c < 1.0 ? 0 : (int)c;
        /* P(U <= C - 1) ~ Phi((C - 1 + 1/2 - N/2) / s) */
        *coverage = *rank ? 1.0 - 2.0 * bench_normal_sf((N / 2.0 - (*rank - 0.5)) / s) : 1.0;
        *method = BENCH_MWU_ASYMPTOTIC;
        return CT_OK;
    }
}

int bench_ratio_ci_hl(const double *baseline, int n1, const double *candidate, int n2,
                      double confidence, bench_ratio_ci *out, ct_error *err)
{
    long N;
    double *d, *log_b;
    int rc;
    if (!baseline || !candidate || !out || n1 < 1 || n2 < 1)
        return ct_error_set(err, CT_EINVAL, "Hodges-Lehmann: need two non-empty samples (%d, %d)",
                            n1, n2);
    if (!(confidence > 0.0 && confidence < 1.0))
        return ct_error_set(err, CT_EINVAL, "Hodges-Lehmann: confidence %g not in (0, 1)",
                            confidence);
    N = (long)n1 * n2;
    if (N > BENCH_HL_MAX_PAIRS)
        return ct_error_set(err, CT_EINVAL, "Hodges-Lehmann: %d x %d pairs exceed %ld", n1, n2,
                            BENCH_HL_MAX_PAIRS);
    if ((rc = bench_check_positive_times(baseline, n1, "baseline", err)) != CT_OK) return rc;
    if ((rc = bench_check_positive_times(candidate, n2, "candidate", err)) != CT_OK) return rc;
    d = malloc((size_t)N * sizeof *d);
    log_b = malloc((size_t)n1 * sizeof *log_b);
    if (!d || !log_b) {
        free(d);
        free(log_b);
        return ct_error_set(err, CT_ENOMEM, "Hodges-Lehmann: out of memory");
    }
    for (int i = 0; i < n1; i++) log_b[i] = log(baseline[i]);
    for (int j = 0; j < n2; j++) {
        double lc = log(candidate[j]);
        for (int i = 0; i < n1; i++) d[(long)j * n1 + i] = lc - log_b[i];
    }
    free(log_b);
    bench_stats_sort(d, (int)N);
    out->estimate = exp(bench_stats_quantile(d, (int)N, 0.5));
    rc = lower_rank(n1, n2, 1.0 - confidence, &out->rank, &out->coverage, &out->method, err);
    if (rc == CT_OK) {
        out->bounded = out->rank >= 1;
        if (out->bounded) {
            out->lower = exp(d[out->rank - 1]);
            out->upper = exp(d[N - out->rank]);
        } else {
            out->lower = 0.0;
            out->upper = INFINITY;
        }
    }
    free(d);
    return rc;
}
