/* covariance.c -- the two covariance functions and their parameter check (factor.h).
 *
 * r2 = sum_t ((x_t - y_t) / l_t)^2, summed in dimension order t = 0..dim-1;
 *   RBF:        s2 * exp(-r2 / 2)
 *   Matern 5/2: a = sqrt(5 r2), s2 * (1 + a + a*a/3) * exp(-a)
 * Strict IEEE scalar code: this is the reference every kernel is checked against.
 * k(x, y) == k(y, x) bit for bit, and k(x, x) == s2 exactly.
 */
#include "ct/factor.h"

#include <math.h>

double ct_covariance_eval(const ct_covariance *cov, const double *x, const double *y)
{
    double r2 = 0.0;
    for (int t = 0; t < cov->dim; t++) {
        double z = (x[t] - y[t]) / cov->lengthscale[t];
        r2 += z * z;
    }
    if (cov->kind == CT_COVARIANCE_MATERN52) {
        double a = sqrt(5.0 * r2);
        return cov->variance * (1.0 + a + a * a / 3.0) * exp(-a);
    }
    return cov->variance * exp(-r2 / 2.0);
}

int ct_covariance_check(const ct_covariance *cov, ct_error *err)
{
    if (!cov) return ct_error_set(err, CT_EINVAL, "covariance: missing");
    if (cov->kind != CT_COVARIANCE_RBF && cov->kind != CT_COVARIANCE_MATERN52)
        return ct_error_set(err, CT_EINVAL, "covariance: unknown kind %d", (int)cov->kind);
    if (cov->dim < 1 || cov->dim > CT_MAX_DIM)
        return ct_error_set(err, CT_EINVAL, "covariance: dim %d outside 1..%d", cov->dim,
                            CT_MAX_DIM);
    if (!isfinite(cov->variance) || !(cov->variance > 0.0))
        return ct_error_set(err, CT_EINVAL, "covariance: variance %g must be finite and > 0",
                            cov->variance);
    for (int t = 0; t < cov->dim; t++) {
        double l = cov->lengthscale[t];
        if (!isfinite(l) || !(l > 0.0))
            return ct_error_set(err, CT_EINVAL,
                                "covariance: lengthscale[%d] = %g must be finite and > 0", t, l);
    }
    return CT_OK;
}
