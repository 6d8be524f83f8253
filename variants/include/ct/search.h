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

typedef struct ct_search_params {
    ct_query_spec spec;
    double slack; /* default CT_PRUNE_SLACK */
    ct_scratch scratch;
    ct_budget budget;
    int parent_bound; /* 1 (+pbound): skip child c unevaluated when R is full and
                              d(q,parent) - parent_dist[c] - si[c] > kth + slack (exact);
                              0 (default): every child is evaluated, as before */
} ct_search_params;

/* Deterministic work counters, summed over the queries of a call. */
typedef struct ct_work {
    uint64_t dist_evals;    /* distances computed */
    uint64_t nodes_visited; /* nodes whose children were expanded */
    uint64_t heap_ops; /* priority-queue pushes + pops (heap traversal) and result-set inserts */
    uint64_t v_bytes;  /* bytes of V read by the kernels */
} ct_work;

typedef int (*ct_search_fn)(const ct_layout *layout, const ct_kernel *kernel,
                            const int32_t *queries, int32_t nq, const ct_search_params *sp,
                            ct_knn_result *out, ct_work *work);

/* The engine for a (topology, traversal) pair. */
ct_search_fn ct_engine_find(ct_topology topology, ct_traversal traversal);

#endif
