/* stats_interval_boot.c -- the seeded bootstrap percentile interval of
 * median(candidate) / median(baseline) (stats_interval.h,
 * docs/STATISTICS.md §2.2; Efron & Tibshirani 1993, §13.3).  The draws are
 * the project's ct_rng (ct/rng.h) in the order stats_interval.h states, so
 * tests/data/make_stats_reference.py can replay them. */
#include "stats_interval.h"

#include <stdlib.h>

#include "ct/rng.h"
#include "stats.h"

/* Median of n values drawn with replacement from v; scratch holds n. */
static double resampled_median(const double *v, int n, ct_rng *rng, double *scratch)
{
    for (int i = 0; i < n; i++) scratch[i] = v[ct_rng_below(rng, (uint64_t)n)];
    bench_stats_sort(scratch, n);
    return bench_stats_quantile(scratch, n, 0.5);
}

int bench_ratio_ci_bootstrap(const double *baseline, int n1, const double *candidate, int n2,
                             double confidence, int resamples, uint64_t seed, bench_ratio_ci *out,
                             ct_error *err)
{
    double *scratch, *ratio, alpha;
    ct_rng rng;
    int rc, n = n1 > n2 ? n1 : n2;
    if (!baseline || !candidate || !out || n1 < 1 || n2 < 1)
        return ct_error_set(err, CT_EINVAL, "bootstrap: need two non-empty samples (%d, %d)", n1,
                            n2);
    if (!(confidence > 0.0 && confidence < 1.0))
        return ct_error_set(err, CT_EINVAL, "bootstrap: confidence %g not in (0, 1)", confidence);
    if (resamples < 10)
        return ct_error_set(err, CT_EINVAL, "bootstrap: %d resamples (need >= 10)", resamples);
    if ((rc = bench_check_positive_times(baseline, n1, "baseline", err)) != CT_OK) return rc;
    if ((rc = bench_check_positive_times(candidate, n2, "candidate", err)) != CT_OK) return rc;
    scratch = malloc((size_t)n * sizeof *scratch);
    ratio = malloc((size_t)resamples * sizeof *ratio);
    if (!scratch || !ratio) {
        free(scratch);
        free(ratio);
        return ct_error_set(err, CT_ENOMEM, "bootstrap: out of memory");
    }
    for (int i = 0; i < n1; i++) scratch[i] = baseline[i];
    bench_stats_sort(scratch, n1);
    out->estimate = bench_stats_quantile(scratch, n1, 0.5);
    for (int j = 0; j < n2; j++) scratch[j] = candidate[j];
    bench_stats_sort(scratch, n2);
    out->estimate = bench_stats_quantile(scratch, n2, 0.5) / out->estimate;
    ct_rng_seed(&rng, seed);
    for (int k = 0; k < resamples; k++) {
        double mb = resampled_median(baseline, n1, &rng, scratch);
        double mc = resampled_median(candidate, n2, &rng, scratch);
        ratio[k] = mc / mb;
    }
    bench_stats_sort(ratio, resamples);
    alpha = 1.0 - confidence;
    out->lower = bench_stats_quantile(ratio, resamples, alpha / 2.0);
    out->upper = bench_stats_quantile(ratio, resamples, 1.0 - alpha / 2.0);
    out->coverage = confidence;
    out->bounded = 1;
    out->rank = 0;
    out->method = 0;
    free(scratch);
    free(ratio);
    return CT_OK;
}
