/* factor.h -- covariance functions and the Nystrom factor (LAPACK).
 *
 * Kuu = k(U,U) + CT_JITTER * s2 * I, L = chol(Kuu) (LAPACKE_dpotrf),
 * V = (L^-1 k(U,X))^T (LAPACKE/cblas dtrsm), p_i = max(k(x_i,x_i) - |V_i|^2, CT_P_FLOOR).
 */
#ifndef CT_FACTOR_H
#define CT_FACTOR_H

#include "dataset.h"
#include "status.h"

/* k(x, y) for the covariance (strict IEEE, scalar). */
double ct_covariance_eval(const ct_covariance *cov, const double *x, const double *y);

/* Check a covariance: dim in range, variance and lengthscales finite and > 0. */
int ct_covariance_check(const ct_covariance *cov, ct_error *err);

/* Compute ds->v and ds->p from ds->x, ds->inducing and ds->cov (allocates them;
 * replaces any previous factor). */
int ct_factor_compute(ct_dataset *ds, ct_error *err);

/* p from an existing ds->v (e.g. a factor loaded from .npy): the same
 * formula, summation order and floor as ct_factor_compute (replaces ds->p). */
int ct_factor_residual_variance(ct_dataset *ds, ct_error *err);

#endif
