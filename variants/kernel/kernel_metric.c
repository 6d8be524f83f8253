/* kernel_metric.c -- a kernel over a row view, seen as a ct_metric_fn.
 *
 * The tree build and checker take their distances through ct_metric_fn; this
 * adapter lets them run on any kernel: dist_many(ctx, i, js, count, out) is
 * kernel->dist_gather(rows, query row i, js, count, out).  Row numbers are
 * those of the view (dataset indices for ct_rows_view_f64).
 */
#include "ct/kernel.h"

static void kernel_dist_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const ct_kernel_metric *km = ctx;
    const ct_query_row q = ct_rows_query(km->rows, i);
    km->kernel->dist_gather(km->rows, &q, js, count, out);
}

ct_metric_fn ct_kernel_metric_fn(ct_kernel_metric *km)
{
    ct_metric_fn fn;
    fn.ctx = km;
    fn.dist_many = kernel_dist_many;
    return fn;
}
