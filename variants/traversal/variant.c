/* variant.c -- variant names: parsing, formatting, exactness, availability
 * and the enumeration of every runnable variant (ct/variant.h).
 *
 * Grammar (every value name comes from variants/axes.def via
 * ct_axis_value_find, so no axis value is spelled here):
 *   tree:       topology.order.data.traversal.kernel.precision[+option...]
 *               options: +alloc, +ladder, +pbound (the option axis of
 *               axes.def), each at most once, any order; formatted in
 *               axes.def order, e.g. ...f64+alloc+pbound
 *   baselines:  brute              the oracle (float64 only, no options)
 *               brute_blas         blocked dgemm brute force, float64
 *               brute_blas.f32     the same with sgemm (approximate)
 *               (brute_blas.f64 is accepted as a synonym of brute_blas)
 * Errors name the bad part, e.g.
 *   unknown kernel 'avx3' in variant 'csr.bfs.cached.level.avx3.f64'
 *   (expected auto, avx2, avx512)
 */
#include "ct/variant.h"

#include <stdio.h>
#include <string.h>

#include "ct/kernel.h"

#define TREE_PARTS 6
#define BRUTE_NAME "brute"
#define BRUTE_BLAS_NAME "brute_blas"

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

static int parse_baseline(char *base, int has_options, const char *name, ct_variant *out,
                          ct_error *err)
{
    char *dot = strchr(base, '.');
    int precision;
    if (has_options)
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s': options apply to tree variants only, not to %s", name,
                            base);
    if (dot) *dot = '\0';
    out->family = strcmp(base, BRUTE_NAME) == 0 ? CT_VARIANT_BRUTE : CT_VARIANT_BRUTE_BLAS;
    out->precision = CT_PRECISION_F64;
    if (!dot) return CT_OK;
    if (out->family == CT_VARIANT_BRUTE)
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s': brute is the float64 oracle and takes no suffix", name);
    if (strchr(dot + 1, '.'))
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s' has too many parts, expected brute_blas[.precision]",
                            name);
    precision = ct_axis_value_find(CT_AXIS_PRECISION, dot + 1);
    if (precision < 0) return unknown_value(CT_AXIS_PRECISION, dot + 1, name, err);
    out->precision = (ct_precision)precision;
    return CT_OK;
}

int ct_variant_parse(const char *name, ct_variant *out, ct_error *err)
{
    char buf[CT_VARIANT_NAME_MAX];
    char *parts[TREE_PARTS];
    char *plus, *cursor;
    int nparts, values[TREE_PARTS];
    size_t len, head;
    unsigned options = 0;
    ct_variant v;

    if (!out) return ct_error_set(err, CT_EINVAL, "variant: no output");
    if (!name || !*name) return ct_error_set(err, CT_EINVAL, "empty variant name");
    len = strlen(name);
    if (len >= sizeof buf)
        return ct_error_set(err, CT_EINVAL,
                            "variant name '%.40s...' is too long (%zu chars, max %d)", name, len,
                            CT_VARIANT_NAME_MAX - 1);
    memcpy(buf, name, len + 1);
    memset(&v, 0, sizeof v);

    plus = strchr(buf, '+');
    if (plus) *plus = '\0';
    head = strcspn(buf, ".");
    if ((head == strlen(BRUTE_NAME) && strncmp(buf, BRUTE_NAME, head) == 0) ||
        (head == strlen(BRUTE_BLAS_NAME) && strncmp(buf, BRUTE_BLAS_NAME, head) == 0)) {
        int rc = parse_baseline(buf, plus != NULL, name, &v, err);
        if (rc != CT_OK) return rc;
        *out = v;
        return CT_OK;
    }

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
    v.family = CT_VARIANT_TREE;
    v.topology = (ct_topology)values[0];
    v.order = (ct_order)values[1];
    v.data = (ct_data)values[2];
    v.traversal = (ct_traversal)values[3];
    v.kernel = (ct_kernel_kind)values[4];
    v.precision = (ct_precision)values[5];
    v.options = options;
    *out = v;
    return CT_OK;
}

/* Writes the canonical name; CT_OK, or CT_EINVAL for an invalid variant or a
 * buffer too small (then buf holds a truncated string). */
