/* workload_source.c -- load a dataset from .npy files or synthesise it, then
 * make sure its factor (V, p) exists and is sane (workload_source.h). */
#include "workload_source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/npy.h"
#include "clock.h"

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int load_inducing(const bench_workload_source *src, ct_dataset *ds, ct_error *err)
{
    int64_t count = 0;
    int32_t *idx = NULL;
    int64_t i;
    int rc;
    if (src->inducing_path) {
        rc = ct_npy_load_index(src->inducing_path, ds->n, &idx, &count, err);
        if (rc != CT_OK) return rc;
        if (count < 1) {
            ct_free(idx);
            return ct_error_set(err, CT_EINVAL, "%s: no inducing indices", src->inducing_path);
        }
        qsort(idx, (size_t)count, sizeof *idx, cmp_i32);
        for (i = 1; i < count; i++) {
            if (idx[i] == idx[i - 1]) {
                int32_t dup = idx[i];
                ct_free(idx);
                return ct_error_set(err, CT_EINVAL, "%s: inducing index %d appears twice",
                                    src->inducing_path, (int)dup);
            }
        }
        ds->inducing = idx;
        ds->m = (int)count;
        return CT_OK;
    }
    ds->m = src->m > 0 ? src->m : (ds->n < 512 ? ds->n : 512);
    if (ds->m > ds->n)
        return ct_error_set(err, CT_EINVAL, "%d inducing points requested but only %d points",
                            ds->m, (int)ds->n);
    ds->inducing = ct_malloc_array((size_t)ds->m, sizeof *ds->inducing);
    if (!ds->inducing) return ct_error_set(err, CT_ENOMEM, "out of memory for inducing indices");
    return ct_inducing_draw(ds->n, ds->m, src->seed + 1, ds->inducing);
}

/* V (and p) given by the caller: check shapes; derive p when absent, floor it
 * when given. */
static int load_factor(const bench_workload_source *src, ct_dataset *ds, ct_error *err)
{
    ct_npy_matrix v = {0}, p = {0};
    int rc;
    int32_t i;
    rc = ct_npy_load_f64(src->v_path, &v, err);
    if (rc != CT_OK) return rc;
    if (v.ndim != 2) {
        rc = ct_error_set(err, CT_EFORMAT,
                          "%s: V must be a 2-D array (N rows x m columns), got %d dimension%s",
                          src->v_path, v.ndim, v.ndim == 1 ? "" : "s");
        goto done;
    }
    if (v.rows != ds->n || v.cols < 1 || v.cols > 65536) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: expected %d rows (one per point), got %lldx%lld",
                          src->v_path, (int)ds->n, (long long)v.rows, (long long)v.cols);
        goto done;
    }
    ds->m = (int)v.cols;
    ds->v = v.data;
    v.data = NULL;
    if (!src->p_path) {
        rc = ct_factor_residual_variance(ds, err); /* same formula and floor as the core */
        goto done;
    }
    rc = ct_npy_load_f64(src->p_path, &p, err);
    if (rc != CT_OK) goto done;
    if (p.rows * p.cols != ds->n || (p.ndim == 2 && p.cols != 1)) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: expected %d values, got %lldx%lld", src->p_path,
                          (int)ds->n, (long long)p.rows, (long long)p.cols);
        goto done;
    }
    for (i = 0; i < ds->n; i++) {
        if (!(p.data[i] > 0)) {
            rc = ct_error_set(err, CT_EINVAL, "%s: p[%d] = %g is not positive", src->p_path, (int)i,
                              p.data[i]);
            goto done;
        }
        /* the metric assumes the floor of docs/ALGORITHM.md §1.2 */
        if (p.data[i] < CT_P_FLOOR) p.data[i] = CT_P_FLOOR;
    }
    ds->p = p.data;
    p.data = NULL;
    rc = CT_OK;
done:
    ct_npy_matrix_free(&v);
    ct_npy_matrix_free(&p);
    return rc;
}

static int load_points(const bench_workload_source *src, ct_dataset *ds, ct_error *err)
{
    ct_npy_matrix pts = {0};
    int rc = ct_npy_load_f64(src->points_path, &pts, err);
    int t;
    if (rc != CT_OK) return rc;
    if (pts.rows < 1 || pts.rows > INT32_MAX - 1 || pts.cols < 1 || pts.cols > CT_MAX_DIM) {
        rc = ct_error_set(err, CT_EFORMAT,
                          "%s: expected N x d points with N >= 1 and 1 <= d <= %d, got %lldx%lld",
                          src->points_path, CT_MAX_DIM, (long long)pts.rows, (long long)pts.cols);
        ct_npy_matrix_free(&pts);
        return rc;
    }
    ds->n = (int32_t)pts.rows;
    ds->dim = (int)pts.cols;
    ds->x = pts.data;
    ds->cov = src->cov;
    ds->cov.dim = ds->dim;
    if (src->lengthscale_count == 1) {
        for (t = 1; t < ds->dim; t++) ds->cov.lengthscale[t] = ds->cov.lengthscale[0];
    } else if (src->lengthscale_count != ds->dim) {
        return ct_error_set(err, CT_EINVAL,
                            "%d lengthscales given but the points have %d dimensions",
                            src->lengthscale_count, ds->dim);
    }
    return ct_covariance_check(&ds->cov, err);
}

int bench_workload_load(const bench_workload_source *src, ct_dataset *ds, double *factor_seconds,
                        ct_error *err)
{
    int rc;
    int64_t t0;
    memset(ds, 0, sizeof *ds);
    if (factor_seconds) *factor_seconds = 0;
    if (!src->points_path) {
        t0 = bench_now_ns();
        rc = ct_workload_synthesize(&src->synthetic, ds, err);
        if (factor_seconds) *factor_seconds = (double)(bench_now_ns() - t0) * 1e-9;
        if (rc != CT_OK) ct_dataset_free(ds);
        return rc;
    }
    rc = load_points(src, ds, err);
    if (rc != CT_OK) goto fail;
    if (src->v_path) {
        rc = load_factor(src, ds, err);
        if (rc != CT_OK) goto fail;
        return CT_OK;
    }
    if (src->p_path) {
        rc = ct_error_set(err, CT_EINVAL, "a p file needs its V file");
        goto fail;
    }
    rc = load_inducing(src, ds, err);
    if (rc != CT_OK) goto fail;
    t0 = bench_now_ns();
    rc = ct_factor_compute(ds, err);
    if (factor_seconds) *factor_seconds = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) goto fail;
    return CT_OK;
fail:
    ct_dataset_free(ds);
    return rc;
}
