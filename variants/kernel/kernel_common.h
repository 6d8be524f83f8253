/* kernel_common.h -- the scalar part every distance kernel shares (internal).
 *
 * A kernel spends its time in the V_q . V_r dot product; everything else per
 * candidate is scalar and identical across kernels, so it lives here once, in
 * float64 and float32 twins: the covariance k(x_q, x_r) (RBF or Matern 5/2
 * with per-dimension inverse lengthscales) and the finish
 *   rho = (k - dot) / sqrt(p_q p_r), clamped to [-1, 1];  d = sqrt(1 - |rho|).
 * The f32 twins do every operation in float (the point of the f32 variants).
 * Static inline, so each kernel file (compiled with its own ISA flags) gets
 * its own copy.  Also the row-address helpers, the prefetch settings and the
 * identical-row rule (below).
 *
 * Identical rows.  A candidate row whose x, p and V are equal, value for
 * value, to the query's (a repeated location: real data is full of them)
 * does not go through the kernel's arithmetic:
 *   f64: its distance is the reference metric's, ct_metric_distance_raw
 *        (core, strict IEEE, the oracle's own summation order) on the same
 *        values, so it equals the oracle's d(i, j) bit for bit.  For a
 *        factor from ct_factor_compute that is 0: k(x,x) - V.V in the
 *        reference order is exactly the p the factor stored (when not
 *        floored), and p / sqrt(fl(p * p)) == 1.  The kernel's own dot
 *        order would leave 1 - rho at a few u * s2 / p (1e-10 for p ~ 1e-6),
 *        i.e. d ~ 1e-5 where the oracle says 0.
 *   f32: 0 when p > CT_P_FLOOR (what the reference gives an unfloored
 *        factor), else the float computation as for any other row.
 * The test costs one comparison per candidate (x[0]) unless the first
 * coordinates agree.
 */
#ifndef CT_KERNEL_COMMON_H
#define CT_KERNEL_COMMON_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "ct/kernel.h"

/* Software prefetch of one cache line for reading, kept in all cache levels. */
#define CT_PREFETCH(addr) __builtin_prefetch((const void *)(addr), 0, 3)
#define CT_CACHE_LINE 64
/* Lines of the next gathered row prefetched up front (kernel_loops_tpl.h). */
#define CT_PREFETCH_LINES 16
/* The dot product is inlined into both loops of every kernel. */
#define CT_ALWAYS_INLINE __attribute__((always_inline)) inline

/* ---- float64 ---------------------------------------------------------- */

typedef struct cov_f64 {
    int kind;
    int dim;
    double s2;
    double inv_l[CT_MAX_DIM];
} cov_f64;

static inline void cov_init_f64(cov_f64 *c, const ct_rows *rows)
{
    c->kind = (int)rows->cov.kind;
    c->dim = rows->dim;
    c->s2 = rows->cov.variance;
    for (int t = 0; t < CT_MAX_DIM; t++)
        c->inv_l[t] = t < rows->dim ? rows->inv_lengthscale[t] : 0.0;
}

static inline double cov_eval_f64(const cov_f64 *c, const double *xq, const double *xr)
{
    double r2 = 0.0;
    for (int t = 0; t < c->dim; t++) {
        double u = (xq[t] - xr[t]) * c->inv_l[t];
        r2 += u * u;
    }
    if (c->kind == CT_COVARIANCE_RBF) return c->s2 * exp(-0.5 * r2);
    double a = sqrt(5.0 * r2);
    return c->s2 * (1.0 + a + a * a / 3.0) * exp(-a);
}

/* Equal values (==) in p, x and V; -0 == +0 changes no result of the metric. */
static inline int same_row_f64(const ct_rows *rows, const ct_query_row *q, const double *xr,
                               const double *vr, double pr)
{
    const double *xq = (const double *)q->x, *vq = (const double *)q->v;
    if (q->p != pr) return 0;
    for (int t = 0; t < rows->dim; t++)
        if (xq[t] != xr[t]) return 0;
    for (int t = 0; t < rows->m; t++)
        if (vq[t] != vr[t]) return 0;
    return 1;
}

