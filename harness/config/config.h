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
 *                synthetic: generator, n (list), dim, m;
 *                npy: points, inducing, v, p, m, query_indices (the batch);
 *                both: covariance, variance, lengthscale (one, or one per dim),
 *                ordering = natural | random | maxmin (ct/ordering.h; applied
 *                after the factor, before the queries are drawn)
 *   [build]      insertion (list of natural|hilbert|morton), base (list),
 *                si (list of sum|exact), batch, check
 *   [variants]   topology, order, data, traversal, kernel, precision, options
 *                (comma lists, `all` = every available value), variants (explicit
 *                names), baselines (names), speedup_vs (one name of the set)
 *   [query]      k (list), queries (count or `all`), predecessor, exclude_self,
 *                verify_queries (0 = all)
 *   [counters]   backend (papi|none|sim), events (`auto`, `none` or PAPI names),
 *                sim_queries
 *   [external:NAME] command, protocol, exact, timeout (docs/EXTERNAL.md); each
 *                such section adds the variant external:NAME
 *
 * Sweeps: a run covers seeds x n x build configurations.  `n` (synthetic
 * only) may list several sizes: one workload per (seed, n), in the listed
 * order.  `insertion`, `si` and `base` may list several values: one canonical
 * tree per build configuration (their cross product, insertion-major, then
 * si, then base; bench_config_build), built in turn over each workload, with
 * every tree variant run over each tree.  The baselines use no tree and run
 * once per workload.  In every list a value given twice is an error
 * ("insertion: 'hilbert' is listed twice"), like seeds, threads and k.
 */
#ifndef BENCH_CONFIG_H
#define BENCH_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ct/dataset.h"
#include "ct/ordering.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "ct/variant.h"
#include "ct/workload.h"
#include "counters.h"

#define BENCH_MAX_SEEDS 16
#define BENCH_MAX_THREADS 16
#define BENCH_MAX_KS 16
#define BENCH_MAX_NS 16   /* workload sizes (n list) */
#define BENCH_MAX_BASES 8 /* base list */
#define BENCH_MAX_BUILDS \
    (3 * 2 * BENCH_MAX_BASES * 2 * 2) /* insertion x si x base x metric x shortcut */
#define BENCH_BUILD_TEXT_MAX 128
#define BENCH_PATH_MAX 1024

typedef enum { BENCH_SOURCE_SYNTHETIC = 0, BENCH_SOURCE_NPY = 1 } bench_source;

#define BENCH_MAX_EXTERNALS 16
#define BENCH_EXTERNAL_ARGS 32
#define BENCH_EXTERNAL_COMMAND_MAX 2048

/* An [external:NAME] section (docs/EXTERNAL.md): a program run behind the
 * file protocol as the variant external:NAME. */
typedef struct bench_external {
    char name[32];                            /* NAME */
    char command[BENCH_EXTERNAL_COMMAND_MAX]; /* as written */
    char args[BENCH_EXTERNAL_ARGS][512];      /* split, {config_dir} replaced */
    int argc;
    int protocol;     /* 1 */
    int exact;        /* claims exact answers */
    double timeout_s; /* 0: none */
    int line;         /* of its section's first key */
} bench_external;

typedef struct bench_config {
    char path[BENCH_PATH_MAX]; /* as given */
    char *text;                /* the whole file (stored with the run) */
    uint64_t hash;             /* FNV-1a of text */

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
    int32_t n;                /* synthetic: the first of ns */
    int32_t ns[BENCH_MAX_NS]; /* synthetic: the sizes, in the listed order */
    int n_ns;                 /* synthetic: >= 1; npy: 1 (ns[0] = 0, from the file) */
    int dim;
    int m;                            /* 0 with npy: from the V file, or min(512, N) */
    ct_covariance cov;                /* kind, variance, lengthscale */
    int lengthscale_count;            /* 1 = broadcast */
    char points_path[BENCH_PATH_MAX]; /* resolved relative to the config's directory */
    char inducing_path[BENCH_PATH_MAX];
    char v_path[BENCH_PATH_MAX];
    char p_path[BENCH_PATH_MAX];
    char query_indices_path[BENCH_PATH_MAX]; /* npy: the query batch from a file */
    ct_ordering_kind ordering;               /* natural (default), random, maxmin */

    /* [build] */
    ct_order insertion;    /* the first build configuration: insertions[0] */
    ct_build_params build; /* ... bases[0], sis[0], batch */
    ct_order insertions[CT_ORDER_COUNT];
    int n_insertions;
    ct_si_mode sis[2];
    int n_sis;
    ct_build_shortcut shortcuts[2]; /* [build] shortcut = none, star (issue 13) */
    int n_shortcuts;
    ct_build_metric metrics[2]; /* [build] metric = residual, euclidean (issue 13) */
    int n_metrics;
    double bases[BENCH_MAX_BASES];
    int n_bases;
    int check_tree;

    /* [variants] (expanded, deduplicated, in run order) */
    ct_variant *variants;
    int n_variants;
    int speedup_ref; /* index into variants, -1 for none */

    /* [external:NAME] sections, in file order (each is also a variant) */
    bench_external externals[BENCH_MAX_EXTERNALS];
    int n_externals;

    /* [query] */
    int ks[BENCH_MAX_KS];
    int n_ks;
    int32_t queries; /* 0 = every point */
    int predecessor;
    int exclude_self;
    int32_t verify_queries; /* 0 = every query */

    /* [counters] */
    bench_counters_kind counters;
    bench_event_list events; /* `auto` (expanded by the backend), none, or names */
    int32_t sim_queries;

    /* notes about the expansion (e.g. kernels skipped by `all`), one per line */
    char notes[1024];
} bench_config;

/* Parse and validate.  On failure returns CT_EFORMAT (bad content) or CT_EIO
 * (unreadable file) with the message in err, and leaves cfg freed. */
/* The [external:NAME] section of an external variant, NULL if none. */
const bench_external *bench_config_external(const bench_config *cfg, const ct_variant *v);

int bench_config_load(const char *path, bench_config *cfg, ct_error *err);

/* The same from text in memory; `path` is only used in messages and to
 * resolve relative .npy paths. */
int bench_config_parse_string(const char *path, const char *text, bench_config *cfg, ct_error *err);

void bench_config_free(bench_config *cfg);

/* `ctbench run --quick`: keep every axis and build, shrink sizes and
 * repetitions so the experiment runs in seconds (config_quick.c). */
void bench_config_apply_quick(bench_config *cfg);

/* Build configurations: n_insertions x n_sis x n_bases x n_metrics x
 * n_shortcuts (>= 1). */
int bench_config_n_builds(const bench_config *cfg);

/* The b-th build configuration (0 <= b < bench_config_n_builds), insertion-
 * major, then si, then base, then metric, then shortcut; batch is shared.  Returns CT_EINVAL for a bad b. */
int bench_config_build(const bench_config *cfg, int b, ct_order *insertion,
                       ct_build_params *params);

/* Its canonical text, stored as result.build, tree.build and the detail of
 * the 'build' and 'check' rows: "insertion=natural base=2 si=sum batch=512". */
void bench_config_build_text(ct_order insertion, const ct_build_params *params, char *buf,
                             size_t size);

/* What a config plans (config_plan.c): units, timed and warm-up samples,
 * trees; counted as the runner plans them, with --only's glob (or NULL). */
typedef struct bench_config_plan {
    long units;
    long samples;
    long trees;
} bench_config_plan;
void bench_config_plan_count(const bench_config *cfg, const char *only_glob,
                             bench_config_plan *out);

#endif
