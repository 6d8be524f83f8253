/* kernel_loops_tpl.h -- the per-candidate loops every kernel shares (template).
 *
 * A kernel file defines, for one precision,
 *     static ... ELEM dot_<PREC>(const ELEM *a, const ELEM *b, int m)
 *     static ... void dot3_<PREC>(const ELEM *a, const ELEM *b0, const ELEM *b1,
 *                                 const ELEM *b2, int m, ELEM out[3])
 * (its own dot product, plain C or intrinsics, and three of them sharing the
 * loads of a, each bit-identical to dot_<PREC>(a, bk, m)) and then includes
 * this header with ELEM (double | float) and PREC (f64 | f32) defined.  It gets
 *     static void gather_<PREC>(rows, q, ids, count, out)
 *     static void range_<PREC>(rows, q, first, count, out)
 *     static void block_<PREC>(rows, qs, nq, ids, count, out, ld)
 * with the signatures of ct_dist_gather_fn / ct_dist_range_fn /
 * ct_dist_block_fn.  Included once per precision; undefines nothing (the
 * includer does).
 *
 * block: the rows are taken in cache blocks of about CT_BLOCK_BYTES of V
 * (at least 3 rows); each query of the batch passes over a block three rows
 * at a time (dot3), so a block is read from memory once and then from cache
 * for every query.  Per (query, row) it runs exactly the statements gather
 * runs (dot, cov_eval, finish, the self-row rule), so the two are
 * bit-identical; the conformance tests assert it for every kernel.
 *
 * Prefetch (gather only), the same for every kernel so the kernel axis
 * changes only the dot product: before candidate i is computed, the first
 * CT_PREFETCH_LINES cache lines of candidate i+1's V row and its x and p are
 * prefetched; the hardware prefetcher picks up the rest of the row once it
 * streams.  Measured (m = 512, random rows of a 128 MB table, shared 2-core
 * machine, so +-10%): 16 lines up front beat both no prefetch (-20..30%) and
 * prefetching the whole 64-line row up front (which was no better than none
 * for f64), and matched or beat one prefetch per line interleaved into the
 * intrinsics loops -- which plain C could not do anyway (GCC does not
 * vectorise a loop containing __builtin_prefetch).  A range needs none: its
 * rows are consecutive and the hardware prefetcher follows them.
 * Per candidate: the query's own row gives 0, a row identical to the query's
 * (kernel_common.h, identical_<PREC>) the reference value, any other row
 * cov_eval + dot + finish.
 */
#if !defined(ELEM) || !defined(PREC)
#error "define ELEM and PREC before including kernel_loops_tpl.h"
#endif

#define CT_KL_CAT_(a, b) a##b
#define CT_KL_CAT(a, b) CT_KL_CAT_(a, b)
#define CT_KL(name) CT_KL_CAT(name, CT_KL_CAT(_, PREC))

static void CT_KL(gather)(const ct_rows *rows, const ct_query_row *q, const int32_t *ids, int count,
                          double *out)
{
    CT_KL(cov) c;
    CT_KL(cov_init)(&c, rows);
    const ELEM *vq = (const ELEM *)q->v;
    const ELEM *xq = (const ELEM *)q->x;
    const ELEM *p = (const ELEM *)rows->p;
    const ELEM pq = (ELEM)q->p;
    const int m = rows->m;
    const int32_t self = q->self_row;
    const int pf_line = (int)(CT_CACHE_LINE / sizeof(ELEM));
    const int pf_elems = m < CT_PREFETCH_LINES * pf_line ? m : CT_PREFETCH_LINES * pf_line;

    for (int i = 0; i < count; i++) {
        const int32_t r = ids[i];
        if (i + 1 < count) {
            const int32_t rn = ids[i + 1];
            const ELEM *next = CT_KL(row_v)(rows, rn);
            for (int t = 0; t < pf_elems; t += pf_line) CT_PREFETCH(next + t);
            CT_PREFETCH(CT_KL(row_x)(rows, rn));
            CT_PREFETCH(p + rn);
        }
        if (r == self) {
            out[i] = 0.0;
            continue;
        }
        const ELEM *xr = CT_KL(row_x)(rows, r), *vr = CT_KL(row_v)(rows, r);
        if (xr[0] == xq[0] && CT_KL(identical)(rows, q, xr, vr, p[r], &out[i])) continue;
        const ELEM dot = CT_KL(dot)(vq, vr, m);
        const ELEM k = CT_KL(cov_eval)(&c, xq, xr);
        out[i] = (double)CT_KL(finish)(k, dot, pq, p[r]);
    }
}

