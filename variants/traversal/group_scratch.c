/* group_scratch.c -- the batch traversal's per-group working memory and its
 * queue (group.h).  Everything goes through ct_malloc, so allocation
 * failures can be injected by tests and surface as CT_ENOMEM.
 */
#include <string.h>

#include "ct/alloc.h"
#include "group.h"

#define INITIAL_SLOTS 64

int ct_group_scratch_init(ct_group_scratch *s, int g, int k, int m, size_t elem, ct_product product)
{
    const size_t ug = (size_t)g, t = CT_ENGINE_TILE;
    memset(s, 0, sizeof *s);
    s->g_cap = g;
    s->k = k;
    s->m = m;
    s->words = CT_GROUP_WORDS(g);
    s->elem = elem;
    s->product = product;
    s->rs_store = ct_malloc_array(ug * (size_t)k, sizeof *s->rs_store);
    s->rs = ct_malloc_array(ug, sizeof *s->rs);
    s->q = ct_malloc_array(ug, sizeof *s->q);
    s->qrow = ct_malloc_array(ug, sizeof *s->qrow);
    s->active = ct_malloc_array(ug, sizeof *s->active);
    s->prow = ct_malloc_array(ug, sizeof *s->prow);
    s->qact = ct_malloc_array(ug, sizeof *s->qact);
    s->dnode = ct_malloc_array(ug, sizeof *s->dnode);
    s->pq = ct_malloc_array(INITIAL_SLOTS, sizeof *s->pq);
    s->slot_d = ct_malloc_array((size_t)INITIAL_SLOTS * ug, sizeof *s->slot_d);
    s->slot_m = ct_malloc_array((size_t)INITIAL_SLOTS * (size_t)s->words, sizeof *s->slot_m);
    s->free_slots = ct_malloc_array(INITIAL_SLOTS, sizeof *s->free_slots);
    s->tile_node = ct_malloc_array(t, sizeof *s->tile_node);
    s->tile_row = ct_malloc_array(t, sizeof *s->tile_row);
    s->tile_point = ct_malloc_array(t, sizeof *s->tile_point);
    s->elig = ct_malloc_array(ug * t, sizeof *s->elig);
    s->dist = ct_malloc_array(ug * t, sizeof *s->dist);
    if (!s->rs_store || !s->rs || !s->q || !s->qrow || !s->active || !s->prow || !s->qact ||
        !s->dnode || !s->pq || !s->slot_d || !s->slot_m || !s->free_slots || !s->tile_node ||
        !s->tile_row || !s->tile_point || !s->elig || !s->dist)
        goto fail;
    if (product == CT_PRODUCT_BLAS) {
        s->qv = ct_malloc_array(ug * (size_t)m, elem);
        s->qa = ct_malloc_array(ug * (size_t)m, elem);
        s->tv = ct_malloc_array(t * (size_t)m, elem);
        s->f32 = ct_malloc_array(ug * t, sizeof *s->f32);
        if (!s->qv || !s->qa || !s->tv || !s->f32) goto fail;
    }
    s->pq_cap = s->slot_cap = s->free_cap = INITIAL_SLOTS;
    return CT_OK;
fail:
    ct_group_scratch_free(s);
    return CT_ENOMEM;
}

void ct_group_scratch_free(ct_group_scratch *s)
{
    ct_free(s->rs_store);
    ct_free(s->rs);
    ct_free(s->q);
    ct_free(s->qrow);
    ct_free(s->active);
    ct_free(s->prow);
    ct_free(s->qact);
    ct_free(s->dnode);
    ct_free(s->pq);
    ct_free(s->slot_d);
    ct_free(s->slot_m);
    ct_free(s->free_slots);
    ct_free(s->tile_node);
    ct_free(s->tile_row);
    ct_free(s->tile_point);
    ct_free(s->elig);
    ct_free(s->dist);
    ct_free(s->qv);
    ct_free(s->qa);
    ct_free(s->tv);
    ct_free(s->f32);
    memset(s, 0, sizeof *s);
}

int ct_group_slot_alloc(ct_group_scratch *s, int32_t *slot)
{
    if (s->nfree > 0) {
        *slot = s->free_slots[--s->nfree];
        return CT_OK;
    }
    if (s->slots_used == s->slot_cap) {
        int32_t cap = s->slot_cap, cap_m = s->slot_cap, cap_f = s->free_cap;
        int32_t need = s->slots_used + 1;
        int rc;
        /* slot_d holds g_cap doubles and slot_m `words` words per slot */
        void *d = s->slot_d, *m = s->slot_m, *f = s->free_slots;
        rc = ct_engine_grow(&d, &cap, need, s->slots_used, sizeof(double) * (size_t)s->g_cap);
        s->slot_d = d;
        if (rc == CT_OK)
            rc = ct_engine_grow(&m, &cap_m, need, s->slots_used,
                                sizeof(uint64_t) * (size_t)s->words);
        s->slot_m = m;
        if (rc == CT_OK) rc = ct_engine_grow(&f, &cap_f, need, s->nfree, sizeof(int32_t));
        s->free_slots = f;
        if (rc != CT_OK) return rc;
        /* the three arrays grow together; keep the smallest as the capacity */
        s->slot_cap = cap < cap_m ? cap : cap_m;
        s->free_cap = cap_f;
    }
    *slot = s->slots_used++;
    return CT_OK;
}

static inline int gq_before(const gq_entry *a, const gq_entry *b)
{
    return a->key < b->key || (a->key == b->key && a->point < b->point);
}

int ct_group_pq_push(ct_group_scratch *s, int32_t *size, gq_entry x)
{
    int32_t i = *size;
    gq_entry *h;
    if (i >= s->pq_cap) {
        int rc;
        SCRATCH_GROW(rc, s->pq, s->pq_cap, i + 1, i);
        if (rc != CT_OK) return rc;
    }
    h = s->pq;
    while (i > 0) {
        int32_t parent = (i - 1) / 2;
        if (!gq_before(&x, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
    (*size)++;
    return CT_OK;
}

gq_entry ct_group_pq_pop(ct_group_scratch *s, int32_t *size)
{
    gq_entry *h = s->pq;
    gq_entry top = h[0], x;
    int32_t n = --(*size), i = 0;
    if (n == 0) return top;
    x = h[n];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && gq_before(&h[c + 1], &h[c])) c++;
        if (!gq_before(&h[c], &x)) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
    return top;
}
