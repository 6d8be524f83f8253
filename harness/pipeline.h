/* pipeline.h -- the one path from a dataset to answered queries.
 *
 * Both `ctbench knn` and the experiment runner go through these steps, so a
 * variant is set up and executed identically wherever it runs:
 *   bench_tree_build   canonical tree (insertion order + build parameters)
 *   bench_prepare      lower the tree for a variant (layout, kernel, engine);
 *                      untimed by the query clock, timed as the 'lower' phase
 *   bench_execute      the timed region: the query batch, nothing else
 */
#ifndef BENCH_PIPELINE_H
#define BENCH_PIPELINE_H

#include <stdint.h>

#include "ct/axes.h"
#include "ct/dataset.h"
#include "ct/kernel.h"
#include "ct/knn.h"
#include "ct/layout.h"
#include "ct/search.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "ct/run.h"
#include "ct/variant.h"

/* Monotonic clock in nanoseconds (CLOCK_MONOTONIC). */
int64_t bench_now_ns(void);

typedef struct bench_tree_spec {
    ct_order insertion; /* natural, hilbert or morton */
    ct_build_params params;
} bench_tree_spec;

void bench_tree_spec_default(bench_tree_spec *spec);

/* Build the canonical tree of ds with the default float64 kernel as metric.
 * *seconds (optional) receives the wall time of the build including the
 * insertion-order computation. */
int bench_tree_build(const ct_dataset *ds, const bench_tree_spec *spec, ct_tree *tree,
                     double *seconds, ct_error *err);

typedef struct bench_prepared {
    ct_setup setup; /* owned when own_setup */
    int own_setup;
    ct_prepared prep;
} bench_prepared;

/* Set up variant v over (ds, tree) and prepare it (ct/run.h); tree may be
 * NULL for the brute baselines. */
int bench_prepare(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v,
                  bench_prepared *out, double *seconds, ct_error *err);

/* Prepare v over a setup someone else owns (a shared layout). */
int bench_prepare_over(const ct_setup *setup, const ct_variant *v, bench_prepared *out,
                       ct_error *err);

/* Answer the queries: the timed region.  out must be allocated nq x k. */
int bench_execute(const bench_prepared *prep, const int32_t *queries, int32_t nq,
                  const ct_search_params *sp, ct_knn_result *out, ct_work *work, ct_error *err);

void bench_prepared_free(bench_prepared *prep);

/* Default search parameters for a variant (its options mapped to scratch and
 * budget, CT_PRUNE_SLACK) and a query spec. */
void bench_search_params(const ct_variant *v, const ct_query_spec *spec, ct_search_params *sp);

#endif
