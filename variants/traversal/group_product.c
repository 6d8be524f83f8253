/* group_product.c -- a tile's group x children distances (group.h).
 *
 * CT_PRODUCT_KERNEL: kernel->dist_block over the active queries' rows and
 * the tile's rows: register tiles of one query against three rows, each
 * distance bit-identical to dist_gather of the same pair, so the batch
 * traversal sees exactly the distances the heap traversal sees.
 *
 * CT_PRODUCT_BLAS: one gemm (cblas_dgemm on float64 rows, cblas_sgemm on
 * float32) of the query rows against the tile's rows, then the kernels'
 * covariance and finish (ct_rows_dots_to_dist).  The query side is the
 * group's rows packed once per group (ct_group_pack_queries) when at least
 * half of the group is active -- all of them are then multiplied, the
 * inactive rows wasted but counted in dist_evals -- else the active rows
 * copied into a second buffer.  The tile side is read in place when its
 * rows are consecutive (a child list in a cached BFS layout: leading
 * dimension v_stride), else gathered into a buffer first.  The engine runs
 * these gemms from its own OpenMP threads with BLAS single-threaded
 * (ct/blas_threads.h, set by the driver).
 */
#include <cblas.h>
#include <string.h>

#include "group.h"

void ct_group_pack_queries(const ct_engine_call *call, ct_group_scratch *s, int count)
{
    const ct_rows *rows = &call->layout->rows;
    const size_t row_bytes = (size_t)rows->m * s->elem;
    if (s->product != CT_PRODUCT_BLAS) return;
    for (int j = 0; j < count; j++)
        memcpy((char *)s->qv + (size_t)j * row_bytes, s->qrow[j].v, row_bytes);
}

/* The tile's rows as a matrix: in place if consecutive, else gathered. */
static const void *tile_matrix(const ct_rows *rows, ct_group_scratch *s, int nt, int *ld)
{
    const size_t row_bytes = (size_t)rows->m * s->elem;
    int consecutive = 1;
    for (int t = 1; t < nt && consecutive; t++) consecutive = s->tile_row[t] == s->tile_row[0] + t;
    if (consecutive) {
        *ld = rows->v_stride;
        return (const char *)rows->v + (size_t)s->tile_row[0] * (size_t)rows->v_stride * s->elem;
    }
    for (int t = 0; t < nt; t++)
        memcpy((char *)s->tv + (size_t)t * row_bytes,
               (const char *)rows->v + (size_t)s->tile_row[t] * (size_t)rows->v_stride * s->elem,
               row_bytes);
    *ld = rows->m;
    return s->tv;
}

static void blas_product(const ct_engine_call *call, ct_group_scratch *s, int count, int na, int nt,
                         int *count_rows)
{
    const ct_rows *rows = &call->layout->rows;
    const int m = rows->m, f32 = rows->precision == CT_PRECISION_F32;
    const size_t row_bytes = (size_t)m * s->elem;
    const void *qmat;
    const ct_query_row *qs;
    const void *tmat;
    int nrows, ldt;

    if (2 * na >= count) { /* the whole group, packed once */
        qmat = s->qv;
        qs = s->qrow;
        nrows = count;
        for (int a = 0; a < na; a++) s->prow[a] = s->active[a];
    } else {
        for (int a = 0; a < na; a++) {
            memcpy((char *)s->qa + (size_t)a * row_bytes,
                   (const char *)s->qv + (size_t)s->active[a] * row_bytes, row_bytes);
            s->prow[a] = a;
        }
        qmat = s->qa;
        qs = s->qact;
        nrows = na;
    }
    tmat = tile_matrix(rows, s, nt, &ldt);
    if (f32) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, nrows, nt, m, 1.0f, qmat, m, tmat, ldt,
                    0.0f, s->f32, CT_ENGINE_TILE);
        ct_rows_dots_to_dist(rows, qs, nrows, s->tile_row, nt, s->f32, CT_ENGINE_TILE, s->dist,
                             CT_ENGINE_TILE);
    } else {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, nrows, nt, m, 1.0, qmat, m, tmat, ldt,
                    0.0, s->dist, CT_ENGINE_TILE);
        ct_rows_dots_to_dist(rows, qs, nrows, s->tile_row, nt, s->dist, CT_ENGINE_TILE, s->dist,
                             CT_ENGINE_TILE);
    }
    *count_rows = nrows;
}

void ct_group_product(const ct_engine_call *call, ct_group_scratch *s, int count, int na, int nt,
                      int *count_rows)
{
    if (s->product == CT_PRODUCT_BLAS) {
        blas_product(call, s, count, na, nt, count_rows);
        return;
    }
    for (int a = 0; a < na; a++) s->prow[a] = a;
    call->kernel->dist_block(&call->layout->rows, s->qact, na, s->tile_row, nt, s->dist,
                             CT_ENGINE_TILE);
    *count_rows = na;
}
