/* plan.h -- what `ctbench run --dry-run` shows: the sweep a config
 * describes (workloads, build configurations, variants, threads, k,
 * repetitions) and how many units it would run, without touching anything. */
#ifndef BENCH_PLAN_H
#define BENCH_PLAN_H

#include <stdio.h>

#include "config.h"

/* only_glob: NULL, or the --only filter (fnmatch on variant names). */
void bench_report_plan(const bench_config *cfg, const char *only_glob, FILE *out);

#endif
