/* test_family_gather.c -- sp->load = CT_LOAD_GATHER (@load=gather, issue 13
 * E14) reads every tile through dist_gather, and changes nothing else.
 *
 * On a contiguous layout (csr.bfs.cached, where child lists are runs of
 * consecutive rows) and on scattered ones (ll.natural.indirect,
 * csr.hilbert.cached), for level and heap, f64 and f32, 1 and 2 threads:
 * a counting copy of each kernel shows that the default path does call
 * dist_range on the contiguous layout and that load=gather never does; the
 * answers are bit-identical to the default path's and every work counter is
 * equal; the f64 answers equal the oracle's (tie-aware).  The batch traversal
 * refuses load=gather (ct_engine_supports, CT_ENOTSUP from the engine), and
 * the variant name round-trips: "...heap.auto.f64@load=gather" parses, formats
 * back the same and maps to sp->load = CT_LOAD_GATHER (hence a family-module
 * test: names and search parameters live in ct_family); on a batch name the
 * parameter does not apply and is dropped.
 */
#include <omp.h>

#include "ct/run.h"
#include "ct/variant.h"
#include "test_engine_common.h"

static long range_calls, gather_calls;
static const ct_kernel *inner;

static void count_gather(const ct_rows *rows, const ct_query_row *q, const int32_t *ids, int count,
                         double *out)
{
#pragma omp atomic
    gather_calls++;
    inner->dist_gather(rows, q, ids, count, out);
}

static void count_range(const ct_rows *rows, const ct_query_row *q, int32_t first, int count,
                        double *out)
{
#pragma omp atomic
    range_calls++;
    inner->dist_range(rows, q, first, count, out);
}

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
    ct_kernel counting;
    if (fixture_layout(f, topo, order, data, prec, &l) != 0) return;
    inner = ct_kernel_default(prec);
    counting = *inner;
    counting.dist_gather = count_gather;
    counting.dist_range = count_range;
    for (int tr = CT_TRAVERSAL_LEVEL; tr <= CT_TRAVERSAL_HEAP; tr++) {
        ct_search_fn fn = ct_engine_find(topo, (ct_traversal)tr);
        for (int threads = 1; threads <= 2; threads++) {
            ct_knn_result a = {0}, b = {0};
            ct_work wa, wb;
            ct_search_params sp;
            char label[128];
            long range_auto, range_gather, gathers;
            variant_label(label, sizeof label, &l, (ct_traversal)tr, inner);
            omp_set_num_threads(threads);
            search_params(&sp, spec->k, spec->predecessor, spec->exclude_self, CT_SCRATCH_REUSE,
                          CT_BUDGET_EXACT);
            ct_knn_result_alloc(&a, nq, spec->k);
            ct_knn_result_alloc(&b, nq, spec->k);
            range_calls = gather_calls = 0;
            CT_CHECK(fn(&l, &counting, queries, nq, &sp, &a, &wa) == CT_OK, "%s: auto", label);
            range_auto = range_calls;
            range_calls = gather_calls = 0;
            sp.load = CT_LOAD_GATHER;
            CT_CHECK(fn(&l, &counting, queries, nq, &sp, &b, &wb) == CT_OK, "%s: gather", label);
            range_gather = range_calls;
            gathers = gather_calls;
            CT_CHECK(range_gather == 0 && gathers > 0,
                     "%s: load=gather made %ld range and %ld gather calls", label, range_gather,
                     gathers);
            if (topo == CT_TOPOLOGY_CSR && order == CT_ORDER_BFS && data == CT_DATA_CACHED)
                CT_CHECK(range_auto > 0, "%s: the contiguous layout made no range call", label);
            CT_CHECK(!memcmp(a.idx, b.idx, (size_t)nq * spec->k * sizeof *a.idx) &&
                         !memcmp(a.dist, b.dist, (size_t)nq * spec->k * sizeof *a.dist),
                     "%s: answers differ between auto and gather loads", label);
            CT_CHECK(same_work(&wa, &wb), "%s: work counters differ (%llu vs %llu evals)", label,
                     (unsigned long long)wa.dist_evals, (unsigned long long)wb.dist_evals);
            if (prec == CT_PRECISION_F64) {
                ct_compare_report rep;
                int rc =
                    ct_knn_compare(&f->ds, queries, spec, truth, &b, CT_TIE_TOLERANCE_F64, &rep);
                CT_CHECK(rc == CT_OK && rep.exact_queries == nq, "%s: gather %d/%d exact", label,
                         (int)rep.exact_queries, (int)nq);
            }
            ct_knn_result_free(&a);
            ct_knn_result_free(&b);
        }
    }
    ct_layout_free(&l);
}

static void check_names(void)
{
    ct_variant v;
    ct_search_params sp;
    ct_query_spec spec = {10, 0, 0};
    ct_error err;
    char buf[CT_VARIANT_NAME_MAX];
    const char *why = NULL;
    CT_CHECK(ct_variant_parse("csr.bfs.cached.heap.auto.f64@load=gather", &v, &err) == CT_OK,
             "parse: %s", err.msg);
    ct_variant_format(&v, buf, sizeof buf);
    CT_CHECK(!strcmp(buf, "csr.bfs.cached.heap.auto.f64@load=gather"), "formatted as %s", buf);
    CT_CHECK(ct_variant_is_exact(&v), "load=gather is exact");
    ct_run_search_params(&v, &spec, &sp);
    CT_CHECK(sp.load == CT_LOAD_GATHER, "search params load %d", (int)sp.load);
    if (ct_variant_parse("csr.bfs.cached.batch.auto.f64@load=gather", &v, NULL) == CT_OK) {
        ct_variant_format(&v, buf, sizeof buf);
        CT_CHECK(!strstr(buf, "load"), "batch keeps load: %s", buf);
    }
    sp.load = CT_LOAD_GATHER;
    CT_CHECK(ct_engine_supports(CT_TRAVERSAL_BATCH, &sp, &why) == CT_ENOTSUP && why,
             "batch accepts load=gather");
}

int main(void)
{
    fixture f;
    ct_query_spec spec = {10, 0, 0};
    ct_knn_result truth = {0};
    int32_t *queries;
    ct_error err;
    const int32_t nq = 128;
    check_names();
    if (fixture_make(&f, CT_POINTS_CLUSTERED, 2000, 3, 64, CT_COVARIANCE_RBF, 0.5, 99) != 0)
        return ct_test_finish("test_family_gather");
    queries = make_queries(2000, nq, 7);
    ct_knn_result_alloc(&truth, nq, spec.k);
    CT_CHECK(ct_oracle_knn(&f.ds, queries, nq, &spec, &truth, &err) == CT_OK, "oracle");
    check_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED, CT_PRECISION_F64, queries, nq,
                 &truth, &spec);
    check_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED, CT_PRECISION_F32, queries, nq,
                 &truth, &spec);
    check_layout(&f, CT_TOPOLOGY_LL, CT_ORDER_NATURAL, CT_DATA_INDIRECT, CT_PRECISION_F64, queries,
                 nq, &truth, &spec);
    check_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_HILBERT, CT_DATA_CACHED, CT_PRECISION_F64, queries,
                 nq, &truth, &spec);
    ct_knn_result_free(&truth);
    free(queries);
    fixture_free(&f);
    return ct_test_finish("test_family_gather");
}