int ct_variant_format(const ct_variant *v, char *buf, size_t size)
{
    const char *names[TREE_PARTS];
    size_t used;
    int w;
    if (!v || !buf || size == 0) return CT_EINVAL;
    buf[0] = '\0';
    if (v->family == CT_VARIANT_BRUTE) {
        w = snprintf(buf, size, "%s", BRUTE_NAME);
        return w >= 0 && (size_t)w < size ? CT_OK : CT_EINVAL;
    }
    if (v->family == CT_VARIANT_BRUTE_BLAS) {
        const char *prec = ct_axis_value_name(CT_AXIS_PRECISION, (int)v->precision);
        if (!prec) return CT_EINVAL;
        if (v->precision == CT_PRECISION_F64) w = snprintf(buf, size, "%s", BRUTE_BLAS_NAME);
        else w = snprintf(buf, size, "%s.%s", BRUTE_BLAS_NAME, prec);
        return w >= 0 && (size_t)w < size ? CT_OK : CT_EINVAL;
    }
    if (v->family != CT_VARIANT_TREE) return CT_EINVAL;
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

int ct_variant_is_exact(const ct_variant *v)
{
    if (!v) return 0;
    switch (v->family) {
    case CT_VARIANT_BRUTE: return 1;
    case CT_VARIANT_BRUTE_BLAS: return v->precision == CT_PRECISION_F64;
    case CT_VARIANT_TREE:
        /* +alloc and +pbound change no answer; +ladder stops early */
        return v->precision == CT_PRECISION_F64 && !(v->options & (1u << CT_OPTION_LADDER));
    }
    return 0;
}

int ct_variant_available(const ct_variant *v, ct_error *why)
{
    const ct_kernel *kernel;
    const char *reason = NULL;
    char name[CT_VARIANT_NAME_MAX];
    if (!v) return ct_error_set(why, CT_EINVAL, "variant: none given");
    if (ct_variant_format(v, name, sizeof name) != CT_OK)
        return ct_error_set(why, CT_EINVAL, "variant: invalid axis value or option");
    if (v->family != CT_VARIANT_TREE) return CT_OK;
    kernel = ct_kernel_find(v->kernel, v->precision, &reason);
    if (!kernel)
        return ct_error_set(why, CT_ENOTSUP, "variant '%s' is not available: kernel %s (%s): %s",
                            name, ct_axis_value_name(CT_AXIS_KERNEL, (int)v->kernel),
                            ct_axis_value_name(CT_AXIS_PRECISION, (int)v->precision),
                            reason ? reason : "not available on this CPU or build");
    return CT_OK;
}

/* Order: topology, order, data, traversal, kernel, precision (outer to
 * inner), then every subset of the CT_OPTION_COUNT options as a bit mask
 * 0 .. 2^CT_OPTION_COUNT - 1 ({}, {alloc}, {ladder}, {alloc, ladder},
 * {pbound}, ...); then brute, brute_blas, brute_blas.f32.  Returns CT_OK, or
 * fn's non-zero value when it stopped the enumeration. */
int ct_variant_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx)
{
    ct_variant v;
    int rc;
    if (!fn) return CT_EINVAL;
    memset(&v, 0, sizeof v);
    v.family = CT_VARIANT_TREE;
    for (int t = 0; t < CT_TOPOLOGY_COUNT; t++)
        for (int o = 0; o < CT_ORDER_COUNT; o++)
            for (int d = 0; d < CT_DATA_COUNT; d++)
                for (int tr = 0; tr < CT_TRAVERSAL_COUNT; tr++)
                    for (int k = 0; k < CT_KERNEL_COUNT; k++)
                        for (int p = 0; p < CT_PRECISION_COUNT; p++)
                            for (unsigned opt = 0; opt < (1u << CT_OPTION_COUNT); opt++) {
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
    memset(&v, 0, sizeof v);
    v.family = CT_VARIANT_BRUTE;
    v.precision = CT_PRECISION_F64;
    if ((rc = fn(&v, ctx))) return rc;
    v.family = CT_VARIANT_BRUTE_BLAS;
    if ((rc = fn(&v, ctx))) return rc;
    v.precision = CT_PRECISION_F32;
    if ((rc = fn(&v, ctx))) return rc;
    return CT_OK;
}
