/* test_store_stats_interval.c -- the ratio intervals of stats_interval.h:
 *  - Hodges-Lehmann against tests/data/stats_hl_reference.csv (NumPy pairwise
 *    log differences, the rank C from U's exact null distribution in Python
 *    integers, or scipy.stats.norm past 2500 pairs);
 *  - the bootstrap against tests/data/stats_boot_reference.csv (the same
 *    ct_rng draws replayed in Python, numpy.median / numpy.percentile);
 *  - coverage as a statistical property with fixed seeds (deterministic):
 *    200 replications of lognormal samples with a 1.2x shift, the 95 %
 *    intervals must contain 1.2 at least 180 times and (power) exclude 1 at
 *    least 150 times;
 *  - duality with the Mann-Whitney test: the HL interval excludes 1 exactly
 *    when the two-sided test gives p <= 0.05, in the exact and the normal
 *    regime;
 *  - too few samples: no interval (3 vs 3 at 95 %, 4 vs 4 at 99 %);
 *  - scale invariance, determinism of the seed, refusals. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ct/rng.h"
#include "stats_interval.h"
#include "stats_rank.h"
#include "test_store_stats_common.h"
#include "testutil.h"

static void check_hl_reference(void)
{
    ref_table t;
    if (ref_read("stats_hl_reference.csv", 9, &t) != 0) return;
    CT_CHECK(t.rows >= 20, "only %d HL rows", t.rows);
    for (int r = 0; r < t.rows; r++) {
        double *x, *y;
        int n1 = ref_list(&t, r, 7, &x), n2 = ref_list(&t, r, 8, &y);
        const char *name = ref_cell(&t, r, 0);
        double conf = ref_double(&t, r, 1);
        bench_ratio_ci ci;
        ct_error err;
        if (bench_ratio_ci_hl(x, n1, y, n2, conf, &ci, &err) != CT_OK) {
            CT_CHECK(0, "%s: %s", name, err.msg);
        } else {
            int rank = atoi(ref_cell(&t, r, 6));
            CT_CHECK(ci.rank == rank, "%s %g: rank %d, reference %d", name, conf, ci.rank, rank);
            CT_CHECK(ci.bounded == (rank >= 1), "%s: bounded", name);
            CT_CHECK(close_rel(ci.estimate, ref_double(&t, r, 2), 1e-12),
                     "%s: estimate %.17g vs %.17g", name, ci.estimate, ref_double(&t, r, 2));
            CT_CHECK(close_rel(ci.lower, ref_double(&t, r, 3), 1e-12),
                     "%s %g: lower %.17g vs %.17g", name, conf, ci.lower, ref_double(&t, r, 3));
            CT_CHECK(close_rel(ci.upper, ref_double(&t, r, 4), 1e-12),
                     "%s %g: upper %.17g vs %.17g", name, conf, ci.upper, ref_double(&t, r, 4));
            CT_CHECK(close_rel(ci.coverage, ref_double(&t, r, 5), 1e-10),
                     "%s %g: coverage %.17g vs %.17g", name, conf, ci.coverage,
                     ref_double(&t, r, 5));
            CT_CHECK(ci.coverage >= conf - 1e-3, "%s: coverage %g below %g", name, ci.coverage,
                     conf);
        }
        free(x);
        free(y);
    }
    ref_free(&t);
}

static void check_boot_reference(void)
{
    ref_table t;
    if (ref_read("stats_boot_reference.csv", 9, &t) != 0) return;
    CT_CHECK(t.rows >= 8, "only %d bootstrap rows", t.rows);
    for (int r = 0; r < t.rows; r++) {
        double *x, *y;
        int n1 = ref_list(&t, r, 7, &x), n2 = ref_list(&t, r, 8, &y);
        const char *name = ref_cell(&t, r, 0);
        uint64_t seed = strtoull(ref_cell(&t, r, 1), NULL, 10);
        int resamples = atoi(ref_cell(&t, r, 2));
        bench_ratio_ci ci;
        ct_error err;
        if (bench_ratio_ci_bootstrap(x, n1, y, n2, ref_double(&t, r, 3), resamples, seed, &ci,
                                     &err) != CT_OK) {
            CT_CHECK(0, "%s: %s", name, err.msg);
        } else {
            CT_CHECK(close_rel(ci.estimate, ref_double(&t, r, 4), 1e-13),
                     "%s: estimate %.17g vs %.17g", name, ci.estimate, ref_double(&t, r, 4));
            CT_CHECK(close_rel(ci.lower, ref_double(&t, r, 5), 1e-12),
                     "%s seed %llu B %d: lower %.17g vs numpy %.17g", name,
                     (unsigned long long)seed, resamples, ci.lower, ref_double(&t, r, 5));
            CT_CHECK(close_rel(ci.upper, ref_double(&t, r, 6), 1e-12),
                     "%s seed %llu B %d: upper %.17g vs numpy %.17g", name,
                     (unsigned long long)seed, resamples, ci.upper, ref_double(&t, r, 6));
        }
        free(x);
        free(y);
    }
    ref_free(&t);
}

/* n lognormal times with median `ratio` * 1e6 and log-sd sigma. */
static void lognormal(ct_rng *rng, double ratio, double sigma, int n, double *out)
{
    for (int i = 0; i < n; i++) out[i] = 1e6 * ratio * exp(sigma * ct_rng_normal(rng));
}

