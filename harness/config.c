/* config.c -- read an experiment config with inih and validate it (config.h).
 *
 * inih drives the parse through our own line reader, so the reader always
 * knows the line number of the key being handled (Debian's libinih is built
 * without INI_HANDLER_LINENO); an error in a list names the line of the item
 * at fault, and a list line ending with a comma waits for its continuation.  Each key is parsed as soon as it is seen;
 * cross-key checks (m <= n, k <= n, npy vs synthetic keys, ...) and the
 * variant expansion run after the whole file was read, with the line of the
 * key at fault.  The first error wins and nothing is run on a bad config.
 * The sweep keys (n, insertion, si, base) are lists like seeds and threads:
 * every value is checked, a repeated value is an error, and the cross-key
 * checks that involve n (m <= n, k <= n, sample sizes) use the smallest n.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static const struct key_def {
    const char *section;
    const char *key;
} key_defs[KEY_COUNT] = {
#define BENCH_KEY_DEF(id, section, key) {section, key},
    BENCH_CONFIG_KEYS(BENCH_KEY_DEF)
#undef BENCH_KEY_DEF
};

static const char *const sections[] = {"experiment", "workload", "build",
                                       "variants",   "query",    "counters"};

uint64_t bench_fnv1a(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

const char *bench_counters_kind_name(bench_counters_kind kind)
{
    switch (kind) {
    case BENCH_COUNTERS_PAPI: return "papi";
    case BENCH_COUNTERS_NONE: return "none";
    case BENCH_COUNTERS_SIM: return "sim";
    }
    return "?";
}

int bench_counters_kind_parse(const char *name)
{
    if (!strcmp(name, "papi")) return BENCH_COUNTERS_PAPI;
    if (!strcmp(name, "none")) return BENCH_COUNTERS_NONE;
    if (!strcmp(name, "sim")) return BENCH_COUNTERS_SIM;
    return -1;
}

int bench_config_fail(config_state *st, int line, const char *fmt, ...)
{
    va_list ap;
    if (st->failed && st->err_line <= line) return 0;
    st->failed = 1;
    st->err_line = line;
    va_start(ap, fmt);
    vsnprintf(st->err_msg, sizeof st->err_msg, fmt, ap);
    va_end(ap);
    return 0;
}

int bench_config_item_line(const config_state *st, int key, int item)
{
    int line = st->lines[key];
    for (int c = 0; c < st->n_cont[key]; c++)
        if (item >= st->cont_item[key][c]) line = st->cont_line[key][c];
    return line;
}

/* ---- list and value parsing ------------------------------------------- */

int bench_config_foreach_item(const char *list, int (*fn)(const char *item, void *ctx), void *ctx,
                              char *msg, size_t msg_size)
{
    const char *p = list;
    char item[256];
    for (;;) {
        size_t len = strcspn(p, ",");
        const char *s = p, *e = p + len;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (e == s) {
            snprintf(msg, msg_size, "empty item in list '%s'", list);
            return -1;
        }
        if ((size_t)(e - s) >= sizeof item) {
            snprintf(msg, msg_size, "list item too long in '%s'", list);
            return -1;
        }
        memcpy(item, s, (size_t)(e - s));
        item[e - s] = '\0';
        if (fn(item, ctx) != 0) return -1;
        if (p[len] == '\0') return 0;
        p += len + 1;
    }
}

