/* order_bfs.c -- breadth-first node numbering of the canonical tree.
 *
 * Walk from the root, appending each dequeued node's children in the tree's
 * canonical child order (tree->children).  The queue is the output array
 * itself.  Under this numbering every sibling list is a contiguous, increasing
 * range of node ids, which is what the bfs order is for.  A malformed tree
 * (bad ranges, a node reached twice, nodes not reachable) is CT_EINVAL.
 */
#include "ct/alloc.h"
#include "order_internal.h"

int ct_order_bfs(const ct_tree *tree, int32_t *perm, ct_error *err)
{
    const int32_t n = tree->n;
    int rc = CT_OK;
    unsigned char *seen = NULL;

    if (n == 0) goto cleanup;
    if (tree->root < 0 || tree->root >= n || !tree->child_offset || (n > 1 && !tree->children)) {
        rc = ct_error_set(err, CT_EINVAL, "bfs order: tree has no valid root or child arrays");
        goto cleanup;
    }
    seen = ct_calloc((size_t)n, 1);
    if (!seen) {
        rc = ct_error_set(err, CT_ENOMEM, "bfs order: no memory for %d nodes", (int)n);
        goto cleanup;
    }

    int32_t head = 0, tail = 0;
    perm[tail++] = tree->root;
    seen[tree->root] = 1;
    while (head < tail) {
        int32_t node = perm[head++];
        int32_t begin = tree->child_offset[node], end = tree->child_offset[node + 1];
        if (begin < 0 || end < begin || end > n - 1) {
            rc = ct_error_set(err, CT_EINVAL,
                              "bfs order: child range [%d, %d) of node %d is invalid", (int)begin,
                              (int)end, (int)node);
            goto cleanup;
        }
        for (int32_t c = begin; c < end; c++) {
            int32_t child = tree->children[c];
            if (child < 0 || child >= n || seen[child]) {
                rc = ct_error_set(err, CT_EINVAL,
                                  "bfs order: child %d of node %d is out of range "
                                  "or reached twice",
                                  (int)child, (int)node);
                goto cleanup;
            }
            seen[child] = 1;
            perm[tail++] = child;
        }
    }
    if (tail != n)
        rc = ct_error_set(err, CT_EINVAL, "bfs order: only %d of %d nodes reachable from the root",
                          (int)tail, (int)n);

cleanup:
    ct_free(seen);
    return rc;
}
