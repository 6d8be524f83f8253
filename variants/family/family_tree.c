/* family_tree.c -- the cover-tree family: every combination of the axes of
 * variants/axes.def over the canonical tree (ct/family.h).
 *
 * Names: topology.order.data.traversal.kernel.precision[+option...]; each
 * value comes from axes.def through ct_axis_value_find, so no axis value is
 * spelled here.  Options (+alloc, +ladder, +pbound) appear at most once, in
 * any order, and are formatted in axes.def order (...f64+alloc+pbound).
 * Errors name the bad part: "unknown kernel 'avx3' in variant
 * 'csr.bfs.cached.level.avx3.f64' (expected auto, avx2, avx512)".
 * Setup: the lowered layout (ct_layout_build), shared by every variant with
 * the same topology.order.data.precision; prepare: the kernel and engine.
 */
#include <stdio.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/family.h"
#include "ct/kernel.h"
#include "ct/layout.h"
#include "ct/run.h"

#define TREE_PARTS 6

static const ct_axis tree_axes[TREE_PARTS] = {CT_AXIS_TOPOLOGY,  CT_AXIS_ORDER,  CT_AXIS_DATA,
                                              CT_AXIS_TRAVERSAL, CT_AXIS_KERNEL, CT_AXIS_PRECISION};

/* "a, b, c": the names of an axis' values. */
static void axis_values(ct_axis axis, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int v = 0; v < ct_axis_value_count(axis); v++) {
        int w =
            snprintf(buf + used, size - used, "%s%s", v ? ", " : "", ct_axis_value_name(axis, v));
        if (w < 0 || (size_t)w >= size - used) break;
        used += (size_t)w;
    }
}

static int unknown_value(ct_axis axis, const char *part, const char *name, ct_error *err)
{
    char expected[256];
    axis_values(axis, expected, sizeof expected);
    return ct_error_set(err, CT_EINVAL, "unknown %s '%s' in variant '%s' (expected %s)",
                        ct_axis_name(axis), part, name, expected);
}

/* Parse "+a+b" option text (without the first '+') into a bit set. */
static int parse_options(char *text, const char *name, unsigned *options, ct_error *err)
{
    char *opt = text;
    *options = 0;
    while (opt) {
        char *plus = strchr(opt, '+');
        int value;
        if (plus) *plus = '\0';
        value = ct_axis_value_find(CT_AXIS_OPTION, opt);
        if (value < 0) return unknown_value(CT_AXIS_OPTION, opt, name, err);
        if (*options & (1u << value))
            return ct_error_set(err, CT_EINVAL, "duplicate option '+%s' in variant '%s'", opt,
                                name);
        *options |= 1u << value;
        opt = plus ? plus + 1 : NULL;
    }
    return CT_OK;
}

static int tree_parse(const char *name, ct_variant *out, ct_error *err)
{
    char buf[CT_VARIANT_NAME_MAX];
    char *parts[TREE_PARTS];
    char *plus, *cursor;
    int nparts, values[TREE_PARTS];
    unsigned options = 0;

    snprintf(buf, sizeof buf, "%s", name);
    plus = strchr(buf, '+');
    if (plus) *plus = '\0';
    nparts = 1;
    for (const char *c = buf; *c; c++) nparts += *c == '.';
    if (nparts != TREE_PARTS)
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s' has %d part%s, expected %d "
                            "(topology.order.data.traversal.kernel.precision[+options], "
                            "or brute, brute_blas, brute_blas.f32)",
                            name, nparts, nparts == 1 ? "" : "s", TREE_PARTS);
    cursor = buf;
    for (int p = 0; p < TREE_PARTS; p++) {
        char *dot = strchr(cursor, '.');
        if (dot) *dot = '\0';
        parts[p] = cursor;
        cursor = dot ? dot + 1 : NULL;
    }
    for (int p = 0; p < TREE_PARTS; p++) {
        values[p] = ct_axis_value_find(tree_axes[p], parts[p]);
        if (values[p] < 0) return unknown_value(tree_axes[p], parts[p], name, err);
    }
    if (plus) {
        int rc = parse_options(plus + 1, name, &options, err);
        if (rc != CT_OK) return rc;
    }
    out->topology = (ct_topology)values[0];
    out->order = (ct_order)values[1];
    out->data = (ct_data)values[2];
    out->traversal = (ct_traversal)values[3];
    out->kernel = (ct_kernel_kind)values[4];
    out->precision = (ct_precision)values[5];
    out->options = options;
    return CT_OK;
}

