/* group.h -- what the batch traversal (traversal_batch_tpl.h) shares with its
 * driver and its products: the per-group working memory, the group queue,
 * the driver that forms groups and runs them under OpenMP, and the two ways
 * of computing a tile's group x children distances.  Internal to ct_engine.
 */
#ifndef CT_TRAVERSAL_GROUP_H
#define CT_TRAVERSAL_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "engine_internal.h"
#include "result_set.h"
#include "scratch.h"

/* 64-bit words of a query mask for groups of g queries. */
#define CT_GROUP_WORDS(g) (((g) + 63) / 64)

/* A queued node of the group traversal, keyed by (key, point): key is the
 * smallest lower bound d(q,n) - si[n] over the queries for which the node
 * survived; slot holds those queries' distances d(q_j, n) and their mask. */
typedef struct gq_entry {
    double key;
    int32_t node;
    int32_t point; /* dataset index: the tie-break, layout-independent */
    int32_t slot;
} gq_entry;

typedef struct ct_group_scratch {
    int g_cap, k, m; /* sized for groups of g_cap queries, k neighbours, rows of m */
    int words;       /* CT_GROUP_WORDS(g_cap) */
    size_t elem;     /* element size of the rows (BLAS buffers) */
    ct_product product;
    /* the queries of the current group (group positions 0..count) */
    rs_entry *rs_store; /* g_cap * k */
    result_set *rs;     /* g_cap */
    int32_t *q;         /* g_cap: dataset index */
    ct_query_row *qrow; /* g_cap */
    /* one expansion: active queries, their product rows and d(q, node) */
    int32_t *active;    /* g_cap: group positions */
    int32_t *prow;      /* g_cap: row of the product holding active query a */
    ct_query_row *qact; /* g_cap */
    double *dnode;      /* g_cap, by group position */
    /* the queue and its slots */
    gq_entry *pq;
    int32_t pq_cap;
    double *slot_d;   /* slot_cap * g_cap: d(q_j, node) by group position */
    uint64_t *slot_m; /* slot_cap * words */
    int32_t slot_cap, slots_used;
    int32_t *free_slots;
    int32_t free_cap, nfree;
    /* one tile of candidate children */
    int32_t *tile_node, *tile_row, *tile_point; /* CT_ENGINE_TILE */
    unsigned char *elig;                        /* g_cap * TILE: [a * TILE + t] */
    double *dist;                               /* g_cap * TILE: [prow[a] * TILE + t] */
    /* BLAS product: packed V rows (elem-sized elements) and float products */
    void *qv;   /* g_cap * m: the group's query rows */
    void *qa;   /* g_cap * m: an active subset */
    void *tv;   /* TILE * m: a gathered tile */
    float *f32; /* g_cap * TILE: sgemm output */
} ct_group_scratch;

/* Working memory for groups of up to g queries with k neighbours over rows
 * of m elements of `elem` bytes (BLAS buffers only if product is BLAS).
 * CT_OK or CT_ENOMEM (then nothing is left allocated). */
int ct_group_scratch_init(ct_group_scratch *s, int g, int k, int m, size_t elem,
                          ct_product product);
void ct_group_scratch_free(ct_group_scratch *s);
/* A free slot (grows the slot arrays); CT_OK or CT_ENOMEM. */
int ct_group_slot_alloc(ct_group_scratch *s, int32_t *slot);
static inline void ct_group_slot_release(ct_group_scratch *s, int32_t slot)
{
    s->free_slots[s->nfree++] = slot;
}
/* Queue push (grows) and pop of the smallest (key, point). */
int ct_group_pq_push(ct_group_scratch *s, int32_t *size, gq_entry e);
gq_entry ct_group_pq_pop(ct_group_scratch *s, int32_t *size);

/* The distances of one tile: for the active queries (s->active[0..na), rows
 * s->qact) against s->tile_row[0..nt), into s->dist (row s->prow[a] for
 * active query a, ld CT_ENGINE_TILE).  count_rows = the product's rows (for
 * dist_evals).  CT_PRODUCT_KERNEL: kernel->dist_block; CT_PRODUCT_BLAS: a
 * gemm over the group's packed rows (all of them when at least half are
 * active, else the active ones packed) and the kernels' finish. */
void ct_group_product(const ct_engine_call *call, ct_group_scratch *s, int count, int na, int nt,
                      int *count_rows);
/* Pack the group's query rows for the BLAS product (called per group). */
void ct_group_pack_queries(const ct_engine_call *call, ct_group_scratch *s, int count);

/* One group: answer queries[0..count) (dataset indices) into the output rows
 * idx_rows[j] / dist_rows[j] (k slots each), adding its work to *w. */
typedef int (*ct_group_fn)(const ct_engine_call *call, ct_group_scratch *s, const int32_t *queries,
                           int count, int32_t *const *idx_rows, double *const *dist_rows,
                           ct_work *w);
/* rank[node] = the node's preorder rank in the canonical tree (children in
 * canonical order), with stack space for n nodes. */
typedef void (*ct_preorder_fn)(const ct_layout *layout, int32_t *rank, int32_t *stack);

/* The batch engines' driver: validate (also CT_ENOTSUP for what
 * ct_engine_supports refuses), allocate `out` if empty, sort the queries by
 * the preorder rank of their node (ties by position in the call), cut them
 * into groups of sp->group (or CT_GROUP_DEFAULT) consecutive queries, run fn
 * for every group under OpenMP (schedule(dynamic, 1)) with per-thread
 * scratch (or per-group under CT_SCRATCH_ALLOC), sum the work. */
int ct_engine_run_groups(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                         int32_t nq, const ct_search_params *sp, ct_knn_result *out, ct_work *work,
                         ct_topology topology, ct_preorder_fn preorder, ct_group_fn fn);

#endif
