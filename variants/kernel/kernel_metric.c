/* kernel_metric.c -- a kernel over a row view, seen as a ct_metric_fn.
 *
 * The tree build and checker take their distances through ct_metric_fn; this
 * adapter lets them run on any kernel: dist_many(ctx, i, js, count, out) is
 * kernel->dist_gather(rows, query row i, js, count, out).  Row numbers are
 * those of the view (dataset indices for ct_rows_view_f64).  bound_many is
 * ct_metric_rounding_bound of each pair with the unit roundoff of the rows'
 * precision (2^-53 or 2^-24; 0 for i == j, which every kernel gives as 0).
 */
#include <math.h>
#include <stddef.h>

#include "ct/kernel.h"

static void kernel_dist_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const ct_kernel_metric *km = ctx;
    const ct_query_row q = ct_rows_query(km->rows, i);
    km->kernel->dist_gather(km->rows, &q, js, count, out);
}

/* S = sum_t |V_it V_jt| of rows i and j, in double. */
static double row_abs_dot(const ct_rows *rows, int32_t i, int32_t j)
{
    const size_t a = (size_t)i * (size_t)rows->v_stride, b = (size_t)j * (size_t)rows->v_stride;
    double s = 0.0;
    if (rows->precision == CT_PRECISION_F32) {
        const float *v = rows->v;
        for (int t = 0; t < rows->m; t++) s += fabs((double)v[a + t] * (double)v[b + t]);
        return s;
    }
    return ct_metric_abs_dot((const double *)rows->v + a, (const double *)rows->v + b, rows->m);
}

static double row_p(const ct_rows *rows, int32_t r)
{
    return rows->precision == CT_PRECISION_F32 ? (double)((const float *)rows->p)[r]
                                               : ((const double *)rows->p)[r];
}

static void kernel_bound_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const ct_kernel_metric *km = ctx;
    const double u = km->rows->precision == CT_PRECISION_F32 ? 0x1p-24 : 0x1p-53;
    for (int c = 0; c < count; c++)
        out[c] = js[c] == i
                     ? 0.0
                     : ct_metric_rounding_bound(&km->rows->cov, km->rows->m,
                                                row_abs_dot(km->rows, i, js[c]), row_p(km->rows, i),
                                                row_p(km->rows, js[c]), u);
}

ct_metric_fn ct_kernel_metric_fn(ct_kernel_metric *km)
{
    ct_metric_fn fn;
    fn.ctx = km;
    fn.dist_many = kernel_dist_many;
    fn.bound_many = kernel_bound_many;
    return fn;
}
