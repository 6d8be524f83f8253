/* scratch.c -- allocation and growth of the engines' per-query working memory
 * (see scratch.h).  Everything goes through ct_malloc so allocation failures
 * can be injected by tests and surface as CT_ENOMEM. */
#include "scratch.h"

#include <string.h>

#include "ct/alloc.h"
#include "ct/status.h"

#define INITIAL_CAPACITY 256

int ct_engine_grow(void **buf, int32_t *cap, int32_t need, int32_t keep, size_t elem)
{
    int64_t new_cap;
    void *fresh;
    if (need <= *cap) return CT_OK;
    new_cap = *cap > 0 ? (int64_t)*cap : INITIAL_CAPACITY;
    while (new_cap < need) new_cap *= 2;
    if (new_cap > INT32_MAX) new_cap = INT32_MAX;
    fresh = ct_malloc_array((size_t)new_cap, elem);
    if (!fresh) return CT_ENOMEM;
    if (keep > 0) memcpy(fresh, *buf, (size_t)keep * elem);
    ct_free(*buf);
    *buf = fresh;
    *cap = (int32_t)new_cap;
    return CT_OK;
}

int ct_engine_scratch_init(ct_engine_scratch *s, int k)
{
    const size_t t = CT_ENGINE_TILE;
    memset(s, 0, sizeof *s);
    s->rs = ct_malloc_array((size_t)k, sizeof *s->rs);
    s->cur = ct_malloc_array(INITIAL_CAPACITY, sizeof *s->cur);
    s->next = ct_malloc_array(INITIAL_CAPACITY, sizeof *s->next);
    s->pq = ct_malloc_array(INITIAL_CAPACITY, sizeof *s->pq);
    s->tile_node = ct_malloc_array(t, sizeof *s->tile_node);
    s->tile_row = ct_malloc_array(t, sizeof *s->tile_row);
    s->tile_dist = ct_malloc_array(t, sizeof *s->tile_dist);
    s->gather_row = ct_malloc_array(t, sizeof *s->gather_row);
    s->gather_pos = ct_malloc_array(t, sizeof *s->gather_pos);
    s->gather_dist = ct_malloc_array(t, sizeof *s->gather_dist);
    if (!s->rs || !s->cur || !s->next || !s->pq || !s->tile_node || !s->tile_row || !s->tile_dist ||
        !s->gather_row || !s->gather_pos || !s->gather_dist) {
        ct_engine_scratch_free(s);
        return CT_ENOMEM;
    }
    s->rs_cap = k;
    s->cur_cap = s->next_cap = s->pq_cap = INITIAL_CAPACITY;
    return CT_OK;
}

int ct_engine_scratch_dense(ct_engine_scratch *s, ct_dense mode, int32_t n)
{
    size_t un = n > 0 ? (size_t)n : 1;
    s->dense = mode;
    s->dense_n = n;
    if (mode == CT_DENSE_OFF) return CT_OK;
    s->lb_cache = ct_malloc_array(un, sizeof *s->lb_cache);
    if (mode == CT_DENSE_MEMSET) s->visited = ct_calloc((un + 63) / 64, sizeof *s->visited);
    else s->gen = ct_calloc(un, sizeof *s->gen);
    s->cur_gen = 0;
    if (!s->lb_cache || (mode == CT_DENSE_MEMSET ? !s->visited : !s->gen)) {
        ct_free(s->lb_cache);
        ct_free(s->visited);
        ct_free(s->gen);
        s->lb_cache = NULL;
        s->visited = NULL;
        s->gen = NULL;
        s->dense = CT_DENSE_OFF;
        return CT_ENOMEM;
    }
    return CT_OK;
}

void ct_engine_scratch_free(ct_engine_scratch *s)
{
    ct_free(s->lb_cache);
    ct_free(s->visited);
    ct_free(s->gen);
    ct_free(s->rs);
    ct_free(s->cur);
    ct_free(s->next);
    ct_free(s->pq);
    ct_free(s->level_pops);
    ct_free(s->tile_node);
    ct_free(s->tile_row);
    ct_free(s->tile_dist);
    ct_free(s->gather_row);
    ct_free(s->gather_pos);
    ct_free(s->gather_dist);
    memset(s, 0, sizeof *s);
}
