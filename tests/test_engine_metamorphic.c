/* test_engine_metamorphic.c -- what must not change when only the layout changes.
 *
 * For each traversal, budget (exact and the approximate ladder) and query
 * spec, the same queries must give the same neighbour indices AND the same
 * work counters (dist_evals, nodes_visited, heap_ops, v_bytes) under every
 * topology x order x data x kernel, with scratch reuse or alloc, and with 1
 * or 2 threads: the traversals visit children in canonical order and break
 * every tie by dataset index, so nothing may depend on node numbering, row
 * placement or the kernel's entry point.  Distances must be bit-identical
 * for the same kernel and within CT_TIE_TOLERANCE_F64 across kernels.  For
 * f32 the same holds per kernel (f32 kernels may round differently from each
 * other).  Finally a query's answer must not depend on the batch it is in.
 * (No speed relations are asserted: only equalities that must hold.)
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
    CT_CHECK(r.ok, "engine status %d", rc);
    return r;
}

/* Same neighbours and counters; distances bitwise (same kernel) or within tol. */
static void expect_same(const run *ref, const run *got, const char *ref_name,
                        const char *got_name, const char *what, int same_kernel)
{
    int32_t bad_idx = -1, bad_dist = -1;
    size_t cells;
    if (!ref->ok || !got->ok) return;
    cells = (size_t)ref->res.nq * (size_t)ref->res.k;
    for (size_t c = 0; c < cells; c++) {
        double a = ref->res.dist[c], b = got->res.dist[c];
        if (ref->res.idx[c] != got->res.idx[c] && bad_idx < 0) bad_idx = (int32_t)(c / ref->res.k);
        if (same_kernel ? memcmp(&a, &b, sizeof a) != 0
                        : !(a == b || fabs(a - b) <= CT_TIE_TOLERANCE_F64)) {
            if (bad_dist < 0) bad_dist = (int32_t)(c / ref->res.k);
        }
    }
    CT_CHECK(bad_idx < 0, "%s: %s vs %s: neighbours differ (first at query position %d)", what,
             got_name, ref_name, (int)bad_idx);
    CT_CHECK(bad_dist < 0, "%s: %s vs %s: distances differ (first at query position %d)", what,
             got_name, ref_name, (int)bad_dist);
    CT_CHECK(ref->work.dist_evals == got->work.dist_evals &&
                 ref->work.nodes_visited == got->work.nodes_visited &&
                 ref->work.heap_ops == got->work.heap_ops &&
                 ref->work.v_bytes == got->work.v_bytes,
             "%s: %s vs %s: work differs: evals %llu/%llu visited %llu/%llu heap_ops %llu/%llu "
             "v_bytes %llu/%llu",
             what, got_name, ref_name, (unsigned long long)got->work.dist_evals,
             (unsigned long long)ref->work.dist_evals, (unsigned long long)got->work.nodes_visited,
             (unsigned long long)ref->work.nodes_visited, (unsigned long long)got->work.heap_ops,
             (unsigned long long)ref->work.heap_ops, (unsigned long long)got->work.v_bytes,
             (unsigned long long)ref->work.v_bytes);
}

