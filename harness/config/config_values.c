/* config_values.c -- one key's value: checked, converted and stored in the
 * bench_config as soon as the reader hands it over (config_internal.h).
 *
 * Scalars are parsed with the strict parsers of util/numbers.h; lists (seeds,
 * threads, k, n, insertion, si, base, lengthscale, events) item by item, each
 * error naming the line of the item at fault; a value listed twice is an
 * error.  The [variants] lists are kept raw and expanded after the whole file
 * was read (config_variants.c).  Paths are resolved relative to the config's
 * directory.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "counters.h"
#include "numbers.h"

typedef struct list_ctx {
    config_state *st;
    int line;
    const char *key;
    long lo, hi;
    long *ivals;
    uint64_t *uvals;
    double *dvals;
    int *evals; /* enum values (insertion, si) */
    int count, max;
    /* set by parse_list: the key (for the line of each item) and the item parser */
    int key_id;
    int item;
    int base_line;
    int (*fn)(const char *, void *);
} list_ctx;

static int long_item(const char *item, void *p)
{
    list_ctx *c = p;
    long x;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "%s: at most %d values", c->key, c->max), -1;
    if (bench_parse_long(item, c->lo, c->hi, &x) != 0)
        return bench_config_fail(c->st, c->line, "%s: '%s' is not an integer in [%ld, %ld]", c->key,
                                 item, c->lo, c->hi),
               -1;
    for (int i = 0; i < c->count; i++)
        if (c->ivals[i] == x)
            return bench_config_fail(c->st, c->line, "%s: value %ld is listed twice", c->key, x),
                   -1;
    c->ivals[c->count++] = x;
    return 0;
}

static int u64_item(const char *item, void *p)
{
    list_ctx *c = p;
    uint64_t x;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "%s: at most %d values", c->key, c->max), -1;
    if (bench_parse_u64(item, &x) != 0)
        return bench_config_fail(c->st, c->line, "%s: '%s' is not an unsigned 64-bit integer",
                                 c->key, item),
               -1;
    for (int i = 0; i < c->count; i++)
        if (c->uvals[i] == x)
            return bench_config_fail(c->st, c->line, "%s: value %s is listed twice", c->key, item),
                   -1;
    c->uvals[c->count++] = x;
    return 0;
}

static int positive_item(const char *item, void *p)
{
    list_ctx *c = p;
    double x;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "%s: at most %d values", c->key, c->max), -1;
    if (bench_parse_double(item, &x) != 0 || !(x > 0))
        return bench_config_fail(c->st, c->line, "%s: '%s' is not a positive finite number", c->key,
                                 item),
               -1;
    c->dvals[c->count++] = x;
    return 0;
}

/* [build] insertion: natural, hilbert or morton (not bfs). */
static int insertion_item(const char *item, void *p)
{
    list_ctx *c = p;
    int b = ct_axis_value_find(CT_AXIS_ORDER, item);
    if (b < 0 || b == CT_ORDER_BFS)
        return bench_config_fail(c->st, c->line,
                                 "insertion: '%s' is not one of natural, hilbert, "
                                 "morton (bfs is a relabelling of a built tree, not an "
                                 "insertion order)",
                                 item),
               -1;
    for (int i = 0; i < c->count; i++)
        if (c->evals[i] == b)
            return bench_config_fail(c->st, c->line, "insertion: '%s' is listed twice", item), -1;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "insertion: at most %d values", c->max), -1;
    c->evals[c->count++] = b;
    return 0;
}

/* [build] si: sum or exact. */
static int si_item(const char *item, void *p)
{
    list_ctx *c = p;
    int b;
    b = ct_si_mode_find(item);
    if (b < 0)
        return bench_config_fail(c->st, c->line, "si: '%s' is not one of sum, exact", item), -1;
    for (int i = 0; i < c->count; i++)
        if (c->evals[i] == b)
            return bench_config_fail(c->st, c->line, "si: '%s' is listed twice", item), -1;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "si: at most %d values", c->max), -1;
    c->evals[c->count++] = b;
    return 0;
}

