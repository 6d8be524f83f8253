/* engine_run.c -- the driver every tree engine shares.
 *
 * Validates the call, allocates the output when the caller left it empty
 * (the oracle's convention), then runs the engine's per-query function under
 * OpenMP: `parallel for schedule(dynamic, 8)` over queries with the caller's
 * thread setting, each query writing only its own output row.  Scratch is
 * per thread and reused across queries (CT_SCRATCH_REUSE) or created and
 * destroyed around every query (CT_SCRATCH_ALLOC).  Work counters are
 * accumulated per thread and summed once at the end (no atomics in the inner
 * loop); an allocation failure stops the remaining queries and is returned
 * as CT_ENOMEM.
 */
#include <math.h>
#include <string.h>

#include "engine_internal.h"

int ct_engine_check_call(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                         int32_t nq, const ct_search_params *sp, const ct_knn_result *out,
                         ct_topology topology)
{
    if (!layout || !kernel || !sp || !out || nq < 0 || (nq > 0 && !queries)) return CT_EINVAL;
    if (layout->topology != topology) return CT_EINVAL;
    if (kernel->precision != layout->rows.precision) return CT_EINVAL;
    if (!kernel->dist_gather || !kernel->dist_range) return CT_EINVAL;
    if (ct_query_spec_check(&sp->spec, layout->n, NULL) != CT_OK) return CT_EINVAL;
    if (!(sp->slack >= 0.0) || !isfinite(sp->slack)) return CT_EINVAL;
    if (sp->scratch != CT_SCRATCH_REUSE && sp->scratch != CT_SCRATCH_ALLOC) return CT_EINVAL;
    if (sp->budget != CT_BUDGET_EXACT && sp->budget != CT_BUDGET_LADDER) return CT_EINVAL;
    if (sp->parent_bound != 0 && sp->parent_bound != 1) return CT_EINVAL;
    if (sp->parent_bound && layout->n > 0 && !layout->parent_dist) return CT_EINVAL;
    if (sp->group < 0 || sp->group > CT_GROUP_MAX) return CT_EINVAL;
    if (sp->product != CT_PRODUCT_KERNEL && sp->product != CT_PRODUCT_BLAS) return CT_EINVAL;
    for (int32_t i = 0; i < nq; i++)
        if (queries[i] < 0 || queries[i] >= layout->n) return CT_EINVAL;
    return CT_OK;
}

int ct_engine_output(const ct_search_params *sp, int32_t nq, ct_knn_result *out, int *allocated)
{
    const int k = sp->spec.k;
    *allocated = 0;
    if (!out->idx && !out->dist) {
        int rc = ct_knn_result_alloc(out, nq, k);
        if (rc != CT_OK) return rc;
        *allocated = 1;
        return CT_OK;
    }
    if (out->nq != nq || out->k != k || !out->idx || !out->dist) return CT_EINVAL;
    return CT_OK;
}

void ct_engine_work_add(ct_work *sum, const ct_work *w)
{
    sum->dist_evals += w->dist_evals;
    sum->nodes_visited += w->nodes_visited;
    sum->heap_ops += w->heap_ops;
    sum->useful_pairs += w->useful_pairs;
    sum->rows_fetched += w->rows_fetched;
}

void ct_engine_work_store(const ct_layout *layout, const ct_work *sum, ct_work *work)
{
    const uint64_t row =
        (uint64_t)layout->rows.m *
        (uint64_t)(layout->rows.precision == CT_PRECISION_F32 ? sizeof(float) : sizeof(double));
    if (!work) return;
    *work = *sum;
    work->v_bytes = sum->dist_evals * row;
    work->v_bytes_fetched = sum->rows_fetched * row;
}

int ct_engine_run(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                  int32_t nq, const ct_search_params *sp, ct_knn_result *out, ct_work *work,
                  ct_topology topology, ct_engine_query_fn fn)
{
    ct_engine_call call;
    uint64_t evals = 0, visited = 0, heap_ops = 0;
    int rc, status = CT_OK, allocated = 0, k;

    rc = ct_engine_check_call(layout, kernel, queries, nq, sp, out, topology);
    if (rc != CT_OK) goto cleanup;
    rc = ct_engine_output(sp, nq, out, &allocated);
    if (rc != CT_OK) goto cleanup;
    k = sp->spec.k;
    call.layout = layout;
    call.kernel = kernel;
    call.sp = sp;

#pragma omp parallel reduction(+ : evals, visited, heap_ops)
    {
        ct_engine_scratch s;
        ct_work w;
        int have = 0, trc = CT_OK;
        memset(&w, 0, sizeof w);
        if (sp->scratch == CT_SCRATCH_REUSE) {
            trc = ct_engine_scratch_init(&s, k);
            have = trc == CT_OK;
            if (have) {
                s.force_gather = sp->load == CT_LOAD_GATHER;
                trc = ct_engine_scratch_dense(&s, sp->dense, layout->n);
                if (trc != CT_OK) {
#pragma omp atomic write
                    status = trc;
                }
            }
            if (!have) {
#pragma omp atomic write
                status = trc;
            }
        }
#pragma omp for schedule(dynamic, 8)
        for (int32_t i = 0; i < nq; i++) {
            int failed;
#pragma omp atomic read
            failed = status;
            if (failed != CT_OK) continue;
            if (!have) {
                trc = ct_engine_scratch_init(&s, k);
                if (trc != CT_OK) {
#pragma omp atomic write
                    status = trc;
                    continue;
                }
                s.force_gather = sp->load == CT_LOAD_GATHER;
                trc = ct_engine_scratch_dense(&s, sp->dense, layout->n);
                if (trc != CT_OK) {
                    ct_engine_scratch_free(&s);
#pragma omp atomic write
                    status = trc;
                    continue;
                }
            }
            trc = fn(&call, &s, queries[i], out->idx + (size_t)i * (size_t)k,
                     out->dist + (size_t)i * (size_t)k, &w);
            if (!have) ct_engine_scratch_free(&s);
            if (trc != CT_OK) {
#pragma omp atomic write
                status = trc;
            }
        }
        if (have) ct_engine_scratch_free(&s);
        evals += w.dist_evals;
        visited += w.nodes_visited;
        heap_ops += w.heap_ops;
    }
    rc = status;
    if (rc != CT_OK) goto cleanup;
    {
        /* one query per distance: every distance was asked for and read its row */
        ct_work sum;
        memset(&sum, 0, sizeof sum);
        sum.dist_evals = evals;
        sum.nodes_visited = visited;
        sum.heap_ops = heap_ops;
        sum.useful_pairs = evals;
        sum.rows_fetched = evals;
        ct_engine_work_store(layout, &sum, work);
    }

cleanup:
    if (rc != CT_OK && allocated) ct_knn_result_free(out);
    return rc;
}
