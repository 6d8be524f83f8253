/* factor.c -- the Nystrom factor V and residual variances p (factor.h, docs/ALGORITHM.md §1.2).
 *
 *   Kuu = k(U,U) + CT_JITTER * s2 * I          (m x m, OpenMP)
 *   L   = chol(Kuu), lower                     (LAPACKE_dpotrf)
 *   V   = (L^-1 k(U,X))^T                      (cblas_dtrsm)
 *   p_i = max(k(x_i,x_i) - |V_i|^2, CT_P_FLOOR)
 * V is formed directly in its final n x m row-major layout: the buffer is
 * filled with k(X,U) (OpenMP over points) and solved in place as
 * V L^T = k(X,U), i.e. one right-sided triangular solve, which is the same
 * forward substitution as L^-1 k(U,X) but needs no m x n temporary and no
 * transpose.  Everything is float64; the solver is LAPACK/BLAS, not ours.
 */
#include "ct/factor.h"
#include "ct/alloc.h"
#include "refdot.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stddef.h>

/* Validate the inputs of the factor: sizes, covariance, indices, finite x. */
static int check_inputs(const ct_dataset *ds, ct_error *err)
{
    int rc;
    if (ds->n < 1) return ct_error_set(err, CT_EINVAL, "factor: n = %d, need n >= 1", (int)ds->n);
    if (ds->dim < 1 || ds->dim > CT_MAX_DIM)
        return ct_error_set(err, CT_EINVAL, "factor: dim %d outside 1..%d", ds->dim, CT_MAX_DIM);
    if (ds->m < 1 || ds->m > ds->n)
        return ct_error_set(err, CT_EINVAL, "factor: m = %d inducing points, need 1..n (%d)", ds->m,
                            (int)ds->n);
    if (!ds->x || !ds->inducing)
        return ct_error_set(err, CT_EINVAL, "factor: dataset has no points or inducing set");
    if (ds->cov.dim != ds->dim)
        return ct_error_set(err, CT_EINVAL, "factor: covariance dim %d != data dim %d", ds->cov.dim,
                            ds->dim);
    rc = ct_covariance_check(&ds->cov, err);
    if (rc != CT_OK) return rc;
    for (int a = 0; a < ds->m; a++)
        if (ds->inducing[a] < 0 || ds->inducing[a] >= ds->n)
            return ct_error_set(err, CT_EINVAL, "factor: inducing[%d] = %d outside [0, %d)", a,
                                (int)ds->inducing[a], (int)ds->n);
    for (size_t e = 0; e < (size_t)ds->n * (size_t)ds->dim; e++)
        if (!isfinite(ds->x[e]))
            return ct_error_set(err, CT_ENAN, "factor: coordinate %zu of point %zu is %g",
                                e % (size_t)ds->dim, e / (size_t)ds->dim, ds->x[e]);
    return CT_OK;
}

/* p_i = max(k(x_i,x_i) - |V_i|^2, CT_P_FLOOR) for rows v (n x m) into p;
 * a non-finite p is a numerical error naming the point. */
static int residual_variances(const ct_dataset *ds, const double *v, double *p, ct_error *err)
{
    ptrdiff_t n = ds->n, m = ds->m, dim = ds->dim;
#pragma omp parallel for schedule(static)
    for (ptrdiff_t i = 0; i < n; i++) {
        const double *xi = ds->x + i * dim;
        double r = ct_covariance_eval(&ds->cov, xi, xi) - refdot(v + i * m, v + i * m, (int)m);
        p[i] = (r > CT_P_FLOOR || isnan(r)) ? r : CT_P_FLOOR; /* NaN is caught below */
    }
    for (ptrdiff_t i = 0; i < n; i++) {
        if (!isfinite(p[i]))
            return ct_error_set(err, CT_ENUMERIC, "factor: residual variance of point %d is %g",
                                (int)i, p[i]);
    }
    return CT_OK;
}

int ct_factor_residual_variance(ct_dataset *ds, ct_error *err)
{
    double *p;
    int rc;
    if (!ds || !ds->x || !ds->v || ds->n < 1 || ds->m < 1)
        return ct_error_set(err, CT_EINVAL, "factor: residual variance needs points and V");
    p = ct_malloc_array((size_t)ds->n, sizeof *p);
    if (!p) return ct_error_set(err, CT_ENOMEM, "factor: out of memory for p");
    rc = residual_variances(ds, ds->v, p, err);
    if (rc != CT_OK) {
        ct_free(p);
        return rc;
    }
    ct_free(ds->p);
    ds->p = p;
    return CT_OK;
}

int ct_factor_compute(ct_dataset *ds, ct_error *err)
{
    double *kuu = NULL, *v = NULL, *p = NULL;
    int rc;
    lapack_int info;
    ptrdiff_t n, m, dim;

    if (!ds) return ct_error_set(err, CT_EINVAL, "factor: no dataset");
    rc = check_inputs(ds, err);
    if (rc != CT_OK) goto cleanup;
    n = ds->n;
    m = ds->m;
    dim = ds->dim;

    kuu = ct_malloc_array((size_t)(m * m), sizeof *kuu);
    v = ct_malloc_array((size_t)n * (size_t)m, sizeof *v);
    p = ct_malloc_array((size_t)n, sizeof *p);
    if (!kuu || !v || !p) {
        rc = ct_error_set(err, CT_ENOMEM, "factor: out of memory for %d x %d factor", (int)n,
                          (int)m);
        goto cleanup;
    }

    /* Kuu with jitter on the diagonal (full matrix; dpotrf reads the lower half). */
#pragma omp parallel for schedule(static)
    for (ptrdiff_t a = 0; a < m; a++) {
        const double *ua = ds->x + (ptrdiff_t)ds->inducing[a] * dim;
        for (ptrdiff_t b = 0; b < m; b++)
            kuu[a * m + b] =
                ct_covariance_eval(&ds->cov, ua, ds->x + (ptrdiff_t)ds->inducing[b] * dim);
        kuu[a * m + a] += CT_JITTER * ds->cov.variance;
    }

    info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', (lapack_int)m, kuu, (lapack_int)m);
    if (info > 0) {
        rc = ct_error_set(err, CT_ENUMERIC,
                          "factor: k(U,U) + jitter is not positive definite (dpotrf: leading "
                          "minor %d of %d); duplicate or degenerate inducing points?",
                          (int)info, (int)m);
        goto cleanup;
    }
    if (info < 0) {
        rc = ct_error_set(err, CT_EINTERNAL, "factor: dpotrf rejected argument %d", (int)-info);
        goto cleanup;
    }

    /* v = k(X,U), n x m row-major. */
#pragma omp parallel for schedule(static)
    for (ptrdiff_t i = 0; i < n; i++) {
        const double *xi = ds->x + i * dim;
        for (ptrdiff_t a = 0; a < m; a++)
            v[i * m + a] =
                ct_covariance_eval(&ds->cov, xi, ds->x + (ptrdiff_t)ds->inducing[a] * dim);
    }

    /* Solve V L^T = k(X,U) in place: V = k(X,U) L^-T = (L^-1 k(U,X))^T. */
    cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, (int)n, (int)m,
                1.0, kuu, (int)m, v, (int)m);

    rc = residual_variances(ds, v, p, err);
    if (rc != CT_OK) goto cleanup;

    ct_free(ds->v);
    ct_free(ds->p);
    ds->v = v;
    ds->p = p;
    v = NULL;
    p = NULL;
    rc = CT_OK;

cleanup:
    ct_free(kuu);
    ct_free(v);
    ct_free(p);
    return rc;
}
