/* order.c -- dispatch of the order axis: node numbering and insertion order.
 *
 * ct_order_permutation gives the node numbering of a layout (perm[k] =
 * dataset index of node k); ct_order_insertion gives the tree build its
 * insertion order.  natural, hilbert and morton mean the same in both; bfs
 * only exists as a numbering, since it needs the built tree.
 */
#include "ct/layout.h"
#include "order_internal.h"

static int curve_or_identity(ct_order order, const ct_dataset *ds, int32_t *perm, ct_error *err)
{
    switch (order) {
    case CT_ORDER_NATURAL:
        for (int32_t i = 0; i < ds->n; i++) perm[i] = i;
        return CT_OK;
    case CT_ORDER_HILBERT: return ct_order_curve_sort(ds, ct_hilbert_key, perm, err);
    case CT_ORDER_MORTON: return ct_order_curve_sort(ds, ct_morton_key, perm, err);
    default: return ct_error_set(err, CT_EINVAL, "order %d is not a curve order", (int)order);
    }
}

int ct_order_insertion(ct_order order, const ct_dataset *ds, int32_t *perm, ct_error *err)
{
    if (order == CT_ORDER_BFS)
        return ct_error_set(err, CT_EINVAL, "bfs is a relabelling, not an insertion order");
    if ((int)order < 0 || order >= CT_ORDER_COUNT)
        return ct_error_set(err, CT_EINVAL, "unknown order %d", (int)order);
    if (!ds || ds->n < 0 || (ds->n > 0 && !perm))
        return ct_error_set(err, CT_EINVAL, "insertion order: missing dataset or output");
    return curve_or_identity(order, ds, perm, err);
}

int ct_order_permutation(ct_order order, const ct_dataset *ds, const ct_tree *tree, int32_t *perm,
                         ct_error *err)
{
    if ((int)order < 0 || order >= CT_ORDER_COUNT)
        return ct_error_set(err, CT_EINVAL, "unknown order %d", (int)order);
    if (ds && tree && ds->n != tree->n)
        return ct_error_set(err, CT_EINVAL, "order: tree has %d nodes but dataset has %d points",
                            (int)tree->n, (int)ds->n);
    if (order == CT_ORDER_BFS) {
        if (!tree) return ct_error_set(err, CT_EINVAL, "bfs order needs the built tree");
        if (tree->n < 0 || (tree->n > 0 && !perm))
            return ct_error_set(err, CT_EINVAL, "bfs order: bad node count or missing output");
        return ct_order_bfs(tree, perm, err);
    }
    if (!ds) {
        if (order != CT_ORDER_NATURAL || !tree)
            return ct_error_set(err, CT_EINVAL, "%s order needs the dataset",
                                order == CT_ORDER_NATURAL ? "natural" : "curve");
        if (tree->n < 0 || (tree->n > 0 && !perm))
            return ct_error_set(err, CT_EINVAL, "natural order: bad node count or missing output");
        for (int32_t i = 0; i < tree->n; i++) perm[i] = i;
        return CT_OK;
    }
    if (ds->n < 0 || (ds->n > 0 && !perm))
        return ct_error_set(err, CT_EINVAL, "order: bad point count or missing output");
    return curve_or_identity(order, ds, perm, err);
}
