/* compare_rules.h -- what `ctbench compare` calls a regression, as data:
 * the timing gate's effect factor and test level, and a rule per
 * deterministic metric, read from an INI file (configs/compare.ini is the
 * documented default; docs/REGRESSION.md explains every key):
 *
 *   [timing]
 *   factor = 1.10       a change must exceed this ratio (or 1/ratio) ...
 *   alpha = 0.01        ... and a two-sided Mann-Whitney U test reject at this p
 *   confidence = 0.99   of the Hodges-Lehmann interval printed with the ratio
 *   noisy_share = 0.25  a side with more noisy samples than this is "noisy"
 *   interval = off      on: a change must also have its whole interval beyond
 *                       the factor (a slowdown of at least the factor, with
 *                       that confidence) -- stricter, for many-unit CI tiers
 *   gate = on           off: timings are reported but never set the exit code
 *
 *   [metrics]           NAME = exact | ignore | TOLERANCE
 *   dist_evals = exact  any increase is a regression
 *   sim.Ir = 0.02       an increase of more than 2 % is a regression
 *   sim.* = 0.05        a trailing * matches every name with that prefix
 *
 *   [metrics: GLOB]     the same, for the variants matching GLOB (fnmatch);
 *                       later rules win over earlier ones
 *
 * For every metric but recall, more is worse; for recall less is worse.  A
 * metric no rule names is compared exactly.  Changed answers, a variant that
 * stops being exact and a changed workload are failures whatever the rules
 * say (report/compare.h).
 */
#ifndef BENCH_COMPARE_RULES_H
#define BENCH_COMPARE_RULES_H

#include "config.h"
#include "ct/status.h"

#define BENCH_MAX_METRIC_RULES 64

typedef enum bench_rule_kind {
    BENCH_RULE_EXACT = 0, /* any worsening is a regression */
    BENCH_RULE_TOLERANCE, /* a relative worsening beyond `tolerance` is */
    BENCH_RULE_IGNORE     /* not compared */
} bench_rule_kind;

typedef struct bench_metric_rule {
    char scope[128]; /* variant glob; "" for every variant */
    char metric[40]; /* a name, or a prefix ending in '*' */
    bench_rule_kind kind;
    double tolerance;
    int line;
} bench_metric_rule;

typedef struct bench_compare_rules {
    char path[BENCH_PATH_MAX]; /* "" for the built-in defaults */
    double factor;
    double alpha;
    double confidence;
    double noisy_share;
    int interval; /* the interval must clear the factor too */
    int timing_gate;
    int n_rules;
    bench_metric_rule rules[BENCH_MAX_METRIC_RULES];
} bench_compare_rules;

/* factor 1.10, alpha 0.01, confidence 0.99, noisy_share 0.25, interval off,
 * gate on, no metric rules (every metric exact). */
void bench_compare_rules_default(bench_compare_rules *rules);

/* Read a rules file over the defaults; CT_EINVAL "PATH:LINE: what" for a
 * bad section, key or value, CT_EIO when it cannot be read. */
int bench_compare_rules_load(const char *path, bench_compare_rules *rules, ct_error *err);

/* The rule for a metric of a variant: the last one whose scope and metric
 * match; NULL for none (exact). */
const bench_metric_rule *bench_compare_rule_for(const bench_compare_rules *rules,
                                                const char *variant, const char *metric);

#endif
