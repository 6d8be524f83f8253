/* test_engine_batch.c -- the batch traversal against the oracle and the heap traversal.
 *
 * On residual workloads (normal / uniform / clustered points, RBF and
 * Matern 5/2, one tree with base 1.5 and exact radii), for every query spec
 * of the differential test (k 1, 2, 10, n-1, n; predecessor; exclude_self),
 * group sizes g = 1, 3, 16, 64 (and 0 = the default), 1 and 2 threads, both
 * products (the kernel's dist_block and BLAS), with and without +pbound and
 * +alloc, every f64 kernel, every topology x order x data layout:
 *  - every query's neighbours equal the float64 oracle's, tie-aware
 *    (ct_knn_compare, CT_TIE_TOLERANCE_F64), in the caller's query order
 *    (queries are a seeded draw with repeats, not sorted);
 *  - they equal the heap traversal's answers tie-aware, and with the kernel
 *    product and g = 1 bit for bit, with the heap's work counters (a group of
 *    one query IS the heap traversal: same keys, ties, stop rule, tiles);
 *  - with the kernel product, answers and every counter are identical
 *    across layouts, thread counts and scratch modes (the grouping and the
 *    distances do not depend on them);
 *  - counter relations: useful_pairs <= dist_evals, rows_fetched <=
 *    dist_evals, each pair computed at most once (dist_evals <= nq * n),
 *    v_bytes = dist_evals * m * 8, v_bytes_fetched = rows_fetched * m * 8;
 *  - float32 layouts run (approximate; rows well formed, recall printed);
 *  - +ladder is refused (CT_ENOTSUP, with ct_engine_supports' reason), a
 *    group outside 0..CT_GROUP_MAX or an unknown product is CT_EINVAL.
 * Rows fetched per query are printed for g = 1 and the others (the trade-off
 * being measured), never asserted.
 */
#include <math.h>
#include <omp.h>

#include "test_engine_common.h"

typedef struct run {
    ct_knn_result res;
    ct_work work;
    int ok;
} run;

static run run_engine(const ct_layout *l, ct_traversal tr, const ct_kernel *kernel,
                      const ct_search_params *sp, const int32_t *queries, int32_t nq)
{
    run r;
    int rc;
    memset(&r, 0, sizeof r);
    rc = ct_engine_find(l->topology, tr)(l, kernel, queries, nq, sp, &r.res, &r.work);
    r.ok = rc == CT_OK;
    CT_CHECK(r.ok, "engine %s status %d", ct_axis_value_name(CT_AXIS_TRAVERSAL, tr), rc);
    return r;
}

static int same_work(const ct_work *a, const ct_work *b)
{
    return a->dist_evals == b->dist_evals && a->nodes_visited == b->nodes_visited &&
           a->heap_ops == b->heap_ops && a->useful_pairs == b->useful_pairs &&
           a->rows_fetched == b->rows_fetched && a->v_bytes == b->v_bytes &&
           a->v_bytes_fetched == b->v_bytes_fetched;
}

static int same_answers(const ct_knn_result *a, const ct_knn_result *b)
{
    size_t cells = (size_t)a->nq * (size_t)a->k;
    return a->nq == b->nq && a->k == b->k && !memcmp(a->idx, b->idx, cells * sizeof *a->idx) &&
           !memcmp(a->dist, b->dist, cells * sizeof *a->dist);
}

/* Tie-aware agreement of `got` with `ref` (oracle or heap answers). */
static void expect_exact(const fixture *f, const int32_t *queries, int32_t nq,
                         const ct_query_spec *spec, const ct_knn_result *ref,
                         const ct_knn_result *got, const char *what, const char *against)
{
    ct_compare_report rep;
    int rc = ct_knn_compare(&f->ds, queries, spec, ref, got, CT_TIE_TOLERANCE_F64, &rep);
    CT_CHECK(rc == CT_OK && rep.exact_queries == nq,
             "%s vs %s: %d/%d exact (first bad position %d, point %d), recall %.6f, max "
             "distance error %.3g",
             what, against, (int)rep.exact_queries, (int)nq, (int)rep.first_bad_query,
             rep.first_bad_query >= 0 ? (int)queries[rep.first_bad_query] : -1, rep.recall,
             rep.max_distance_error);
}

