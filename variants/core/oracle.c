/* oracle.c -- the ground truth: float64 brute force with the reference metric (knn.h).
 *
 * For each query (OpenMP, schedule(dynamic)) the reference distance to every
 * eligible point is fed to a bounded max-heap keyed by (distance, index), so
 * the k smallest survive with ties broken by the smaller index; the row is
 * written sorted by (distance, index) and padded with -1 / +inf.
 * `out` is either a zeroed struct (the oracle allocates it, and frees it
 * again if it fails) or a result already allocated with nq rows of spec->k.
 */
#include "ct/knn.h"
#include "ct/alloc.h"
#include "ct/metric.h"
#include "topk.h"

#include <math.h>

int ct_oracle_knn(const ct_dataset *ds, const int32_t *queries, int32_t nq,
                  const ct_query_spec *spec, ct_knn_result *out, ct_error *err)
{
    int rc, k, failed = 0, allocated = 0;
    if (!ds || !out || (nq > 0 && !queries) || nq < 0)
        return ct_error_set(err, CT_EINVAL, "oracle: missing dataset, queries or output");
    if (!ds->v || !ds->p || !ds->x)
        return ct_error_set(err, CT_EINVAL, "oracle: dataset factor not computed");
    rc = ct_query_spec_check(spec, ds->n, err);
    if (rc != CT_OK) goto cleanup;
    k = spec->k;
    for (int32_t q = 0; q < nq; q++) {
        if (queries[q] < 0 || queries[q] >= ds->n) {
            rc = ct_error_set(err, CT_EINVAL, "oracle: query %ld is point %ld, outside [0, %ld)",
                              (long)q, (long)queries[q], (long)ds->n);
            goto cleanup;
        }
    }
    if (!out->idx && !out->dist) {
        rc = ct_knn_result_alloc(out, nq, k);
        if (rc != CT_OK) {
            ct_error_set(err, rc, "oracle: out of memory for %ld x %d result", (long)nq, k);
            goto cleanup;
        }
        allocated = 1;
    } else if (out->nq != nq || out->k != k || !out->idx || !out->dist) {
        rc = ct_error_set(err, CT_EINVAL, "oracle: result is %ld x %d, expected %ld x %d",
                          (long)out->nq, out->k, (long)nq, k);
        goto cleanup;
    }

#pragma omp parallel reduction(| : failed)
    {
        topk heap;
        heap.k = k;
        heap.size = 0;
        heap.dist = ct_malloc_array((size_t)k, sizeof *heap.dist);
        heap.idx = ct_malloc_array((size_t)k, sizeof *heap.idx);
        if (!heap.dist || !heap.idx) failed = 1;
#pragma omp for schedule(dynamic, 4)
        for (int32_t q = 0; q < nq; q++) {
            int32_t i = queries[q];
            int32_t end = spec->predecessor ? i : ds->n;
            double *row_dist = out->dist + (size_t)q * (size_t)k;
            int32_t *row_idx = out->idx + (size_t)q * (size_t)k;
            int found;
            if (!heap.dist || !heap.idx) continue;
            heap.size = 0;
            for (int32_t j = 0; j < end; j++) {
                if (spec->exclude_self && j == i) continue;
                topk_push(&heap, ct_metric_distance(ds, i, j), j);
            }
            found = topk_drain(&heap, row_dist, row_idx);
            for (int r = found; r < k; r++) {
                row_idx[r] = -1;
                row_dist[r] = INFINITY;
            }
        }
        ct_free(heap.dist);
        ct_free(heap.idx);
    }
    if (failed) {
        rc = ct_error_set(err, CT_ENOMEM, "oracle: out of memory for per-thread heaps");
        goto cleanup;
    }
    rc = CT_OK;

cleanup:
    if (rc != CT_OK && allocated) ct_knn_result_free(out);
    return rc;
}
