/* test_family_dense.c -- the heap traversal's dense per-query state
 * (sp->dense, @dense=memset|gen, issue 13 E13) changes no answer and no
 * work counter, and is exact.
 *
 * On csr.bfs.cached and ll.natural.indirect, f64 and f32, k 10 plain and
 * in predecessor mode with exclude_self, reused and per-query (+alloc)
 * scratch, 1 and 2 threads: answers bit-identical to dense = off and equal
 * work counters; f64 answers equal the oracle's (tie-aware).  More queries
 * than one thread's first generations (the generation counter runs through
 * 600 queries per call).  The level and batch traversals refuse dense state
 * (CT_ENOTSUP from the engine, ct_engine_supports says why); the names
 * ...heap.auto.f64@dense=gen and ...+alloc@dense=memset round-trip, map to
 * the search parameters, are exact, and the parameter is dropped from a
 * level name.  (A family-module test: names live in ct_family.)
 */
#include <omp.h>

#include "ct/run.h"
#include "ct/variant.h"
#include "test_engine_common.h"

static int same_work(const ct_work *a, const ct_work *b)
{
    return a->dist_evals == b->dist_evals && a->nodes_visited == b->nodes_visited &&
           a->heap_ops == b->heap_ops && a->v_bytes == b->v_bytes &&
           a->rows_fetched == b->rows_fetched && a->useful_pairs == b->useful_pairs;
}

static void check_layout(const fixture *f, ct_topology topo, ct_order order, ct_data data,
                         ct_precision prec, const int32_t *queries, int32_t nq,
                         const ct_knn_result *truth, const ct_query_spec *spec)
{
    ct_layout l;
    const ct_kernel *kernel = ct_kernel_default(prec);
    ct_search_fn heap = ct_engine_find(topo, CT_TRAVERSAL_HEAP);
    ct_knn_result ref = {0};
    ct_work wref;
    ct_search_params sp;
    char label[128];
    if (fixture_layout(f, topo, order, data, prec, &l) != 0) return;
    variant_label(label, sizeof label, &l, CT_TRAVERSAL_HEAP, kernel);
    omp_set_num_threads(1);
    search_params(&sp, spec->k, spec->predecessor, spec->exclude_self, CT_SCRATCH_REUSE,
                  CT_BUDGET_EXACT);
    ct_knn_result_alloc(&ref, nq, spec->k);
    CT_CHECK(heap(&l, kernel, queries, nq, &sp, &ref, &wref) == CT_OK, "%s: dense off", label);
    for (int mode = CT_DENSE_MEMSET; mode <= CT_DENSE_GEN; mode++)
        for (int scratch = CT_SCRATCH_REUSE; scratch <= CT_SCRATCH_ALLOC; scratch++)
            for (int threads = 1; threads <= 2; threads++) {
                ct_knn_result r = {0};
                ct_work w;
                omp_set_num_threads(threads);
                search_params(&sp, spec->k, spec->predecessor, spec->exclude_self,
                              (ct_scratch)scratch, CT_BUDGET_EXACT);
                sp.dense = (ct_dense)mode;
                ct_knn_result_alloc(&r, nq, spec->k);
                CT_CHECK(heap(&l, kernel, queries, nq, &sp, &r, &w) == CT_OK,
                         "%s dense %d scratch %d: run", label, mode, scratch);
                CT_CHECK(!memcmp(r.idx, ref.idx, (size_t)nq * spec->k * sizeof *r.idx) &&
                             !memcmp(r.dist, ref.dist, (size_t)nq * spec->k * sizeof *r.dist),
                         "%s dense %d scratch %d threads %d: answers differ from dense off", label,
                         mode, scratch, threads);
                CT_CHECK(same_work(&w, &wref), "%s dense %d: work differs (%llu vs %llu evals)",
                         label, mode, (unsigned long long)w.dist_evals,
                         (unsigned long long)wref.dist_evals);
                if (prec == CT_PRECISION_F64) {
                    ct_compare_report rep;
                    int rc = ct_knn_compare(&f->ds, queries, spec, truth, &r, CT_TIE_TOLERANCE_F64,
                                            &rep);
                    CT_CHECK(rc == CT_OK && rep.exact_queries == nq, "%s dense %d: %d/%d exact",
                             label, mode, (int)rep.exact_queries, (int)nq);
                }
                ct_knn_result_free(&r);
            }
    /* the other traversals refuse it */
    for (int tr = CT_TRAVERSAL_LEVEL; tr <= CT_TRAVERSAL_BATCH; tr += CT_TRAVERSAL_BATCH) {
        ct_knn_result r = {0};
        const char *why = NULL;
        search_params(&sp, spec->k, spec->predecessor, spec->exclude_self, CT_SCRATCH_REUSE,
                      CT_BUDGET_EXACT);
        sp.dense = CT_DENSE_GEN;
        ct_knn_result_alloc(&r, nq, spec->k);
        CT_CHECK(ct_engine_supports((ct_traversal)tr, &sp, &why) == CT_ENOTSUP && why,
                 "traversal %d accepts dense state", tr);
        CT_CHECK(ct_engine_find(topo, (ct_traversal)tr)(&l, kernel, queries, nq, &sp, &r, NULL) ==
                     CT_ENOTSUP,
                 "%s: traversal %d ran with dense state", label, tr);
        ct_knn_result_free(&r);
    }
    ct_knn_result_free(&ref);
    ct_layout_free(&l);
}