static void expect_relations(const fixture *f, const ct_work *w, int32_t nq, const char *what)
{
    const uint64_t row = (uint64_t)f->ds.m * sizeof(double);
    CT_CHECK(w->useful_pairs <= w->dist_evals && w->rows_fetched <= w->dist_evals &&
                 w->dist_evals <= (uint64_t)nq * (uint64_t)f->ds.n &&
                 w->nodes_visited <= (uint64_t)nq * (uint64_t)f->ds.n,
             "%s: evals %llu useful %llu rows %llu visited %llu for %d queries of %d points", what,
             (unsigned long long)w->dist_evals, (unsigned long long)w->useful_pairs,
             (unsigned long long)w->rows_fetched, (unsigned long long)w->nodes_visited, (int)nq,
             (int)f->ds.n);
    CT_CHECK(w->v_bytes == w->dist_evals * row && w->v_bytes_fetched == w->rows_fetched * row,
             "%s: v_bytes %llu / fetched %llu do not match the counts", what,
             (unsigned long long)w->v_bytes, (unsigned long long)w->v_bytes_fetched);
}

static void batch_params(ct_search_params *sp, const ct_query_spec *spec, int group,
                         ct_product product, int pbound, ct_scratch scratch)
{
    search_params(sp, spec->k, spec->predecessor, spec->exclude_self, scratch, CT_BUDGET_EXACT);
    sp->group = group;
    sp->product = product;
    sp->parent_bound = pbound;
}

