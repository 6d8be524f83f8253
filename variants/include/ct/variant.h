/* variant.h -- variant names and the registry of runnable variants.
 *
 * A tree variant is `topology.order.data.traversal.kernel.precision` with
 * optional `+alloc` / `+ladder` / `+pbound`; the baselines are `brute` (the
 * oracle) and `brute_blas`.  Every value comes from variants/axes.def.
 */
#ifndef CT_VARIANT_H
#define CT_VARIANT_H

#include <stddef.h>
#include "axes.h"
#include "status.h"

typedef enum {
    CT_VARIANT_TREE = 0,
    CT_VARIANT_BRUTE = 1,
    CT_VARIANT_BRUTE_BLAS = 2
} ct_variant_family;

typedef struct ct_variant {
    ct_variant_family family;
    ct_topology topology;
    ct_order order;
    ct_data data;
    ct_traversal traversal;
    ct_kernel_kind kernel;
    ct_precision precision; /* also used by brute_blas (dgemm vs sgemm) */
    unsigned options;       /* bit (1u << CT_OPTION_x) */
} ct_variant;

#define CT_VARIANT_NAME_MAX 96

int ct_variant_parse(const char *name, ct_variant *out, ct_error *err);
int ct_variant_format(const ct_variant *v, char *buf, size_t size);
/* Exact variants are f64 without +ladder (+alloc, +pbound keep exactness), and
 * both brute baselines in f64. */
int ct_variant_is_exact(const ct_variant *v);
/* CT_OK if this CPU and build can run it, else CT_ENOTSUP with the reason. */
int ct_variant_available(const ct_variant *v, ct_error *why);

/* Enumerate every variant name (tree combinations x options, then baselines):
 * calls fn for each; stops early if fn returns non-zero. */
int ct_variant_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx);

#endif