/* [build] shortcut (none, star) and metric (residual, euclidean): issue 13. */
static int named_build_item(const char *item, void *p, const char *key, int b, const char *names)
{
    list_ctx *c = p;
    if (b < 0)
        return bench_config_fail(c->st, c->line, "%s: '%s' is not one of %s", key, item, names), -1;
    for (int i = 0; i < c->count; i++)
        if (c->evals[i] == b)
            return bench_config_fail(c->st, c->line, "%s: '%s' is listed twice", key, item), -1;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "%s: at most %d values", key, c->max), -1;
    c->evals[c->count++] = b;
    return 0;
}

static int shortcut_item(const char *item, void *p)
{
    return named_build_item(item, p, "shortcut", ct_build_shortcut_find(item), "none, star");
}

static int metric_item(const char *item, void *p)
{
    return named_build_item(item, p, "metric", ct_build_metric_find(item), "residual, euclidean");
}

/* [build] base: a number in (1, 16] that the build text names exactly (it
 * writes %g: at most 6 significant digits), so two bases never share a text
 * (the database's name of a build); the same number twice (2 and 2.0) is a
 * repeat. */
static int base_item(const char *item, void *p)
{
    list_ctx *c = p;
    double x, named;
    char text[32];
    if (bench_parse_double(item, &x) != 0 || !(x > 1.0) || x > 16.0)
        return bench_config_fail(c->st, c->line, "base: '%s' is not a number in (1, 16]", item), -1;
    bench_config_base_text(x, text, sizeof text);
    if (bench_parse_double(text, &named) != 0 || named != x)
        return bench_config_fail(c->st, c->line,
                                 "base: '%s' has more significant digits than the build text "
                                 "'base=%s' names (at most 6)",
                                 item, text),
               -1;
    for (int i = 0; i < c->count; i++)
        if (c->dvals[i] == x)
            return bench_config_fail(c->st, c->line, "base: value %g is listed twice", x), -1;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "base: at most %d values", c->max), -1;
    c->dvals[c->count++] = x;
    return 0;
}

static int event_item(const char *item, void *p)
{
    list_ctx *c = p;
    bench_config *cfg = c->st->cfg;
    size_t len = strlen(item);
    if (!strcmp(item, "auto") || !strcmp(item, "none"))
        return bench_config_fail(c->st, c->line, "events: '%s' must be the only value of the list",
                                 item),
               -1;
    if (cfg->events.count == BENCH_MAX_EVENTS)
        return bench_config_fail(c->st, c->line, "events: at most %d events", BENCH_MAX_EVENTS), -1;
    if (len >= BENCH_EVENT_NAME_MAX ||
        strspn(item, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "abcdefghijklmnopqrstuvwxyz0123456789_:.-=") != len)
        return bench_config_fail(c->st, c->line, "events: '%s' is not a PAPI event name", item), -1;
    for (int i = 0; i < cfg->events.count; i++)
        if (!strcmp(cfg->events.names[i], item))
            return bench_config_fail(c->st, c->line, "events: '%s' is listed twice", item), -1;
    memcpy(cfg->events.names[cfg->events.count++], item, len + 1);
    return 0;
}

/* Point c->line at the line of the item about to be parsed (a list may
 * continue on indented lines), then parse it. */
static int list_item(const char *item, void *p)
{
    list_ctx *c = p;
    c->line = c->key_id >= 0 && c->st->lines[c->key_id]
                  ? bench_config_item_line(c->st, c->key_id, c->item)
                  : c->base_line;
    c->item++;
    return c->fn(item, c);
}

