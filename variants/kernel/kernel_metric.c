/* kernel_metric.c -- a kernel over a row view, seen as a ct_metric_fn.
 *
 * The tree build and checker take their distances through ct_metric_fn; this
 * adapter lets them run on any kernel: dist_many(ctx, i, js, count, out) is
 * kernel->dist_gather(rows, query row i, js, count, out), dist_block is
 * kernel->dist_block over the query rows of is[] (bit-identical to
 * dist_gather, the kernel's contract), and for float64 views dist_screen is
 * the dgemm screen of kernel_screen.c.  Row numbers are those of the view
 * (dataset indices for ct_rows_view_f64).  bound_many is
 * ct_metric_rounding_bound of each pair with the unit roundoff of the rows'
 * precision (2^-53 or 2^-24; 0 for i == j, which every kernel gives as 0).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "ct/kernel.h"
#include "kernel_impl.h"

/* Query rows per dist_block call (they live on the stack). */
#define QUERY_CHUNK 64

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

static void kernel_dist_block(void *ctx, const int32_t *is, int ni, const int32_t *js, int nj,
                              double *out)
{
    const ct_kernel_metric *km = ctx;
    ct_query_row qs[QUERY_CHUNK];
    for (int a0 = 0; a0 < ni; a0 += QUERY_CHUNK) {
        int count = ni - a0 < QUERY_CHUNK ? ni - a0 : QUERY_CHUNK;
        for (int a = 0; a < count; a++) qs[a] = ct_rows_query(km->rows, is[a0 + a]);
        km->kernel->dist_block(km->rows, qs, count, js, nj, out + (size_t)a0 * (size_t)nj,
                               (size_t)nj);
    }
}

static void kernel_dist_screen(void *ctx, const int32_t *is, int ni, const int32_t *js, int nj,
                               double *approx, double *bound, double *work)
{
    const ct_kernel_metric *km = ctx;
    ct_kernel_screen_f64(km->rows, is, ni, js, nj, approx, bound, work);
}

static size_t kernel_screen_work(void *ctx, int ni, int nj)
{
    const ct_kernel_metric *km = ctx;
    return ct_kernel_screen_work(km->rows, ni, nj);
}

ct_metric_fn ct_kernel_metric_fn(ct_kernel_metric *km)
{
    ct_metric_fn fn;
    memset(&fn, 0, sizeof fn);
    fn.ctx = km;
    fn.dist_many = kernel_dist_many;
    fn.bound_many = kernel_bound_many;
    if (km->kernel->dist_block) fn.dist_block = kernel_dist_block;
    if (km->rows->precision == CT_PRECISION_F64) {
        fn.dist_screen = kernel_dist_screen;
        fn.screen_work = kernel_screen_work;
    }
    return fn;
}
