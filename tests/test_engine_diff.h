/* test_engine_diff.h -- the differential machinery of test_engine_differential
 * and test_engine_differential_slow: run engine combinations and brute_blas
 * on a workload and compare every query with the float64 oracle, tie-aware
 * (ct_knn_compare, tol CT_TIE_TOLERANCE_F64).  Static functions only.
 */
#ifndef CT_TEST_ENGINE_DIFF_H
#define CT_TEST_ENGINE_DIFF_H

#include <math.h>
#include <omp.h>

#include "ct/brute.h"
#include "test_engine_common.h"

typedef struct workload_case {
    ct_points_kind points;
    int32_t n;
    int dim;
    int m;
    ct_covariance_kind kind;
    double lengthscale;
    uint64_t seed;
    int32_t nq;  /* 0 = every point */
    double base; /* tree build: 0 = default (2, sum radius) */
    ct_si_mode si_mode;
} workload_case;

typedef struct spec_case {
    int k; /* > 0: that k; -1: n - 1; 0: n */
    int predecessor;
    int exclude_self;
} spec_case;

static const spec_case specs[] = {
    {10, 0, 0}, {1, 0, 0}, {2, 0, 1},  {10, 1, 0}, {-1, 0, 0}, {0, 0, 0},
    {1, 1, 0},  {2, 0, 0}, {10, 0, 1}, {0, 1, 0},  {-1, 0, 1}, {0, 0, 1},
};
#define NSPECS ((int)(sizeof specs / sizeof specs[0]))

/* One engine run (with +pbound when `pbound`) compared with the oracle. */
static void check_engine(const fixture *f, const ct_layout *l, ct_traversal tr,
                         const ct_kernel *kernel, ct_scratch scratch, int pbound,
                         const ct_query_spec *spec, const int32_t *queries, int32_t nq,
                         const ct_knn_result *oracle)
{
    ct_search_params sp;
    ct_knn_result res;
    ct_work work;
    ct_compare_report rep;
    char name[128];
    ct_search_fn fn = ct_engine_find(l->topology, tr);
    int rc;

    memset(&res, 0, sizeof res);
    search_params(&sp, spec->k, spec->predecessor, spec->exclude_self, scratch, CT_BUDGET_EXACT);
    sp.parent_bound = pbound;
    variant_label(name, sizeof name, l, tr, kernel);
    if (scratch == CT_SCRATCH_ALLOC) strcat(name, "+alloc");
    if (pbound) strcat(name, "+pbound");
    CT_CHECK(fn != NULL, "no engine for %s", name);
    if (!fn) return;
    rc = fn(l, kernel, queries, nq, &sp, &res, &work);
    CT_CHECK(rc == CT_OK, "%s on %s: status %d", name, f->label, rc);
    if (rc != CT_OK) return;
    rc = ct_knn_compare(&f->ds, queries, spec, oracle, &res, CT_TIE_TOLERANCE_F64, &rep);
    CT_CHECK(rc == CT_OK && rep.exact_queries == nq,
             "%s on %s, k=%d pred=%d excl=%d: %d/%d exact, first bad query position %d "
             "(point %d), recall %.6f, max distance error %.3g",
             name, f->label, spec->k, spec->predecessor, spec->exclude_self, (int)rep.exact_queries,
             (int)nq, (int)rep.first_bad_query,
             rep.first_bad_query >= 0 ? (int)queries[rep.first_bad_query] : -1, rep.recall,
             rep.max_distance_error);
    /* Each node is evaluated at most once per query. */
    CT_CHECK(work.dist_evals <= (uint64_t)nq * (uint64_t)f->ds.n &&
                 work.nodes_visited <= (uint64_t)nq * (uint64_t)f->ds.n,
             "%s on %s: %llu evals / %llu visits for %d queries of %d points", name, f->label,
             (unsigned long long)work.dist_evals, (unsigned long long)work.nodes_visited, (int)nq,
             (int)f->ds.n);
    CT_CHECK(work.v_bytes == work.dist_evals * (uint64_t)f->ds.m * sizeof(double),
             "%s: v_bytes %llu != evals * m * 8", name, (unsigned long long)work.v_bytes);
    ct_knn_result_free(&res);
}

static void check_brute_blas(const fixture *f, const ct_query_spec *spec, const int32_t *queries,
                             int32_t nq, const ct_knn_result *oracle)
{
    ct_knn_result res;
    ct_work work;
    ct_compare_report rep;
    ct_error err;
    int rc;
    memset(&res, 0, sizeof res);
    ct_error_clear(&err);
    rc = ct_brute_blas_knn(&f->ds, CT_PRECISION_F64, queries, nq, spec, &res, &work, &err);
    CT_CHECK(rc == CT_OK, "brute_blas on %s: %s", f->label, err.msg);
    if (rc != CT_OK) return;
    rc = ct_knn_compare(&f->ds, queries, spec, oracle, &res, CT_TIE_TOLERANCE_F64, &rep);
    CT_CHECK(rc == CT_OK && rep.exact_queries == nq,
             "brute_blas on %s, k=%d pred=%d excl=%d: %d/%d exact (first bad %d), max err %.3g",
             f->label, spec->k, spec->predecessor, spec->exclude_self, (int)rep.exact_queries,
             (int)nq, (int)rep.first_bad_query, rep.max_distance_error);
    if (!spec->predecessor)
        CT_CHECK(work.dist_evals ==
                     (uint64_t)nq * (uint64_t)(f->ds.n - (spec->exclude_self ? 1 : 0)),
                 "brute_blas on %s: %llu evals for %d queries", f->label,
                 (unsigned long long)work.dist_evals, (int)nq);
    ct_knn_result_free(&res);
}

