/* export_table.h -- `ctbench export --table T` and the paper formats:
 * stored rows as one tidy table, in memory, with columns selected and an
 * optional pivot, written as CSV, JSON, Markdown or LaTeX (booktabs).
 *
 * Tables (every one with run, commit, host, machine; units in the column
 * names: _s seconds, _ns nanoseconds, _bytes bytes, _per_query per query,
 * qps queries per second, speedup_x a ratio):
 *   summary  the rows of `export --format csv` (query rows, then setup rows)
 *   query    one row per result: the workload's parameters (source,
 *            generator, n, dim, m, covariance, seed), the build split into
 *            build_insertion, build_base, build_si, build_batch, threads, k,
 *            nq, reps, median_s, iqr_s, qps, speedup_x, work per query,
 *            recall, verified, valid
 *   setup    one row per setup phase (factor, build, check, lower): wall_s
 *   tree     one row per tree: its build parameters, build_s, check_s, shape
 *   sample   one row per raw sample (warm-up and timed): wall_ns, work
 *            counts of the batch, noise
 *   run      one row per run: status, times, config, machine identity
 * --pivot COL turns COL's distinct values into columns: the rows are keyed
 * by the other selected columns but the last, and the last selected column
 * is the value (`--columns variant,threads,qps --pivot threads`). */
#ifndef BENCH_EXPORT_TABLE_H
#define BENCH_EXPORT_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "ct/status.h"
#include "db.h"

typedef enum {
    BENCH_TABLE_CSV,
    BENCH_TABLE_JSON,
    BENCH_TABLE_MARKDOWN,
    BENCH_TABLE_LATEX
} bench_table_format;

/* A display name for a variant: `export --label FROM=TO`. */
typedef struct bench_table_label {
    const char *from; /* the full variant name, matched exactly */
    const char *to;
} bench_table_label;

typedef struct bench_table_request {
    const char *table;   /* summary query setup tree sample run */
    const char *columns; /* comma list, NULL: every column */
    const char *pivot;   /* column to pivot on, NULL: none */
    bench_table_format format;
    int64_t run;                     /* 0: every run */
    const bench_table_label *labels; /* the variant column's names replaced */
    int n_labels;
} bench_table_request;

/* 1 if name is one of the tables above. */
int bench_table_known(const char *name);

/* Write the table; CT_EINVAL (one line naming it) for an unknown table or
 * column, or a pivot that is not among the columns. */
int bench_table_write(bench_db *db, const bench_table_request *req, FILE *out, ct_error *err);

#endif
