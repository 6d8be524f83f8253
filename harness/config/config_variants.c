/* config_variants.c -- expand a config's [variants] section into the list of
 * variants to run (config_internal.h).
 *
 * The six axis keys (topology, order, data, traversal, kernel, precision) and
 * `options` are comma lists; their cross product is taken when any of them is
 * given, an absent axis taking its first value (ll, natural, indirect, level,
 * auto, f64; options none).  `all` is every value of the axis.  Then come the
 * explicit `variants` names and the `baselines`, duplicates dropped, in that
 * order.  A combination this machine cannot run is an error when every axis
 * value was named explicitly, and is skipped with a note when it came from an
 * `all` (so `kernel = all` means "every kernel this CPU has").
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

#define MAX_AXIS_VALUES 16
#define MAX_VARIANTS 4096

typedef struct axis_list {
    int values[MAX_AXIS_VALUES];
    int count;
    int from_all;
} axis_list;

typedef struct item_ctx {
    config_state *st;
    int key;
    int item; /* index of the item being parsed */
    ct_axis axis;
    axis_list *list;
} item_ctx;

#define ITEM_LINE(c) bench_config_item_line((c)->st, (c)->key, (c)->item)

static int axis_item_at(const char *item, item_ctx *c);

static int axis_item(const char *item, void *p)
{
    item_ctx *c = p;
    int rc = axis_item_at(item, c);
    c->item++;
    return rc;
}

static int axis_item_at(const char *item, item_ctx *c)
{
    int n = ct_axis_value_count(c->axis);
    int v;
    if (!strcmp(item, "all")) {
        c->list->from_all = 1;
        for (v = 0; v < n && c->list->count < MAX_AXIS_VALUES; v++) {
            int seen = 0;
            for (int i = 0; i < c->list->count; i++) seen |= c->list->values[i] == v;
            if (!seen) c->list->values[c->list->count++] = v;
        }
        return 0;
    }
    v = ct_axis_value_find(c->axis, item);
    if (v < 0) {
        char names[256] = "";
        for (int i = 0; i < n; i++) {
            strcat(names, i ? ", " : "");
            strncat(names, ct_axis_value_name(c->axis, i), sizeof names - strlen(names) - 8);
        }
        bench_config_fail(c->st, ITEM_LINE(c), "%s: unknown value '%s' (expected %s or all)",
                          ct_axis_name(c->axis), item, names);
        return -1;
    }
    for (int i = 0; i < c->list->count; i++) {
        if (c->list->values[i] == v) {
            bench_config_fail(c->st, ITEM_LINE(c), "%s: '%s' is listed twice",
                              ct_axis_name(c->axis), item);
            return -1;
        }
    }
    c->list->values[c->list->count++] = v;
    return 0;
}

/* options: "none", "all", or option names joined by '+' ("alloc+ladder"). */
static int option_item_at(const char *item, item_ctx *c);

static int option_item(const char *item, void *p)
{
    item_ctx *c = p;
    int rc = option_item_at(item, c);
    c->item++;
    return rc;
}

static int option_item_at(const char *item, item_ctx *c)
{
    unsigned mask = 0;
    int nopt = ct_axis_value_count(CT_AXIS_OPTION);
    if (!strcmp(item, "all")) {
        c->list->from_all = 1;
        for (unsigned m = 0; m < (1u << nopt) && c->list->count < MAX_AXIS_VALUES; m++) {
            int seen = 0;
            for (int i = 0; i < c->list->count; i++) seen |= c->list->values[i] == (int)m;
            if (!seen) c->list->values[c->list->count++] = (int)m;
        }
        return 0;
    }
    if (strcmp(item, "none") != 0) {
        char buf[256];
        char *save = NULL, *tok;
        snprintf(buf, sizeof buf, "%s", item);
        for (tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
            int o = ct_axis_value_find(CT_AXIS_OPTION, tok);
            if (o < 0) {
                char known[128] = "";
                for (int v = 0; v < ct_axis_value_count(CT_AXIS_OPTION); v++) {
                    size_t len = strlen(known);
                    snprintf(known + len, sizeof known - len, "%s%s", v ? ", " : "",
                             ct_axis_value_name(CT_AXIS_OPTION, v));
                }
                bench_config_fail(c->st, ITEM_LINE(c),
                                  "options: unknown option '%s' in '%s' "
                                  "(expected none, all, or names joined by '+' from %s)",
                                  tok, item, known);
                return -1;
            }
            mask |= 1u << o;
        }
    }
    for (int i = 0; i < c->list->count; i++) {
        if (c->list->values[i] == (int)mask) {
            bench_config_fail(c->st, ITEM_LINE(c), "options: '%s' is listed twice", item);
            return -1;
        }
    }
    if (c->list->count == MAX_AXIS_VALUES) return -1;
    c->list->values[c->list->count++] = (int)mask;
    return 0;
}

