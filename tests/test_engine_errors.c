/* test_engine_errors.c -- the engines' and brute_blas' error paths.
 *
 * Bad calls (wrong topology for the engine, kernel precision differing from
 * the layout's, k out of range, query index out of range, NaN slack, a
 * result of the wrong shape, parent_bound not 0/1, +pbound on a layout
 * without parent_dist) return CT_EINVAL and leave no allocation
 * behind; ct_engine_find rejects out-of-range axes; nq = 0 is fine; and an
 * allocation failure injected at every allocation of a call (scratch reuse
 * and alloc, every traversal, brute_blas) returns CT_ENOMEM without
 * crashing and without handing back a half-allocated result, while the
 * same call without injection succeeds and agrees with the uninjected run.
 */
#include <math.h>

#include "ct/brute.h"
#include "test_engine_common.h"

static void check_bad_calls(const fixture *f, const ct_layout *csr, const ct_kernel *k64,
                            const ct_kernel *k32)
{
    int32_t queries[3] = {0, 5, 17};
    ct_search_params sp;
    ct_knn_result res;
    ct_work work;
    int rc;

    search_params(&sp, 5, 0, 0, CT_SCRATCH_REUSE, CT_BUDGET_EXACT);
    memset(&res, 0, sizeof res);
    rc = ct_engine_find(CT_TOPOLOGY_LL, CT_TRAVERSAL_LEVEL)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL && res.idx == NULL, "ll engine on a csr layout: %d", rc);
    if (k32) {
        rc = ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_HEAP)(csr, k32, queries, 3, &sp, &res,
                                                                &work);
        CT_CHECK(rc == CT_EINVAL && res.idx == NULL, "f32 kernel on an f64 layout: %d", rc);
    }
    sp.spec.k = 0;
    rc =
        ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_LEVEL)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL, "k = 0 accepted");
    sp.spec.k = f->ds.n + 1;
    rc =
        ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_LEVEL)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL, "k = n + 1 accepted");
    sp.spec.k = 5;
    sp.slack = NAN;
    rc =
        ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_LEVEL)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL, "NaN slack accepted");
    sp.slack = CT_PRUNE_SLACK;
    sp.parent_bound = 2;
    rc = ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_HEAP)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL && res.idx == NULL, "parent_bound = 2 accepted");
    sp.parent_bound = 1;
    {
        ct_layout no_pd = *csr;
        no_pd.parent_dist = NULL;
        rc = ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_LEVEL)(&no_pd, k64, queries, 3, &sp, &res,
                                                                 &work);
        CT_CHECK(rc == CT_EINVAL && res.idx == NULL, "+pbound without parent_dist accepted: %d",
                 rc);
    }
    sp.parent_bound = 0;
    queries[1] = f->ds.n;
    rc = ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_HEAP)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL && res.idx == NULL, "query index n accepted");
    queries[1] = 5;
    rc = ct_knn_result_alloc(&res, 2, 5);
    CT_CHECK(rc == CT_OK, "alloc");
    rc = ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_HEAP)(csr, k64, queries, 3, &sp, &res, &work);
    CT_CHECK(rc == CT_EINVAL, "a 2-row result for 3 queries accepted");
    ct_knn_result_free(&res);
    memset(&res, 0, sizeof res);
    rc = ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_HEAP)(csr, k64, queries, 0, &sp, &res, &work);
    CT_CHECK(rc == CT_OK && work.dist_evals == 0, "nq = 0: %d", rc);
    ct_knn_result_free(&res);
    CT_CHECK(ct_engine_find(CT_TOPOLOGY_COUNT, CT_TRAVERSAL_LEVEL) == NULL &&
                 ct_engine_find(CT_TOPOLOGY_CSR, CT_TRAVERSAL_COUNT) == NULL &&
                 ct_engine_find((ct_topology)-1, CT_TRAVERSAL_LEVEL) == NULL,
             "ct_engine_find accepts out-of-range axes");
    {
        ct_error err;
        ct_dataset bare = f->ds;
        bare.v = NULL;
        rc = ct_brute_blas_knn(&bare, CT_PRECISION_F64, queries, 3, &sp.spec, &res, &work, &err);
        CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "factor") != NULL,
                 "brute_blas without a factor: %d '%s'", rc, err.msg);
        rc = ct_brute_blas_knn(&f->ds, (ct_precision)7, queries, 3, &sp.spec, &res, &work, &err);
        CT_CHECK(rc == CT_EINVAL, "brute_blas with precision 7: %d", rc);
    }
}

