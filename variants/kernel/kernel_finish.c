/* kernel_finish.c -- distances from dot products computed elsewhere.
 *
 * The batch traversal's BLAS product (traversal/group_product.c) gets the
 * V_q . V_r of a tile from one dgemm (float64 rows) or sgemm (float32 rows)
 * and turns them into distances here, with the kernels' own covariance and
 * finish (kernel_common.h) in the rows' precision: float64 in double, float32
 * entirely in float like the f32 kernels.  A row equal to the query's own
 * row gets 0 exactly; a row identical to the query's the reference value
 * (the kernels' identical-row rule, kernel_common.h).  The distances differ from any kernel's by the
 * rounding of the gemm's summation order (exact up to CT_TIE_TOLERANCE_F64
 * in float64, like brute_blas).
 */
#include "ct/kernel.h"
#include "kernel_common.h"

void ct_rows_dots_to_dist(const ct_rows *rows, const ct_query_row *qs, int nq, const int32_t *ids,
                          int count, const void *dots, size_t ld_dots, double *out, size_t ld)
{
    if (rows->precision == CT_PRECISION_F32) {
        cov_f32 c;
        const float *p = rows->p;
        cov_init_f32(&c, rows);
        for (int i = 0; i < nq; i++) {
            const float *d = (const float *)dots + (size_t)i * ld_dots;
            const float *xq = qs[i].x;
            const float pq = (float)qs[i].p;
            double *o = out + (size_t)i * ld;
            for (int j = 0; j < count; j++) {
                const int32_t r = ids[j];
                const float *xr = row_x_f32(rows, r);
                if (r == qs[i].self_row) o[j] = 0.0;
                else if (xr[0] == xq[0] &&
                         identical_f32(rows, &qs[i], xr, row_v_f32(rows, r), p[r], &o[j]))
                    continue;
                else o[j] = (double)finish_f32(cov_eval_f32(&c, xq, xr), d[j], pq, p[r]);
            }
        }
        return;
    }
    {
        cov_f64 c;
        const double *p = rows->p;
        cov_init_f64(&c, rows);
        for (int i = 0; i < nq; i++) {
            const double *d = (const double *)dots + (size_t)i * ld_dots;
            const double *xq = qs[i].x;
            double *o = out + (size_t)i * ld;
            for (int j = 0; j < count; j++) {
                const int32_t r = ids[j];
                const double *xr = row_x_f64(rows, r);
                if (r == qs[i].self_row) o[j] = 0.0;
                else if (xr[0] == xq[0] &&
                         identical_f64(rows, &qs[i], xr, row_v_f64(rows, r), p[r], &o[j]))
                    continue;
                else o[j] = finish_f64(cov_eval_f64(&c, xq, xr), d[j], qs[i].p, p[r]);
            }
        }
    }
}
