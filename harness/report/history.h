/* history.h -- `ctbench history`: per unit and metric a series over commits,
 * and its change points (store/changepoint.h).
 *
 * Runs are ordered by the time of their commit, then by their start (the
 * loader's order); the runs of one commit are the samples of one position,
 * so a change point is always a commit.  A sample is one run's value of the
 * unit: for `time` the median of its timed samples (milliseconds per query
 * batch), so that the noise the test sees is the run-to-run noise a CI
 * machine has, not the smaller noise within one run (repetitions of one run
 * share its machine state, and treating them as independent would make
 * every drift between runs "significant"); for every other metric
 * (units.h: dist_evals, nodes_visited, ..., recall, sim.*) the stored value.
 * Those are deterministic: their change points come from the exact scan, a
 * change exactly at the commit that made it.  When the runs of one commit
 * disagree on a deterministic metric, the series is treated as noisy.
 *
 * A series never mixes machine identities (run.machine_id: host + CPU model
 * + BLAS core + compiler + flags) unless all_machines is set; a unit that
 * failed verification contributes no sample.
 *
 * Many series: each timing series is tested at cp.significance, so among m
 * unchanged series about m * significance are flagged by chance.  With
 * `bonferroni` the level of each is significance / m (m = the timing series
 * of this history), which bounds the chance of any false flag by
 * significance (family-wise); deterministic metrics need no test.
 */
#ifndef BENCH_HISTORY_H
#define BENCH_HISTORY_H

#include <stdint.h>
#include <stdio.h>

#include "annotation.h"
#include "changepoint.h"
#include "ct/status.h"
#include "db.h"
#include "units.h"

/* One run as the history sees it: its units and its place in time. */
typedef struct bench_history_run {
    bench_unit_set set; /* owned */
    char commit_time[40];
    char started_at[40];
} bench_history_run;

typedef struct bench_history_query {
    const char *variant;  /* fnmatch glob, NULL = all */
    const char *workload; /* fnmatch glob on the workload label, NULL = all */
    const char *metric;   /* one metric name (time, dist_evals, sim.Ir, ...), NULL = all */
    const char *machine;  /* keep runs whose machine name or identity starts with it */
    const char *name;     /* keep runs of this config name */
    const char *since;    /* a RUN (id, latest, commit) or annotation:ID: start at its commit */
    int all_machines;     /* one series across machine identities */
    int bonferroni;       /* divide cp.significance by the number of timing series */
    bench_cp_options cp;
} bench_history_query;

void bench_history_query_default(bench_history_query *q);

typedef struct bench_history_point {
    char commit[64];
    char commit_time[40];
    int first, count; /* its samples: values[first .. first + count) */
    double mean;
    const char *annotation; /* text of an annotation of this commit or its runs, NULL */
} bench_history_point;

typedef struct bench_history_change {
    int position;         /* first point of the new regime */
    char from_commit[64]; /* the last commit of the old regime */
    char to_commit[64];   /* the first commit of the new one: the change is in (from, to] */
    double before, after; /* segment means */
    double rel_step;      /* (after - before) / |before| */
    double p_value;       /* 0 on the exact path */
    int exact;
} bench_history_change;

typedef struct bench_history_series {
    /* the unit */
    char variant[CT_VARIANT_NAME_MAX];
    char workload[256];
    char build[BENCH_BUILD_TEXT_MAX];
    int threads, k, nq, predecessor, exclude_self;
    char machine_id[24]; /* "" with all_machines */
    char machine[64];    /* its name when the runs gave one */
    char metric[BENCH_METRIC_NAME_MAX];
    int deterministic; /* the exact scan ran */
    bench_history_point *points;
    int n_points;
    double *values;   /* every sample, grouped by point */
    int64_t *run_ids; /* the run of each sample */
    int n_values;
    bench_history_change *changes;
    int n_changes;
} bench_history_series;

typedef struct bench_history {
    bench_history_series *series;
    int n;
    bench_annotation *annotations; /* every annotation of the database */
    int n_annotations;
    int runs; /* runs that went in */
} bench_history;

/* The series of runs[0..n_runs) (in history order) that match q, with
 * their change points.  Pure: annotations are borrowed from `notes` (copied
 * into out).  Series sorted by unit, then machine, then metric. */
int bench_history_build(const bench_history_run *runs, int n_runs, const bench_annotation *notes,
                        int n_notes, const bench_history_query *q, bench_history *out,
                        ct_error *err);
void bench_history_free(bench_history *h);

/* history_load.c: the complete runs of an open database that match q's run
 * filters (name, machine, since) in history order: commit time (unknown
 * commit times sort by the run's start), then start, then id; and every
 * annotation.  Then bench_history_build. */
int bench_history_load(bench_db *db, const bench_history_query *q, bench_history *out,
                       ct_error *err);

/* history_format.c */
typedef enum {
    BENCH_HISTORY_TABLE = 0,
    BENCH_HISTORY_CSV,
    BENCH_HISTORY_JSON
} bench_history_format;
int bench_history_format_find(const char *name); /* -1 when unknown */
void bench_history_write(const bench_history *h, bench_history_format format, FILE *out);

#endif
