/* family.h -- one variant family as a const table of operations.
 *
 * Like SQLite's sqlite3_io_methods or dav1d's function tables: every family
 * of variants/family/families.def (tree, brute, brute_blas, ...) is one
 * `const ct_family_ops` in its own file, found through the registry
 * (ct_family_get).  The harness and `ctbench knn` never switch on a family;
 * they call these operations through ct/run.h.
 *
 * Setup is split in two, so a benchmark times neither and shares what can
 * be shared:
 *   setup    what several variants of the family can share over one
 *            workload and tree, keyed by setup_key (tree: the lowered
 *            layout, shared by every kernel and traversal with the same
 *            topology.order.data.precision; brute_blas.f32: the float copy
 *            of V).  Timed by the harness as the 'lower' phase.
 *   prepare  what one variant adds on top (tree: its kernel and engine).
 *   execute  the timed region: the query batch, nothing else.
 */
#ifndef CT_FAMILY_H
#define CT_FAMILY_H

#include <stddef.h>
#include <stdint.h>
#include "dataset.h"
#include "knn.h"
#include "search.h"
#include "status.h"
#include "tree.h"
#include "variant.h"

typedef struct ct_family_ops {
    const char *name;   /* "tree", "brute", "brute_blas" */
    const char *prefix; /* name head it claims ("brute"); NULL: every unclaimed name */
    int needs_tree;     /* searches the canonical tree */

    /* names */
    int (*parse)(const char *name, ct_variant *out, ct_error *err);
    int (*format)(const ct_variant *v, char *buf, size_t size);
    int (*is_exact)(const ct_variant *v);
    int (*available)(const ct_variant *v, ct_error *why);
    int (*foreach)(int (*fn)(const ct_variant *v, void *ctx), void *ctx);

    /* setup shared between variants: key ("" = nothing to share), build, free */
    void (*setup_key)(const ct_variant *v, char *buf, size_t size);
    int (*setup)(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v, void **shared,
                 ct_error *err);
    void (*setup_free)(void *shared);

    /* one variant over a setup (shared may be NULL when setup_key is "") */
    int (*prepare)(const ct_dataset *ds, const void *shared, const ct_variant *v, void **state,
                   ct_error *err);
    int (*execute)(const ct_dataset *ds, const void *shared, const void *state,
                   const int32_t *queries, int32_t nq, const ct_search_params *sp,
                   ct_knn_result *out, ct_work *work, ct_error *err);
    void (*prepare_free)(void *state);
} ct_family_ops;

/* The family table of an id, NULL when out of range. */
const ct_family_ops *ct_family_get(ct_variant_family family);

/* The family that claims a variant name (by its head), never NULL. */
const ct_family_ops *ct_family_for_name(const char *name, ct_variant_family *family);

#endif