static int parse_long(const char *v, long lo, long hi, long *out)
{
    char *end;
    long x;
    if (!*v) return -1;
    errno = 0;
    x = strtol(v, &end, 10);
    if (errno || *end || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

static int parse_u64(const char *v, uint64_t *out)
{
    char *end;
    unsigned long long x;
    if (!*v || *v == '-' || *v == '+') return -1;
    errno = 0;
    x = strtoull(v, &end, 10);
    if (errno || *end) return -1;
    *out = (uint64_t)x;
    return 0;
}

static int parse_double(const char *v, double *out)
{
    char *end;
    double x;
    if (!*v) return -1;
    errno = 0;
    x = strtod(v, &end);
    if (errno || *end || !isfinite(x)) return -1;
    *out = x;
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"on", "true", "yes", "1"};
    static const char *const no[] = {"off", "false", "no", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcmp(v, yes[i])) {
            *out = 1;
            return 0;
        }
        if (!strcmp(v, no[i])) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

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
    if (parse_long(item, c->lo, c->hi, &x) != 0)
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
    if (parse_u64(item, &x) != 0)
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
    if (parse_double(item, &x) != 0 || !(x > 0))
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
    if (!strcmp(item, "sum")) b = CT_SI_SUM;
    else if (!strcmp(item, "exact")) b = CT_SI_EXACT;
    else return bench_config_fail(c->st, c->line, "si: '%s' is not one of sum, exact", item), -1;
    for (int i = 0; i < c->count; i++)
        if (c->evals[i] == b)
            return bench_config_fail(c->st, c->line, "si: '%s' is listed twice", item), -1;
    if (c->count == c->max)
        return bench_config_fail(c->st, c->line, "si: at most %d values", c->max), -1;
    c->evals[c->count++] = b;
    return 0;
}

/* [build] base: a number in (1, 16]; the same number twice (2 and 2.0) is a repeat. */
static int base_item(const char *item, void *p)
{
    list_ctx *c = p;
    double x;
    if (parse_double(item, &x) != 0 || !(x > 1.0) || x > 16.0)
        return bench_config_fail(c->st, c->line, "base: '%s' is not a number in (1, 16]", item), -1;
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
    if (cfg->n_events == BENCH_MAX_EVENTS)
        return bench_config_fail(c->st, c->line, "events: at most %d events", BENCH_MAX_EVENTS), -1;
    if (len >= BENCH_EVENT_NAME_MAX ||
        strspn(item, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "abcdefghijklmnopqrstuvwxyz0123456789_:.-=") != len)
        return bench_config_fail(c->st, c->line, "events: '%s' is not a PAPI event name", item), -1;
    for (int i = 0; i < cfg->n_events; i++)
        if (!strcmp(cfg->events[i], item))
            return bench_config_fail(c->st, c->line, "events: '%s' is listed twice", item), -1;
    memcpy(cfg->events[cfg->n_events++], item, len + 1);
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

static int set_key(config_state *st, int key, int line, const char *value)
{
    bench_config *cfg = st->cfg;
    const char *name = key_defs[key].key;
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
        if (parse_long(value, 1, 100000, &x) != 0)
            return BAD("repetitions: '%s' is not an integer in [1, 100000]", value);
        cfg->repetitions = (int)x;
        return 0;
    case KEY_EXP_WARMUP:
        if (parse_long(value, 0, 1000, &x) != 0)
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
        if (parse_bool(value, &cfg->interleave) != 0)
            return BAD("interleave: '%s' is not on/off", value);
        return 0;
    case KEY_EXP_ORDER_SEED:
        if (parse_u64(value, &cfg->order_seed) != 0)
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
        if (parse_long(value, 1, CT_MAX_DIM, &x) != 0)
            return BAD("dim: '%s' is not an integer in [1, %d]", value, CT_MAX_DIM);
        cfg->dim = (int)x;
        return 0;
    case KEY_WL_M:
        if (parse_long(value, 1, 65536, &x) != 0)
            return BAD("m: '%s' is not an integer in [1, 65536]", value);
        cfg->m = (int)x;
        return 0;
    case KEY_WL_COVARIANCE:
        if (!strcmp(value, "rbf")) cfg->cov.kind = CT_COVARIANCE_RBF;
        else if (!strcmp(value, "matern52")) cfg->cov.kind = CT_COVARIANCE_MATERN52;
        else return BAD("covariance: '%s' is not one of rbf, matern52", value);
        return 0;
    case KEY_WL_VARIANCE:
        if (parse_double(value, &cfg->cov.variance) != 0 || !(cfg->cov.variance > 0))
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
    case KEY_BUILD_BATCH:
        if (parse_long(value, 1, 1 << 24, &x) != 0)
            return BAD("batch: '%s' is not an integer in [1, %d]", value, 1 << 24);
        cfg->build.batch = (int)x;
        return 0;
    case KEY_BUILD_CHECK:
        if (parse_bool(value, &cfg->check_tree) != 0)
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
        if (parse_long(value, 1, INT32_MAX - 1, &x) != 0)
            return BAD("queries: '%s' is neither 'all' nor an integer in [1, %d]", value,
                       INT32_MAX - 1);
        cfg->queries = (int32_t)x;
        return 0;
    case KEY_Q_PREDECESSOR:
        if (parse_bool(value, &cfg->predecessor) != 0)
            return BAD("predecessor: '%s' is not on/off", value);
        return 0;
    case KEY_Q_EXCLUDE_SELF:
        if (parse_bool(value, &cfg->exclude_self) != 0)
            return BAD("exclude_self: '%s' is not on/off", value);
        return 0;
    case KEY_Q_VERIFY:
        if (parse_long(value, 0, INT32_MAX - 1, &x) != 0)
            return BAD("verify_queries: '%s' is not an integer >= 0 (0 = every query)", value);
        cfg->verify_queries = (int32_t)x;
        return 0;
    case KEY_CNT_BACKEND:
        b = bench_counters_kind_parse(value);
        if (b < 0) return BAD("backend: '%s' is not one of papi, none, sim", value);
        cfg->counters = (bench_counters_kind)b;
        return 0;
    case KEY_CNT_EVENTS:
        cfg->n_events = 0;
        cfg->events_auto = 0;
        if (!strcmp(value, "auto")) cfg->events_auto = 1;
        else if (strcmp(value, "none") != 0 && parse_list(st, line, value, &lc, event_item) != 0)
            return -1;
        return 0;
    case KEY_CNT_SIM_QUERIES:
        if (parse_long(value, 1, 1000000, &x) != 0)
            return BAD("sim_queries: '%s' is not an integer in [1, 1000000]", value);
        cfg->sim_queries = (int32_t)x;
        return 0;
    case KEY_COUNT: break;
    }
    return BAD("internal: unhandled key");
}

/* ---- inih plumbing -------------------------------------------------------- */

/* One physical line per call, so st->line is the line inih is looking at. */
static char *read_line(char *str, int num, void *stream)
{
    config_state *st = stream;
    const char *s = st->text + st->pos;
    size_t len;
    if (!*s) return NULL;
    len = strcspn(s, "\n");
    st->line++;
    st->indented = (*s == ' ' || *s == '\t');
    if (len + 2 > (size_t)num) {
        bench_config_fail(st, st->line,
                          "line longer than %d characters (continue a long "
                          "list on indented lines)",
                          num - 2);
        len = (size_t)num - 2;
        str[0] = '\0'; /* hand inih a blank line */
    } else {
        memcpy(str, s, len);
        str[len] = '\n';
        str[len + 1] = '\0';
    }
    st->pos += strcspn(s, "\n");
    if (st->text[st->pos] == '\n') st->pos++;
    return str;
}

static int known_section(const char *section)
{
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (!strcmp(section, sections[i])) return 1;
    return 0;
}

/* Lists parsed as soon as they are read (the [variants] lists wait for the
 * whole file anyway). */
static int parsed_list(int key)
{
    return key == KEY_EXP_SEEDS || key == KEY_EXP_THREADS || key == KEY_Q_K ||
           key == KEY_CNT_EVENTS || key == KEY_WL_LENGTHSCALE || key == KEY_WL_N ||
           key == KEY_BUILD_INSERTION || key == KEY_BUILD_SI || key == KEY_BUILD_BASE;
}

static int ends_with_comma(const char *v)
{
    size_t len = strlen(v);
    return len && v[len - 1] == ',';
}

/* A list whose line ended with a comma waits for its continuation line; any
 * other line (or the end of the file) parses what it has, so a dangling
 * comma is still an "empty item" error. */
static void flush_pending(config_state *st)
{
    int key = st->pending;
    if (key < 0) return;
    st->pending = -1;
    if (st->raw[key]) set_key(st, key, st->pending_line, st->raw[key]);
}

static int handle(void *user, const char *section, const char *name, const char *value)
{
    config_state *st = user;
    int line = st->line;
    int key = -1, cont;

    if (!*section) return bench_config_fail(st, line, "key '%s' outside of any [section]", name);
    if (!known_section(section))
        return bench_config_fail(st, line,
                                 "unknown section [%s] (expected one of experiment, "
                                 "workload, build, variants, query, counters)",
                                 section);
    for (int k = 0; k < KEY_COUNT; k++) {
        if (!strcmp(key_defs[k].section, section) && !strcmp(key_defs[k].key, name)) {
            key = k;
            break;
        }
    }
    if (key < 0) {
        flush_pending(st);
        return bench_config_fail(st, line, "unknown key '%s' in [%s]", name, section);
    }
    cont = st->indented && st->lines[key] && st->last_key == key;
    if (!(cont && key == st->pending)) flush_pending(st);

    if (cont) {
        /* a continuation line of a long list: append to the raw value */
        char *joined;
        const char *prev = st->raw[key];
        size_t plen;
        st->pending = -1;
        if (!prev)
            return bench_config_fail(st, line, "%s: only lists may continue on the next line",
                                     name);
        plen = strlen(prev);
        if (st->n_cont[key] < BENCH_CONFIG_MAX_CONT) {
            int items = (plen && prev[plen - 1] != ',') ? 1 : 0;
            for (size_t i = 0; i < plen; i++) items += prev[i] == ',';
            st->cont_item[key][st->n_cont[key]] = items;
            st->cont_line[key][st->n_cont[key]++] = line;
        }
        joined = malloc(plen + strlen(value) + 2);
        if (!joined) return bench_config_fail(st, line, "out of memory");
        sprintf(joined, "%s%s%s", prev, (plen && prev[plen - 1] == ',') ? "" : ",", value);
        free(st->raw[key]);
        st->raw[key] = NULL;
        if (parsed_list(key) && ends_with_comma(joined)) {
            st->raw[key] = joined; /* continues again */
            st->pending = key;
            st->pending_line = line;
            return 1;
        }
        if (set_key(st, key, line, joined) != 0) {
            free(joined);
            return 0;
        }
        free(st->raw[key]);
        st->raw[key] = joined;
        return 1;
    }
    if (st->lines[key])
        return bench_config_fail(st, line, "key '%s' in [%s] is set twice (first on line %d)", name,
                                 section, st->lines[key]);
    st->lines[key] = line;
    st->last_key = key;
    if (parsed_list(key) && ends_with_comma(value)) {
        st->raw[key] = strdup(value);
        if (!st->raw[key]) return bench_config_fail(st, line, "out of memory");
        st->pending = key;
        st->pending_line = line;
        return 1;
    }
    if (set_key(st, key, line, value) != 0) return 0;
    /* keep the raw text of list keys so continuation lines can extend them */
    if (!st->raw[key] && parsed_list(key)) {
        st->raw[key] = strdup(value);
        if (!st->raw[key]) return bench_config_fail(st, line, "out of memory");
    }
    return 1;
}

/* ---- defaults and cross-key checks ----------------------------------------- */

static void set_defaults(bench_config *cfg)
{
    strcpy(cfg->name, "unnamed");
    cfg->seeds[0] = 1;
    cfg->n_seeds = 1;
    cfg->repetitions = 5;
    cfg->warmup = 1;
    cfg->threads[0] = 1;
    cfg->n_threads = 1;
    cfg->interleave = 0;
    cfg->order_seed = 0;
    cfg->source = BENCH_SOURCE_SYNTHETIC;
    cfg->generator = CT_POINTS_NORMAL;
    cfg->dim = 3;
    cfg->cov.kind = CT_COVARIANCE_RBF;
    cfg->cov.variance = 1.0;
    cfg->cov.lengthscale[0] = 1.0;
    cfg->lengthscale_count = 1;
    cfg->insertion = CT_ORDER_NATURAL;
    ct_build_params_default(&cfg->build);
    cfg->insertions[0] = cfg->insertion;
    cfg->n_insertions = 1;
    cfg->sis[0] = cfg->build.si_mode;
    cfg->n_sis = 1;
    cfg->bases[0] = cfg->build.base;
    cfg->n_bases = 1;
    cfg->check_tree = 1;
    cfg->speedup_ref = -1;
    cfg->ks[0] = 10;
    cfg->n_ks = 1;
    cfg->queries = 1024;
    cfg->verify_queries = 64;
    /* papi even when built without it: its stub records every event as absent, why */
    cfg->counters = BENCH_COUNTERS_PAPI;
    cfg->events_auto = 1;
    cfg->sim_queries = 64;
}

#define AT(key) st->lines[KEY_##key]
#define CHECK_FAIL(...) (bench_config_fail(st, __VA_ARGS__), -1)

/* The smallest workload size (synthetic), for the checks that involve n. */
static int32_t min_n(const bench_config *cfg)
{
    int32_t n = cfg->ns[0];
    for (int i = 1; i < cfg->n_ns; i++)
        if (cfg->ns[i] < n) n = cfg->ns[i];
    return n;
}

static int check_workload(config_state *st)
{
    bench_config *cfg = st->cfg;
    static const int synthetic_only[] = {KEY_WL_GENERATOR, KEY_WL_N, KEY_WL_DIM};
    static const int npy_only[] = {KEY_WL_POINTS, KEY_WL_INDUCING, KEY_WL_V, KEY_WL_P,
                                   KEY_WL_QUERY_INDICES};

    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        for (size_t i = 0; i < sizeof npy_only / sizeof npy_only[0]; i++)
            if (st->lines[npy_only[i]])
                return CHECK_FAIL(st->lines[npy_only[i]], "key '%s' needs source = npy",
                                  key_defs[npy_only[i]].key);
        if (!AT(WL_N)) {
            int line = AT(WL_SOURCE) ? AT(WL_SOURCE) : 1;
            return CHECK_FAIL(line, "[workload] needs n (the number of points)");
        }
        if (!AT(WL_M)) cfg->m = min_n(cfg) < 512 ? (int)min_n(cfg) : 512;
        if (cfg->m > min_n(cfg))
            return CHECK_FAIL(AT(WL_M), "m = %d inducing points but only n = %d points", cfg->m,
                              (int)min_n(cfg));
        if (cfg->lengthscale_count != 1 && cfg->lengthscale_count != cfg->dim)
            return CHECK_FAIL(AT(WL_LENGTHSCALE),
                              "lengthscale: %d values for dim = %d (give "
                              "one, or one per dimension)",
                              cfg->lengthscale_count, cfg->dim);
    } else {
        for (size_t i = 0; i < sizeof synthetic_only / sizeof synthetic_only[0]; i++)
            if (st->lines[synthetic_only[i]])
                return CHECK_FAIL(st->lines[synthetic_only[i]],
                                  "key '%s' needs source = synthetic (with npy it comes from "
                                  "the points file)",
                                  key_defs[synthetic_only[i]].key);
        if (!AT(WL_POINTS))
            return CHECK_FAIL(AT(WL_SOURCE), "source = npy needs points = FILE.npy");
        if (AT(WL_P) && !AT(WL_V)) return CHECK_FAIL(AT(WL_P), "p needs v (the factor V)");
        if (AT(WL_M) && (AT(WL_V) || AT(WL_INDUCING)))
            return CHECK_FAIL(AT(WL_M), "m is given by the %s file; remove m",
                              AT(WL_V) ? "v" : "inducing");
        if (AT(WL_V) && AT(WL_INDUCING))
            return CHECK_FAIL(AT(WL_INDUCING), "inducing is unused when v is given");
        if (AT(WL_QUERY_INDICES) && AT(Q_QUERIES))
            return CHECK_FAIL(AT(Q_QUERIES),
                              "queries: the batch comes from query_indices "
                              "(line %d); remove queries",
                              AT(WL_QUERY_INDICES));
        cfg->n = 0; /* from the points file */
        cfg->ns[0] = 0;
        cfg->n_ns = 1;
    }
    return 0;
}

