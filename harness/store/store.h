/* store.h -- writing runs, workloads, variants, results, measurements,
 * counters and summaries into the results database (schema in db_schema.c).
 *
 * These functions only insert or update; the caller owns the transactions
 * (the runner writes everything of one variant between one bench_db_begin
 * and one bench_db_commit).  Optional integers are passed as -1 / NULL and
 * stored as SQL NULL.
 */
#ifndef BENCH_STORE_H
#define BENCH_STORE_H

#include <stdint.h>

#include "ct/search.h"
#include "ct/status.h"
#include "ct/tree_stats.h"
#include "ct/variant.h"
#include "config.h"
#include "db.h"
#include "noise.h"
#include "process.h"
#include "sysinfo.h"

/* The SQL of "now" as stored (UTC, milliseconds). */
#define BENCH_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

typedef struct bench_run_row {
    const bench_config *cfg;
    const bench_sysinfo *sys;
    const bench_process_id *writer; /* this process */
    const char *counters_backend;
    const char *papi_version;     /* may be NULL */
    const char *papi_status;      /* may be NULL */
    const char *baseline;         /* speed-up reference name, may be NULL */
    const char *shard;            /* "i/n" of a split sweep, NULL when whole */
    const char *only_glob;        /* run --only GLOB, NULL: every variant of the config */
    const bench_run_noise *noise; /* its load at the start; may be NULL */
} bench_run_row;

/* store_run.c.  Insert a run with status 'running', written by row->writer. */
int bench_store_run_begin(bench_db *db, const bench_run_row *row, int64_t *run_id, ct_error *err);
/* The newest run with this run key (config hash, commit, host, shard "i/n"
 * or NULL for a whole run); 0 if none. */
int bench_store_run_find(bench_db *db, const char *config_hash, const char *commit,
                         const char *host, const char *shard, int64_t *run_id, ct_error *err);

/* A RUN as every subcommand accepts it: "latest" (or NULL: the newest run
 * of any status) or a positive id that must exist.  CT_EINVAL with "no run
 * 99 in PATH ..." otherwise. */
int bench_store_run_resolve(bench_db *db, const char *text, int64_t *run_id, ct_error *err);

/* run_ref.c.  A RUN as compare accepts it: an id, "latest", or a commit
 * (hex prefix of >= 4 digits not all decimal, or "commit:PREFIX"): the
 * newest complete run of that commit; or "annotation:ID" (annotation.h): the
 * annotated run or the newest complete run of the annotated commit.  `name`, when not NULL, keeps only the
 * runs of that config name (for latest and commits).  CT_EINVAL with one
 * line for an unknown, ambiguous or incomplete reference. */
int bench_store_run_resolve_ref(bench_db *db, const char *text, const char *name, int64_t *run_id,
                                ct_error *err);

typedef struct bench_run_writer {
    char status[16];   /* as stored */
    const char *state; /* bench_run_state: status, or dead / running? / dead? */
    bench_process_id writer;
    char heartbeat[40];
} bench_run_writer;

/* The stored status and writer of a run (CT_EINVAL when there is no such run). */
int bench_store_run_writer(bench_db *db, int64_t run_id, bench_run_writer *out, ct_error *err);
/* What a stored status means now: a 'running' run whose writer is gone is
 * "dead"; "running?" when the writer is on another host or boot (its
 * liveness cannot be checked from here), "dead?" when none is recorded. */
const char *bench_run_state(const char *status, const bench_process_id *writer);
/* Make self the writer of an existing run and mark it running (resume). */
int bench_store_run_claim(bench_db *db, int64_t run_id, const bench_process_id *self,
                          ct_error *err);
/* One past the highest interleaving round the run stored (0 when none). */
int bench_store_run_next_round(bench_db *db, int64_t run_id, int64_t *next, ct_error *err);
/* Only while self is the run's writer (CT_EDB otherwise). */
int bench_store_run_heartbeat(bench_db *db, int64_t run_id, const bench_process_id *self,
                              ct_error *err);
/* The final status, and the run's noise (NULL: left as it is). */
/* The dgemm rate measured in the run (measure/blas_rate.h) and its shape text. */
int bench_store_run_set_roofline(bench_db *db, int64_t run_id, double gflops, const char *shape,
                                 const bench_process_id *self, ct_error *err);
int bench_store_run_finish(bench_db *db, int64_t run_id, const char *status, const char *message,
                           const bench_run_noise *noise, const bench_process_id *self,
                           ct_error *err);

typedef struct bench_workload_row {
    const char *label;
    const char *source;    /* "synthetic" or "npy" */
    const char *generator; /* NULL for npy */
    int32_t n;
    int dim;
    int m;
    const char *covariance;
    double variance;
    const char *lengthscale;
    int64_t seed;      /* -1: none */
    const char *files; /* NULL for synthetic */
    uint64_t content_hash;
} bench_workload_row;