static int parse_axis(config_state *st, int key, ct_axis axis, axis_list *out)
{
    item_ctx c = {st, key, 0, axis, out};
    char msg[300];
    memset(out, 0, sizeof *out);
    if (!st->raw[key]) {
        out->values[0] = 0; /* the first value of the axis; no options */
        out->count = 1;
        return 0;
    }
    if (bench_config_foreach_item(st->raw[key], axis == CT_AXIS_OPTION ? option_item : axis_item,
                                  &c, msg, sizeof msg) != 0) {
        if (!st->failed) bench_config_fail(st, ITEM_LINE(&c), "%s: %s", ct_axis_name(axis), msg);
        return -1;
    }
    return 0;
}

typedef struct variant_set {
    config_state *st;
    ct_variant *items;
    int count;
    int line;        /* line of the list being added */
    int key;         /* its key, -1 for the cross product */
    int item;        /* index of the named item being added */
    int first_added; /* index of the first item of the current list, for baselines */
} variant_set;

static int set_find(const variant_set *vs, const ct_variant *v)
{
    char a[CT_VARIANT_NAME_MAX], b[CT_VARIANT_NAME_MAX];
    ct_variant_format(v, a, sizeof a);
    for (int i = 0; i < vs->count; i++) {
        ct_variant_format(&vs->items[i], b, sizeof b);
        if (!strcmp(a, b)) return i;
    }
    return -1;
}

static int set_add(variant_set *vs, const ct_variant *v)
{
    if (set_find(vs, v) >= 0) return 0;
    if (vs->count == MAX_VARIANTS)
        return bench_config_fail(vs->st, vs->line, "more than %d variants", MAX_VARIANTS), -1;
    vs->items[vs->count++] = *v;
    return 0;
}

static void note(bench_config *cfg, const char *fmt, const char *a, const char *b)
{
    size_t used = strlen(cfg->notes);
    if (used + 2 < sizeof cfg->notes)
        snprintf(cfg->notes + used, sizeof cfg->notes - used, fmt, a, b);
}

/* An explicitly named variant (variants = / baselines =): parse, check availability. */
static int named_item(const char *item, void *p)
{
    variant_set *vs = p;
    ct_variant v;
    ct_error e;
    int line = vs->key >= 0 ? bench_config_item_line(vs->st, vs->key, vs->item) : vs->line;
    vs->item++;
    ct_error_clear(&e);
    if (ct_variant_parse(item, &v, &e) != CT_OK)
        return bench_config_fail(vs->st, line, "variant '%s': %s", item,
                                 e.msg[0] ? e.msg : "not a variant name"),
               -1;
    ct_error_clear(&e);
    if (ct_variant_available(&v, &e) != CT_OK)
        return bench_config_fail(vs->st, line, "variant '%s' cannot run on this machine: %s", item,
                                 e.msg[0] ? e.msg : "unavailable"),
               -1;
    return set_add(vs, &v);
}

static int add_named(config_state *st, int key, variant_set *vs, int baselines_only)
{
    char msg[300];
    if (!st->raw[key]) return 0;
    vs->line = st->lines[key];
    vs->key = key;
    vs->item = 0;
    vs->first_added = vs->count;
    if (bench_config_foreach_item(st->raw[key], named_item, vs, msg, sizeof msg) != 0) {
        if (!st->failed)
            bench_config_fail(st, vs->line, "%s: %s",
                              key == KEY_VAR_VARIANTS ? "variants" : "baselines", msg);
        return -1;
    }
    if (baselines_only) {
        for (int i = 0; i < vs->count; i++) {
            if (ct_variant_needs_tree(&vs->items[i]) && i >= vs->first_added) {
                char name[CT_VARIANT_NAME_MAX];
                ct_variant_format(&vs->items[i], name, sizeof name);
                return bench_config_fail(st, vs->line,
                                         "baselines: '%s' is a tree variant "
                                         "(list it under variants)",
                                         name),
                       -1;
            }
        }
    }
    return 0;
}

/* The values of each variant parameter's list ([variants] g = 4,8,16): the
 * default alone when the key is absent. */
typedef struct param_lists {
    int values[CT_PARAM_COUNT][MAX_AXIS_VALUES];
    int count[CT_PARAM_COUNT];
    int used[CT_PARAM_COUNT]; /* applied to some variant of the product */
} param_lists;

