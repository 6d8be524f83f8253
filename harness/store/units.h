/* units.h -- everything `ctbench compare` needs of one stored run, read
 * into memory: the run's identity and noise, and per unit (one result:
 * variant x workload x build x threads x k x query options) its verdict,
 * answer hash, deterministic work metrics, simulated counters and timed
 * samples.  Once loaded, a comparison is pure (report/compare.h), so it can
 * be tested on made-up sets and can compare runs from two database files.
 *
 * Metric names (the rules file, configs/compare.ini, uses them):
 *   dist_evals, nodes_visited, heap_ops, v_bytes, useful_pairs,
 *   rows_fetched, v_bytes_fetched   per query (table summary)
 *   recall                          of the verified sample (higher is better)
 *   sim.<event>                     simulated counters (callgrind: sim.Ir,
 *                                   sim.D1mr, sim.DLmr, ...), whole sim batch
 * A metric the run did not record is absent (a batch counter of a
 * heap-traversal variant, the simulator when it did not run).
 */
#ifndef BENCH_UNITS_H
#define BENCH_UNITS_H

#include <stdint.h>

#include "config.h"
#include "ct/status.h"
#include "ct/variant.h"
#include "db.h"
#include "samples.h"

#define BENCH_UNIT_MAX_METRICS 24
#define BENCH_METRIC_NAME_MAX 40

typedef struct bench_unit_metric {
    char name[BENCH_METRIC_NAME_MAX];
    double value;
} bench_unit_metric;

typedef struct bench_unit {
    /* the key two runs are matched on */
    char variant[CT_VARIANT_NAME_MAX];
    char workload[256];
    char build[BENCH_BUILD_TEXT_MAX];
    int threads, k, nq, predecessor, exclude_self;
    /* what is compared */
    char content_hash[24]; /* the workload's data: a change makes the unit incomparable */
    int exact_variant;     /* the variant claims exactness */
    char verified[16];     /* exact | approximate | failed */
    int valid;
    double recall;        /* NaN when not verified */
    char answer_hash[24]; /* "" when none */
    int64_t result_id;
    int n_metrics;
    bench_unit_metric metrics[BENCH_UNIT_MAX_METRICS];
    bench_samples samples;
} bench_unit;

typedef struct bench_unit_set {
    char label[BENCH_PATH_MAX + 32]; /* "PATH:RUN" as the user sees it */
    int64_t run_id;
    char name[128];
    char status[16];
    char git_commit[64];
    int git_dirty; /* 1, 0, -1 unknown */
    char machine_id[24];
    char machine[64];
    char cpu_model[256];
    char blas_core[64];
    char host[256];
    char compiler[128];
    char cflags[512];
    char kernel_isa[64];    /* CT_KERNEL_ISA as recorded ("" before schema 5) */
    char blas_coretype[96]; /* OPENBLAS_CORETYPE as recorded */
    int run_noisy;          /* 1, 0, -1 not recorded (schema < 5, or the run did not finish) */
    char noise_note[256];
    int schema_version;
    int is_file; /* read from a baseline file (baseline_file.h): no machine, no timings */
    bench_unit *units;
    int n;
} bench_unit_set;

/* Load run `run_id` of an open database (any schema from 1 on, after the
 * migration results.h applies).  Units of a run that did not complete are
 * loaded too; the caller decides (compare warns). */
int bench_units_load(bench_db *db, int64_t run_id, bench_unit_set *out, ct_error *err);
void bench_units_free(bench_unit_set *set);

/* The value of a metric of a unit; NULL when absent. */
const double *bench_unit_metric_value(const bench_unit *u, const char *name);

#endif
