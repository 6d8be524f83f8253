/* plot_data.h -- the data side of `ctbench plot`: open the results database
 * read-only, pick the runs to draw, describe a run (its main workload, k and
 * thread count, machine, commit) and turn one figure's SQL (plots/<kind>.sql)
 * into a tab-separated data file for its gnuplot script (plots/<kind>.gp).
 *
 * Nothing here writes to the database: it is opened read-only
 * (store/results.h, PRAGMA query_only).  The SQL of a figure takes named parameters, bound
 * when present: :run, :workload, :k, :threads, :build (the run's main slice),
 * :no_tree (the build text of a baseline) and :sim_nq (queries of one
 * simulated-counter sample).  The main slice is
 * what a per-variant figure shows of a run that swept more: the largest
 * workload (lowest id among equals), the smallest k, the largest thread
 * count and the first build configuration (baselines have none).
 */
#ifndef BENCH_PLOT_DATA_H
#define BENCH_PLOT_DATA_H

#include <stdint.h>

#include "ct/status.h"
#include "db.h"

typedef struct bench_plot_run {
    int64_t id;
    char name[64];   /* [experiment] name */
    char status[16]; /* complete, interrupted, failed, running */
    char started[40];
    char commit[48];
    int dirty; /* git_dirty: 1, 0, or -1 unknown */
    char host[128];
    char cpu[160];
    char counters[16];   /* counters backend of the run */
    char only_glob[256]; /* run --only GLOB it was made with; "" when it ran every variant */
    /* the main slice every per-variant figure shows */
    int64_t workload_id; /* largest n, then lowest id; 0: the run has no results */
    char workload[160];  /* workload label */
    int n, m, dim;
    char covariance[16];
    int n_workloads;    /* workloads with results in the run */
    int n_sizes, n_min; /* their distinct sizes n, the smallest */
    int k;              /* smallest k */
    int threads;        /* largest thread count */
    int n_threads;      /* distinct thread counts */
    char build[256];    /* first build configuration (BENCH_BUILD_NONE if none) */
    int n_builds;       /* distinct build configurations of tree results */
    int n_results;
    int reps;   /* most timed repetitions of a result */
    int sim_nq; /* queries of a simulated-counter sample */
} bench_plot_run;

/* The run to draw of every experiment name, ascending ids: its latest
 * complete run made without `run --only`, or, when every complete run of the
 * name was made with --only, the latest of those (its only_glob says so;
 * issue 14).  ct_malloc'd; *n = 0 and *ids = NULL when there is none. */
int bench_plot_latest_runs(bench_db *db, int64_t **ids, int *n, ct_error *err);

/* Describe a run; CT_EINVAL "no run ID in PATH" when it does not exist. */
int bench_plot_run_load(bench_db *db, int64_t id, bench_plot_run *run, ct_error *err);

/* Run one SELECT (the whole of `sql`, one statement) with the run's
 * parameters and write its rows to tsv_path: a header of the column names,
 * then one line per row, tab-separated; SQL NULL is written as NaN, tabs and
 * newlines inside text as spaces.  *rows gets the number of data rows. */
int bench_plot_query_tsv(bench_db *db, const char *sql, const bench_plot_run *run,
                         const char *tsv_path, long *rows, ct_error *err);

/* Make the temporary table `slice` (plots/slice.sql: one SELECT with the
 * run's parameters) that every figure's SQL of this run reads. */
int bench_plot_make_slice(bench_db *db, const char *select_sql, const bench_plot_run *run,
                          ct_error *err);
/* The same into the temporary table `table` (an identifier: the overlay
 * reads `slice_a` and `slice_b`, one per run). */
int bench_plot_make_slice_as(bench_db *db, const char *select_sql, const bench_plot_run *run,
                             const char *table, ct_error *err);

/* A display name for a variant in the figures: `plot --label FROM=TO`. */
typedef struct bench_plot_label {
    const char *from; /* the full variant name, matched exactly */
    const char *to;
} bench_plot_label;

/* Make the temporary table `label_map (variant, label)` that slice.sql reads
 * for the `display` name of a variant (empty when n = 0: every variant keeps
 * its name).  CT_EINVAL when one variant is given two labels. */
int bench_plot_set_labels(bench_db *db, const bench_plot_label *labels, int n, ct_error *err);

#endif
