/* knn_result.c -- k-NN result arrays and query-spec validation (knn.h).
 *
 * A freshly allocated result is all padding (index -1, distance +inf), so an
 * engine only writes the neighbours it finds.
 */
#include "ct/knn.h"
#include "ct/alloc.h"

#include <math.h>
#include <string.h>

int ct_knn_result_alloc(ct_knn_result *res, int32_t nq, int k)
{
    size_t cells;
    if (!res) return CT_EINVAL;
    memset(res, 0, sizeof *res);
    if (nq < 0 || k < 1) return CT_EINVAL;
    cells = (size_t)nq * (size_t)k;
    res->idx = ct_malloc_array(cells, sizeof *res->idx);
    res->dist = ct_malloc_array(cells, sizeof *res->dist);
    if (!res->idx || !res->dist) {
        ct_knn_result_free(res);
        return CT_ENOMEM;
    }
    for (size_t c = 0; c < cells; c++) {
        res->idx[c] = -1;
        res->dist[c] = INFINITY;
    }
    res->nq = nq;
    res->k = k;
    return CT_OK;
}

void ct_knn_result_free(ct_knn_result *res)
{
    if (!res) return;
    ct_free(res->idx);
    ct_free(res->dist);
    memset(res, 0, sizeof *res);
}

int ct_query_spec_check(const ct_query_spec *spec, int32_t n, ct_error *err)
{
    if (!spec) return ct_error_set(err, CT_EINVAL, "query: missing spec");
    if (n < 1) return ct_error_set(err, CT_EINVAL, "query: dataset has %ld points", (long)n);
    if (spec->k < 1 || spec->k > n)
        return ct_error_set(err, CT_EINVAL, "query: k = %d outside 1..n (%ld)", spec->k, (long)n);
    if (spec->predecessor != 0 && spec->predecessor != 1)
        return ct_error_set(err, CT_EINVAL, "query: predecessor flag %d is not 0 or 1",
                            spec->predecessor);
    if (spec->exclude_self != 0 && spec->exclude_self != 1)
        return ct_error_set(err, CT_EINVAL, "query: exclude_self flag %d is not 0 or 1",
                            spec->exclude_self);
    return CT_OK;
}
