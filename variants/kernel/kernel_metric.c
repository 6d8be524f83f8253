/* kernel_metric.c -- a kernel over a row view, seen as a ct_metric_fn.
 *
 * The tree build and checker take their distances through ct_metric_fn; this
 * adapter lets them run on any kernel: dist_many(ctx, i, js, count, out) is
 * kernel->dist_gather(rows, query row i, js, count, out), dist_block is
 * kernel->dist_block over the query rows of is[] (bit-identical to
 * dist_gather, the kernel's contract), and for float64 views dist_screen is
 * the dgemm screen of kernel_screen.c.  Row numbers are those of the view
 * (dataset indices for ct_rows_view_f64).
 */
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
    if (km->kernel->dist_block) fn.dist_block = kernel_dist_block;
    if (km->rows->precision == CT_PRECISION_F64) {
        fn.dist_screen = kernel_dist_screen;
        fn.screen_work = kernel_screen_work;
    }
    return fn;
}