/* The distance of a row identical to the query's: see the header comment.
 * Returns 1 with *out set, or 0 when the row must be computed normally. */
static inline int identical_f64(const ct_rows *rows, const ct_query_row *q, const double *xr,
                                const double *vr, double pr, double *out)
{
    if (!same_row_f64(rows, q, xr, vr, pr)) return 0;
    *out = ct_metric_distance_raw(&rows->cov, (const double *)q->x, xr, (const double *)q->v, vr,
                                  rows->m, q->p, pr);
    return 1;
}

static inline double finish_f64(double k, double dot, double pq, double pr)
{
    double rho = (k - dot) / sqrt(pq * pr);
    if (rho > 1.0) rho = 1.0;
    if (rho < -1.0) rho = -1.0;
    return sqrt(1.0 - fabs(rho));
}

/* ---- float32 ---------------------------------------------------------- */

typedef struct cov_f32 {
    int kind;
    int dim;
    float s2;
    float inv_l[CT_MAX_DIM];
} cov_f32;

static inline void cov_init_f32(cov_f32 *c, const ct_rows *rows)
{
    c->kind = (int)rows->cov.kind;
    c->dim = rows->dim;
    c->s2 = (float)rows->cov.variance;
    for (int t = 0; t < CT_MAX_DIM; t++)
        c->inv_l[t] = t < rows->dim ? (float)rows->inv_lengthscale[t] : 0.0f;
}

static inline float cov_eval_f32(const cov_f32 *c, const float *xq, const float *xr)
{
    float r2 = 0.0f;
    for (int t = 0; t < c->dim; t++) {
        float u = (xq[t] - xr[t]) * c->inv_l[t];
        r2 += u * u;
    }
    if (c->kind == CT_COVARIANCE_RBF) return c->s2 * expf(-0.5f * r2);
    float a = sqrtf(5.0f * r2);
    return c->s2 * (1.0f + a + a * a / 3.0f) * expf(-a);
}

static inline int same_row_f32(const ct_rows *rows, const ct_query_row *q, const float *xr,
                               const float *vr, float pr)
{
    const float *xq = (const float *)q->x, *vq = (const float *)q->v;
    if ((float)q->p != pr) return 0;
    for (int t = 0; t < rows->dim; t++)
        if (xq[t] != xr[t]) return 0;
    for (int t = 0; t < rows->m; t++)
        if (vq[t] != vr[t]) return 0;
    return 1;
}

static inline int identical_f32(const ct_rows *rows, const ct_query_row *q, const float *xr,
                                const float *vr, float pr, double *out)
{
    if (!(pr > (float)CT_P_FLOOR) || !same_row_f32(rows, q, xr, vr, pr)) return 0;
    *out = 0.0;
    return 1;
}

static inline float finish_f32(float k, float dot, float pq, float pr)
{
    float rho = (k - dot) / sqrtf(pq * pr);
    if (rho > 1.0f) rho = 1.0f;
    if (rho < -1.0f) rho = -1.0f;
    return sqrtf(1.0f - fabsf(rho));
}

/* ---- row addresses ---------------------------------------------------- */

static inline const double *row_v_f64(const ct_rows *rows, int32_t r)
{
    return (const double *)rows->v + (size_t)r * (size_t)rows->v_stride;
}
static inline const double *row_x_f64(const ct_rows *rows, int32_t r)
{
    return (const double *)rows->x + (size_t)r * (size_t)rows->dim;
}
static inline const float *row_v_f32(const ct_rows *rows, int32_t r)
{
    return (const float *)rows->v + (size_t)r * (size_t)rows->v_stride;
}
static inline const float *row_x_f32(const ct_rows *rows, int32_t r)
{
    return (const float *)rows->x + (size_t)r * (size_t)rows->dim;
}

#endif