static void check_coverage(void)
{
    enum { REPS = 200, N_HL = 12, N_BOOT = 20 };
    int hl_cover = 0, hl_power = 0, hl_null_cover = 0, boot_cover = 0, boot_power = 0;
    for (int rep = 0; rep < REPS; rep++) {
        double b[N_BOOT], c[N_BOOT];
        bench_ratio_ci ci;
        ct_error err;
        ct_rng rng;
        ct_rng_seed(&rng, 7000 + (uint64_t)rep);
        lognormal(&rng, 1.0, 0.1, N_HL, b);
        lognormal(&rng, 1.2, 0.1, N_HL, c);
        if (bench_ratio_ci_hl(b, N_HL, c, N_HL, 0.95, &ci, &err) == CT_OK) {
            hl_cover += ci.lower <= 1.2 && 1.2 <= ci.upper;
            hl_power += ci.lower > 1.0;
        }
        lognormal(&rng, 1.0, 0.1, N_HL, c); /* no change */
        if (bench_ratio_ci_hl(b, N_HL, c, N_HL, 0.95, &ci, &err) == CT_OK)
            hl_null_cover += ci.lower <= 1.0 && 1.0 <= ci.upper;
        lognormal(&rng, 1.0, 0.1, N_BOOT, b);
        lognormal(&rng, 1.2, 0.1, N_BOOT, c);
        if (bench_ratio_ci_bootstrap(b, N_BOOT, c, N_BOOT, 0.95, 1000, 99 + (uint64_t)rep, &ci,
                                     &err) == CT_OK) {
            boot_cover += ci.lower <= 1.2 && 1.2 <= ci.upper;
            boot_power += ci.lower > 1.0;
        }
    }
    printf("coverage of 95%% intervals over %d replications: HL %d (null %d, excludes 1: %d), "
           "bootstrap %d (excludes 1: %d)\n",
           REPS, hl_cover, hl_null_cover, hl_power, boot_cover, boot_power);
    CT_CHECK(hl_cover >= 180, "HL 95%% interval contains 1.2 in %d / %d", hl_cover, REPS);
    CT_CHECK(hl_null_cover >= 180, "HL 95%% interval contains 1 (no change) in %d / %d",
             hl_null_cover, REPS);
    CT_CHECK(hl_power >= 150, "HL interval excludes 1 in only %d / %d", hl_power, REPS);
    CT_CHECK(boot_cover >= 180, "bootstrap 95%% interval contains 1.2 in %d / %d", boot_cover,
             REPS);
    CT_CHECK(boot_power >= 150, "bootstrap interval excludes 1 in only %d / %d", boot_power, REPS);
}

/* The HL interval excludes 1 iff the two-sided Mann-Whitney p <= 1 - conf. */
static void check_duality(void)
{
    int excluded = 0, kept = 0;
    for (int rep = 0; rep < 300; rep++) {
        double b[60], c[60];
        int n1, n2;
        bench_ratio_ci ci;
        bench_mwu_result t;
        ct_error err;
        ct_rng rng;
        ct_rng_seed(&rng, 31337 + (uint64_t)rep);
        if (rep < 250) { /* exact regime */
            n1 = 4 + (int)ct_rng_below(&rng, 20);
            n2 = 4 + (int)ct_rng_below(&rng, 20);
        } else { /* 3600 pairs: the normal approximation on both sides */
            n1 = n2 = 60;
        }
        lognormal(&rng, 1.0, 0.1, n1, b);
        lognormal(&rng, rep < 250 ? 1.08 : 1.03, 0.1, n2, c);
        if (bench_ratio_ci_hl(b, n1, c, n2, 0.95, &ci, &err) != CT_OK ||
            bench_mwu_test(b, n1, c, n2, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &t, &err) != CT_OK) {
            CT_CHECK(0, "%s", err.msg);
            continue;
        }
        {
            int out = ci.lower > 1.0 || ci.upper < 1.0;
            CT_CHECK(out == (t.p <= 0.05), "rep %d (%d x %d): interval [%g, %g], p %g", rep, n1, n2,
                     ci.lower, ci.upper, t.p);
            CT_CHECK(ci.method == t.method, "rep %d: interval and test use one method", rep);
            excluded += out;
            kept += !out;
        }
    }
    CT_CHECK(excluded >= 30 && kept >= 30, "duality exercised both ways: %d excluded, %d kept",
             excluded, kept);
}