/* Parse a comma list with fn; on a syntax error of the list itself report it. */
static int parse_list(config_state *st, int line, const char *value, list_ctx *c,
                      int (*fn)(const char *, void *))
{
    char msg[300];
    c->st = st;
    c->line = c->base_line = line;
    c->item = 0;
    c->fn = fn;
    if (bench_config_foreach_item(value, list_item, c, msg, sizeof msg) != 0) {
        if (!st->failed) bench_config_fail(st, line, "%s: %s", c->key, msg);
        return -1;
    }
    return 0;
}

static int path_value(config_state *st, int line, const char *key, const char *value, char *out)
{
    const char *slash = strrchr(st->path, '/');
    int len;
    if (value[0] == '/' || !slash) {
        len = snprintf(out, BENCH_PATH_MAX, "%s", value);
    } else {
        len = snprintf(out, BENCH_PATH_MAX, "%.*s/%s", (int)(slash - st->path), st->path, value);
    }
    if (len < 0 || len >= BENCH_PATH_MAX)
        return bench_config_fail(st, line, "%s: path too long", key), -1;
    return 0;
}

/* ---- one key ------------------------------------------------------------ */

#define BAD(...) (bench_config_fail(st, line, __VA_ARGS__), -1)

int bench_config_set_key(config_state *st, int key, int line, const char *value)
{
    bench_config *cfg = st->cfg;
    const char *name = bench_config_key_name(key);
    long x;
    int b;
    list_ctx lc;
    long ivals[BENCH_MAX_THREADS + BENCH_MAX_KS + BENCH_MAX_NS];
    int evals[CT_ORDER_COUNT];

    memset(&lc, 0, sizeof lc);
    lc.key = name;
    lc.key_id = key;
    if (!*value) return BAD("%s: empty value", name);
    switch ((config_key)key) {
    case KEY_EXP_NAME:
        if (strlen(value) >= sizeof cfg->name) return BAD("name: longer than 63 characters");
        if (strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") !=
            strlen(value))
            return BAD("name: '%s' may only contain letters, digits, '_', '.' and '-'", value);
        strcpy(cfg->name, value);
        return 0;
    case KEY_EXP_SEEDS:
        lc.uvals = cfg->seeds;
        lc.max = BENCH_MAX_SEEDS;
        if (parse_list(st, line, value, &lc, u64_item) != 0) return -1;
        cfg->n_seeds = lc.count;
        return 0;
    case KEY_EXP_REPS:
        if (bench_parse_long(value, 1, 100000, &x) != 0)
            return BAD("repetitions: '%s' is not an integer in [1, 100000]", value);
        cfg->repetitions = (int)x;
        return 0;
    case KEY_EXP_WARMUP:
        if (bench_parse_long(value, 0, 1000, &x) != 0)
            return BAD("warmup: '%s' is not an integer in [0, 1000]", value);
        cfg->warmup = (int)x;
        return 0;
    case KEY_EXP_THREADS:
        lc.ivals = ivals;
        lc.lo = 1;
        lc.hi = 1024;
        lc.max = BENCH_MAX_THREADS;
        if (parse_list(st, line, value, &lc, long_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->threads[i] = (int)ivals[i];
        cfg->n_threads = lc.count;
        return 0;
    case KEY_EXP_INTERLEAVE:
        if (bench_parse_bool(value, &cfg->interleave) != 0)
            return BAD("interleave: '%s' is not on/off", value);
        return 0;
    case KEY_EXP_ORDER_SEED:
        if (bench_parse_u64(value, &cfg->order_seed) != 0)
            return BAD("order_seed: '%s' is not an unsigned 64-bit integer", value);
        return 0;
    case KEY_WL_SOURCE:
        if (!strcmp(value, "synthetic")) cfg->source = BENCH_SOURCE_SYNTHETIC;
        else if (!strcmp(value, "npy")) cfg->source = BENCH_SOURCE_NPY;
        else return BAD("source: '%s' is not one of synthetic, npy", value);
        return 0;
    case KEY_WL_GENERATOR:
        b = ct_points_kind_from_name(value);
        if (b < 0)
            return BAD("generator: '%s' is not one of normal, uniform, clustered, duplicates, "
                       "duplicates10",
                       value);
        cfg->generator = (ct_points_kind)b;
        return 0;
    case KEY_WL_ORDERING:
        b = ct_ordering_from_name(value);
        if (b < 0) return BAD("ordering: '%s' is not one of natural, random, maxmin", value);
        cfg->ordering = (ct_ordering_kind)b;
        return 0;
    case KEY_WL_N:
        lc.ivals = ivals;
        lc.lo = 1;
        lc.hi = INT32_MAX - 1;
        lc.max = BENCH_MAX_NS;
        if (parse_list(st, line, value, &lc, long_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->ns[i] = (int32_t)ivals[i];
        cfg->n_ns = lc.count;
        cfg->n = cfg->ns[0];
        return 0;
    case KEY_WL_DIM:
        if (bench_parse_long(value, 1, CT_MAX_DIM, &x) != 0)
            return BAD("dim: '%s' is not an integer in [1, %d]", value, CT_MAX_DIM);
        cfg->dim = (int)x;
        return 0;
    case KEY_WL_M:
        if (bench_parse_long(value, 1, 65536, &x) != 0)
            return BAD("m: '%s' is not an integer in [1, 65536]", value);
        cfg->m = (int)x;
        return 0;
    case KEY_WL_COVARIANCE:
        b = ct_covariance_kind_find(value);
        if (b < 0) return BAD("covariance: '%s' is not one of rbf, matern52", value);
        cfg->cov.kind = (ct_covariance_kind)b;
        return 0;
    case KEY_WL_VARIANCE:
        if (bench_parse_double(value, &cfg->cov.variance) != 0 || !(cfg->cov.variance > 0))
            return BAD("variance: '%s' is not a positive finite number", value);
        return 0;
    case KEY_WL_LENGTHSCALE:
        lc.dvals = cfg->cov.lengthscale;
        lc.max = CT_MAX_DIM;
        if (parse_list(st, line, value, &lc, positive_item) != 0) return -1;
        cfg->lengthscale_count = lc.count;
        return 0;
    case KEY_WL_POINTS: return path_value(st, line, name, value, cfg->points_path);
    case KEY_WL_INDUCING: return path_value(st, line, name, value, cfg->inducing_path);
    case KEY_WL_V: return path_value(st, line, name, value, cfg->v_path);
    case KEY_WL_P: return path_value(st, line, name, value, cfg->p_path);
    case KEY_WL_QUERY_INDICES: return path_value(st, line, name, value, cfg->query_indices_path);
    case KEY_BUILD_INSERTION:
        lc.evals = evals;
        lc.max = 3;
        if (parse_list(st, line, value, &lc, insertion_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->insertions[i] = (ct_order)evals[i];
        cfg->n_insertions = lc.count;
        cfg->insertion = cfg->insertions[0];
        return 0;
    case KEY_BUILD_BASE:
        lc.dvals = cfg->bases;
        lc.max = BENCH_MAX_BASES;
        if (parse_list(st, line, value, &lc, base_item) != 0) return -1;
        cfg->n_bases = lc.count;
        cfg->build.base = cfg->bases[0];
        return 0;
    case KEY_BUILD_SI:
        lc.evals = evals;
        lc.max = 2;
        if (parse_list(st, line, value, &lc, si_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->sis[i] = (ct_si_mode)evals[i];
        cfg->n_sis = lc.count;
        cfg->build.si_mode = cfg->sis[0];
        return 0;
    case KEY_BUILD_SHORTCUT:
        lc.evals = evals;
        lc.max = 2;
        if (parse_list(st, line, value, &lc, shortcut_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->shortcuts[i] = (ct_build_shortcut)evals[i];
        cfg->n_shortcuts = lc.count;
        cfg->build.shortcut = cfg->shortcuts[0];
        return 0;
    case KEY_BUILD_METRIC:
        lc.evals = evals;
        lc.max = 2;
        if (parse_list(st, line, value, &lc, metric_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->metrics[i] = (ct_build_metric)evals[i];
        cfg->n_metrics = lc.count;
        cfg->build.metric = cfg->metrics[0];
        return 0;
    case KEY_BUILD_BATCH:
        if (bench_parse_long(value, 1, 1 << 24, &x) != 0)
            return BAD("batch: '%s' is not an integer in [1, %d]", value, 1 << 24);
        cfg->build.batch = (int)x;
        return 0;
    case KEY_BUILD_CHECK:
        if (bench_parse_bool(value, &cfg->check_tree) != 0)
            return BAD("check: '%s' is not on/off", value);
        return 0;
    case KEY_VAR_TOPOLOGY:
    case KEY_VAR_ORDER:
    case KEY_VAR_DATA:
    case KEY_VAR_TRAVERSAL:
    case KEY_VAR_KERNEL:
    case KEY_VAR_PRECISION:
    case KEY_VAR_OPTIONS:
    case KEY_VAR_VARIANTS:
    case KEY_VAR_BASELINES:
    case KEY_VAR_SPEEDUP_VS:
        st->raw[key] = strdup(value); /* expanded once the whole file is read */
        return st->raw[key] ? 0 : BAD("out of memory");
    case KEY_Q_K:
        lc.ivals = ivals;
        lc.lo = 1;
        lc.hi = INT32_MAX - 1;
        lc.max = BENCH_MAX_KS;
        if (parse_list(st, line, value, &lc, long_item) != 0) return -1;
        for (int i = 0; i < lc.count; i++) cfg->ks[i] = (int)ivals[i];
        cfg->n_ks = lc.count;
        return 0;
    case KEY_Q_QUERIES:
        if (!strcmp(value, "all")) {
            cfg->queries = 0;
            return 0;
        }
        if (bench_parse_long(value, 1, INT32_MAX - 1, &x) != 0)
            return BAD("queries: '%s' is neither 'all' nor an integer in [1, %d]", value,
                       INT32_MAX - 1);
        cfg->queries = (int32_t)x;
        return 0;
    case KEY_Q_PREDECESSOR:
        if (bench_parse_bool(value, &cfg->predecessor) != 0)
            return BAD("predecessor: '%s' is not on/off", value);
        return 0;
    case KEY_Q_EXCLUDE_SELF:
        if (bench_parse_bool(value, &cfg->exclude_self) != 0)
            return BAD("exclude_self: '%s' is not on/off", value);
        return 0;
    case KEY_Q_VERIFY:
        if (bench_parse_long(value, 0, INT32_MAX - 1, &x) != 0)
            return BAD("verify_queries: '%s' is not an integer >= 0 (0 = every query)", value);
        cfg->verify_queries = (int32_t)x;
        return 0;
    case KEY_CNT_BACKEND:
        b = bench_counters_kind_find(value);
        if (b < 0) return BAD("backend: '%s' is not one of papi, none, sim", value);
        cfg->counters = (bench_counters_kind)b;
        return 0;
    case KEY_CNT_EVENTS:
        cfg->events.count = 0;
        cfg->events.is_auto = 0;
        if (!strcmp(value, "auto")) cfg->events.is_auto = 1;
        else if (strcmp(value, "none") != 0 && parse_list(st, line, value, &lc, event_item) != 0)
            return -1;
        return 0;
    case KEY_CNT_SIM_QUERIES:
        if (bench_parse_long(value, 1, 1000000, &x) != 0)
            return BAD("sim_queries: '%s' is not an integer in [1, 1000000]", value);
        cfg->sim_queries = (int32_t)x;
        return 0;
    case KEY_COUNT: break;
    }
    return BAD("internal: unhandled key");
}
