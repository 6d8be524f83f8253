/* test_engine_common.h -- the fixture shared by the test_engine_* tests.
 *
 * A synthetic residual workload (ct_workload_synthesize), its canonical tree
 * (reference metric, natural insertion order, default build parameters),
 * and helpers to lower it into any layout and run any engine.  Static
 * functions only: each test executable includes it once.
 */
#ifndef CT_TEST_ENGINE_COMMON_H
#define CT_TEST_ENGINE_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/kernel.h"
#include "ct/knn.h"
#include "ct/layout.h"
#include "ct/metric.h"
#include "ct/search.h"
#include "ct/tree.h"
#include "ct/workload.h"
#include "testutil.h"

typedef struct fixture {
    ct_dataset ds;
    ct_tree tree;
    char label[160];
} fixture;

/* Workload + tree built with `bp` (NULL: defaults); returns 0 on success
 * (failures are reported as checks). */
static __attribute__((unused)) int fixture_make_bp(fixture *f, ct_points_kind points, int32_t n,
                                                   int dim, int m, ct_covariance_kind kind,
                                                   double lengthscale, uint64_t seed,
                                                   const ct_build_params *bp_in)
{
    ct_synthetic_spec spec;
    ct_build_params bp;
    ct_metric_fn metric;
    ct_error err;
    int32_t *order = NULL;
    int rc;

    memset(f, 0, sizeof *f);
    memset(&spec, 0, sizeof spec);
    ct_error_clear(&err);
    spec.points = points;
    spec.n = n;
    spec.dim = dim;
    spec.m = m;
    spec.cov.kind = kind;
    spec.cov.dim = dim;
    spec.cov.variance = 1.0;
    for (int t = 0; t < dim; t++) spec.cov.lengthscale[t] = lengthscale;
    spec.seed = seed;
    if (bp_in) bp = *bp_in;
    else ct_build_params_default(&bp);
    snprintf(f->label, sizeof f->label, "%s n=%ld dim=%d m=%d %s l=%g seed=%llu base=%g si=%s",
             ct_points_kind_name(points), (long)n, dim, m,
             kind == CT_COVARIANCE_RBF ? "rbf" : "matern52", lengthscale, (unsigned long long)seed,
             bp.base, bp.si_mode == CT_SI_EXACT ? "exact" : "sum");
    rc = ct_workload_synthesize(&spec, &f->ds, &err);
    CT_CHECK(rc == CT_OK, "%s: workload: %s", f->label, err.msg);
    if (rc != CT_OK) return -1;
    order = malloc((size_t)n * sizeof *order);
    for (int32_t i = 0; i < n; i++) order[i] = i;
    metric = ct_metric_fn_reference(&f->ds);
    rc = ct_tree_build(&metric, n, order, &bp, &f->tree, &err);
    free(order);
    CT_CHECK(rc == CT_OK, "%s: tree: %s", f->label, err.msg);
    return rc == CT_OK ? 0 : -1;
}

static __attribute__((unused)) int fixture_make(fixture *f, ct_points_kind points, int32_t n,
                                                int dim, int m, ct_covariance_kind kind,
                                                double lengthscale, uint64_t seed)
{
    return fixture_make_bp(f, points, n, dim, m, kind, lengthscale, seed, NULL);
}

static void fixture_free(fixture *f)
{
    ct_tree_free(&f->tree);
    ct_dataset_free(&f->ds);
}

/* The layout of (topology, order, data, precision); 0 on success. */
static __attribute__((unused)) int fixture_layout(const fixture *f, ct_topology t, ct_order o,
                                                  ct_data d, ct_precision p, ct_layout *out)
{
    ct_error err;
    int rc;
    ct_error_clear(&err);
    rc = ct_layout_build(&f->ds, &f->tree, t, o, d, p, out, &err);
    CT_CHECK(rc == CT_OK, "%s: layout %s.%s.%s.%s: %s", f->label,
             ct_axis_value_name(CT_AXIS_TOPOLOGY, t), ct_axis_value_name(CT_AXIS_ORDER, o),
             ct_axis_value_name(CT_AXIS_DATA, d), ct_axis_value_name(CT_AXIS_PRECISION, p),
             err.msg);
    return rc == CT_OK ? 0 : -1;
}

static __attribute__((unused)) void search_params(ct_search_params *sp, int k, int predecessor,
                                                  int exclude_self, ct_scratch scratch,
                                                  ct_budget budget)
{
    memset(sp, 0, sizeof *sp);
    sp->spec.k = k;
    sp->spec.predecessor = predecessor;
    sp->spec.exclude_self = exclude_self;
    sp->slack = CT_PRUNE_SLACK;
    sp->scratch = scratch;
    sp->budget = budget;
}

/* Every query point once (count == n, seed 0), or `count` draws with
 * replacement (seeded) whose last one repeats the first, so that every sample
 * holds a repeated query. */
static __attribute__((unused)) int32_t *make_queries(int32_t n, int32_t count, uint64_t seed)
{
    int32_t *q = malloc((size_t)(count > 0 ? count : 1) * sizeof *q);
    if (count == n && seed == 0) {
        for (int32_t i = 0; i < n; i++) q[i] = i;
    } else {
        ct_queries_draw(n, count, seed, q);
        if (count >= 2) q[count - 1] = q[0];
    }
    return q;
}

/* "csr.bfs.cached.level.avx2.f64" of a layout + traversal + kernel. */
static __attribute__((unused)) void variant_label(char *buf, size_t size, const ct_layout *l,
                                                  ct_traversal tr, const ct_kernel *kernel)
{
    snprintf(buf, size, "%s.%s.%s.%s.%s.%s", ct_axis_value_name(CT_AXIS_TOPOLOGY, l->topology),
             ct_axis_value_name(CT_AXIS_ORDER, l->order), ct_axis_value_name(CT_AXIS_DATA, l->data),
             ct_axis_value_name(CT_AXIS_TRAVERSAL, tr), kernel->name,
             ct_axis_value_name(CT_AXIS_PRECISION, kernel->precision));
}

/* Is every row well formed: real entries first, valid, distinct, eligible,
 * sorted by (distance, index), then -1/+inf padding?  Returns the first bad
 * query position or -1. */
static __attribute__((unused)) int32_t rows_malformed(const ct_knn_result *res,
                                                      const int32_t *queries,
                                                      const ct_query_spec *spec, int32_t n)
{
    for (int32_t q = 0; q < res->nq; q++) {
        const int32_t *idx = res->idx + (size_t)q * (size_t)res->k;
        const double *dist = res->dist + (size_t)q * (size_t)res->k;
        int padding = 0;
        for (int r = 0; r < res->k; r++) {
            if (idx[r] < 0) {
                padding = 1;
                if (idx[r] != -1 || !(dist[r] > 1e300)) return q;
                continue;
            }
            if (padding || idx[r] >= n) return q;
            if (!ct_knn_eligible(spec, queries[q], idx[r])) return q;
            if (!(dist[r] >= 0.0 && dist[r] <= 1.0)) return q;
            for (int s = 0; s < r; s++)
                if (idx[s] == idx[r]) return q;
            if (r > 0 && (dist[r] < dist[r - 1] || (dist[r] == dist[r - 1] && idx[r] < idx[r - 1])))
                return q;
        }
    }
    return -1;
}

#endif
