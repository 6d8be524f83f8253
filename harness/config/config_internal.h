/* config_internal.h -- what the files of the config layer share: the key
 * list (an X-macro), the state of one parse, and each file's entry points
 * (config_ini.c, config_values.c, config_read.c, config_checks.c,
 * config_variants.c).  Not part of the layer's interface (config.h). */
#ifndef BENCH_CONFIG_INTERNAL_H
#define BENCH_CONFIG_INTERNAL_H

#include <stddef.h>

#include "config.h"

/* X(ID, section, key): every key the parser accepts. */
#define BENCH_CONFIG_KEYS(X)                         \
    X(EXP_NAME, "experiment", "name")                \
    X(EXP_SEEDS, "experiment", "seeds")              \
    X(EXP_REPS, "experiment", "repetitions")         \
    X(EXP_WARMUP, "experiment", "warmup")            \
    X(EXP_THREADS, "experiment", "threads")          \
    X(EXP_INTERLEAVE, "experiment", "interleave")    \
    X(EXP_ORDER_SEED, "experiment", "order_seed")    \
    X(WL_SOURCE, "workload", "source")               \
    X(WL_GENERATOR, "workload", "generator")         \
    X(WL_N, "workload", "n")                         \
    X(WL_DIM, "workload", "dim")                     \
    X(WL_M, "workload", "m")                         \
    X(WL_COVARIANCE, "workload", "covariance")       \
    X(WL_VARIANCE, "workload", "variance")           \
    X(WL_LENGTHSCALE, "workload", "lengthscale")     \
    X(WL_POINTS, "workload", "points")               \
    X(WL_INDUCING, "workload", "inducing")           \
    X(WL_V, "workload", "v")                         \
    X(WL_P, "workload", "p")                         \
    X(WL_QUERY_INDICES, "workload", "query_indices") \
    X(WL_ORDERING, "workload", "ordering")           \
    X(BUILD_INSERTION, "build", "insertion")         \
    X(BUILD_BASE, "build", "base")                   \
    X(BUILD_SI, "build", "si")                       \
    X(BUILD_SHORTCUT, "build", "shortcut")           \
    X(BUILD_METRIC, "build", "metric")               \
    X(BUILD_BATCH, "build", "batch")                 \
    X(BUILD_CHECK, "build", "check")                 \
    X(VAR_TOPOLOGY, "variants", "topology")          \
    X(VAR_ORDER, "variants", "order")                \
    X(VAR_DATA, "variants", "data")                  \
    X(VAR_TRAVERSAL, "variants", "traversal")        \
    X(VAR_KERNEL, "variants", "kernel")              \
    X(VAR_PRECISION, "variants", "precision")        \
    X(VAR_OPTIONS, "variants", "options")            \
    X(VAR_VARIANTS, "variants", "variants")          \
    X(VAR_BASELINES, "variants", "baselines")        \
    X(VAR_SPEEDUP_VS, "variants", "speedup_vs")      \
    X(Q_K, "query", "k")                             \
    X(Q_QUERIES, "query", "queries")                 \
    X(Q_PREDECESSOR, "query", "predecessor")         \
    X(Q_EXCLUDE_SELF, "query", "exclude_self")       \
    X(Q_VERIFY, "query", "verify_queries")           \
    X(CNT_BACKEND, "counters", "backend")            \
    X(CNT_EVENTS, "counters", "events")              \
    X(CNT_SIM_QUERIES, "counters", "sim_queries")

typedef enum {
#define BENCH_KEY_ENUM(id, section, key) KEY_##id,
    BENCH_CONFIG_KEYS(BENCH_KEY_ENUM)
#undef BENCH_KEY_ENUM
        KEY_COUNT
} config_key;

#define BENCH_CONFIG_MAX_CONT 32

typedef struct config_state {
    bench_config *cfg;
    const char *path;
    /* reader */
    const char *text;
    size_t pos;
    int line;     /* line number of the line just handed to inih */
    int indented; /* that line starts with whitespace (a continuation) */
    /* per key: line it was set on (0 = absent) and its raw text */
    int lines[KEY_COUNT];
    char *raw[KEY_COUNT];
    int last_key;     /* key of the previous key line in this section, -1 */
    int pending;      /* list key whose line ended with ',' (not parsed yet), -1 */
    int pending_line; /* its last line */
    /* continuation lines of a list key: item index where each starts, its line */
    int cont_item[KEY_COUNT][BENCH_CONFIG_MAX_CONT];
    int cont_line[KEY_COUNT][BENCH_CONFIG_MAX_CONT];
    int n_cont[KEY_COUNT];
    /* first error (line 0: a check not tied to one line) */
    /* [variants] keys named after a variant parameter (params.def): raw list, line */
    char *param_raw[CT_PARAM_COUNT];
    int param_line[CT_PARAM_COUNT];
    int failed;
    int err_line;
    char err_msg[CT_ERROR_MSG_MAX];
} config_state;

/* config_ini.c: the key table, the first error, comma lists. */
int bench_config_key_find(const char *section, const char *name); /* -1 if unknown */
const char *bench_config_key_name(int key);
int bench_config_section_known(const char *section);
/* Record an error at `line` (the first one wins). Returns 0 (inih's "error"). */
int bench_config_fail(config_state *st, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Line of the item-th item (0-based) of a list key, continuation lines included. */
int bench_config_item_line(const config_state *st, int key, int item);

/* config_values.c: check and store one key's value. 0 or -1 (error recorded). */
int bench_config_set_key(config_state *st, int key, int line, const char *value);

/* config_read.c: run inih over st->text; CT_OK (errors recorded in st) or
 * CT_ENOMEM. */
int bench_config_read(config_state *st, ct_error *err);

/* config_checks.c: defaults before reading; cross-key checks after. */
void bench_config_set_defaults(bench_config *cfg);
int bench_config_check(config_state *st);

/* config_variants.c: expand [variants] into cfg->variants and pick cfg->speedup_ref. 0 or -1. */
int bench_config_expand_variants(config_state *st);

/* config_external.c: one key of an [external:NAME] section (1, or 0 with
 * the error recorded, like inih's handler); the checks after reading. */
int bench_config_external_key(config_state *st, const char *name, const char *key,
                              const char *value, int line);
int bench_config_check_externals(config_state *st);

/* config_build.c: the base as the build text writes it ("2", "1.5"). */
void bench_config_base_text(double base, char *buf, size_t size);

/* Split a comma list in place-free fashion: calls fn(item, ctx) for each
 * trimmed item; an empty item is an error. Returns 0, or -1 with a message. */
int bench_config_foreach_item(const char *list, int (*fn)(const char *item, void *ctx), void *ctx,
                              char *msg, size_t msg_size);

#endif
