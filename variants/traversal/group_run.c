/* group_run.c -- the driver of the batch engines (group.h).
 *
 * Groups: the queries are sorted by the preorder rank of their node in the
 * canonical tree (children in canonical order, so the rank is the same under
 * every topology, order and data placement), ties by their position in the
 * call; the sorted sequence is cut into consecutive groups of g =
 * sp->group (CT_GROUP_DEFAULT when 0) queries, the last one shorter.  Queries
 * that are close in preorder share most of their root path, so a group's
 * members want mostly the same nodes.  The grouping depends on the queries
 * of the call and on g only -- not on the thread count or the layout -- and
 * each query's answer goes to its own row of the caller's output.
 *
 * Under OpenMP the groups are a `parallel for schedule(dynamic, 1)`; scratch
 * is per thread and reused (CT_SCRATCH_REUSE) or made per group
 * (CT_SCRATCH_ALLOC).  With the BLAS product the region runs with BLAS
 * single-threaded (ct/blas_threads.h), each thread multiplying its own
 * tiles.  Work is summed per thread, then once.
 */
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/blas_threads.h"
#include "group.h"

typedef struct ranked {
    int32_t rank;
    int32_t pos;
} ranked;

static int by_rank(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* order[i] = position in the call of the i-th query in preorder. */
static int group_order(const ct_layout *layout, const int32_t *queries, int32_t nq,
                       ct_preorder_fn preorder, int32_t *order)
{
    int32_t *rank = ct_malloc_array((size_t)layout->n * 2 + 1, sizeof *rank);
    ranked *keys = ct_malloc_array((size_t)nq + 1, sizeof *keys);
    if (!rank || !keys) {
        ct_free(rank);
        ct_free(keys);
        return CT_ENOMEM;
    }
    preorder(layout, rank, rank + layout->n);
    for (int32_t i = 0; i < nq; i++) {
        keys[i].rank = rank[layout->point_to_node[queries[i]]];
        keys[i].pos = i;
    }
    qsort(keys, (size_t)nq, sizeof *keys, by_rank);
    for (int32_t i = 0; i < nq; i++) order[i] = keys[i].pos;
    ct_free(rank);
    ct_free(keys);
    return CT_OK;
}

int ct_engine_run_groups(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                         int32_t nq, const ct_search_params *sp, ct_knn_result *out, ct_work *work,
                         ct_topology topology, ct_preorder_fn preorder, ct_group_fn fn)
{
    ct_engine_call call;
    ct_work total;
    int32_t *order = NULL;
    int rc, status = CT_OK, allocated = 0, k, g, ngroups, blas_threads = 0;
    const size_t elem =
        layout && layout->rows.precision == CT_PRECISION_F32 ? sizeof(float) : sizeof(double);

    memset(&total, 0, sizeof total);
    rc = ct_engine_check_call(layout, kernel, queries, nq, sp, out, topology);
    if (rc != CT_OK) return rc;
    if (ct_engine_supports(CT_TRAVERSAL_BATCH, sp, NULL) != CT_OK) return CT_ENOTSUP;
    if (sp->product == CT_PRODUCT_KERNEL && !kernel->dist_block) return CT_EINVAL;
    rc = ct_engine_output(sp, nq, out, &allocated);
    if (rc != CT_OK) return rc;
    k = sp->spec.k;
    g = sp->group > 0 ? sp->group : CT_GROUP_DEFAULT;
    if (g > nq && nq > 0) g = nq;
    ngroups = nq > 0 ? (nq + g - 1) / g : 0;
    order = ct_malloc_array((size_t)nq + 1, sizeof *order);
    if (!order) {
        rc = CT_ENOMEM;
        goto cleanup;
    }
    if (nq > 0) {
        rc = group_order(layout, queries, nq, preorder, order);
        if (rc != CT_OK) goto cleanup;
    }
    call.layout = layout;
    call.kernel = kernel;
    call.sp = sp;
    if (sp->product == CT_PRODUCT_BLAS) blas_threads = ct_blas_serial_begin();

#pragma omp parallel
    {
        ct_group_scratch s;
        ct_work w;
        int32_t gq[CT_GROUP_MAX];
        int32_t *idx_rows[CT_GROUP_MAX];
        double *dist_rows[CT_GROUP_MAX];
        int have = 0, trc = CT_OK;
        memset(&w, 0, sizeof w);
        if (sp->scratch == CT_SCRATCH_REUSE && ngroups > 0) {
            trc = ct_group_scratch_init(&s, g, k, layout->rows.m, elem, sp->product);
            have = trc == CT_OK;
            if (!have) {
#pragma omp atomic write
                status = trc;
            }
        }
#pragma omp for schedule(dynamic, 1)
        for (int gi = 0; gi < ngroups; gi++) {
            const int32_t first = gi * g;
            const int count = nq - first < g ? (int)(nq - first) : g;
            int failed;
#pragma omp atomic read
            failed = status;
            if (failed != CT_OK) continue;
            if (!have) {
                trc = ct_group_scratch_init(&s, g, k, layout->rows.m, elem, sp->product);
                if (trc != CT_OK) {
#pragma omp atomic write
                    status = trc;
                    continue;
                }
            }
            for (int j = 0; j < count; j++) {
                const int32_t pos = order[first + j];
                gq[j] = queries[pos];
                idx_rows[j] = out->idx + (size_t)pos * (size_t)k;
                dist_rows[j] = out->dist + (size_t)pos * (size_t)k;
            }
            trc = fn(&call, &s, gq, count, idx_rows, dist_rows, &w);
            if (!have) ct_group_scratch_free(&s);
            if (trc != CT_OK) {
#pragma omp atomic write
                status = trc;
            }
        }
        if (have) ct_group_scratch_free(&s);
#pragma omp critical(ct_engine_group_work)
        ct_engine_work_add(&total, &w);
    }
    if (sp->product == CT_PRODUCT_BLAS) ct_blas_serial_end(blas_threads);
    rc = status;
    if (rc == CT_OK) ct_engine_work_store(layout, &total, work);

cleanup:
    ct_free(order);
    if (rc != CT_OK && allocated) ct_knn_result_free(out);
    return rc;
}
