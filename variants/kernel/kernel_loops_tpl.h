/* kernel_loops_tpl.h -- the per-candidate loops every kernel shares (template).
 *
 * A kernel file defines, for one precision,
 *     static ... ELEM dot_<PREC>(const ELEM *a, const ELEM *b, int m)
 * (its own dot product: plain C or intrinsics) and then includes this header
 * with ELEM (double | float) and PREC (f64 | f32) defined.  It gets
 *     static void gather_<PREC>(rows, q, ids, count, out)
 *     static void range_<PREC>(rows, q, first, count, out)
 * with the signatures of ct_dist_gather_fn / ct_dist_range_fn.  Included once
 * per precision; undefines nothing (the includer does).
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

#undef CT_KL
#undef CT_KL_CAT
#undef CT_KL_CAT_