static void check_name(const char *name, ct_dense dense, int alloc)
{
    ct_variant v;
    ct_search_params sp;
    ct_query_spec spec = {10, 0, 0};
    ct_error err;
    char buf[CT_VARIANT_NAME_MAX];
    CT_CHECK(ct_variant_parse(name, &v, &err) == CT_OK, "parse %s: %s", name, err.msg);
    ct_variant_format(&v, buf, sizeof buf);
    CT_CHECK(!strcmp(buf, name), "%s formatted as %s", name, buf);
    CT_CHECK(ct_variant_is_exact(&v), "%s is exact", name);
    ct_run_search_params(&v, &spec, &sp);
    CT_CHECK(sp.dense == dense && (sp.scratch == CT_SCRATCH_ALLOC) == alloc,
             "%s: search params dense %d scratch %d", name, (int)sp.dense, (int)sp.scratch);
}

int main(void)
{
    fixture f;
    ct_query_spec specs[2] = {{10, 0, 0}, {10, 1, 1}};
    int32_t *queries;
    ct_error err;
    const int32_t nq = 600;
    ct_variant v;
    char buf[CT_VARIANT_NAME_MAX];
    check_name("csr.bfs.cached.heap.auto.f64@dense=gen", CT_DENSE_GEN, 0);
    check_name("csr.bfs.cached.heap.auto.f64+alloc@dense=memset", CT_DENSE_MEMSET, 1);
    if (ct_variant_parse("csr.bfs.cached.level.auto.f64@dense=gen", &v, NULL) == CT_OK) {
        ct_variant_format(&v, buf, sizeof buf);
        CT_CHECK(!strstr(buf, "dense"), "level keeps dense: %s", buf);
    }
    if (fixture_make(&f, CT_POINTS_CLUSTERED, 1500, 3, 64, CT_COVARIANCE_RBF, 0.5, 31) != 0)
        return ct_test_finish("test_family_dense");
    queries = make_queries(1500, nq, 11);
    for (int s = 0; s < 2; s++) {
        ct_knn_result truth = {0};
        ct_knn_result_alloc(&truth, nq, specs[s].k);
        CT_CHECK(ct_oracle_knn(&f.ds, queries, nq, &specs[s], &truth, &err) == CT_OK, "oracle");
        check_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED, CT_PRECISION_F64, queries,
                     nq, &truth, &specs[s]);
        check_layout(&f, CT_TOPOLOGY_LL, CT_ORDER_NATURAL, CT_DATA_INDIRECT, CT_PRECISION_F64,
                     queries, nq, &truth, &specs[s]);
        if (s == 0)
            check_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED, CT_PRECISION_F32,
                         queries, nq, &truth, &specs[s]);
        ct_knn_result_free(&truth);
    }
    free(queries);
    fixture_free(&f);
    return ct_test_finish("test_family_dense");
}
