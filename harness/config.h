/* config.h -- an experiment config (an INI file in configs/) parsed and validated.
 *
 * bench_config_load() reads the INI file with inih, checks every key and
 * value, expands the variant axes into the list of variants to run and
 * rejects impossible combinations, all before anything runs.  Every error is
 * one line naming the file and line: "configs/x.ini:12: unknown key 'foo' in
 * [workload]".  Sections and keys (configs/smoke.ini shows them all):
 *
 *   [experiment] name, seeds (list), repetitions, warmup, threads (list),
 *                interleave (on/off), order_seed
 *   [workload]   source = synthetic | npy;
 *                synthetic: generator, n, dim, m;
 *                npy: points, inducing, v, p, m, query_indices (the batch);
 *                both: covariance, variance, lengthscale (one, or one per dim)
 *   [build]      insertion (natural|hilbert|morton), base, si (sum|exact), batch, check
 *   [variants]   topology, order, data, traversal, kernel, precision, options
 *                (comma lists, `all` = every available value), variants (explicit
 *                names), baselines (names), speedup_vs (one name of the set)
 *   [query]      k (list), queries (count or `all`), predecessor, exclude_self,
 *                verify_queries (0 = all)
 *   [counters]   backend (papi|none|sim), events (`auto`, `none` or PAPI names),
 *                sim_queries
 */
#ifndef BENCH_CONFIG_H
#define BENCH_CONFIG_H

#include <stdint.h>

#include "ct/dataset.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "ct/variant.h"
#include "ct/workload.h"

#define BENCH_MAX_SEEDS 16
#define BENCH_MAX_THREADS 16
#define BENCH_MAX_KS 16
#define BENCH_MAX_EVENTS 16
#define BENCH_EVENT_NAME_MAX 64
#define BENCH_PATH_MAX 1024

typedef enum { BENCH_SOURCE_SYNTHETIC = 0, BENCH_SOURCE_NPY = 1 } bench_source;
typedef enum {
    BENCH_COUNTERS_PAPI = 0, BENCH_COUNTERS_NONE = 1, BENCH_COUNTERS_SIM = 2
} bench_counters_kind;

typedef struct bench_config {
    char path[BENCH_PATH_MAX];   /* as given */
    char *text;                  /* the whole file (stored with the run) */
    uint64_t hash;               /* FNV-1a of text */

    /* [experiment] */
    char name[64];
    uint64_t seeds[BENCH_MAX_SEEDS];
    int n_seeds;
    int repetitions;
    int warmup;
    int threads[BENCH_MAX_THREADS];
    int n_threads;
    int interleave;
    uint64_t order_seed;

    /* [workload] */
    bench_source source;
    ct_points_kind generator;
    int32_t n;
    int dim;
    int m;                       /* 0 with npy: from the V file, or min(512, N) */
    ct_covariance cov;           /* kind, variance, lengthscale */
    int lengthscale_count;       /* 1 = broadcast */
    char points_path[BENCH_PATH_MAX];   /* resolved relative to the config's directory */
    char inducing_path[BENCH_PATH_MAX];
    char v_path[BENCH_PATH_MAX];
    char p_path[BENCH_PATH_MAX];
    char query_indices_path[BENCH_PATH_MAX];   /* npy: the query batch from a file */

    /* [build] */
    ct_order insertion;
    ct_build_params build;
    int check_tree;

    /* [variants] (expanded, deduplicated, in run order) */
    ct_variant *variants;
    int n_variants;
    int speedup_ref;             /* index into variants, -1 for none */

    /* [query] */
    int ks[BENCH_MAX_KS];
    int n_ks;
    int32_t queries;             /* 0 = every point */
    int predecessor;
    int exclude_self;
    int32_t verify_queries;      /* 0 = every query */

    /* [counters] */
    bench_counters_kind counters;
    char events[BENCH_MAX_EVENTS][BENCH_EVENT_NAME_MAX];
    int n_events;
    int events_auto;             /* events = auto (expanded by the backend) */
    int32_t sim_queries;

    /* notes about the expansion (e.g. kernels skipped by `all`), one per line */
    char notes[1024];
} bench_config;

/* Parse and validate.  On failure returns CT_EFORMAT (bad content) or CT_EIO
 * (unreadable file) with the message in err, and leaves cfg freed. */
int bench_config_load(const char *path, bench_config *cfg, ct_error *err);

/* The same from text in memory; `path` is only used in messages and to
 * resolve relative .npy paths. */
int bench_config_parse_string(const char *path, const char *text, bench_config *cfg,
                              ct_error *err);

void bench_config_free(bench_config *cfg);

/* Name of a counters backend ("papi", "none", "sim"); -1 from the parser if unknown. */
const char *bench_counters_kind_name(bench_counters_kind kind);
int bench_counters_kind_parse(const char *name);

/* 64-bit FNV-1a. */
uint64_t bench_fnv1a(const void *data, size_t len, uint64_t h);
#define BENCH_FNV_OFFSET 14695981039346656037ULL

#endif