/* The main sweep of one spec over one reference layout (csr.bfs.cached). */
static void check_spec(const fixture *f, const ct_layout *layouts, int nlayouts,
                       const ct_query_spec *spec, const int32_t *queries, int32_t nq,
                       const ct_knn_result *oracle, int full)
{
    static const int groups[] = {1, 3, 16, 64, 0};
    const ct_layout *l0 = &layouts[0];
    char what[256];

    for (int pb = 0; pb < 2; pb++) {
        const ct_kernel *kdef = ct_kernel_default(CT_PRECISION_F64);
        ct_search_params sp;
        run heap;
        search_params(&sp, spec->k, spec->predecessor, spec->exclude_self, CT_SCRATCH_REUSE,
                      CT_BUDGET_EXACT);
        sp.parent_bound = pb;
        heap = run_engine(l0, CT_TRAVERSAL_HEAP, kdef, &sp, queries, nq);
        for (int gi = 0; gi < 5; gi++)
            for (int pr = 0; pr < 2; pr++)
                for (int ki = 0; ki < CT_KERNEL_COUNT; ki++) {
                    const ct_kernel *kern =
                        ct_kernel_find((ct_kernel_kind)ki, CT_PRECISION_F64, NULL);
                    run got;
                    if (!kern || (pr == CT_PRODUCT_BLAS && kern != kdef)) continue;
                    if (!full && kern != kdef) continue;
                    batch_params(&sp, spec, groups[gi], (ct_product)pr, pb, CT_SCRATCH_REUSE);
                    snprintf(what, sizeof what, "%s k=%d pred=%d excl=%d g=%d %s %s%s", f->label,
                             spec->k, spec->predecessor, spec->exclude_self, groups[gi],
                             pr ? "blas" : "kernel", kern->name, pb ? " +pbound" : "");
                    got = run_engine(l0, CT_TRAVERSAL_BATCH, kern, &sp, queries, nq);
                    if (!got.ok) continue;
                    CT_CHECK(rows_malformed(&got.res, queries, spec, f->ds.n) < 0,
                             "%s: malformed rows", what);
                    expect_exact(f, queries, nq, spec, oracle, &got.res, what, "oracle");
                    if (heap.ok)
                        expect_exact(f, queries, nq, spec, &heap.res, &got.res, what, "heap");
                    expect_relations(f, &got.work, nq, what);
                    if (groups[gi] == 1 && pr == CT_PRODUCT_KERNEL && kern == kdef && heap.ok) {
                        CT_CHECK(same_answers(&heap.res, &got.res),
                                 "%s: g=1 differs from the heap traversal bitwise", what);
                        CT_CHECK(same_work(&heap.work, &got.work) &&
                                     got.work.useful_pairs == got.work.dist_evals,
                                 "%s: g=1 work differs from heap: evals %llu/%llu visited "
                                 "%llu/%llu heap_ops %llu/%llu",
                                 what, (unsigned long long)got.work.dist_evals,
                                 (unsigned long long)heap.work.dist_evals,
                                 (unsigned long long)got.work.nodes_visited,
                                 (unsigned long long)heap.work.nodes_visited,
                                 (unsigned long long)got.work.heap_ops,
                                 (unsigned long long)heap.work.heap_ops);
                    }
                    if (pr == CT_PRODUCT_KERNEL && kern == kdef && (full || gi == 2)) {
                        /* invariance: layouts, +alloc, one thread */
                        for (int li = 0; li < nlayouts; li++)
                            for (int sc = 0; sc < 2; sc++) {
                                run other;
                                if (li == 0 && sc == 0) continue;
                                if (!full && li > 0 && sc == 1) continue;
                                batch_params(&sp, spec, groups[gi], CT_PRODUCT_KERNEL, pb,
                                             (ct_scratch)sc);
                                other = run_engine(&layouts[li], CT_TRAVERSAL_BATCH, kern, &sp,
                                                   queries, nq);
                                if (other.ok)
                                    CT_CHECK(
                                        same_answers(&got.res, &other.res) &&
                                            same_work(&got.work, &other.work),
                                        "%s: layout %s.%s.%s%s differs (answers or work)", what,
                                        ct_axis_value_name(CT_AXIS_TOPOLOGY, layouts[li].topology),
                                        ct_axis_value_name(CT_AXIS_ORDER, layouts[li].order),
                                        ct_axis_value_name(CT_AXIS_DATA, layouts[li].data),
                                        sc ? " +alloc" : "");
                                ct_knn_result_free(&other.res);
                            }
                        {
                            run one;
                            batch_params(&sp, spec, groups[gi], CT_PRODUCT_KERNEL, pb,
                                         CT_SCRATCH_REUSE);
                            omp_set_num_threads(1);
                            one = run_engine(&layouts[nlayouts - 1], CT_TRAVERSAL_BATCH, kern, &sp,
                                             queries, nq);
                            omp_set_num_threads(2);
                            if (one.ok)
                                CT_CHECK(same_answers(&got.res, &one.res) &&
                                             same_work(&got.work, &one.work),
                                         "%s: one thread differs from two", what);
                            ct_knn_result_free(&one.res);
                        }
                    }
                    if (pr == CT_PRODUCT_BLAS && gi == 3 && nlayouts > 1) {
                        /* BLAS on a layout whose tiles are gathered, not in place */
                        run other;
                        other = run_engine(&layouts[nlayouts - 1], CT_TRAVERSAL_BATCH, kern, &sp,
                                           queries, nq);
                        if (other.ok)
                            expect_exact(f, queries, nq, spec, oracle, &other.res, what,
                                         "oracle (blas, last layout)");
                        ct_knn_result_free(&other.res);
                    }
                    if (pb == 0 && pr == CT_PRODUCT_KERNEL && kern == kdef && spec->k == 10 &&
                        !spec->predecessor && !spec->exclude_self)
                        printf("  g=%-3d rows fetched/query %8.1f, evaluations/query %8.1f "
                               "(useful %8.1f); heap %8.1f\n",
                               groups[gi], (double)got.work.rows_fetched / nq,
                               (double)got.work.dist_evals / nq, (double)got.work.useful_pairs / nq,
                               heap.ok ? (double)heap.work.dist_evals / nq : 0.0);
                    ct_knn_result_free(&got.res);
                }
        ct_knn_result_free(&heap.res);
    }
}

