/* layout_build.c -- ct_layout_build: lower the canonical tree into a layout.
 *
 * Checks the inputs, numbers the nodes with the order axis (node_to_point and
 * its inverse), copies the tree's dataset-indexed level / si / min_index /
 * parent_dist into node order, then hands over to the topology and
 * row-placement steps.  The tree's shape is untouched: only names (node ids)
 * and storage change.
 */
#include <string.h>

#include "ct/alloc.h"
#include "layout_internal.h"

static int check_inputs(const ct_dataset *ds, const ct_tree *tree, ct_topology topology,
                        ct_order order, ct_data data, ct_precision precision, ct_error *err)
{
    if (!ds || !tree) return ct_error_set(err, CT_EINVAL, "layout: missing dataset or tree");
    if ((int)topology < 0 || topology >= CT_TOPOLOGY_COUNT)
        return ct_error_set(err, CT_EINVAL, "layout: unknown topology %d", (int)topology);
    if ((int)order < 0 || order >= CT_ORDER_COUNT)
        return ct_error_set(err, CT_EINVAL, "layout: unknown order %d", (int)order);
    if ((int)data < 0 || data >= CT_DATA_COUNT)
        return ct_error_set(err, CT_EINVAL, "layout: unknown data placement %d", (int)data);
    if ((int)precision < 0 || precision >= CT_PRECISION_COUNT)
        return ct_error_set(err, CT_EINVAL, "layout: unknown precision %d", (int)precision);
    if (tree->n < 0 || tree->n != ds->n)
        return ct_error_set(err, CT_EINVAL, "layout: tree has %d nodes but dataset has %d points",
                            (int)tree->n, (int)ds->n);
    if (ds->dim < 1 || ds->dim > CT_MAX_DIM)
        return ct_error_set(err, CT_EINVAL, "layout: dataset dimension %d outside 1..%d", ds->dim,
                            CT_MAX_DIM);
    if (tree->n == 0) return CT_OK;
    if (!ds->x || !ds->v || !ds->p || ds->m < 1)
        return ct_error_set(
            err, CT_EINVAL,
            "layout: dataset has no coordinates or no factor (V, p): compute it first");
    if (tree->root < 0 || tree->root >= tree->n)
        return ct_error_set(err, CT_EINVAL, "layout: tree root %d out of range", (int)tree->root);
    if (!tree->level || !tree->si || !tree->min_index || !tree->parent_dist ||
        !tree->child_offset || (tree->n > 1 && !tree->children))
        return ct_error_set(err, CT_EINVAL,
                            "layout: tree is missing level/si/min_index/parent_dist/child arrays");
    return CT_OK;
}

/* Non-NULL even for n == 0, so a built layout always has its arrays. */
static void *alloc_array(int64_t count, size_t size)
{
    return ct_malloc_array(count > 0 ? (size_t)count : 1, size);
}

int ct_layout_build(const ct_dataset *ds, const ct_tree *tree, ct_topology topology, ct_order order,
                    ct_data data, ct_precision precision, ct_layout *out, ct_error *err)
{
    if (!out) return ct_error_set(err, CT_EINVAL, "layout: missing output");
    memset(out, 0, sizeof *out);
    out->root = -1;
    int rc = check_inputs(ds, tree, topology, order, data, precision, err);
    if (rc != CT_OK) return rc;

    const int32_t n = tree->n;
    out->n = n;
    out->topology = topology;
    out->order = order;
    out->data = data;
    out->precision = precision;
    out->node_to_point = alloc_array(n, sizeof(int32_t));
    out->point_to_node = alloc_array(n, sizeof(int32_t));
    out->level = alloc_array(n, sizeof(int32_t));
    out->si = alloc_array(n, sizeof(double));
    out->min_index = alloc_array(n, sizeof(int32_t));
    out->parent_dist = alloc_array(n, sizeof(double));
    if (!out->node_to_point || !out->point_to_node || !out->level || !out->si || !out->min_index ||
        !out->parent_dist) {
        rc = ct_error_set(err, CT_ENOMEM, "layout: no memory for %d nodes", (int)n);
        goto cleanup;
    }

    rc = ct_order_permutation(order, ds, tree, out->node_to_point, err);
    if (rc != CT_OK) goto cleanup;
    for (int32_t i = 0; i < n; i++) out->point_to_node[i] = -1;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = out->node_to_point[k];
        if (p < 0 || p >= n || out->point_to_node[p] != -1) {
            rc = ct_error_set(err, CT_EINTERNAL,
                              "layout: node numbering is not a permutation "
                              "(node %d -> point %d)",
                              (int)k, (int)p);
            goto cleanup;
        }
        out->point_to_node[p] = k;
        out->level[k] = tree->level[p];
        out->si[k] = tree->si[p];
        out->min_index[k] = tree->min_index[p];
        out->parent_dist[k] = tree->parent_dist[p];
    }
    out->root = n > 0 ? out->point_to_node[tree->root] : -1;

    rc = ct_layout_lower_topology(tree, out, err);
    if (rc != CT_OK) goto cleanup;
    rc = ct_layout_place_rows(ds, out, err);

cleanup:
    if (rc != CT_OK) ct_layout_free(out);
    return rc;
}