static int check_query(config_state *st)
{
    bench_config *cfg = st->cfg;
    int32_t nq = cfg->queries;
    for (int i = 0; i < cfg->n_ks; i++) {
        if (cfg->source == BENCH_SOURCE_SYNTHETIC && cfg->ks[i] > min_n(cfg))
            return CHECK_FAIL(AT(Q_K), "k = %d exceeds the number of points n = %d", cfg->ks[i],
                              (int)min_n(cfg));
    }
    if (nq == 0 && cfg->source == BENCH_SOURCE_SYNTHETIC) nq = min_n(cfg);
    if (nq > 0 && cfg->verify_queries > nq) {
        if (AT(Q_VERIFY))
            return CHECK_FAIL(AT(Q_VERIFY),
                              "verify_queries = %d exceeds the %d queries of the "
                              "batch",
                              (int)cfg->verify_queries, (int)nq);
        cfg->verify_queries = 0; /* the default sample is larger than the batch: verify all */
    }
    if (nq > 0 && cfg->sim_queries > nq) {
        if (AT(CNT_SIM_QUERIES))
            return CHECK_FAIL(AT(CNT_SIM_QUERIES),
                              "sim_queries = %d exceeds the %d queries of "
                              "the batch",
                              (int)cfg->sim_queries, (int)nq);
        cfg->sim_queries = nq;
    }
    return 0;
}