static int tree_format(const ct_variant *v, char *buf, size_t size)
{
    const char *names[TREE_PARTS];
    size_t used;
    int w;
    names[0] = ct_axis_value_name(CT_AXIS_TOPOLOGY, (int)v->topology);
    names[1] = ct_axis_value_name(CT_AXIS_ORDER, (int)v->order);
    names[2] = ct_axis_value_name(CT_AXIS_DATA, (int)v->data);
    names[3] = ct_axis_value_name(CT_AXIS_TRAVERSAL, (int)v->traversal);
    names[4] = ct_axis_value_name(CT_AXIS_KERNEL, (int)v->kernel);
    names[5] = ct_axis_value_name(CT_AXIS_PRECISION, (int)v->precision);
    for (int p = 0; p < TREE_PARTS; p++)
        if (!names[p]) return CT_EINVAL;
    if (v->options >> CT_OPTION_COUNT) return CT_EINVAL;
    w = snprintf(buf, size, "%s.%s.%s.%s.%s.%s", names[0], names[1], names[2], names[3], names[4],
                 names[5]);
    if (w < 0 || (size_t)w >= size) return CT_EINVAL;
    used = (size_t)w;
    for (int o = 0; o < CT_OPTION_COUNT; o++) {
        if (!(v->options & (1u << o))) continue;
        w = snprintf(buf + used, size - used, "+%s", ct_axis_value_name(CT_AXIS_OPTION, o));
        if (w < 0 || (size_t)w >= size - used) return CT_EINVAL;
        used += (size_t)w;
    }
    return CT_OK;
}

/* +alloc and +pbound change no answer; +ladder stops early; f32 rounds. */
static int tree_is_exact(const ct_variant *v)
{
    return v->precision == CT_PRECISION_F64 && !(v->options & (1u << CT_OPTION_LADDER));
}

static int tree_available(const ct_variant *v, ct_error *why)
{
    const char *reason = NULL;
    char name[CT_VARIANT_NAME_MAX];
    ct_search_params sp;
    ct_query_spec spec = {1, 0, 0};
    ct_run_search_params(v, &spec, &sp);
    if (ct_engine_supports(v->traversal, &sp, &reason) != CT_OK) {
        tree_format(v, name, sizeof name);
        return ct_error_set(why, CT_ENOTSUP, "variant '%s' is not available: %s", name, reason);
    }
    if (ct_kernel_find(v->kernel, v->precision, &reason)) return CT_OK;
    tree_format(v, name, sizeof name);
    return ct_error_set(why, CT_ENOTSUP, "variant '%s' is not available: kernel %s (%s): %s", name,
                        ct_axis_value_name(CT_AXIS_KERNEL, (int)v->kernel),
                        ct_axis_value_name(CT_AXIS_PRECISION, (int)v->precision),
                        reason ? reason : "not available on this CPU or build");
}

/* Order: topology, order, data, traversal, kernel, precision (outer to
 * inner), then every subset of the CT_OPTION_COUNT options as a bit mask
 * 0 .. 2^CT_OPTION_COUNT - 1 ({}, {alloc}, {ladder}, {alloc, ladder},
 * {pbound}, ...). */