/* Workload w: every layout x traversal x kernel x scratch x {-, +pbound} with
 * specs[0]; with every other spec too when `full`, else with the rotating
 * one.  Without `full`, +pbound runs with scratch reuse only (every layout x
 * traversal x kernel; +alloc+pbound is left to the slow sweep).  Specs with
 * k >= n - 1 use at most large_k_queries queries. */
static void run_case(int w, const workload_case *wc, const ct_kernel *const *kernels, int nkernels,
                     int full, int32_t large_k_queries)
{
    fixture f;
    ct_layout layouts[CT_TOPOLOGY_COUNT * CT_ORDER_COUNT * CT_DATA_COUNT];
    int nlayouts = 0;
    int32_t nq = wc->nq > 0 ? wc->nq : wc->n;
    int32_t *queries;
    ct_knn_result oracle[NSPECS];
    ct_query_spec qs[NSPECS];
    int32_t nqs[NSPECS]; /* queries used with each spec */

    memset(oracle, 0, sizeof oracle);
    if (wc->base > 0) {
        ct_build_params bp;
        ct_build_params_default(&bp);
        bp.base = wc->base;
        bp.si_mode = wc->si_mode;
        if (fixture_make_bp(&f, wc->points, wc->n, wc->dim, wc->m, wc->kind, wc->lengthscale,
                            wc->seed, &bp))
            return;
    } else if (fixture_make(&f, wc->points, wc->n, wc->dim, wc->m, wc->kind, wc->lengthscale,
                            wc->seed)) {
        return;
    }
    printf("workload %s, %d queries\n", f.label, (int)nq);
    queries = make_queries(wc->n, nq, wc->nq > 0 ? wc->seed * 7 + 1 : 0);
    for (int t = 0; t < CT_TOPOLOGY_COUNT; t++)
        for (int o = 0; o < CT_ORDER_COUNT; o++)
            for (int d = 0; d < CT_DATA_COUNT; d++)
                if (fixture_layout(&f, (ct_topology)t, (ct_order)o, (ct_data)d, CT_PRECISION_F64,
                                   &layouts[nlayouts]) == 0)
                    nlayouts++;
    for (int s = 0; s < NSPECS; s++) {
        ct_error err;
        int rc;
        qs[s].k = specs[s].k > 0 ? specs[s].k : specs[s].k == 0 ? wc->n : wc->n - 1;
        qs[s].predecessor = specs[s].predecessor;
        qs[s].exclude_self = specs[s].exclude_self;
        /* k close to n costs O(n log n) per query everywhere: fewer queries */
        nqs[s] = qs[s].k >= wc->n - 1 && nq > large_k_queries ? large_k_queries : nq;
        rc = ct_oracle_knn(&f.ds, queries, nqs[s], &qs[s], &oracle[s], &err);
        CT_CHECK(rc == CT_OK, "oracle on %s: %s", f.label, err.msg);
        if (rc != CT_OK) goto done;
        check_brute_blas(&f, &qs[s], queries, nqs[s], &oracle[s]);
    }

    {
        int combo = 0;
        for (int li = 0; li < nlayouts; li++)
            for (int tr = 0; tr < CT_TRAVERSAL_COUNT; tr++)
                for (int ki = 0; ki < nkernels; ki++)
                    for (int sc = 0; sc < 2; sc++)
                        for (int pb = 0; pb < 2; pb++) {
                            int other;
                            if (pb && sc == CT_SCRATCH_ALLOC && !full) continue;
                            other = 1 + (combo++ + w) % (NSPECS - 1);
                            for (int s = 0; s < NSPECS; s++)
                                if (s == 0 || s == other || full)
                                    check_engine(&f, &layouts[li], (ct_traversal)tr, kernels[ki],
                                                 (ct_scratch)sc, pb, &qs[s], queries, nqs[s],
                                                 &oracle[s]);
                        }
    }

done:
    for (int s = 0; s < NSPECS; s++) ct_knn_result_free(&oracle[s]);
    for (int li = 0; li < nlayouts; li++) ct_layout_free(&layouts[li]);
    free(queries);
    fixture_free(&f);
}

/* The f64 kernels this CPU can run. */
static int available_f64_kernels(const ct_kernel **kernels)
{
    int nkernels = 0;
    for (int k = 0; k < CT_KERNEL_COUNT; k++) {
        const char *why = NULL;
        const ct_kernel *kern = ct_kernel_find((ct_kernel_kind)k, CT_PRECISION_F64, &why);
        if (kern) kernels[nkernels++] = kern;
        else
            printf("kernel %s f64 not available: %s\n", ct_axis_value_name(CT_AXIS_KERNEL, k),
                   why ? why : "?");
    }
    CT_CHECK(nkernels > 0, "no f64 kernel available");
    return nkernels;
}

#endif
