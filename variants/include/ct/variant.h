/* variant.h -- variant names and the registry of runnable variants.
 *
 * A tree variant is `topology.order.data.traversal.kernel.precision` with
 * optional `+alloc` / `+ladder` / `+pbound`; the baselines are `brute` (the
 * oracle), `brute_blas` and `brute_blas.f32`.  Every axis value comes from
 * variants/axes.def, every family from variants/family/families.def; each
 * family parses, formats and runs its own names (ct/family.h).
 */
#ifndef CT_VARIANT_H
#define CT_VARIANT_H

#include <stddef.h>
#include "axes.h"
#include "status.h"

typedef enum {
#define CT_FAMILY(id, ops) CT_VARIANT_##id,
#include "../../family/families.def"
#undef CT_FAMILY
    CT_VARIANT_FAMILY_COUNT
} ct_variant_family;

/* Variant parameters (family/params.def): CT_PARAM_GROUP, ... */
typedef enum {
#define CT_PARAM(id, name, def, lo, hi, names, doc) CT_PARAM_##id,
#include "../../family/params.def"
#undef CT_PARAM
    CT_PARAM_COUNT
} ct_param;

#define CT_EXTERNAL_NAME_MAX 32

typedef struct ct_variant {
    ct_variant_family family;
    ct_topology topology;
    ct_order order;
    ct_data data;
    ct_traversal traversal;
    ct_kernel_kind kernel;
    ct_precision precision;    /* also used by brute_blas (dgemm vs sgemm) */
    unsigned options;          /* bit (1u << CT_OPTION_x) */
    int param[CT_PARAM_COUNT]; /* parameters (params.def); 0 = the default */
    /* external:NAME (family_external.c): the program's NAME, and whether its
     * config section claims exact answers (set by the harness's config) */
    char program[CT_EXTERNAL_NAME_MAX];
    int claims_exact;
} ct_variant;

#define CT_VARIANT_NAME_MAX 128

/* Parameters (params.def): name, default, range, value names ("kernel|blas"
 * or NULL), description; the value of a name ("blas" or "16") or -1 on
 * error; the default values into v->param. */
const char *ct_param_name(ct_param p);
int ct_param_default(ct_param p);
int ct_param_min(ct_param p);
int ct_param_max(ct_param p);
const char *ct_param_value_names(ct_param p);
const char *ct_param_doc(ct_param p);
int ct_param_find(const char *name);
int ct_param_parse_value(ct_param p, const char *text, int *value);
/* The text of a value: the integer, or its name. */
void ct_param_format_value(ct_param p, int value, char *buf, size_t size);
/* The value of p in v: v->param[p], or the default when that is 0 (a stored
 * 0 always means "the default", so a zeroed variant has every default). */
int ct_param_value(const ct_variant *v, ct_param p);
/* Does parameter p change what variant v does?  (g and product: batch only.) */
int ct_param_applies(const ct_variant *v, ct_param p);

int ct_variant_parse(const char *name, ct_variant *out, ct_error *err);
int ct_variant_format(const ct_variant *v, char *buf, size_t size);
/* Exact variants are f64 without +ladder (+alloc, +pbound keep exactness), and
 * both brute baselines in f64. */
int ct_variant_is_exact(const ct_variant *v);
/* CT_OK if this CPU and build can run it, else CT_ENOTSUP with the reason. */
int ct_variant_available(const ct_variant *v, ct_error *why);
/* Does the variant search a tree (and so run once per build configuration)? */
int ct_variant_needs_tree(const ct_variant *v);
/* "tree", "brute", "brute_blas": the family's name (NULL for a bad family). */
const char *ct_variant_family_name(ct_variant_family family);

/* Enumerate every variant name (every family in families.def order; tree
 * combinations x options first): calls fn for each; stops early if fn returns
 * non-zero and returns that value. */
int ct_variant_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx);

#endif
