/* order_curve.c -- dataset indices sorted along a space-filling curve.
 *
 * Quantise every point (order_quantize.c), compute its key with the given
 * curve, and sort by (key, dataset index): the index breaks ties between
 * duplicate or co-cell points, so the result is a deterministic total order.
 */
#include <stdlib.h>

#include "ct/alloc.h"
#include "order_internal.h"

typedef struct keyed_point {
    uint64_t key[CT_CURVE_KEY_WORDS];
    int32_t index;
} keyed_point;

static int keyed_point_compare(const void *pa, const void *pb)
{
    const keyed_point *a = pa, *b = pb;
    int c = ct_curve_key_compare(a->key, b->key);
    if (c != 0) return c;
    return (a->index > b->index) - (a->index < b->index);
}

int ct_order_curve_sort(const ct_dataset *ds, ct_curve_key_fn key_fn, int32_t *perm, ct_error *err)
{
    int rc = CT_OK;
    uint32_t *cells = NULL;
    keyed_point *points = NULL;
    const int32_t n = ds->n;
    const int dim = ds->dim;
    const int bits = ct_curve_bits(dim);

    if (n == 0) goto cleanup;
    if (bits == 0) {
        rc = ct_error_set(err, CT_EINVAL, "curve order: dimension %d outside 1..%d", dim,
                          CT_MAX_DIM);
        goto cleanup;
    }
    cells = ct_malloc_array((size_t)n * (size_t)dim, sizeof *cells);
    points = ct_malloc_array((size_t)n, sizeof *points);
    if (!cells || !points) {
        rc = ct_error_set(err, CT_ENOMEM, "curve order: no memory for %d points", (int)n);
        goto cleanup;
    }
    rc = ct_order_quantize(ds, bits, cells, err);
    if (rc != CT_OK) goto cleanup;
    for (int32_t i = 0; i < n; i++) {
        points[i].index = i;
        rc = key_fn(cells + (size_t)i * (size_t)dim, dim, bits, points[i].key);
        if (rc != CT_OK) {
            rc = ct_error_set(err, CT_EINTERNAL, "curve order: key of point %d rejected", (int)i);
            goto cleanup;
        }
    }
    qsort(points, (size_t)n, sizeof *points, keyed_point_compare);
    for (int32_t k = 0; k < n; k++) perm[k] = points[k].index;

cleanup:
    ct_free(points);
    ct_free(cells);
    return rc;
}