static void check_too_few(void)
{
    const double b[] = {100, 102, 101, 103, 99}, c[] = {120, 125, 119, 121, 118};
    bench_ratio_ci ci;
    ct_error err;
    bench_ratio_ci_hl(b, 3, c, 3, 0.95, &ci, &err);
    CT_CHECK(!ci.bounded && ci.lower == 0.0 && isinf(ci.upper) && ci.rank == 0,
             "3 vs 3 at 95%%: no interval (got [%g, %g])", ci.lower, ci.upper);
    CT_CHECK(ci.estimate > 1.15 && ci.estimate < 1.25, "3 vs 3 estimate %g", ci.estimate);
    bench_ratio_ci_hl(b, 4, c, 4, 0.95, &ci, &err);
    CT_CHECK(ci.bounded && ci.rank == 1 && ci.lower > 1.0,
             "4 vs 4 at 95%%: the extreme differences (rank %d, [%g, %g])", ci.rank, ci.lower,
             ci.upper);
    CT_CHECK(fabs(ci.coverage - (1.0 - 2.0 / 70.0)) < 1e-14, "4 vs 4 coverage %.17g = 1 - 2/70",
             ci.coverage);
    bench_ratio_ci_hl(b, 4, c, 4, 0.99, &ci, &err);
    CT_CHECK(!ci.bounded, "4 vs 4 at 99%%: no interval");
    bench_ratio_ci_hl(b, 5, c, 5, 0.99, &ci, &err);
    CT_CHECK(ci.bounded && ci.lower > 1.0, "5 vs 5 at 99%%: an interval above 1");
}

static void check_invariance_and_seed(void)
{
    double b[15], c[17], b2[15], c2[17];
    bench_ratio_ci one, two, three;
    ct_error err;
    ct_rng rng;
    ct_rng_seed(&rng, 5);
    lognormal(&rng, 1.0, 0.2, 15, b);
    lognormal(&rng, 0.9, 0.2, 17, c);
    for (int i = 0; i < 15; i++) b2[i] = b[i] * 1024.0;
    for (int j = 0; j < 17; j++) c2[j] = c[j] * 1024.0;
    bench_ratio_ci_hl(b, 15, c, 17, 0.9, &one, &err);
    bench_ratio_ci_hl(b2, 15, c2, 17, 0.9, &two, &err);
    CT_CHECK(close_rel(one.lower, two.lower, 1e-12) && close_rel(one.upper, two.upper, 1e-12) &&
                 close_rel(one.estimate, two.estimate, 1e-12),
             "HL ratio must not depend on the time unit");
    bench_ratio_ci_bootstrap(b, 15, c, 17, 0.9, 500, 77, &one, &err);
    bench_ratio_ci_bootstrap(b, 15, c, 17, 0.9, 500, 77, &two, &err);
    bench_ratio_ci_bootstrap(b, 15, c, 17, 0.9, 500, 78, &three, &err);
    CT_CHECK(one.lower == two.lower && one.upper == two.upper, "same seed, same interval");
    CT_CHECK(one.lower != three.lower || one.upper != three.upper, "another seed, other draws");
}

static void check_refusals(void)
{
    double b[] = {1, 2, 3}, c[] = {2, 3, 4}, bad[] = {1, -2, 3}, nan[] = {1, NAN, 3};
    bench_ratio_ci ci;
    ct_error err;
    CT_CHECK(bench_ratio_ci_hl(bad, 3, c, 3, 0.95, &ci, &err) == CT_EINVAL, "negative time");
    CT_CHECK(bench_ratio_ci_hl(b, 3, nan, 3, 0.95, &ci, &err) == CT_ENAN, "NaN time");
    CT_CHECK(bench_ratio_ci_hl(b, 3, c, 3, 1.0, &ci, &err) == CT_EINVAL, "confidence 1");
    CT_CHECK(bench_ratio_ci_hl(b, 0, c, 3, 0.9, &ci, &err) == CT_EINVAL, "empty sample");
    CT_CHECK(bench_ratio_ci_bootstrap(b, 3, c, 3, 0.9, 5, 1, &ci, &err) == CT_EINVAL,
             "too few resamples");
    CT_CHECK(bench_ratio_ci_bootstrap(b, 3, bad, 3, 0.9, 100, 1, &ci, &err) == CT_EINVAL,
             "bootstrap: negative time");
}

int main(void)
{
    check_hl_reference();
    check_boot_reference();
    check_coverage();
    check_duality();
    check_too_few();
    check_invariance_and_seed();
    check_refusals();
    return ct_test_finish("test_store_stats_interval");
}
