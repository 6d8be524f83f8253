/* export.h -- `ctbench export`: summaries of stored runs as CSV or JSON, with
 * the columns
 *   run,variant,workload,threads,phase,reps,median_s,iqr_s,qps,
 *   dist_evals_per_query,recall,verified
 * followed by k,nq,valid,speedup,nodes_visited_per_query,heap_ops_per_query,
 * v_bytes_per_query,n,build,run_status (n: the workload's size; build: the
 * build configuration of the tree the row belongs to -- result.build, "none
 * (baseline)" for a baseline, empty for 'factor'; run_status: complete,
 * interrupted, failed, running, or dead for a run whose writer is gone).  Query rows come first,
 * then the setup phases ('lower' rows name the layout as variant).
 */
#ifndef BENCH_EXPORT_H
#define BENCH_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "ct/status.h"
#include "db.h"

typedef enum { BENCH_EXPORT_CSV = 0, BENCH_EXPORT_JSON = 1 } bench_export_format;

/* The two queries behind it (?1 = run, 0 every run) and their 22 column
 * names, shared with export_table.c's 'summary' table. */
extern const char *const bench_export_columns[];
extern const char bench_export_query_sql[];
extern const char bench_export_setup_sql[];

/* Write the rows of run `run` (0: every run) to out. */
int bench_export_write(bench_db *db, int64_t run, bench_export_format format, FILE *out,
                       ct_error *err);

#endif
