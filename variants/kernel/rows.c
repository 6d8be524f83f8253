/* rows.c -- row views: the float64 view of a dataset and the query row of a view.
 *
 * A ct_rows is what every kernel reads.  The dataset view points into the
 * dataset (no copy): x, V (v_stride = m, so rows are not aligned) and p in
 * dataset order, with 1/lengthscale precomputed.  Copies in node order, or
 * in float32, are made by the layouts and only need to fill the same struct.
 * The view needs the factor (ds->v, ds->p) and a valid covariance whose dim
 * is the dataset's (ct_covariance_check), else CT_EINVAL.
 */
#include <string.h>

#include "ct/factor.h"
#include "ct/kernel.h"
#include "ct/status.h"

int ct_rows_view_f64(const ct_dataset *ds, ct_rows *out)
{
    int status = CT_OK;
    ct_rows view;
    memset(&view, 0, sizeof view);
    if (!ds || !out || !ds->x || !ds->v || !ds->p || ds->n < 0 || ds->dim < 1 ||
        ds->dim > CT_MAX_DIM || ds->m < 1) {
        status = CT_EINVAL;
        goto cleanup;
    }
    if (ds->cov.dim != ds->dim || ct_covariance_check(&ds->cov, NULL) != CT_OK) {
        status = CT_EINVAL;
        goto cleanup;
    }
    view.n = ds->n;
    view.dim = ds->dim;
    view.m = ds->m;
    view.v_stride = ds->m;
    view.precision = CT_PRECISION_F64;
    view.x = ds->x;
    view.v = ds->v;
    view.p = ds->p;
    view.cov = ds->cov;
    for (int t = 0; t < ds->dim; t++) view.inv_lengthscale[t] = 1.0 / ds->cov.lengthscale[t];
    *out = view;
cleanup:
    return status;
}

ct_query_row ct_rows_query(const ct_rows *rows, int32_t r)
{
    ct_query_row q;
    const size_t elem = rows->precision == CT_PRECISION_F32 ? sizeof(float) : sizeof(double);
    q.x = (const char *)rows->x + (size_t)r * (size_t)rows->dim * elem;
    q.v = (const char *)rows->v + (size_t)r * (size_t)rows->v_stride * elem;
    q.p = rows->precision == CT_PRECISION_F32 ? (double)((const float *)rows->p)[r]
                                              : ((const double *)rows->p)[r];
    q.self_row = r;
    return q;
}
