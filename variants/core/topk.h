/* topk.h -- a bounded max-heap of (distance, index) pairs (internal to core).
 *
 * Keeps the k smallest pairs in lexicographic (distance, index) order, so ties
 * in distance are broken by the smaller index, independent of insertion order.
 */
#ifndef CT_CORE_TOPK_H
#define CT_CORE_TOPK_H

#include <stdint.h>

typedef struct topk {
    int k;
    int size;
    double *dist; /* k */
    int32_t *idx; /* k */
} topk;

/* (da, ia) after (db, ib) in (distance, index) order? */
static inline int pair_after(double da, int32_t ia, double db, int32_t ib)
{
    return da > db || (da == db && ia > ib);
}

static inline void topk_sift_down(topk *h, int at)
{
    for (;;) {
        int l = 2 * at + 1, r = l + 1, big = at;
        if (l < h->size && pair_after(h->dist[l], h->idx[l], h->dist[big], h->idx[big])) big = l;
        if (r < h->size && pair_after(h->dist[r], h->idx[r], h->dist[big], h->idx[big])) big = r;
        if (big == at) return;
        double td = h->dist[at];
        h->dist[at] = h->dist[big];
        h->dist[big] = td;
        int32_t ti = h->idx[at];
        h->idx[at] = h->idx[big];
        h->idx[big] = ti;
        at = big;
    }
}

static inline void topk_push(topk *h, double d, int32_t j)
{
    if (h->size < h->k) {
        int at = h->size++;
        while (at > 0) {
            int up = (at - 1) / 2;
            if (!pair_after(d, j, h->dist[up], h->idx[up])) break;
            h->dist[at] = h->dist[up];
            h->idx[at] = h->idx[up];
            at = up;
        }
        h->dist[at] = d;
        h->idx[at] = j;
    } else if (pair_after(h->dist[0], h->idx[0], d, j)) {
        h->dist[0] = d;
        h->idx[0] = j;
        topk_sift_down(h, 0);
    }
}

/* Empty the heap into out_* in ascending order; returns the count. */
static inline int topk_drain(topk *h, double *out_dist, int32_t *out_idx)
{
    int count = h->size;
    while (h->size > 0) {
        int last = --h->size;
        out_dist[last] = h->dist[0];
        out_idx[last] = h->idx[0];
        h->dist[0] = h->dist[last];
        h->idx[0] = h->idx[last];
        topk_sift_down(h, 0);
    }
    return count;
}

#endif
