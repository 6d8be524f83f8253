/* stats.c -- ct_tree_stats_compute: fan-out, leaves and leaf depth of a tree
 * (tree_stats.h), for the build experiment's tables, and
 * ct_tree_shape_warning, the flag on a degenerate (star) shape. */
#include <stdio.h>
#include <string.h>

#include "ct/tree_stats.h"

int ct_tree_stats_compute(const ct_tree *tree, ct_tree_stats *out)
{
    double leaf_depth_sum = 0.0;
    int64_t child_sum = 0;

    if (!tree || !out || tree->n < 0) return CT_EINVAL;
    memset(out, 0, sizeof *out);
    out->n = tree->n;
    out->depth = tree->depth;
    if (tree->n == 0) return CT_OK;
    if (!tree->child_offset || !tree->level) return CT_EINVAL;
    for (int32_t i = 0; i < tree->n; i++) {
        int32_t f = tree->child_offset[i + 1] - tree->child_offset[i];
        if (f > 0) {
            out->internal++;
            child_sum += f;
            if (f > out->max_fanout) out->max_fanout = f;
        } else {
            out->leaves++;
            leaf_depth_sum += -(double)tree->level[i];
        }
    }
    out->mean_fanout = out->internal ? (double)child_sum / out->internal : 0.0;
    out->mean_leaf_depth = out->leaves ? leaf_depth_sum / out->leaves : 0.0;
    ct_tree_shape_warning(tree, out->warning, sizeof out->warning);
    return CT_OK;
}

int ct_tree_shape_warning(const ct_tree *tree, char *buf, size_t size)
{
    int32_t fan;
    if (size) buf[0] = '\0';
    if (!tree || tree->n < 3 || tree->root < 0 || !tree->child_offset) return 0;
    fan = tree->child_offset[tree->root + 1] - tree->child_offset[tree->root];
    if (fan != tree->n - 1) return 0;
    snprintf(buf, size,
             "degenerate star: depth 1, root fan-out %d = N - 1 (every point a child of the "
             "root; nothing below it can be pruned)",
             (int)fan);
    return 1;
}
