/* ordering.c -- ordering names, the random ordering, and moving a dataset into
 * an ordering (ordering.h; the max-min ordering is ordering_maxmin.c).
 *
 * ct_dataset_permute keeps the dataset contract (dataset.h): x, V rows and p
 * follow their points, the inducing indices are renamed to the new positions
 * and sorted ascending again.  V's columns are not touched: they are the
 * factor computed before reordering, and the metric only reads V through row
 * dot products, so every residual distance keeps its bits.
 */
#include "ct/ordering.h"
#include "ct/alloc.h"
#include "ct/rng.h"

#include <stdlib.h>
#include <string.h>

static const char *const ordering_names[CT_ORDERING_COUNT] = {"natural", "random", "maxmin"};

const char *ct_ordering_name(ct_ordering_kind kind)
{
    if ((int)kind < 0 || (int)kind >= CT_ORDERING_COUNT) return NULL;
    return ordering_names[kind];
}

int ct_ordering_from_name(const char *name)
{
    if (!name) return -1;
    for (int k = 0; k < CT_ORDERING_COUNT; k++)
        if (strcmp(name, ordering_names[k]) == 0) return k;
    return -1;
}

int ct_ordering_random(int32_t n, uint64_t seed, int32_t *perm)
{
    ct_rng rng;
    if (n < 1 || !perm) return CT_EINVAL;
    for (int32_t i = 0; i < n; i++) perm[i] = i;
    ct_rng_seed(&rng, seed);
    for (int32_t i = n - 1; i > 0; i--) {
        int32_t j = (int32_t)ct_rng_below(&rng, (uint64_t)i + 1);
        int32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    return CT_OK;
}

int ct_ordering_compute(ct_ordering_kind kind, const ct_dataset *ds, uint64_t seed, int32_t *perm,
                        ct_error *err)
{
    if (!ds || !perm || ds->n < 1)
        return ct_error_set(err, CT_EINVAL, "ordering: no dataset or no points");
    switch (kind) {
    case CT_ORDERING_NATURAL:
        for (int32_t i = 0; i < ds->n; i++) perm[i] = i;
        return CT_OK;
    case CT_ORDERING_RANDOM: return ct_ordering_random(ds->n, seed, perm);
    case CT_ORDERING_MAXMIN: return ct_ordering_maxmin(ds->x, ds->n, ds->dim, perm, NULL, err);
    case CT_ORDERING_COUNT: break;
    }
    return ct_error_set(err, CT_EINVAL, "ordering: unknown ordering %d", (int)kind);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* rows[r] = old rows[perm[r]], each row `width` doubles; NULL arrays stay NULL */
static double *permute_rows(const double *rows, const int32_t *perm, int32_t n, size_t width)
{
    double *out = ct_malloc_array((size_t)n, width * sizeof *out);
    if (!out) return NULL;
    for (int32_t r = 0; r < n; r++)
        memcpy(out + (size_t)r * width, rows + (size_t)perm[r] * width, width * sizeof *out);
    return out;
}

int ct_dataset_permute(ct_dataset *ds, const int32_t *perm, ct_error *err)
{
    int32_t *where = NULL, *inducing = NULL;
    double *x = NULL, *v = NULL, *p = NULL;
    int32_t n;
    int rc = CT_OK;

    if (!ds || !perm || ds->n < 1 || !ds->x)
        return ct_error_set(err, CT_EINVAL, "permute: no dataset or no permutation");
    n = ds->n;
    where = ct_malloc_array((size_t)n, sizeof *where);
    if (!where) return ct_error_set(err, CT_ENOMEM, "permute: out of memory");
    for (int32_t i = 0; i < n; i++) where[i] = -1;
    for (int32_t r = 0; r < n; r++) {
        if (perm[r] < 0 || perm[r] >= n || where[perm[r]] >= 0) {
            rc = ct_error_set(err, CT_EINVAL, "permute: entry %ld (%ld) is not a permutation",
                              (long)r, (long)perm[r]);
            goto fail;
        }
        where[perm[r]] = r;
    }
    x = permute_rows(ds->x, perm, n, (size_t)ds->dim);
    if (ds->v) v = permute_rows(ds->v, perm, n, (size_t)ds->m);
    if (ds->p) p = permute_rows(ds->p, perm, n, 1);
    if (ds->inducing) inducing = ct_malloc_array((size_t)ds->m, sizeof *inducing);
    if (!x || (ds->v && !v) || (ds->p && !p) || (ds->inducing && !inducing)) {
        rc = ct_error_set(err, CT_ENOMEM, "permute: out of memory for %ld points", (long)n);
        goto fail;
    }
    if (inducing) {
        for (int u = 0; u < ds->m; u++) {
            if (ds->inducing[u] < 0 || ds->inducing[u] >= n) {
                rc = ct_error_set(err, CT_EINVAL, "permute: inducing index %ld out of range",
                                  (long)ds->inducing[u]);
                goto fail;
            }
            inducing[u] = where[ds->inducing[u]];
        }
        qsort(inducing, (size_t)ds->m, sizeof *inducing, cmp_i32);
        ct_free(ds->inducing);
        ds->inducing = inducing;
    }
    ct_free(ds->x);
    ds->x = x;
    if (v) {
        ct_free(ds->v);
        ds->v = v;
    }
    if (p) {
        ct_free(ds->p);
        ds->p = p;
    }
    ct_free(where);
    return CT_OK;

fail:
    ct_free(where);
    ct_free(x);
    ct_free(v);
    ct_free(p);
    ct_free(inducing);
    return rc;
}