static void check_refusals(const ct_layout *l, const int32_t *queries)
{
    const ct_kernel *k = ct_kernel_default(CT_PRECISION_F64);
    ct_search_params sp;
    ct_knn_result res;
    ct_work w;
    const char *why = NULL;
    int rc;
    memset(&res, 0, sizeof res);
    search_params(&sp, 5, 0, 0, CT_SCRATCH_REUSE, CT_BUDGET_LADDER);
    CT_CHECK(ct_engine_supports(CT_TRAVERSAL_BATCH, &sp, &why) == CT_ENOTSUP && why &&
                 strstr(why, "ladder"),
             "ct_engine_supports(batch, +ladder): %s", why ? why : "(no reason)");
    CT_CHECK(ct_engine_supports(CT_TRAVERSAL_HEAP, &sp, &why) == CT_OK && why == NULL,
             "heap +ladder must be supported");
    rc = ct_engine_find(l->topology, CT_TRAVERSAL_BATCH)(l, k, queries, 4, &sp, &res, &w);
    CT_CHECK(rc == CT_ENOTSUP && res.idx == NULL, "batch +ladder: status %d", rc);
    sp.budget = CT_BUDGET_EXACT;
    for (int bad = 0; bad < 3; bad++) {
        sp.group = bad == 0 ? -1 : bad == 1 ? CT_GROUP_MAX + 1 : 0;
        sp.product = bad == 2 ? (ct_product)7 : CT_PRODUCT_KERNEL;
        rc = ct_engine_find(l->topology, CT_TRAVERSAL_BATCH)(l, k, queries, 4, &sp, &res, &w);
        CT_CHECK(rc == CT_EINVAL, "bad group %d / product %d: status %d", sp.group, (int)sp.product,
                 rc);
    }
    sp.group = CT_GROUP_MAX;
    sp.product = CT_PRODUCT_KERNEL;
    rc = ct_engine_find(l->topology, CT_TRAVERSAL_BATCH)(l, k, queries, 4, &sp, &res, &w);
    CT_CHECK(rc == CT_OK, "group CT_GROUP_MAX with 4 queries: status %d", rc);
    ct_knn_result_free(&res);
}

/* float32 layouts: approximate, rows well formed, recall printed. */
static void check_f32(const fixture *f, const int32_t *queries, int32_t nq,
                      const ct_knn_result *oracle, const ct_query_spec *spec)
{
    ct_layout l32;
    if (fixture_layout(f, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED, CT_PRECISION_F32, &l32))
        return;
    for (int pr = 0; pr < 2; pr++)
        for (int ki = 0; ki < CT_KERNEL_COUNT; ki++) {
            const ct_kernel *kern = ct_kernel_find((ct_kernel_kind)ki, CT_PRECISION_F32, NULL);
            ct_search_params sp;
            ct_compare_report rep;
            run got;
            if (!kern) continue;
            batch_params(&sp, spec, 16, (ct_product)pr, 0, CT_SCRATCH_REUSE);
            got = run_engine(&l32, CT_TRAVERSAL_BATCH, kern, &sp, queries, nq);
            if (!got.ok) continue;
            CT_CHECK(rows_malformed(&got.res, queries, spec, f->ds.n) < 0,
                     "f32 %s %s: malformed rows", kern->name, pr ? "blas" : "kernel");
            CT_CHECK(got.work.v_bytes == got.work.dist_evals * (uint64_t)f->ds.m * 4u,
                     "f32: v_bytes counts float rows");
            ct_knn_compare(&f->ds, queries, spec, oracle, &got.res, CT_TIE_TOLERANCE_F64, &rep);
            printf("  f32 %-6s %-6s recall %.4f\n", kern->name, pr ? "blas" : "kernel", rep.recall);
            ct_knn_result_free(&got.res);
            if (pr == CT_PRODUCT_BLAS) break;
        }
    ct_layout_free(&l32);
}

typedef struct workload_case {
    ct_points_kind points;
    int32_t n;
    int dim, m;
    ct_covariance_kind kind;
    double lengthscale;
    uint64_t seed;
    int32_t nq;
    double base; /* 0: defaults */
    int full;    /* every spec with every layout and kernel */
} workload_case;

