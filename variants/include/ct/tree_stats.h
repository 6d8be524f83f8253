/* tree_stats.h -- shape statistics of a canonical cover tree (ct_tree),
 * reported by the build experiment next to the build time: fan-out, depth,
 * leaves and how deep the leaves sit, and a warning for a degenerate shape.  Pure function of the tree's arrays.
 */
#ifndef CT_TREE_STATS_H
#define CT_TREE_STATS_H

#include <stdint.h>
#include "status.h"
#include "tree.h"

typedef struct ct_tree_stats {
    int32_t n;              /* nodes */
    int32_t depth;          /* tree->depth: max level - min level */
    int32_t leaves;         /* nodes without children */
    int32_t internal;       /* nodes with at least one child */
    int32_t max_fanout;     /* largest child count */
    double mean_fanout;     /* mean child count over internal nodes (0 if none) */
    double mean_leaf_depth; /* mean number of edges from the root to a leaf (0 if n == 0) */
    char warning[160];      /* ct_tree_shape_warning ("" for a healthy shape) */
} ct_tree_stats;

/* Fill *out from the tree's CSR and levels (a leaf's depth is -level, the
 * root being at level 0).  CT_EINVAL for a NULL argument or negative n. */
int ct_tree_stats_compute(const ct_tree *tree, ct_tree_stats *out);

#endif
