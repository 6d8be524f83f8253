/* dataset.c -- freeing a dataset and hashing its contents (dataset.h, workload.h).
 *
 * The content hash is 64-bit FNV-1a (ct/hash.h) over the raw bytes of x, inducing, v and p
 * in that order (v and p only when the factor is present), so two datasets
 * hash equal exactly when those arrays are bit-identical.
 */
#include "ct/dataset.h"
#include "ct/workload.h"
#include "ct/alloc.h"
#include "ct/hash.h"

#include <string.h>

void ct_dataset_free(ct_dataset *ds)
{
    if (!ds) return;
    ct_free(ds->x);
    ct_free(ds->inducing);
    ct_free(ds->v);
    ct_free(ds->p);
    memset(ds, 0, sizeof *ds);
}

uint64_t ct_dataset_hash(const ct_dataset *ds)
{
    uint64_t h = CT_HASH_FNV_OFFSET;
    size_t n, dim, m;
    if (!ds || ds->n < 0 || ds->dim < 0 || ds->m < 0) return h;
    n = (size_t)ds->n;
    dim = (size_t)ds->dim;
    m = (size_t)ds->m;
    h = ct_hash_fnv1a(h, ds->x, n * dim * sizeof(double));
    h = ct_hash_fnv1a(h, ds->inducing, m * sizeof(int32_t));
    h = ct_hash_fnv1a(h, ds->v, n * m * sizeof(double));
    h = ct_hash_fnv1a(h, ds->p, n * sizeof(double));
    return h;
}
