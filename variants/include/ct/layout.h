/* layout.h -- a search-ready representation lowered from the canonical tree.
 *
 * Lowering applies the order axis (node numbering), the topology axis (how
 * children are stored) and the data axis (whether rows are copied into node
 * order) mechanically; the tree's shape never changes (tests prove the
 * isomorphism).  Everything here is node-indexed except `rows` under
 * CT_DATA_INDIRECT, which stays in dataset order and is reached through
 * node_to_point.
 */
#ifndef CT_LAYOUT_H
#define CT_LAYOUT_H

#include <stdint.h>
#include "axes.h"
#include "dataset.h"
#include "kernel.h"
#include "status.h"
#include "tree.h"

typedef struct ct_layout {
    int32_t n;
    ct_topology topology;
    ct_order order;
    ct_data data;
    ct_precision precision;
    int32_t root;           /* node id, -1 if empty */
    int32_t *node_to_point; /* n: node id -> dataset index */
    int32_t *point_to_node; /* n: dataset index -> node id */
    int32_t *level;         /* n, node-indexed */
    double *si;             /* n, node-indexed */
    int32_t *min_index;     /* n, node-indexed: smallest dataset index in subtree */
    double *parent_dist;    /* n, node-indexed: d(node, parent), 0 for the root */
    /* CT_TOPOLOGY_LL (NULL otherwise) */
    int32_t *first_child;  /* n, -1 for none */
    int32_t *next_sibling; /* n, -1 for none */
    /* CT_TOPOLOGY_CSR (NULL otherwise) */
    int32_t *child_offset; /* n + 1 */
    int32_t *children;     /* n - 1 */
    /* rows: node order if data == CACHED, dataset order if INDIRECT */
    ct_rows rows;
    void *row_storage; /* owned copies (cached or f32), else NULL */
} ct_layout;

/* Node numbering of `order` for the tree: perm[k] = dataset index of node k.
 * hilbert/morton sort points by curve key over the dataset's coordinates
 * (ties by index); bfs is a breadth-first walk from the root, children in the
 * canonical child order. */
int ct_order_permutation(ct_order order, const ct_dataset *ds, const ct_tree *tree, int32_t *perm,
                         ct_error *err);

/* Lower the canonical tree into a layout (allocates; copies rows when cached
 * or when precision is f32, timed by the caller as the setup phase). */
int ct_layout_build(const ct_dataset *ds, const ct_tree *tree, ct_topology topology, ct_order order,
                    ct_data data, ct_precision precision, ct_layout *out, ct_error *err);

void ct_layout_free(ct_layout *layout);

/* Row of node `node` in layout->rows. */
static inline int32_t ct_layout_row(const ct_layout *l, int32_t node)
{
    return l->data == CT_DATA_CACHED ? node : l->node_to_point[node];
}

#endif