typedef struct param_ctx {
    config_state *st;
    param_lists *pl;
    int p;
} param_ctx;

static int param_item(const char *item, void *ctx)
{
    param_ctx *c = ctx;
    int value, *n = &c->pl->count[c->p];
    const char *name = ct_param_name((ct_param)c->p);
    int line = c->st->param_line[c->p];
    if (ct_param_parse_value((ct_param)c->p, item, &value) != 0) {
        if (ct_param_value_names((ct_param)c->p))
            return bench_config_fail(c->st, line, "%s: '%s' is not one of %s", name, item,
                                     ct_param_value_names((ct_param)c->p)),
                   -1;
        return bench_config_fail(c->st, line, "%s: '%s' is not an integer in [%d, %d]", name, item,
                                 ct_param_min((ct_param)c->p), ct_param_max((ct_param)c->p)),
               -1;
    }
    for (int i = 0; i < *n; i++)
        if (c->pl->values[c->p][i] == value)
            return bench_config_fail(c->st, line, "%s: '%s' is listed twice", name, item), -1;
    if (*n == MAX_AXIS_VALUES)
        return bench_config_fail(c->st, line, "%s: at most %d values", name, MAX_AXIS_VALUES), -1;
    c->pl->values[c->p][(*n)++] = value;
    return 0;
}

static int parse_params(config_state *st, param_lists *pl)
{
    char msg[300];
    memset(pl, 0, sizeof *pl);
    for (int p = 0; p < CT_PARAM_COUNT; p++) {
        param_ctx c = {st, pl, p};
        if (!st->param_raw[p]) {
            pl->values[p][0] = ct_param_default((ct_param)p);
            pl->count[p] = 1;
            continue;
        }
        if (bench_config_foreach_item(st->param_raw[p], param_item, &c, msg, sizeof msg) != 0) {
            if (!st->failed)
                bench_config_fail(st, st->param_line[p], "%s: %s", ct_param_name((ct_param)p), msg);
            return -1;
        }
    }
    return 0;
}

/* Set the parameters of combination idx on v (0 = default; reset where a
 * parameter does not apply, so a variant has one spelling). */
static void apply_params(const param_lists *pl, const int *idx, ct_variant *v, int *used)
{
    for (int p = 0; p < CT_PARAM_COUNT; p++) {
        int value = pl->values[p][idx[p]];
        v->param[p] = value == ct_param_default((ct_param)p) ? 0 : value;
        if (!ct_param_applies(v, (ct_param)p)) v->param[p] = 0;
        else used[p] = 1;
    }
}

static int cross_product(config_state *st, variant_set *vs)
{
    static const int keys[7] = {KEY_VAR_TOPOLOGY,  KEY_VAR_ORDER,  KEY_VAR_DATA,
                                KEY_VAR_TRAVERSAL, KEY_VAR_KERNEL, KEY_VAR_PRECISION,
                                KEY_VAR_OPTIONS};
    axis_list ax[7];
    param_lists pl;
    int any = 0, any_all = 0, skipped = 0, idx[7 + CT_PARAM_COUNT] = {0};
    int used[CT_PARAM_COUNT] = {0};
    char first_skip[CT_VARIANT_NAME_MAX + 200] = "";

    if (parse_params(st, &pl) != 0) return -1;
    for (int p = 0; p < CT_PARAM_COUNT; p++) any |= st->param_raw[p] != NULL;
    for (int a = 0; a < 7; a++) {
        if (st->raw[keys[a]]) any = 1;
        if (parse_axis(st, keys[a], (ct_axis)a, &ax[a]) != 0) return -1;
        any_all |= ax[a].from_all;
    }
    if (!any) return 0;
    vs->line = 0;
    vs->key = -1;
    for (int a = 0; a < 7; a++)
        if (st->lines[keys[a]] && (!vs->line || st->lines[keys[a]] < vs->line))
            vs->line = st->lines[keys[a]];
    for (;;) {
        ct_variant v;
        ct_error e;
        memset(&v, 0, sizeof v);
        v.family = CT_VARIANT_TREE;
        v.topology = (ct_topology)ax[0].values[idx[0]];
        v.order = (ct_order)ax[1].values[idx[1]];
        v.data = (ct_data)ax[2].values[idx[2]];
        v.traversal = (ct_traversal)ax[3].values[idx[3]];
        v.kernel = (ct_kernel_kind)ax[4].values[idx[4]];
        v.precision = (ct_precision)ax[5].values[idx[5]];
        v.options = (unsigned)ax[6].values[idx[6]];
        apply_params(&pl, idx + 7, &v, used);
        ct_error_clear(&e);
        if (ct_variant_available(&v, &e) != CT_OK) {
            char name[CT_VARIANT_NAME_MAX];
            ct_variant_format(&v, name, sizeof name);
            if (!any_all)
                return bench_config_fail(st, vs->line,
                                         "variant '%s' cannot run on this machine: "
                                         "%s",
                                         name, e.msg[0] ? e.msg : "unavailable"),
                       -1;
            if (!skipped)
                snprintf(first_skip, sizeof first_skip, "%s: %.150s", name,
                         e.msg[0] ? e.msg : "unavailable");
            skipped++;
        } else if (set_add(vs, &v) != 0) {
            return -1;
        }
        /* odometer, parameters fastest, then options */
        int a = 6 + CT_PARAM_COUNT;
        while (a >= 0 && ++idx[a] == (a < 7 ? ax[a].count : pl.count[a - 7])) idx[a--] = 0;
        if (a < 0) break;
    }
    for (int p = 0; p < CT_PARAM_COUNT; p++)
        if (st->param_raw[p] && !used[p])
            return bench_config_fail(st, st->param_line[p],
                                     "%s applies to none of the variants of the cross product (%s)",
                                     ct_param_name((ct_param)p), ct_param_doc((ct_param)p)),
                   -1;
    if (skipped) {
        char count[32];
        snprintf(count, sizeof count, "%d", skipped);
        note(st->cfg, "skipped %s variants that this machine cannot run (e.g. %s)\n", count,
             first_skip);
    }
    return 0;
}