static void run_workload(const workload_case *wc)
{
    static const struct {
        int k, predecessor, exclude_self; /* k: > 0 that k, -1 n - 1, 0 n */
    } specs[] = {{10, 0, 0}, {1, 0, 0}, {2, 0, 1},  {10, 1, 0}, {-1, 0, 0},
                 {0, 0, 0},  {1, 1, 0}, {10, 0, 1}, {0, 1, 0},  {-1, 0, 1}};
    fixture f;
    ct_layout layouts[CT_TOPOLOGY_COUNT * CT_ORDER_COUNT * CT_DATA_COUNT];
    int nlayouts = 0;
    int32_t *queries;
    double t0 = omp_get_wtime();

    if (wc->base > 0) {
        ct_build_params bp;
        ct_build_params_default(&bp);
        bp.base = wc->base;
        bp.si_mode = CT_SI_EXACT;
        if (fixture_make_bp(&f, wc->points, wc->n, wc->dim, wc->m, wc->kind, wc->lengthscale,
                            wc->seed, &bp))
            return;
    } else if (fixture_make(&f, wc->points, wc->n, wc->dim, wc->m, wc->kind, wc->lengthscale,
                            wc->seed)) {
        return;
    }
    printf("workload %s, %d queries\n", f.label, (int)wc->nq);
    queries = make_queries(wc->n, wc->nq, wc->seed * 5 + 3);
    /* csr.bfs.cached first: the reference layout; ll.natural.indirect last */
    if (fixture_layout(&f, CT_TOPOLOGY_CSR, CT_ORDER_BFS, CT_DATA_CACHED, CT_PRECISION_F64,
                       &layouts[0]) == 0)
        nlayouts++;
    for (int t = 0; t < CT_TOPOLOGY_COUNT; t++)
        for (int o = 0; o < CT_ORDER_COUNT; o++)
            for (int d = 0; d < CT_DATA_COUNT; d++) {
                if (t == CT_TOPOLOGY_CSR && o == CT_ORDER_BFS && d == CT_DATA_CACHED) continue;
                if (!wc->full &&
                    !(t == CT_TOPOLOGY_LL && o == CT_ORDER_NATURAL && d == CT_DATA_INDIRECT))
                    continue;
                if (fixture_layout(&f, (ct_topology)t, (ct_order)o, (ct_data)d, CT_PRECISION_F64,
                                   &layouts[nlayouts]) == 0)
                    nlayouts++;
            }
    /* ll.natural.indirect last (the one-thread run and the gathered BLAS tiles use it) */
    for (int li = 1; li < nlayouts - 1; li++)
        if (layouts[li].topology == CT_TOPOLOGY_LL && layouts[li].order == CT_ORDER_NATURAL &&
            layouts[li].data == CT_DATA_INDIRECT) {
            ct_layout tmp = layouts[li];
            layouts[li] = layouts[nlayouts - 1];
            layouts[nlayouts - 1] = tmp;
        }
    if (nlayouts > 0) check_refusals(&layouts[0], queries);
    for (int s = 0; s < (int)(sizeof specs / sizeof specs[0]); s++) {
        ct_query_spec spec;
        ct_knn_result oracle;
        ct_error err;
        int32_t nq = wc->nq;
        memset(&oracle, 0, sizeof oracle);
        spec.k = specs[s].k > 0 ? specs[s].k : specs[s].k == 0 ? wc->n : wc->n - 1;
        spec.predecessor = specs[s].predecessor;
        spec.exclude_self = specs[s].exclude_self;
        if (spec.k >= wc->n - 1 && nq > 12) nq = 12; /* O(n log n) per query */
        if (ct_oracle_knn(&f.ds, queries, nq, &spec, &oracle, &err) != CT_OK) {
            CT_CHECK(0, "oracle: %s", err.msg);
            continue;
        }
        check_spec(&f, layouts, nlayouts, &spec, queries, nq, &oracle, wc->full && s < 2);
        if (s == 0) check_f32(&f, queries, nq, &oracle, &spec);
        ct_knn_result_free(&oracle);
    }
    printf("  (%.1f s)\n", omp_get_wtime() - t0);
    for (int li = 0; li < nlayouts; li++) ct_layout_free(&layouts[li]);
    free(queries);
    fixture_free(&f);
}

int main(void)
{
    static const workload_case cases[] = {
        {CT_POINTS_NORMAL, 1000, 3, 64, CT_COVARIANCE_RBF, 1.0, 601, 100, 0, 1},
        {CT_POINTS_UNIFORM, 1000, 2, 24, CT_COVARIANCE_MATERN52, 0.3, 602, 120, 0, 0},
        {CT_POINTS_CLUSTERED, 1200, 3, 40, CT_COVARIANCE_RBF, 0.5, 603, 120, 0, 0},
        {CT_POINTS_UNIFORM, 600, 2, 16, CT_COVARIANCE_RBF, 0.4, 604, 100, 1.5, 0},
    };
    omp_set_num_threads(2);
    for (int c = 0; c < (int)(sizeof cases / sizeof cases[0]); c++) run_workload(&cases[c]);
    return ct_test_finish("test_engine_batch");
}