static int read_file(const char *path, char **out, ct_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, len = 0, got;
    if (!f) return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    do {
        if (len + 4096 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 8192;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return ct_error_set(err, CT_EIO, "%s: read error", path);
    }
    fclose(f);
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        return ct_error_set(err, CT_EFORMAT, "%s: contains a NUL byte (not a text file)", path);
    }
    *out = buf;
    return CT_OK;
}

int bench_config_parse_string(const char *path, const char *text, bench_config *cfg, ct_error *err)
{
    config_state st;
    int rc, bad;

    memset(cfg, 0, sizeof *cfg);
    memset(&st, 0, sizeof st);
    set_defaults(cfg);
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    cfg->text = strdup(text);
    if (!cfg->text) return ct_error_set(err, CT_ENOMEM, "out of memory");
    cfg->hash = bench_fnv1a(text, strlen(text), BENCH_FNV_OFFSET);
    st.cfg = cfg;
    st.path = path;
    st.text = text;
    st.last_key = -1;
    st.pending = -1;

    /* one physical line per reader call; long values continue on indented lines */
    ini_allow_multiline = 1;
    ini_allow_inline_comments = 1;
    ini_use_stack = 0;
    ini_allow_realloc = 0;
    ini_max_line = 1024;
    ini_initial_alloc = 1024;
    ini_stop_on_first_error = 0;
    bad = ini_parse_stream(read_line, &st, handle, &st);
    flush_pending(&st);
    if (bad > 0 && (!st.failed || bad < st.err_line)) {
        /* a line inih could not read at all */
        st.failed = 0;
        bench_config_fail(&st, bad,
                          "syntax error (expected '[section]', 'key = value' or a "
                          "comment)");
    } else if (bad < 0) {
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory while parsing", path);
        goto fail;
    }
    if (!st.failed && check_workload(&st) == 0 && check_query(&st) == 0)
        bench_config_expand_variants(&st);
    if (st.failed) {
        if (st.err_line > 0)
            rc = ct_error_set(err, CT_EFORMAT, "%s:%d: %s", path, st.err_line, st.err_msg);
        else rc = ct_error_set(err, CT_EFORMAT, "%s: %s", path, st.err_msg);
        goto fail;
    }
    rc = CT_OK;
    goto done;
fail:
    bench_config_free(cfg);
done:
    for (int k = 0; k < KEY_COUNT; k++) free(st.raw[k]);
    /* reset the library defaults for other users of inih in this process */
    ini_use_stack = 1;
    return rc;
}