int bench_config_expand_variants(config_state *st)
{
    bench_config *cfg = st->cfg;
    variant_set vs;
    int baselines_first = -1;

    memset(&vs, 0, sizeof vs);
    vs.st = st;
    vs.items = calloc(MAX_VARIANTS, sizeof *vs.items);
    if (!vs.items) return bench_config_fail(st, 0, "out of memory"), -1;
    if (cross_product(st, &vs) != 0) goto fail;
    if (add_named(st, KEY_VAR_VARIANTS, &vs, 0) != 0) goto fail;
    if (st->raw[KEY_VAR_BASELINES]) {
        ct_variant first;
        char name[CT_VARIANT_NAME_MAX];
        ct_error e;
        /* the first baseline named is the default speed-up reference */
        snprintf(name, sizeof name, "%.*s", (int)strcspn(st->raw[KEY_VAR_BASELINES], ", \t"),
                 st->raw[KEY_VAR_BASELINES]);
        if (add_named(st, KEY_VAR_BASELINES, &vs, 1) != 0) goto fail;
        ct_error_clear(&e);
        if (ct_variant_parse(name, &first, &e) == CT_OK) baselines_first = set_find(&vs, &first);
    }
    for (int i = 0; i < cfg->n_externals; i++) {
        ct_variant v;
        char name[CT_VARIANT_NAME_MAX];
        ct_error e;
        ct_error_clear(&e);
        snprintf(name, sizeof name, "external:%s", cfg->externals[i].name);
        if (ct_variant_parse(name, &v, &e) != CT_OK) {
            bench_config_fail(st, cfg->externals[i].line, "%s", e.msg);
            goto fail;
        }
        v.claims_exact = cfg->externals[i].exact;
        vs.line = cfg->externals[i].line;
        if (set_add(&vs, &v) != 0) goto fail;
    }
    if (vs.count == 0) {
        bench_config_fail(st, 0,
                          "no variants to run: give [variants] axis lists, variants = "
                          "NAME,... or baselines = NAME,...");
        goto fail;
    }
    cfg->speedup_ref = baselines_first;
    if (st->raw[KEY_VAR_SPEEDUP_VS]) {
        ct_variant ref;
        ct_error e;
        int line = st->lines[KEY_VAR_SPEEDUP_VS];
        ct_error_clear(&e);
        if (strcmp(st->raw[KEY_VAR_SPEEDUP_VS], "none") == 0) {
            cfg->speedup_ref = -1;
        } else if (ct_variant_parse(st->raw[KEY_VAR_SPEEDUP_VS], &ref, &e) != CT_OK) {
            bench_config_fail(st, line, "speedup_vs: %s", e.msg[0] ? e.msg : "not a variant");
            goto fail;
        } else if ((cfg->speedup_ref = set_find(&vs, &ref)) < 0) {
            bench_config_fail(st, line, "speedup_vs: '%s' is not one of the variants of this run",
                              st->raw[KEY_VAR_SPEEDUP_VS]);
            goto fail;
        }
    }
    cfg->variants = vs.items;
    cfg->n_variants = vs.count;
    return 0;
fail:
    free(vs.items);
    return -1;
}
