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

static int check_call(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
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
    for (int32_t i = 0; i < nq; i++)
        if (queries[i] < 0 || queries[i] >= layout->n) return CT_EINVAL;
    return CT_OK;
}

int ct_engine_run(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                  int32_t nq, const ct_search_params *sp, ct_knn_result *out, ct_work *work,
                  ct_topology topology, ct_engine_query_fn fn)
{
    ct_engine_call call;
    uint64_t evals = 0, visited = 0, heap_ops = 0;
    int rc, status = CT_OK, allocated = 0, k;

    rc = check_call(layout, kernel, queries, nq, sp, out, topology);
    if (rc != CT_OK) goto cleanup;
    k = sp->spec.k;
    if (!out->idx && !out->dist) {
        rc = ct_knn_result_alloc(out, nq, k);
        if (rc != CT_OK) goto cleanup;
        allocated = 1;
    } else if (out->nq != nq || out->k != k || !out->idx || !out->dist) {
        rc = CT_EINVAL;
        goto cleanup;
    }
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
    if (work) {
        size_t elem = layout->rows.precision == CT_PRECISION_F32 ? sizeof(float) : sizeof(double);
        work->dist_evals = evals;
        work->nodes_visited = visited;
        work->heap_ops = heap_ops;
        work->v_bytes = evals * (uint64_t)layout->rows.m * (uint64_t)elem;
    }

cleanup:
    if (rc != CT_OK && allocated) ct_knn_result_free(out);
    return rc;
}