int bench_config_load(const char *path, bench_config *cfg, ct_error *err)
{
    char *text = NULL;
    int rc;
    memset(cfg, 0, sizeof *cfg);
    rc = read_file(path, &text, err);
    if (rc != CT_OK) return rc;
    rc = bench_config_parse_string(path, text, cfg, err);
    free(text);
    return rc;
}

int bench_config_n_builds(const bench_config *cfg)
{
    return cfg->n_insertions * cfg->n_sis * cfg->n_bases;
}

int bench_config_build(const bench_config *cfg, int b, ct_order *insertion, ct_build_params *params)
{
    if (b < 0 || b >= bench_config_n_builds(cfg)) return CT_EINVAL;
    *params = cfg->build;
    *insertion = cfg->insertions[b / (cfg->n_sis * cfg->n_bases)];
    params->si_mode = cfg->sis[(b / cfg->n_bases) % cfg->n_sis];
    params->base = cfg->bases[b % cfg->n_bases];
    return CT_OK;
}

void bench_config_build_text(ct_order insertion, const ct_build_params *params, char *buf,
                             size_t size)
{
    snprintf(buf, size, "insertion=%s base=%g si=%s batch=%d",
             ct_axis_value_name(CT_AXIS_ORDER, insertion), params->base,
             params->si_mode == CT_SI_EXACT ? "exact" : "sum", params->batch);
}

void bench_config_free(bench_config *cfg)
{
    free(cfg->text);
    free(cfg->variants);
    cfg->text = NULL;
    cfg->variants = NULL;
    cfg->n_variants = 0;
}
