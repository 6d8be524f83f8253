/* summary.h -- the tables printed at the end of a run and by `ctbench show`.
 *
 * Medians and quartiles are the summary rows computed in C (store/stats.h);
 * the IQR is q3 - q1.  Speed-ups are
 * baseline median / variant median on the same workload, thread count and
 * query set.  An exact variant that failed verification prints as INVALID.
 */
#ifndef BENCH_SUMMARY_H
#define BENCH_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "ct/status.h"
#include "db.h"

/* The run's header (config, commit, host, BLAS, counters backend, status). */
int bench_summary_print_run(bench_db *db, int64_t run_id, FILE *out, ct_error *err);
/* One line per result: median, IQR, q/s, speed-up, work per query, recall,
 * verified; `n` and `build` columns when the run has several of them. */
int bench_summary_print_table(bench_db *db, int64_t run_id, FILE *out, ct_error *err);
/* Setup phases (factor, build, check, lower), then the shape of every tree
 * (table tree: nodes, depth, fan-out, leaves, leaf depth, build time). */
int bench_summary_print_setup(bench_db *db, int64_t run_id, FILE *out, ct_error *err);
/* Distinct (event, source, status, reason) of the run's counters with totals. */
int bench_summary_print_counters(bench_db *db, int64_t run_id, FILE *out, ct_error *err);

/* One line per stored run: id, start, status, name, commit, results, invalid. */
int bench_summary_print_runs(bench_db *db, FILE *out, ct_error *err);

/* The external programs of a run: wall time, peak memory, own build time,
 * how far their own distances were off, status and note; nothing when the
 * run has none. */
int bench_summary_print_external(bench_db *db, int64_t run_id, FILE *out, ct_error *err);

#endif
