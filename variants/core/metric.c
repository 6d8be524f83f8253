/* metric.c -- the reference residual-correlation distance (metric.h, docs/ALGORITHM.md §1.3).
 *
 *   rho = (k(x_i, x_j) - V_i . V_j) / sqrt(p_i * p_j), clamped to [-1, 1]
 *   d   = sqrt(1 - |rho|),   d(i, i) = 0 exactly (ct_metric_distance)
 * V_i . V_j uses the fixed order of refdot.h (eight interleaved partial sums).
 * With p >= CT_P_FLOOR (guaranteed by the factor) every step is finite for
 * finite inputs, so a valid dataset never yields NaN; a NaN rho (only possible
 * from NaN inputs) is passed through rather than hidden by the clamp.
 *
 * The rounding bound (ct_metric_rounding_bound), on d^2 = 1 - |rho|, where
 * the clamp and 1 - |.| are 1-Lipschitz so nothing is amplified near d = 0.
 * Each of the two computations differs from the exact value by at most:
 *  - dot product in ANY summation order, with or without FMA:
 *    gamma_m S = m u S / (1 - m u)  (Higham, Accuracy and Stability, 3.1);
 *    two sides give 2 gamma_m S; the factor 4 leaves 2 of margin (and covers
 *    1/(1 - m u) <= 1.0001 for m <= 513 in float).
 *  - covariance: r2 has relative error <= (dim + 7) u (differences, the
 *    product by 1/l or division by l, squares, a sum of non-negative terms);
 *    since max_y y e^-y = 1/e, RBF's k moves by <= s2 ((dim + 7)/e + 3) u, and
 *    Matern's by <= s2 (0.6 ((dim + 7)/2 + 1.5) + 8) u (|f'(a)| a <= 0.6 for
 *    f(a) = (1 + a + a^2/3) e^-a, plus the polynomial, exp and products); both
 *    are <= s2 (dim + 14) u; a float kernel also rounds s2 and 1/l:
 *    (dim + 16).  Two sides, margin 2: 4 (dim + 16) u s2.
 *  - rho = fl(fl(k - dot) / fl(sqrt(fl(p_i p_j)))): relative error <= 3.5 u,
 *    i.e. <= 3.5 u |k - dot| / sqrt(p_i p_j) <= 3.5 u (s2 + S) / sqrt(p_i p_j)
 *    per side -> 8 u (s2 + S).
 *  - 1 - |clamp(rho)| (<= u absolute), sqrt, and squaring to compare:
 *    <= 4 u per side -> 16 u.
 * S is summed here in float64 (relative error <= m u, inside the margin).
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

double ct_metric_abs_dot(const double *a, const double *b, int m)
{
    double s = 0.0;
    for (int t = 0; t < m; t++) s += fabs(a[t] * b[t]);
    return s;
}

double ct_metric_rounding_bound(const ct_covariance *cov, int m, double s, double pi, double pj,
                                double u)
{
    double s2 = cov->variance;
    return (4.0 * m * u * s + 4.0 * (cov->dim + 16) * u * s2 + 8.0 * u * (s2 + s)) / sqrt(pi * pj) +
           16.0 * u;
}

double ct_metric_distance_bound(const ct_dataset *ds, int32_t i, int32_t j)
{
    size_t m = (size_t)ds->m;
    if (i == j) return 0.0;
    return ct_metric_rounding_bound(
        &ds->cov, ds->m, ct_metric_abs_dot(ds->v + (size_t)i * m, ds->v + (size_t)j * m, ds->m),
        ds->p[i], ds->p[j], 0x1p-53);
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

static void reference_bound_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const ct_dataset *ds = ctx;
    for (int c = 0; c < count; c++) out[c] = ct_metric_distance_bound(ds, i, js[c]);
}

ct_metric_fn ct_metric_fn_reference(const ct_dataset *ds)
{
    ct_metric_fn fn;
    memset(&fn, 0, sizeof fn);
    fn.ctx = (void *)ds;
    fn.dist_many = reference_dist_many;
    fn.bound_many = reference_bound_many;
    return fn;
}
