/* pq.h -- the binary min-heap of the best-first traversal.
 *
 * Keyed by (lower bound, dataset index) so the pop order never depends on
 * node numbering.  Header-only; storage lives in the scratch and grows.
 */
#ifndef CT_TRAVERSAL_PQ_H
#define CT_TRAVERSAL_PQ_H

#include <stdint.h>

#include "ct/status.h"
#include "scratch.h"

static inline int pq_before(const pq_entry *a, const pq_entry *b)
{
    return a->lb < b->lb || (a->lb == b->lb && a->point < b->point);
}

/* Push; CT_OK or CT_ENOMEM. */
static inline int pq_push(ct_engine_scratch *s, int32_t *size, pq_entry x)
{
    int32_t i = *size;
    pq_entry *h;
    if (i >= s->pq_cap) {
        int rc;
        SCRATCH_GROW(rc, s->pq, s->pq_cap, i + 1, i);
        if (rc != CT_OK) return rc;
    }
    h = s->pq;
    while (i > 0) {
        int32_t parent = (i - 1) / 2;
        if (!pq_before(&x, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
    (*size)++;
    return CT_OK;
}

/* Pop the smallest entry (size > 0). */
static inline pq_entry pq_pop(ct_engine_scratch *s, int32_t *size)
{
    pq_entry *h = s->pq;
    pq_entry top = h[0];
    int32_t n = --(*size);
    pq_entry x;
    int32_t i = 0;
    if (n == 0) return top;
    x = h[n];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && pq_before(&h[c + 1], &h[c])) c++;
        if (!pq_before(&h[c], &x)) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
    return top;
}

#endif