static int tree_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx)
{
    ct_variant v;
    memset(&v, 0, sizeof v);
    v.family = CT_VARIANT_TREE;
    for (int t = 0; t < CT_TOPOLOGY_COUNT; t++)
        for (int o = 0; o < CT_ORDER_COUNT; o++)
            for (int d = 0; d < CT_DATA_COUNT; d++)
                for (int tr = 0; tr < CT_TRAVERSAL_COUNT; tr++)
                    for (int k = 0; k < CT_KERNEL_COUNT; k++)
                        for (int p = 0; p < CT_PRECISION_COUNT; p++)
                            for (unsigned opt = 0; opt < (1u << CT_OPTION_COUNT); opt++) {
                                int rc;
                                v.topology = (ct_topology)t;
                                v.order = (ct_order)o;
                                v.data = (ct_data)d;
                                v.traversal = (ct_traversal)tr;
                                v.kernel = (ct_kernel_kind)k;
                                v.precision = (ct_precision)p;
                                v.options = opt;
                                rc = fn(&v, ctx);
                                if (rc) return rc;
                            }
    return CT_OK;
}

static void tree_setup_key(const ct_variant *v, char *buf, size_t size)
{
    snprintf(buf, size, "%s.%s.%s.%s", ct_axis_value_name(CT_AXIS_TOPOLOGY, v->topology),
             ct_axis_value_name(CT_AXIS_ORDER, v->order), ct_axis_value_name(CT_AXIS_DATA, v->data),
             ct_axis_value_name(CT_AXIS_PRECISION, v->precision));
}

static int tree_setup(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v, void **shared,
                      ct_error *err)
{
    ct_layout *layout;
    int rc;
    if (!tree) return ct_error_set(err, CT_EINVAL, "tree variant without a tree");
    layout = ct_calloc(1, sizeof *layout);
    if (!layout) return ct_error_set(err, CT_ENOMEM, "out of memory for the layout");
    rc = ct_layout_build(ds, tree, v->topology, v->order, v->data, v->precision, layout, err);
    if (rc != CT_OK) {
        ct_free(layout);
        return rc;
    }
    *shared = layout;
    return CT_OK;
}

static void tree_setup_free(void *shared)
{
    if (!shared) return;
    ct_layout_free(shared);
    ct_free(shared);
}

typedef struct tree_state {
    const ct_kernel *kernel;
    ct_search_fn engine;
} tree_state;

static int tree_prepare(const ct_dataset *ds, const void *shared, const ct_variant *v, void **state,
                        ct_error *err)
{
    const char *why = NULL;
    tree_state *s;
    (void)ds;
    if (!shared) return ct_error_set(err, CT_EINVAL, "tree variant without its layout");
    s = ct_calloc(1, sizeof *s);
    if (!s) return ct_error_set(err, CT_ENOMEM, "out of memory");
    s->kernel = ct_kernel_find(v->kernel, v->precision, &why);
    s->engine = ct_engine_find(v->topology, v->traversal);
    if (!s->kernel || !s->engine) {
        int rc = !s->kernel
                     ? ct_error_set(err, CT_ENOTSUP, "kernel %s unavailable: %s",
                                    ct_axis_value_name(CT_AXIS_KERNEL, v->kernel), why ? why : "?")
                     : ct_error_set(err, CT_EINTERNAL, "no engine for this topology and traversal");
        ct_free(s);
        return rc;
    }
    *state = s;
    return CT_OK;
}

static int tree_execute(const ct_dataset *ds, const void *shared, const void *state,
                        const int32_t *queries, int32_t nq, const ct_search_params *sp,
                        ct_knn_result *out, ct_work *work, ct_error *err)
{
    const tree_state *s = state;
    int rc = s->engine(shared, s->kernel, queries, nq, sp, out, work);
    (void)ds;
    if (rc != CT_OK) ct_error_set(err, rc, "search failed: %s", ct_status_str(rc));
    return rc;
}

const ct_family_ops ct_family_tree = {
    .name = "tree",
    .prefix = NULL,
    .needs_tree = 1,
    .parse = tree_parse,
    .format = tree_format,
    .is_exact = tree_is_exact,
    .available = tree_available,
    .foreach = tree_foreach,
    .setup_key = tree_setup_key,
    .setup = tree_setup,
    .setup_free = tree_setup_free,
    .prepare = tree_prepare,
    .execute = tree_execute,
    .prepare_free = ct_free,
};