static void CT_KL(range)(const ct_rows *rows, const ct_query_row *q, int32_t first, int count,
                         double *out)
{
    CT_KL(cov) c;
    CT_KL(cov_init)(&c, rows);
    const ELEM *vq = (const ELEM *)q->v;
    const ELEM *xq = (const ELEM *)q->x;
    const ELEM *p = (const ELEM *)rows->p;
    const ELEM pq = (ELEM)q->p;
    const int m = rows->m;
    const int32_t self = q->self_row;

    for (int i = 0; i < count; i++) {
        const int32_t r = first + i;
        if (r == self) {
            out[i] = 0.0;
            continue;
        }
        const ELEM *xr = CT_KL(row_x)(rows, r), *vr = CT_KL(row_v)(rows, r);
        if (xr[0] == xq[0] && CT_KL(identical)(rows, q, xr, vr, p[r], &out[i])) continue;
        const ELEM dot = CT_KL(dot)(vq, vr, m);
        const ELEM k = CT_KL(cov_eval)(&c, xq, xr);
        out[i] = (double)CT_KL(finish)(k, dot, pq, p[r]);
    }
}

/* V bytes of one cache block of rows in block_<PREC> (half of a 256 KB L2). */
#ifndef CT_BLOCK_BYTES
#define CT_BLOCK_BYTES (128 * 1024)
#endif

/* The distance of query q to row r given their dot product (gather's per-row
 * tail, the identical-row rule included, so block equals gather bit for bit). */
static CT_ALWAYS_INLINE double CT_KL(pair_finish)(const CT_KL(cov) * c, const ct_rows *rows,
                                                  const ct_query_row *q, int32_t r, ELEM dot)
{
    const ELEM *p = (const ELEM *)rows->p;
    const ELEM *xr = CT_KL(row_x)(rows, r), *xq = (const ELEM *)q->x;
    double same;
    if (r == q->self_row) return 0.0;
    if (xr[0] == xq[0] && CT_KL(identical)(rows, q, xr, CT_KL(row_v)(rows, r), p[r], &same))
        return same;
    const ELEM k = CT_KL(cov_eval)(c, xq, xr);
    return (double)CT_KL(finish)(k, dot, (ELEM)q->p, p[r]);
}

static void CT_KL(block)(const ct_rows *rows, const ct_query_row *qs, int nq, const int32_t *ids,
                         int count, double *out, size_t ld)
{
    CT_KL(cov) c;
    CT_KL(cov_init)(&c, rows);
    const int m = rows->m;
    const size_t row_bytes = (size_t)rows->v_stride * sizeof(ELEM);
    int per_block = (int)(CT_BLOCK_BYTES / (row_bytes > 0 ? row_bytes : 1));
    per_block -= per_block % 3;
    if (per_block < 3) per_block = 3;

    for (int j0 = 0; j0 < count; j0 += per_block) {
        const int j1 = count - j0 < per_block ? count : j0 + per_block;
        for (int i = 0; i < nq; i++) {
            const ct_query_row *q = &qs[i];
            const ELEM *vq = (const ELEM *)q->v;
            double *o = out + (size_t)i * ld;
            int j = j0;
            for (; j + 3 <= j1; j += 3) {
                ELEM dots[3];
                CT_KL(dot3)
                (vq, CT_KL(row_v)(rows, ids[j]), CT_KL(row_v)(rows, ids[j + 1]),
                 CT_KL(row_v)(rows, ids[j + 2]), m, dots);
                for (int s = 0; s < 3; s++)
                    o[j + s] = CT_KL(pair_finish)(&c, rows, q, ids[j + s], dots[s]);
            }
            for (; j < j1; j++)
                o[j] = CT_KL(pair_finish)(&c, rows, q, ids[j],
                                          CT_KL(dot)(vq, CT_KL(row_v)(rows, ids[j]), m));
        }
    }
}

#undef CT_KL
#undef CT_KL_CAT
#undef CT_KL_CAT_
