/* layout_internal.h -- the steps of ct_layout_build, one file each (not public).
 *
 * layout_build.c validates the inputs, numbers the nodes and copies the
 * node-indexed arrays; layout_lower.c stores the children (ll or csr);
 * layout_rows.c places the rows (indirect view or copy, f64 or f32).
 */
#ifndef CT_LAYOUT_INTERNAL_H
#define CT_LAYOUT_INTERNAL_H

#include "ct/layout.h"

/* Fill l->first_child/next_sibling (ll) or l->child_offset/children (csr)
 * from the tree's children, in node ids, keeping the canonical child order.
 * Needs l->n, l->topology, l->node_to_point and l->point_to_node. */
int ct_layout_lower_topology(const ct_tree *tree, ct_layout *l, ct_error *err);

/* Fill l->rows (and l->row_storage for copies) for l->data and l->precision.
 * Needs l->n and, when cached, l->node_to_point. */
int ct_layout_place_rows(const ct_dataset *ds, ct_layout *l, ct_error *err);

#endif