int bench_store_workload(bench_db *db, const bench_workload_row *row, int64_t *id, ct_error *err);
int bench_store_variant(bench_db *db, const ct_variant *v, int64_t *id, ct_error *err);

/* result.build of a baseline (no tree); v_speedup (schema 3) matches it. */
#define BENCH_BUILD_NONE "none (baseline)"

/* What identifies a result within a run (and, with the run key, for
 * --resume): the UNIQUE key of table result. */
typedef struct bench_unit_key {
    int64_t run_id;
    int64_t variant_id;
    int64_t workload_id;
    const char *build; /* build text of its tree, "none (baseline)" */
    int threads;
    int k;
    int predecessor;
    int exclude_self;
} bench_unit_key;

int bench_store_unit_exists(bench_db *db, const bench_unit_key *key, int *exists, ct_error *err);

typedef struct bench_result_row {
    bench_unit_key key; /* key.build: build parameters of the tree it ran on */
    int32_t nq;
    const char *verified; /* "exact", "approximate", "failed" */
    int valid;
    double recall; /* NaN: unknown */
    int32_t verify_queries;
    int32_t exact_queries;     /* -1: unknown */
    double max_distance_error; /* NaN: unknown */
    uint64_t answer_hash;
    int has_answer_hash;
    const char *note; /* may be NULL */
} bench_result_row;

int bench_store_result(bench_db *db, const bench_result_row *row, int64_t *id, ct_error *err);

typedef struct bench_measurement_row {
    int64_t run_id;
    int64_t workload_id;
    int64_t result_id;  /* 0: none (setup phases) */
    int64_t variant_id; /* 0: none */
    int threads;
    const char *phase;  /* factor build check lower warmup query */
    const char *detail; /* may be NULL */
    const char *build;  /* build text of the tree of a build/check/lower row; NULL */
    int repetition;
    int64_t seq; /* -1: none */
    int64_t wall_ns;
    int32_t nq;                      /* 0: none */
    const ct_work *work;             /* may be NULL */
    const char *verified;            /* may be NULL */
    double recall;                   /* NaN: none */
    int valid;                       /* -1: none */
    int round;                       /* interleaving round (warm-ups first), -1: sequential */
    const bench_sample_noise *noise; /* may be NULL */
} bench_measurement_row;

int bench_store_measurement(bench_db *db, const bench_measurement_row *row, int64_t *id,
                            ct_error *err);

typedef struct bench_counter_row {
    int64_t run_id;
    int64_t result_id;      /* 0: none */
    int64_t measurement_id; /* 0: none */
    const char *event;
    int has_value;
    int64_t value;
    const char *source; /* papi simulated none */
    const char *status; /* ok absent denied conflict multiplexed error */
    const char *reason; /* may be NULL */
    double ratio;       /* NaN: none */
} bench_counter_row;

int bench_store_counter(bench_db *db, const bench_counter_row *row, ct_error *err);

/* One named number (value may be NULL) or text (may be NULL) of a result
 * (table result_extra): an external program's wall time, peak memory, own
 * timings, status. */
int bench_store_result_extra(bench_db *db, int64_t result_id, const char *name, const double *value,
                             const char *text, ct_error *err);

/* (Re)compute the summary row of a result from its 'query' measurements. */
int bench_store_summary(bench_db *db, int64_t result_id, ct_error *err);

/* Has a setup phase (factor, build, check, lower+detail, each + build) been
 * stored for this run and workload already (resume)? */
int bench_store_setup_exists(bench_db *db, int64_t run_id, int64_t workload_id, const char *phase,
                             const char *detail, const char *build, int *exists, ct_error *err);

/* The shape of one canonical tree (table tree, one row per run x workload x
 * build configuration; a resumed run keeps the first row). */
typedef struct bench_tree_row {
    int64_t run_id;
    int64_t workload_id;
    const char *build;     /* bench_config_build_text */
    const char *insertion; /* natural hilbert morton */
    double base;
    const char *si; /* sum exact */
    int batch;
    int threads; /* of the build */
    int64_t build_ns;
    int64_t check_ns;           /* -1: not checked */
    const ct_tree_stats *stats; /* its warning goes to tree.warning (issue 13) */
} bench_tree_row;

int bench_store_tree(bench_db *db, const bench_tree_row *row, ct_error *err);

/* run_pace.c.  The pace of the newest complete run named `name` (the one
 * with config_hash preferred): run_id 0 when there is none. */
typedef struct bench_run_pace {
    int64_t run_id;
    int same_config;         /* its config text hashes to config_hash */
    long samples;            /* warm-up and timed samples it took */
    double sample_s;         /* wall seconds per sample, verification included */
    double setup_per_tree_s; /* factor, build, check and lower seconds per tree */
} bench_run_pace;
int bench_store_run_pace(bench_db *db, const char *name, const char *config_hash,
                         bench_run_pace *out, ct_error *err);

/* "%016llx" of a 64-bit hash into buf (17 bytes). */
void bench_hex64(uint64_t h, char *buf);

#endif
