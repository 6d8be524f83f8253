/* scratch.h -- the per-query working memory of the tree engines.
 *
 * One ct_engine_scratch holds everything a query needs besides its output
 * row: the result-set storage, the two frontiers of the level traversal, the
 * priority queue of the heap traversal, a tile of candidates with their rows
 * and distances, and the per-level pop counts of the ladder budget.
 * Under CT_SCRATCH_REUSE each thread creates one per call and grows it as
 * needed; under CT_SCRATCH_ALLOC it is created and destroyed for every query.
 */
#ifndef CT_TRAVERSAL_SCRATCH_H
#define CT_TRAVERSAL_SCRATCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ct/search.h"

#include "result_set.h"

/* Candidates evaluated per kernel batch (level tiles, heap child chunks). */
#define CT_ENGINE_TILE 256

/* A node waiting to be expanded: lower bound d(q,n) - si[n], d(q,n) itself
 * (the +pbound test of its children), node id, and its position in frontier
 * order (kept so a budget cut can restore it). */
typedef struct fr_entry {
    double lb;
    double dist;
    int32_t node;
    int32_t point; /* dataset index of node: the budget cut's tie-break */
    int32_t pos;
} fr_entry;

/* A priority-queue entry of the heap traversal, keyed by (lb, point);
 * dist = d(q,node) feeds the +pbound test of node's children. */
typedef struct pq_entry {
    double lb;
    double dist;
    int32_t point; /* dataset index: the tie-break, layout-independent */
    int32_t node;
} pq_entry;

typedef struct ct_engine_scratch {
    rs_entry *rs; /* k */
    int rs_cap;
    fr_entry *cur, *next; /* level frontiers */
    int32_t cur_cap, next_cap;
    pq_entry *pq; /* heap traversal queue */
    int32_t pq_cap;
    int32_t *level_pops; /* ladder: pops per tree depth (heap traversal) */
    int32_t level_pops_cap;
    /* one tile of candidates */
    int32_t *tile_node;
    int32_t *tile_row;
    double *tile_dist;
    int32_t *gather_row; /* the scattered part of a tile */
    int32_t *gather_pos;
    double *gather_dist;
    int force_gather; /* sp->load == CT_LOAD_GATHER: every tile through dist_gather (tile.c) */
    /* dense state (sp->dense, issue 13 E13): size dense_n, node-indexed */
    ct_dense dense;
    int32_t dense_n;
    double *lb_cache;  /* cached d(q, n) - si[n] */
    uint64_t *visited; /* bitset (CT_DENSE_MEMSET) */
    uint32_t *gen;     /* generation of each node's entry (CT_DENSE_GEN) */
    uint32_t cur_gen;
} ct_engine_scratch;

/* Add the dense state of mode for n nodes (CT_DENSE_OFF: nothing); CT_OK or
 * CT_ENOMEM (the rest of the scratch stays valid). */
int ct_engine_scratch_dense(ct_engine_scratch *s, ct_dense mode, int32_t n);

/* Start a query: clear by memset, or bump the generation (clearing on wrap). */
static inline void ct_engine_dense_reset(ct_engine_scratch *s)
{
    if (s->dense == CT_DENSE_MEMSET) {
        memset(s->lb_cache, 0, (size_t)s->dense_n * sizeof *s->lb_cache);
        memset(s->visited, 0, (((size_t)s->dense_n + 63) / 64) * sizeof *s->visited);
    } else if (s->dense == CT_DENSE_GEN) {
        if (++s->cur_gen == 0) {
            memset(s->gen, 0, (size_t)s->dense_n * sizeof *s->gen);
            s->cur_gen = 1;
        }
    }
}

/* Visit node n with lower bound lb: 1 if it was already visited this query
 * (then nothing changes), else 0 after marking it and caching lb. */
static inline int ct_engine_dense_visit(ct_engine_scratch *s, int32_t n, double lb)
{
    if (s->dense == CT_DENSE_MEMSET) {
        uint64_t bit = (uint64_t)1 << (n & 63);
        if (s->visited[n >> 6] & bit) return 1;
        s->visited[n >> 6] |= bit;
    } else {
        if (s->gen[n] == s->cur_gen) return 1;
        s->gen[n] = s->cur_gen;
    }
    s->lb_cache[n] = lb;
    return 0;
}

/* Allocate a scratch for result sets of k entries; CT_OK or CT_ENOMEM (then
 * nothing is left allocated). */
int ct_engine_scratch_init(ct_engine_scratch *s, int k);
void ct_engine_scratch_free(ct_engine_scratch *s);

/* Make room for `need` elements of `elem` bytes in *buf (capacity *cap),
 * keeping the first `keep` elements; doubles the capacity.  CT_OK/CT_ENOMEM. */
int ct_engine_grow(void **buf, int32_t *cap, int32_t need, int32_t keep, size_t elem);

/* ct_engine_grow on a typed pointer: SCRATCH_GROW(rc, s->next, s->next_cap, need, keep). */
#define SCRATCH_GROW(rc, ptr, cap, need, keep)                                    \
    do {                                                                          \
        void *grow_buf_ = (ptr);                                                  \
        (rc) = ct_engine_grow(&grow_buf_, &(cap), (need), (keep), sizeof *(ptr)); \
        (ptr) = grow_buf_;                                                        \
    } while (0)

#endif
