/* config_plan.c -- how much work a config plans (config.h): units and
 * samples, counted the way the runner plans them (run/run_plan.c), so that
 * `run --dry-run` and the runner's progress line agree on the totals.
 * A tree variant runs over every build configuration, a baseline once per
 * workload (and, interleaved over several builds, takes its samples in
 * every build's rounds). */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>

#include "config.h"

void bench_config_plan_count(const bench_config *cfg, const char *only_glob, bench_config_plan *out)
{
    int builds = bench_config_n_builds(cfg), workloads = cfg->n_seeds * cfg->n_ns;
    long per_sample_set = (long)cfg->warmup + cfg->repetitions;

    out->units = 0;
    out->samples = 0;
    for (int i = 0; i < cfg->n_variants; i++) {
        char name[CT_VARIANT_NAME_MAX];
        int tree = ct_variant_needs_tree(&cfg->variants[i]);
        ct_variant_format(&cfg->variants[i], name, sizeof name);
        if (only_glob && fnmatch(only_glob, name, 0) != 0) continue;
        long units = (long)(tree ? builds : 1) * cfg->n_threads * cfg->n_ks * workloads;
        long groups = !tree && cfg->interleave && builds > 1 ? builds : 1;
        out->units += units;
        out->samples += units * groups * per_sample_set;
    }
    out->trees = (long)builds * workloads;
}