/* All layouts x kernels (x scratch, x threads) against the first one. */
static void check_invariance(const fixture *f, ct_layout *layouts, int nlayouts,
                             ct_precision precision, ct_traversal tr, ct_budget budget,
                             const ct_query_spec *spec, const int32_t *queries, int32_t nq)
{
    const ct_kernel *kernels[CT_KERNEL_COUNT];
    int nkernels = 0;
    char what[256], ref_name[128], got_name[160];
    run ref[CT_KERNEL_COUNT];
    ct_search_params sp;

    for (int k = 0; k < CT_KERNEL_COUNT; k++) {
        const ct_kernel *kern = ct_kernel_find((ct_kernel_kind)k, precision, NULL);
        if (kern) kernels[nkernels++] = kern;
    }
    snprintf(what, sizeof what, "%s %s%s k=%d pred=%d excl=%d", f->label,
             ct_axis_value_name(CT_AXIS_TRAVERSAL, tr), budget == CT_BUDGET_LADDER ? "+ladder" : "",
             spec->k, spec->predecessor, spec->exclude_self);
    search_params(&sp, spec->k, spec->predecessor, spec->exclude_self, CT_SCRATCH_REUSE, budget);
    /* One reference per kernel, on the first layout. */
    for (int ki = 0; ki < nkernels; ki++) ref[ki] = run_engine(&layouts[0], tr, kernels[ki], &sp,
                                                              queries, nq);
    variant_label(ref_name, sizeof ref_name, &layouts[0], tr, kernels[0]);
    for (int ki = 1; ki < nkernels; ki++) {
        /* f64: every kernel gives the same answer and counters */
        if (precision != CT_PRECISION_F64) break;
        variant_label(got_name, sizeof got_name, &layouts[0], tr, kernels[ki]);
        expect_same(&ref[0], &ref[ki], ref_name, got_name, what, 0);
    }
    for (int ki = 0; ki < nkernels; ki++) {
        variant_label(ref_name, sizeof ref_name, &layouts[0], tr, kernels[ki]);
        for (int li = 0; li < nlayouts; li++) {
            for (int sc = 0; sc < 2; sc++) {
                run got;
                if (li == 0 && sc == 0) continue;
                sp.scratch = (ct_scratch)sc;
                got = run_engine(&layouts[li], tr, kernels[ki], &sp, queries, nq);
                variant_label(got_name, sizeof got_name, &layouts[li], tr, kernels[ki]);
                if (sc) strcat(got_name, "+alloc");
                expect_same(&ref[ki], &got, ref_name, got_name, what, 1);
                ct_knn_result_free(&got.res);
            }
        }
        sp.scratch = CT_SCRATCH_REUSE;
    }
    /* Thread count: one thread gives what two gave. */
    {
        run one;
        omp_set_num_threads(1);
        one = run_engine(&layouts[nlayouts - 1], tr, kernels[0], &sp, queries, nq);
        omp_set_num_threads(2);
        variant_label(got_name, sizeof got_name, &layouts[nlayouts - 1], tr, kernels[0]);
        strcat(got_name, " (1 thread)");
        variant_label(ref_name, sizeof ref_name, &layouts[0], tr, kernels[0]);
        expect_same(&ref[0], &one, ref_name, got_name, what, 1);
        ct_knn_result_free(&one.res);
    }
    /* Batch independence: a query alone answers what it answered in the batch. */
    for (int32_t i = 0; i < nq && i < 5; i++) {
        run alone = run_engine(&layouts[0], tr, kernels[0], &sp, queries + i, 1);
        int same = alone.ok && ref[0].ok;
        for (int r = 0; same && r < spec->k; r++) {
            size_t c = (size_t)i * (size_t)spec->k + (size_t)r;
            same = alone.res.idx[r] == ref[0].res.idx[c] &&
                   memcmp(&alone.res.dist[r], &ref[0].res.dist[c], sizeof(double)) == 0;
        }
        CT_CHECK(same, "%s: query %d alone differs from its row in the batch", what,
                 (int)queries[i]);
        ct_knn_result_free(&alone.res);
    }
    for (int ki = 0; ki < nkernels; ki++) ct_knn_result_free(&ref[ki].res);
}

static void run_workload(ct_points_kind points, int32_t n, int dim, int m,
                         ct_covariance_kind kind, double lengthscale, uint64_t seed, int32_t nq)
{
    static const ct_query_spec specs[] = {{10, 0, 0}, {5, 1, 0}, {7, 0, 1}};
    fixture f;
    ct_layout layouts[2][CT_TOPOLOGY_COUNT * CT_ORDER_COUNT * CT_DATA_COUNT];
    int nlayouts[2] = {0, 0};
    int32_t *queries;

    if (fixture_make(&f, points, n, dim, m, kind, lengthscale, seed)) return;
    printf("workload %s, %d queries (seed %llu)\n", f.label, (int)nq,
           (unsigned long long)(seed + 3));
    queries = make_queries(n, nq, seed + 3);
    for (int p = 0; p < 2; p++)
        for (int t = 0; t < CT_TOPOLOGY_COUNT; t++)
            for (int o = 0; o < CT_ORDER_COUNT; o++)
                for (int d = 0; d < CT_DATA_COUNT; d++)
                    if (fixture_layout(&f, (ct_topology)t, (ct_order)o, (ct_data)d,
                                       (ct_precision)p, &layouts[p][nlayouts[p]]) == 0)
                        nlayouts[p]++;
    for (int p = 0; p < 2; p++) {
        if (nlayouts[p] == 0) continue;
        for (int tr = 0; tr < CT_TRAVERSAL_COUNT; tr++)
            for (int b = 0; b < 2; b++)
                for (int s = 0; s < (int)(sizeof specs / sizeof specs[0]); s++) {
                    /* f32 and the ladder only with the first spec: enough to catch a leak
                     * of node numbering, and they are not exact anyway */
                    if ((p == CT_PRECISION_F32 || b == CT_BUDGET_LADDER) && s > 0) continue;
                    check_invariance(&f, layouts[p], nlayouts[p], (ct_precision)p,
                                     (ct_traversal)tr, (ct_budget)b, &specs[s], queries, nq);
                }
    }
    for (int p = 0; p < 2; p++)
        for (int li = 0; li < nlayouts[p]; li++) ct_layout_free(&layouts[p][li]);
    free(queries);
    fixture_free(&f);
}

int main(void)
{
    omp_set_num_threads(2);
    run_workload(CT_POINTS_NORMAL, 1200, 3, 48, CT_COVARIANCE_RBF, 1.0, 201, 64);
    run_workload(CT_POINTS_CLUSTERED, 900, 2, 32, CT_COVARIANCE_MATERN52, 0.5, 202, 48);
    return ct_test_finish("test_engine_metamorphic");
}
