/* compare.h -- the verdict of `ctbench compare BASE CAND`: two loaded runs
 * (store/units.h) matched unit by unit and judged by the rules
 * (config/compare_rules.h).  Pure: no database, no I/O, so the tests feed it
 * made-up sample sets with known outcomes.
 *
 * A unit is (variant, workload, build, threads, k, nq, predecessor,
 * exclude_self); a unit present in one run only is listed, not judged.
 * Per matched unit, three verdicts:
 *
 *  verification -- FAILED when the candidate is invalid (failed
 *    verification), an exact variant is no longer exact, its answers' hash
 *    changed, or the workload's data changed under the same label (the
 *    comparison would be meaningless).  Always a failure, whatever the rules.
 *    A baseline that was invalid and a candidate that is valid: FIXED.
 *
 *  metrics -- every deterministic metric both sides recorded, by its rule:
 *    exact: worse at all is REGRESSED; tolerance t: worse by more than the
 *    relative t is REGRESSED; better is IMPROVED (a stale baseline, never a
 *    failure); ignore: not compared.  "Worse" is more, except recall.
 *
 *  timing -- the query-batch wall times, candidate against baseline:
 *      ratio    median(cand) / median(base), with the Hodges-Lehmann
 *               interval at `confidence` (stats_interval.h);
 *      p        two-sided Mann-Whitney U (stats_rank.h, exact or normal);
 *      SAME         when the ratio is within [1/factor, factor], or beyond
 *                   it but the test does not reject (p > alpha: no change
 *                   that these samples can show, as in asv);
 *      REGRESSED    ratio > factor and p <= alpha (and, with the rules'
 *                   `interval = on`, the whole interval above the factor);
 *      IMPROVED     ratio < 1/factor and p <= alpha (interval below 1/factor);
 *      INCONCLUSIVE beyond the factor with too few samples for the test to
 *                   reach alpha at all (bench_mwu_min_p): neither a change
 *                   nor its absence can be shown;
 *      NOISY        either side was measured on a busy machine: its run is
 *                   flagged noisy, more than noisy_share of its samples are,
 *                   or over all its samples other processes took more than
 *                   BENCH_NOISE_OTHER_CPU of the CPUs or the hypervisor stole
 *                   more than BENCH_NOISE_STEAL (measure/noise.h) -- whatever
 *                   the ratio said, which is still reported.
 *
 * The unit's verdict is the worst of the three (FAILED > REGRESSED > NOISY >
 * INCONCLUSIVE > IMPROVED / FIXED > SAME); timing only when the rules'
 * timing gate is on.  The exit code: 2 when no unit is in both runs, 1 when
 * any unit FAILED or REGRESSED, 3 when any is NOISY or INCONCLUSIVE, else 0.
 * The deterministic verdict and the timing verdict are also kept apart
 * (metrics_exit, timing_exit), so a CI log can say "timing inconclusive
 * (noisy machine), metrics regressed".
 */
#ifndef BENCH_COMPARE_H
#define BENCH_COMPARE_H

#include "compare_rules.h"
#include "ct/status.h"
#include "units.h"

typedef enum bench_cmp_verdict {
    BENCH_CMP_SAME = 0,
    BENCH_CMP_IMPROVED,
    BENCH_CMP_FIXED,
    BENCH_CMP_INCONCLUSIVE,
    BENCH_CMP_NOISY,
    BENCH_CMP_REGRESSED,
    BENCH_CMP_FAILED,
    BENCH_CMP_NOT_COMPARED /* a metric one side lacks, a rule that ignores it */
} bench_cmp_verdict;

const char *bench_cmp_verdict_name(bench_cmp_verdict v);

typedef struct bench_cmp_metric {
    char name[BENCH_METRIC_NAME_MAX];
    double base, cand;
    double change; /* cand / base - 1 (NaN when base is 0 and cand is not) */
    double limit;  /* the allowed worsening: 0 exact, t tolerance, NaN ignore */
    int rule_line; /* line of the rule in the rules file, 0 default */
    bench_cmp_verdict verdict;
} bench_cmp_metric;

typedef struct bench_cmp_timing {
    int n_base, n_cand;
    double base_median_s, cand_median_s;
    double ratio;                  /* median(cand) / median(base) */
    double hl, lower, upper;       /* Hodges-Lehmann estimate and interval */
    int bounded;                   /* 0: too few samples for an interval */
    double p;                      /* two-sided Mann-Whitney p (NaN when not tested) */
    double min_p;                  /* the smallest p these sample sizes can give */
    double base_other, cand_other; /* other processes' CPU share over the samples (NaN unknown) */
    bench_cmp_verdict verdict;
    char why[512];
} bench_cmp_timing;

typedef struct bench_cmp_unit {
    const bench_unit *base, *cand;
    bench_cmp_verdict verification;
    char verification_why[256];
    bench_cmp_metric metrics[BENCH_UNIT_MAX_METRICS];
    int n_metrics;
    bench_cmp_verdict metrics_verdict; /* worst of the metrics */
    bench_cmp_timing timing;
    bench_cmp_verdict verdict;
} bench_cmp_unit;

typedef struct bench_comparison {
    const bench_unit_set *base, *cand;
    const bench_compare_rules *rules;
    bench_cmp_unit *units;
    int n;
    const bench_unit **only_base; /* units in one run only */
    int n_only_base;
    const bench_unit **only_cand;
    int n_only_cand;
    int count[BENCH_CMP_NOT_COMPARED + 1]; /* units per verdict */
    int metrics_exit;                      /* 0, 1 */
    int timing_exit;                       /* 0, 1, 3 */
    int exit_code;                         /* 0, 1, 2, 3 */
    char headline[320];                    /* one line: the verdict and why */
    char warnings[8][256];                 /* e.g. different CPUs, an incomplete run */
    int n_warnings;
} bench_comparison;

/* Match and judge; CT_ENOMEM or CT_EINVAL (bad samples) on failure.  With
 * no unit in common, CT_OK with exit_code 2 and the headline saying so. */
int bench_compare_runs(const bench_unit_set *base, const bench_unit_set *cand,
                       const bench_compare_rules *rules, bench_comparison *out, ct_error *err);
void bench_comparison_free(bench_comparison *cmp);

#endif
