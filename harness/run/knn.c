/* knn.c -- the `ctbench knn` pipeline (knn.h). */
#define _POSIX_C_SOURCE 200809L
#include "knn.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "ct/alloc.h"
#include "ct/npy.h"
#include "ct/run.h"
#include "ct/variant.h"
#include "ct/workload.h"
#include "files.h"

void bench_knn_request_default(bench_knn_request *req)
{
    memset(req, 0, sizeof *req);
    req->src.synthetic.points = CT_POINTS_NORMAL;
    req->src.synthetic.n = 32768;
    req->src.synthetic.dim = 3;
    req->src.synthetic.seed = 1;
    req->src.seed = 1;
    req->src.cov.kind = CT_COVARIANCE_RBF;
    req->src.cov.variance = 1.0;
    for (int t = 0; t < CT_MAX_DIM; t++) req->src.cov.lengthscale[t] = 1.0;
    req->src.lengthscale_count = 1;
    req->query_count = -1;
    req->spec.k = 50;
    req->variant = "ll.natural.indirect.level.auto.f64";
    req->insertion = CT_ORDER_NATURAL;
    ct_build_params_default(&req->build);
}

static int load_queries(const bench_knn_request *req, int32_t n, int32_t **queries, int32_t *nq,
                        ct_error *err)
{
    if (req->queries_path) {
        int64_t count = 0;
        int rc = ct_npy_load_index(req->queries_path, n, queries, &count, err);
        if (rc != CT_OK) return rc;
        if (count < 1) return ct_error_set(err, CT_EINVAL, "%s: no queries", req->queries_path);
        *nq = (int32_t)count;
        return CT_OK;
    }
    *nq = req->all_queries ? n : (int32_t)req->query_count;
    *queries = ct_malloc_array((size_t)*nq, sizeof **queries);
    if (!*queries) return ct_error_set(err, CT_ENOMEM, "out of memory for %d queries", (int)*nq);
    if (req->all_queries) {
        for (int32_t i = 0; i < n; i++) (*queries)[i] = i;
        return CT_OK;
    }
    return ct_queries_draw(n, *nq, req->src.seed + 2, *queries);
}

static int write_csv(const char *path, const int32_t *queries, const ct_knn_result *res,
                     ct_error *err)
{
    bench_output out;
    int rc = bench_output_open(&out, path, err);
    if (rc != CT_OK) return rc;
    fprintf(out.f, "query,rank,index,distance\n");
    for (int32_t q = 0; q < res->nq && !out.err_no; q++) {
        for (int r = 0; r < res->k; r++) {
            size_t at = (size_t)q * res->k + r;
            fprintf(out.f, "%d,%d,%d,%.17g\n", (int)queries[q], r, (int)res->idx[at],
                    res->dist[at]);
        }
    }
    return bench_output_commit(&out, err);
}

static int verify(const ct_dataset *ds, const int32_t *queries, int32_t nq,
                  const ct_query_spec *spec, const ct_knn_result *res, bench_knn_report *rep,
                  ct_error *err)
{
    ct_knn_result oracle = {0};
    ct_compare_report cmp;
    int64_t t0 = bench_now_ns();
    int rc = ct_knn_result_alloc(&oracle, nq, spec->k);
    if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the oracle");
    rc = ct_oracle_knn(ds, queries, nq, spec, &oracle, err);
    if (rc == CT_OK)
        rc = ct_knn_compare(ds, queries, spec, &oracle, res, CT_TIE_TOLERANCE_F64, &cmp);
    rep->oracle_s = (double)(bench_now_ns() - t0) * 1e-9;
    ct_knn_result_free(&oracle);
    if (rc != CT_OK) {
        if (!err->msg[0]) ct_error_set(err, rc, "verification failed: %s", ct_status_str(rc));
        return rc;
    }
    rep->verified = 1;
    rep->exact_queries = cmp.exact_queries;
    rep->checked_queries = cmp.queries;
    rep->recall = cmp.recall;
    rep->max_distance_error = cmp.max_distance_error;
    if (rep->exact_variant && cmp.exact_queries != cmp.queries)
        return ct_error_set(err, CT_EVERIFY,
                            "variant is not exact: query %d (dataset index %d) differs from the "
                            "oracle",
                            (int)cmp.first_bad_query, (int)queries[cmp.first_bad_query]);
    return CT_OK;
}

int bench_knn_run(const bench_knn_request *req, bench_knn_report *rep, ct_error *err)
{
    ct_dataset ds;
    ct_tree tree;
    ct_variant v;
    ct_setup setup;
    ct_prepared prep;
    ct_search_params sp;
    ct_knn_result res = {0};
    int32_t *queries = NULL, nq = 0;
    int have_tree = 0, have_setup = 0, have_prep = 0, rc;
    int64_t t0;

    memset(rep, 0, sizeof *rep);
    memset(&ds, 0, sizeof ds);
    memset(&tree, 0, sizeof tree);
    rc = ct_variant_parse(req->variant, &v, err);
    if (rc == CT_OK) rc = ct_variant_available(&v, err);
    if (rc != CT_OK) return rc;
    rep->exact_variant = ct_variant_is_exact(&v);
    if (req->threads > 0) omp_set_num_threads(req->threads);
    rep->threads = omp_get_max_threads();

    rc = bench_workload_load(&req->src, &ds, &rep->factor_s, err);
    if (rc == CT_OK) rc = ct_query_spec_check(&req->spec, ds.n, err);
    if (rc == CT_OK) rc = load_queries(req, ds.n, &queries, &nq, err);
    if (rc != CT_OK) goto done;
    rep->n = ds.n;
    rep->nq = nq;
    rep->dim = ds.dim;
    rep->m = ds.m;
    if (ct_variant_needs_tree(&v)) {
        t0 = bench_now_ns();
        rc = ct_run_build_tree(&ds, req->insertion, &req->build, &tree, err);
        rep->build_s = (double)(bench_now_ns() - t0) * 1e-9;
        if (rc != CT_OK) goto done;
        have_tree = rep->has_tree = 1;
        rep->tree_depth = tree.depth;
    }
    t0 = bench_now_ns();
    rc = ct_run_setup(&ds, have_tree ? &tree : NULL, &v, &setup, err);
    have_setup = rc == CT_OK;
    if (rc == CT_OK) rc = ct_run_prepare(&setup, &v, &prep, err);
    have_prep = have_setup && rc == CT_OK;
    rep->lower_s = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) goto done;
    rc = ct_knn_result_alloc(&res, nq, req->spec.k);
    if (rc != CT_OK) {
        ct_error_set(err, rc, "out of memory for %d x %d results", (int)nq, req->spec.k);
        goto done;
    }
    ct_run_search_params(&v, &req->spec, &sp);
    t0 = bench_now_ns();
    rc = ct_run_execute(&prep, queries, nq, &sp, &res, &rep->work, err);
    rep->query_s = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) goto done;
    if (req->verify) rc = verify(&ds, queries, nq, &req->spec, &res, rep, err);
    if (rc == CT_OK) rc = write_csv(req->out_path, queries, &res, err);
done:
    ct_knn_result_free(&res);
    if (have_prep) ct_run_prepared_free(&prep);
    if (have_setup) ct_run_setup_free(&setup);
    if (have_tree) ct_tree_free(&tree);
    ct_free(queries);
    ct_dataset_free(&ds);
    return rc;
}
