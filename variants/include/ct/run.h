/* run.h -- the one path from a dataset to answered queries.
 *
 * `ctbench knn`, the experiment runner and the simulator child all go
 * through these steps, so a variant is set up and executed identically
 * wherever it runs:
 *   ct_run_build_tree   canonical tree (insertion order + build parameters),
 *                       with the default float64 kernel as the metric
 *   ct_run_check_tree   prove its invariants (ct_tree_check, same metric)
 *   ct_run_setup        what variants share over (dataset, tree), keyed by
 *                       ct_run_setup_key (the layout; timed as 'lower')
 *   ct_run_prepare      one variant over a setup (kernel, engine)
 *   ct_run_execute      the timed region: the query batch, nothing else
 * Each step dispatches through the variant's family (ct/family.h).
 */
#ifndef CT_RUN_H
#define CT_RUN_H

#include <stddef.h>
#include <stdint.h>
#include "axes.h"
#include "dataset.h"
#include "family.h"
#include "knn.h"
#include "search.h"
#include "status.h"
#include "tree.h"
#include "variant.h"

#define CT_RUN_SETUP_KEY_MAX 64

typedef struct ct_setup {
    const ct_family_ops *ops;
    const ct_dataset *ds;
    char key[CT_RUN_SETUP_KEY_MAX]; /* "" when the family shares nothing */
    void *shared;                   /* owned */
} ct_setup;

typedef struct ct_prepared {
    ct_variant variant;
    const ct_family_ops *ops;
    const ct_dataset *ds;
    const void *shared; /* borrowed from a ct_setup that must outlive this */
    void *state;        /* owned */
} ct_prepared;

int ct_run_build_tree(const ct_dataset *ds, ct_order insertion, const ct_build_params *params,
                      ct_tree *tree, ct_error *err);
int ct_run_check_tree(const ct_dataset *ds, const ct_tree *tree, ct_error *err);

/* The key of what v shares with other variants ("csr.bfs.cached.f64"; "" if
 * nothing).  Variants with equal non-empty keys may share one ct_setup. */
void ct_run_setup_key(const ct_variant *v, char *buf, size_t size);
/* Build the setup of v over (ds, tree); tree may be NULL for families that
 * need none.  Checks availability first. */
int ct_run_setup(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v, ct_setup *out,
                 ct_error *err);
void ct_run_setup_free(ct_setup *setup);

/* Variant v over setup (whose key must be v's). */
int ct_run_prepare(const ct_setup *setup, const ct_variant *v, ct_prepared *out, ct_error *err);
void ct_run_prepared_free(ct_prepared *prep);

/* Answer the queries: the timed region.  out must be allocated nq x k. */
int ct_run_execute(const ct_prepared *prep, const int32_t *queries, int32_t nq,
                   const ct_search_params *sp, ct_knn_result *out, ct_work *work, ct_error *err);

/* The thread count of what follows: OpenMP (engines, oracle, build) and
 * OpenBLAS (brute_blas's gemm, the factor). */
void ct_run_set_threads(int threads);

/* Search parameters of a variant (its options mapped to scratch, budget and
 * parent bound; slack CT_PRUNE_SLACK) for a query spec. */
void ct_run_search_params(const ct_variant *v, const ct_query_spec *spec, ct_search_params *sp);

#endif
