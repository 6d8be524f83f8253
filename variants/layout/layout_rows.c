/* layout_rows.c -- the data axis: where a node's row (x, V, p) lives, in which precision.
 *
 * indirect + f64: the dataset's own arrays (ct_rows_view_f64, no copy).
 * indirect + f32: a float copy in dataset order.
 * cached:         a copy in node order (row k = dataset point node_to_point[k]).
 * A copy is one 64-byte aligned allocation (l->row_storage): x (n * dim), then
 * V with v_stride = m rounded up so that every row starts on a 64-byte
 * boundary (a multiple of 8 elements for f64, 16 for f32; the padding is
 * zero), then p.  f32 values are the float64 ones rounded to nearest.
 */
#include <limits.h>
#include <string.h>

#include "ct/alloc.h"
#include "layout_internal.h"

#define ROW_ALIGN 64

static size_t round_up(size_t value, size_t multiple)
{
    return (value + multiple - 1) / multiple * multiple;
}

/* A view for n == 0: no rows, but the covariance and shape of the dataset. */
static void empty_view(const ct_dataset *ds, ct_rows *view)
{
    memset(view, 0, sizeof *view);
    view->dim = ds->dim;
    view->m = ds->m;
    view->v_stride = ds->m;
    view->precision = CT_PRECISION_F64;
    view->cov = ds->cov;
    for (int a = 0; a < ds->dim && a < CT_MAX_DIM; a++)
        view->inv_lengthscale[a] = 1.0 / ds->cov.lengthscale[a];
}

/* Copy row `src` of the dataset into row `dst` of the storage, as T. */
#define COPY_ROW(T)                                           \
    do {                                                      \
        T *xd = (T *)x_out + (size_t)dst * (size_t)dim;       \
        T *vd = (T *)v_out + (size_t)dst * (size_t)stride;    \
        const double *xs = ds->x + (size_t)src * (size_t)dim; \
        const double *vs = ds->v + (size_t)src * (size_t)m;   \
        for (int a = 0; a < dim; a++) xd[a] = (T)xs[a];       \
        for (int j = 0; j < m; j++) vd[j] = (T)vs[j];         \
        for (int j = m; j < stride; j++) vd[j] = (T)0;        \
        ((T *)p_out)[dst] = (T)ds->p[src];                    \
    } while (0)

static int copy_rows(const ct_dataset *ds, ct_layout *l, ct_rows *rows, ct_error *err)
{
    const int32_t n = l->n;
    const int dim = ds->dim, m = ds->m;
    const int single = l->precision == CT_PRECISION_F32;
    const size_t elem = single ? sizeof(float) : sizeof(double);
    const int32_t *source = l->data == CT_DATA_CACHED ? l->node_to_point : NULL;

    if (m < 1 || m > INT_MAX - ROW_ALIGN)
        return ct_error_set(err, CT_EINVAL, "layout: %d inducing points out of range", m);
    const int stride = (int)round_up((size_t)m, ROW_ALIGN / elem);
    size_t x_bytes, v_bytes, p_bytes, total;
    if (__builtin_mul_overflow((size_t)n * (size_t)dim, elem, &x_bytes) ||
        __builtin_mul_overflow((size_t)n * (size_t)stride, elem, &v_bytes) ||
        __builtin_mul_overflow((size_t)n, elem, &p_bytes))
        return ct_error_set(err, CT_ENOMEM, "layout: row copy of %d x %d is too large", (int)n, m);
    x_bytes = round_up(x_bytes, ROW_ALIGN);
    if (__builtin_add_overflow(x_bytes, v_bytes, &total) ||
        __builtin_add_overflow(total, p_bytes, &total))
        return ct_error_set(err, CT_ENOMEM, "layout: row copy of %d x %d is too large", (int)n, m);

    unsigned char *storage = ct_malloc(total > 0 ? total : 1);
    if (!storage)
        return ct_error_set(err, CT_ENOMEM, "layout: no memory for a %zu-byte row copy", total);
    void *x_out = storage, *v_out = storage + x_bytes, *p_out = storage + x_bytes + v_bytes;
    for (int32_t dst = 0; dst < n; dst++) {
        int32_t src = source ? source[dst] : dst;
        if (single) COPY_ROW(float);
        else COPY_ROW(double);
    }
    l->row_storage = storage;
    rows->n = n;
    rows->dim = dim;
    rows->m = m;
    rows->v_stride = stride;
    rows->precision = l->precision;
    rows->x = x_out;
    rows->v = v_out;
    rows->p = p_out;
    return CT_OK;
}

int ct_layout_place_rows(const ct_dataset *ds, ct_layout *l, ct_error *err)
{
    ct_rows view;
    if (l->n == 0) {
        empty_view(ds, &view);
    } else {
        int rc = ct_rows_view_f64(ds, &view);
        if (rc != CT_OK)
            return ct_error_set(err, rc, "layout: dataset rows rejected by ct_rows_view_f64 (%s)",
                                ct_status_str(rc));
    }
    if (l->data == CT_DATA_INDIRECT && l->precision == CT_PRECISION_F64) {
        l->rows = view;
        return CT_OK;
    }
    if (l->n == 0) {
        view.precision = l->precision;
        l->rows = view;
        return CT_OK;
    }
    int rc = copy_rows(ds, l, &view, err);
    if (rc == CT_OK) l->rows = view;
    return rc;
}