/* Same rows and counters? */
static int same_result(const ct_knn_result *a, const ct_knn_result *b)
{
    size_t cells = (size_t)a->nq * (size_t)a->k;
    return a->nq == b->nq && a->k == b->k && memcmp(a->idx, b->idx, cells * sizeof *a->idx) == 0 &&
           memcmp(a->dist, b->dist, cells * sizeof *a->dist) == 0;
}

/* Inject a failure at allocation 0, 1, 2, ... of the call until it succeeds. */
static void check_enomem(const fixture *f, const ct_layout *l, const ct_kernel *kernel,
                         ct_traversal tr, ct_scratch scratch, int brute)
{
    int32_t *queries = make_queries(f->ds.n, 40, 77);
    ct_search_params sp;
    ct_knn_result clean, res;
    ct_work clean_work, work;
    ct_error err;
    int rc, failures = 0;
    const char *name = brute ? "brute_blas" : ct_axis_value_name(CT_AXIS_TRAVERSAL, tr);

    search_params(&sp, 8, 0, 0, scratch, CT_BUDGET_EXACT);
    memset(&clean, 0, sizeof clean);
    rc = brute ? ct_brute_blas_knn(&f->ds, CT_PRECISION_F64, queries, 40, &sp.spec, &clean,
                                   &clean_work, &err)
               : ct_engine_find(l->topology, tr)(l, kernel, queries, 40, &sp, &clean, &clean_work);
    CT_CHECK(rc == CT_OK, "%s: clean run failed %d", name, rc);
    for (long at = 0; at < 10000; at++) {
        memset(&res, 0, sizeof res);
        ct_alloc_fail_after(at);
        rc = brute ? ct_brute_blas_knn(&f->ds, CT_PRECISION_F64, queries, 40, &sp.spec, &res, &work,
                                       &err)
                   : ct_engine_find(l->topology, tr)(l, kernel, queries, 40, &sp, &res, &work);
        ct_alloc_fail_after(-1);
        if (rc == CT_OK) {
            CT_CHECK(same_result(&clean, &res) && work.dist_evals == clean_work.dist_evals,
                     "%s%s: result after %ld injected allocations differs", name,
                     scratch == CT_SCRATCH_ALLOC ? "+alloc" : "", at);
            ct_knn_result_free(&res);
            break;
        }
        failures++;
        CT_CHECK(rc == CT_ENOMEM, "%s: failure %ld gave status %d, expected CT_ENOMEM", name, at,
                 rc);
        CT_CHECK(res.idx == NULL && res.dist == NULL, "%s: failed call left a result", name);
    }
    CT_CHECK(failures > 0, "%s: no allocation could be made to fail", name);
    printf("  %s%s: %d injected failures reported as CT_ENOMEM\n", name,
           scratch == CT_SCRATCH_ALLOC ? "+alloc" : "", failures);
    ct_knn_result_free(&clean);
    free(queries);
}

int main(void)
{
    fixture f;
    ct_layout csr;
    const ct_kernel *k64 = ct_kernel_default(CT_PRECISION_F64);
    const ct_kernel *k32 = ct_kernel_default(CT_PRECISION_F32);

    if (fixture_make(&f, CT_POINTS_NORMAL, 700, 3, 24, CT_COVARIANCE_RBF, 1.0, 401))
        return ct_test_finish("test_engine_errors");
    if (fixture_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_HILBERT, CT_DATA_CACHED, CT_PRECISION_F64,
                       &csr) == 0) {
        check_bad_calls(&f, &csr, k64, k32);
        for (int tr = 0; tr < CT_TRAVERSAL_COUNT; tr++)
            for (int sc = 0; sc < 2; sc++)
                check_enomem(&f, &csr, k64, (ct_traversal)tr, (ct_scratch)sc, 0);
        check_enomem(&f, &csr, k64, CT_TRAVERSAL_LEVEL, CT_SCRATCH_REUSE, 1);
        ct_layout_free(&csr);
    }
    fixture_free(&f);
    return ct_test_finish("test_engine_errors");
}
