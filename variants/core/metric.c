/* metric.c -- the reference residual-correlation distance (metric.h, ALGORITHM.md s1).
 *
 *   rho = (k(x_i, x_j) - V_i . V_j) / sqrt(p_i * p_j), clamped to [-1, 1]
 *   d   = sqrt(1 - |rho|),   d(i, i) = 0 exactly (ct_metric_distance)
 * V_i . V_j uses the fixed order of refdot.h (eight interleaved partial sums).
 * With p >= CT_P_FLOOR (guaranteed by the factor) every step is finite for
 * finite inputs, so a valid dataset never yields NaN; a NaN rho (only possible
 * from NaN inputs) is passed through rather than hidden by the clamp.
 */
#include "ct/metric.h"
#include "ct/factor.h"
#include "refdot.h"

#include <math.h>
#include <string.h>

double ct_metric_rho_to_distance(double rho)
{
    if (isnan(rho)) return rho;
    if (rho > 1.0) rho = 1.0;
    if (rho < -1.0) rho = -1.0;
    return sqrt(1.0 - fabs(rho));
}

double ct_metric_distance_raw(const ct_covariance *cov, const double *xi, const double *xj,
                              const double *vi, const double *vj, int m, double pi, double pj)
{
    double k = ct_covariance_eval(cov, xi, xj);
    double dot = refdot(vi, vj, m);
    double rho = (k - dot) / sqrt(pi * pj);
    return ct_metric_rho_to_distance(rho);
}

double ct_metric_distance(const ct_dataset *ds, int32_t i, int32_t j)
{
    size_t m = (size_t)ds->m, dim = (size_t)ds->dim;
    if (i == j) return 0.0;
    return ct_metric_distance_raw(&ds->cov, ds->x + (size_t)i * dim, ds->x + (size_t)j * dim,
                                  ds->v + (size_t)i * m, ds->v + (size_t)j * m, ds->m, ds->p[i],
                                  ds->p[j]);
}

static void reference_dist_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const ct_dataset *ds = ctx;
    for (int c = 0; c < count; c++) out[c] = ct_metric_distance(ds, i, js[c]);
}

ct_metric_fn ct_metric_fn_reference(const ct_dataset *ds)
{
    ct_metric_fn fn;
    memset(&fn, 0, sizeof fn);
    fn.ctx = (void *)ds;
    fn.dist_many = reference_dist_many;
    return fn;
}
