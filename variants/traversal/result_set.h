/* result_set.h -- the bounded k-best set every engine and brute_blas fills.
 *
 * A max-heap of at most k (distance, dataset index) entries whose top is the
 * current k-th best.  Entries are ordered by distance, ties by the smaller
 * DATASET index (never a node id), so the set, and every pruning decision
 * taken against its k-th distance, is the same under every layout.
 * Header-only (static inline): it sits in the innermost loop of every engine.
 */
#ifndef CT_TRAVERSAL_RESULT_SET_H
#define CT_TRAVERSAL_RESULT_SET_H

#include <math.h>
#include <stdint.h>

typedef struct rs_entry {
    double d;
    int32_t idx;
} rs_entry;

typedef struct result_set {
    rs_entry *e; /* capacity >= k, owned by the caller's scratch */
    int size;
    int k;
} result_set;

/* (da, ia) orders after (db, ib): larger distance, or equal and larger index. */
static inline int rs_after(double da, int32_t ia, double db, int32_t ib)
{
    return da > db || (da == db && ia > ib);
}

static inline void rs_reset(result_set *rs, rs_entry *storage, int k)
{
    rs->e = storage;
    rs->size = 0;
    rs->k = k;
}

static inline int rs_full(const result_set *rs)
{
    return rs->size == rs->k;
}

/* The k-th best distance, +inf while the set is not full. */
static inline double rs_kth(const result_set *rs)
{
    return rs->size == rs->k ? rs->e[0].d : INFINITY;
}

static inline void rs_sift_down(rs_entry *e, int size, int i)
{
    rs_entry x = e[i];
    for (;;) {
        int c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && rs_after(e[c + 1].d, e[c + 1].idx, e[c].d, e[c].idx)) c++;
        if (!rs_after(e[c].d, e[c].idx, x.d, x.idx)) break;
        e[i] = e[c];
        i = c;
    }
    e[i] = x;
}

/* Offer (d, idx); returns 1 if it entered the set (pushed or replaced the top). */
static inline int rs_insert(result_set *rs, double d, int32_t idx)
{
    rs_entry *e = rs->e;
    if (rs->size < rs->k) {
        int i = rs->size++;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!rs_after(d, idx, e[parent].d, e[parent].idx)) break;
            e[i] = e[parent];
            i = parent;
        }
        e[i].d = d;
        e[i].idx = idx;
        return 1;
    }
    if (!rs_after(e[0].d, e[0].idx, d, idx)) return 0;
    e[0].d = d;
    e[0].idx = idx;
    rs_sift_down(e, rs->size, 0);
    return 1;
}

/* Write the set sorted by (distance, index) into idx_out/dist_out (k slots,
 * padded with -1 / +inf).  Destroys the heap (in-place heap sort). */
static inline void rs_finish(result_set *rs, int32_t *idx_out, double *dist_out)
{
    int size = rs->size;
    rs_entry *e = rs->e;
    for (int end = size - 1; end > 0; end--) {
        rs_entry top = e[0];
        e[0] = e[end];
        e[end] = top;
        rs_sift_down(e, end, 0);
    }
    for (int r = 0; r < size; r++) {
        idx_out[r] = e[r].idx;
        dist_out[r] = e[r].d;
    }
    for (int r = size; r < rs->k; r++) {
        idx_out[r] = -1;
        dist_out[r] = INFINITY;
    }
    rs->size = 0;
}

#endif
