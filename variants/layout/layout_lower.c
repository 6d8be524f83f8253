/* layout_lower.c -- the topology axis: store the tree's children in node ids.
 *
 * ll:  first_child[k] / next_sibling[k], a linked list per parent;
 * csr: child_offset[k] .. child_offset[k+1] index children[], siblings contiguous.
 * Both keep each parent's children in the canonical child order of the tree
 * (tree->children), so every traversal visits nodes in the same order under
 * every layout and the work counters agree.  The tree's child arrays are
 * checked on the way (ranges, every non-root node a child exactly once), so a
 * malformed tree is an error here rather than a loop in an engine.
 */
#include <string.h>

#include "ct/alloc.h"
#include "layout_internal.h"

/* Child ranges well formed, every non-root point a child exactly once. */
static int check_children(const ct_tree *tree, ct_error *err)
{
    const int32_t n = tree->n;
    const int32_t *off = tree->child_offset;
    int rc = CT_OK;
    unsigned char *seen = NULL;

    if (off[0] != 0 || off[n] != n - 1) {
        rc = ct_error_set(err, CT_EINVAL,
                          "layout: tree child offsets span [%d, %d), expected [0, %d)", (int)off[0],
                          (int)off[n], (int)(n - 1));
        goto cleanup;
    }
    seen = ct_calloc((size_t)n, 1);
    if (!seen) {
        rc = ct_error_set(err, CT_ENOMEM, "layout: no memory to check %d nodes", (int)n);
        goto cleanup;
    }
    seen[tree->root] = 1;
    for (int32_t p = 0; p < n; p++) {
        if (off[p + 1] < off[p]) {
            rc = ct_error_set(err, CT_EINVAL, "layout: tree child offsets decrease at node %d",
                              (int)p);
            goto cleanup;
        }
        for (int32_t c = off[p]; c < off[p + 1]; c++) {
            int32_t child = tree->children[c];
            if (child < 0 || child >= n || seen[child]) {
                rc = ct_error_set(err, CT_EINVAL,
                                  "layout: tree child %d of node %d is out of range, "
                                  "the root or repeated",
                                  (int)child, (int)p);
                goto cleanup;
            }
            seen[child] = 1;
        }
    }

cleanup:
    ct_free(seen);
    return rc;
}

static int lower_ll(const ct_tree *tree, ct_layout *l, ct_error *err)
{
    const int32_t n = l->n;
    l->first_child = ct_malloc_array(n > 0 ? (size_t)n : 1, sizeof(int32_t));
    l->next_sibling = ct_malloc_array(n > 0 ? (size_t)n : 1, sizeof(int32_t));
    if (!l->first_child || !l->next_sibling)
        return ct_error_set(err, CT_ENOMEM, "layout: no memory for ll arrays of %d nodes", (int)n);
    for (int32_t k = 0; k < n; k++) {
        l->first_child[k] = -1;
        l->next_sibling[k] = -1;
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t p = l->node_to_point[k];
        int32_t begin = tree->child_offset[p], end = tree->child_offset[p + 1];
        if (begin == end) continue;
        l->first_child[k] = l->point_to_node[tree->children[begin]];
        for (int32_t c = begin; c + 1 < end; c++)
            l->next_sibling[l->point_to_node[tree->children[c]]] =
                l->point_to_node[tree->children[c + 1]];
    }
    return CT_OK;
}

static int lower_csr(const ct_tree *tree, ct_layout *l, ct_error *err)
{
    const int32_t n = l->n;
    l->child_offset = ct_malloc_array((size_t)n + 1, sizeof(int32_t));
    l->children = ct_malloc_array(n > 1 ? (size_t)(n - 1) : 1, sizeof(int32_t));
    if (!l->child_offset || !l->children)
        return ct_error_set(err, CT_ENOMEM, "layout: no memory for csr arrays of %d nodes", (int)n);
    l->child_offset[0] = 0;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = l->node_to_point[k];
        int32_t begin = tree->child_offset[p], end = tree->child_offset[p + 1];
        int32_t out = l->child_offset[k];
        for (int32_t c = begin; c < end; c++)
            l->children[out++] = l->point_to_node[tree->children[c]];
        l->child_offset[k + 1] = out;
    }
    return CT_OK;
}

int ct_layout_lower_topology(const ct_tree *tree, ct_layout *l, ct_error *err)
{
    if (l->n > 0) {
        int rc = check_children(tree, err);
        if (rc != CT_OK) return rc;
    }
    switch (l->topology) {
    case CT_TOPOLOGY_LL: return lower_ll(tree, l, err);
    case CT_TOPOLOGY_CSR: return lower_csr(tree, l, err);
    default: return ct_error_set(err, CT_EINVAL, "layout: unknown topology %d", (int)l->topology);
    }
}
