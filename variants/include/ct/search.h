/* search.h -- the one signature every tree engine implements.
 *
 * An engine is a (topology x traversal) instantiation of a traversal template;
 * the kernel (x precision) is a run-time method table passed in.  Engines take
 * dataset indices as queries and answer in dataset indices (ct_knn_result).
 * OpenMP over queries uses the caller's thread setting.
 */
#ifndef CT_SEARCH_H
#define CT_SEARCH_H

#include <stdint.h>
#include "axes.h"
#include "kernel.h"
#include "knn.h"
#include "layout.h"
#include "status.h"

#define CT_PRUNE_SLACK 1e-9 /* rounding slack in every pruning test: docs/ALGORITHM.md §5.5 */

typedef enum { CT_SCRATCH_REUSE = 0, CT_SCRATCH_ALLOC = 1 } ct_scratch;
typedef enum { CT_BUDGET_EXACT = 0, CT_BUDGET_LADDER = 1 } ct_budget;
/* How the batch traversal computes a tile's group x children distances:
 * the kernel's dist_block (register tiles, bit-identical to dist_gather), or
 * a BLAS gemm (dgemm / sgemm) of the products and the kernels' finish. */
typedef enum { CT_PRODUCT_KERNEL = 0, CT_PRODUCT_BLAS = 1 } ct_product;

/* Group size of the batch traversal: sp->group 0 means CT_GROUP_DEFAULT;
 * 1..CT_GROUP_MAX are valid (see traversal/README.md for how groups form). */
#define CT_GROUP_DEFAULT 32
#define CT_GROUP_MAX 256

/* How the level and heap traversals read a tile's rows (issue 13 E14):
 * CT_LOAD_AUTO (default) uses dist_range for runs of >= CT_ENGINE_MIN_RUN
 * consecutive rows and dist_gather for the rest; CT_LOAD_GATHER reads every
 * tile with dist_gather, even contiguous rows (variant parameter @load=gather).
 * The kernels return the same distances either way. */
typedef enum { CT_LOAD_AUTO = 0, CT_LOAD_GATHER = 1 } ct_load;

/* Dense per-query state of the heap traversal (issue 13 E13), the report's
 * cached_lb array and visited bitset: CT_DENSE_OFF (default) keeps only the
 * few-KB scratch; CT_DENSE_MEMSET adds a size-N lower-bound cache and a
 * size-N visited bitset, both cleared by memset before every query;
 * CT_DENSE_GEN the same state validated by a per-node generation counter
 * (the report's "lazy reset": a query bumps the generation instead of
 * clearing).  Every evaluated node is tested against and entered in the
 * visited set and its lower bound cached; a popped node's bound is read back
 * from the cache.  In a tree no node is reached twice, so the set never
 * skips anything: answers and work counters are those of CT_DENSE_OFF.
 * Variant parameter @dense=off|memset|gen; with +alloc the state is
 * allocated per query too. */
typedef enum { CT_DENSE_OFF = 0, CT_DENSE_MEMSET = 1, CT_DENSE_GEN = 2 } ct_dense;

typedef struct ct_search_params {
    ct_query_spec spec;
    double slack; /* default CT_PRUNE_SLACK */
    ct_scratch scratch;
    ct_budget budget;
    int parent_bound;   /* 1 (+pbound): skip child c unevaluated when R is full and
                              d(q,parent) - parent_dist[c] - si[c] > kth + slack (exact);
                              0 (default): every child is evaluated, as before */
    int group;          /* batch traversal: queries per group, 0 = CT_GROUP_DEFAULT,
                           1..CT_GROUP_MAX; ignored by the other traversals */
    ct_product product; /* batch traversal: how tiles are multiplied (default kernel) */
    ct_load load;       /* level/heap traversals: range loads or gathers only (default auto) */
    ct_dense dense;     /* heap traversal: dense size-N state (default off) */
} ct_search_params;

/* Deterministic work counters, summed over the queries of a call.  For the
 * one-query traversals (level, heap) a distance is one row read for one
 * query, so useful_pairs = rows_fetched = dist_evals and v_bytes_fetched =
 * v_bytes; the batch traversal computes a tile's distances for a group of
 * queries from rows read once (traversal/README.md, "Work counters");
 * brute_blas needs every pair (useful_pairs = dist_evals) and its product
 * reads each point row once per block of queries (rows_fetched). */
typedef struct ct_work {
    uint64_t dist_evals;    /* distances computed (query x node pairs) */
    uint64_t nodes_visited; /* nodes whose children were expanded (per query) */
    uint64_t heap_ops;      /* priority-queue pushes + pops (heap, batch) and result-set inserts */
    uint64_t v_bytes;       /* dist_evals * m * element size: V bytes as if every distance
                          read its row */
    uint64_t useful_pairs;  /* distances the query's own pruning asked for (the rest of
                                 dist_evals was computed only because the group shared a tile) */
    uint64_t rows_fetched;  /* V rows read by the kernels (once per tile in batch) */
    uint64_t v_bytes_fetched; /* rows_fetched * m * element size: V bytes actually read;
                                 per query: v_bytes_fetched / queries */
} ct_work;

typedef int (*ct_search_fn)(const ct_layout *layout, const ct_kernel *kernel,
                            const int32_t *queries, int32_t nq, const ct_search_params *sp,
                            ct_knn_result *out, ct_work *work);

/* The engine for a (topology, traversal) pair. */
ct_search_fn ct_engine_find(ct_topology topology, ct_traversal traversal);

/* CT_OK if the traversal's engine runs with these parameters, else
 * CT_ENOTSUP with a one-line reason in *why (e.g. the batch traversal has no
 * +ladder).  The engines return CT_ENOTSUP for the same combinations. */
int ct_engine_supports(ct_traversal traversal, const ct_search_params *sp, const char **why);

#endif
