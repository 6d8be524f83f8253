/* check_structure.c -- the metric-free part of the tree checker: array
 * presence, exactly one root (== tree->root), parents in range, CSR children
 * consistent with parent (each non-root node listed exactly once, under its
 * parent), every node reachable from the root exactly once (a breadth-first
 * walk with a queue; unreachable nodes are shown to sit on a parent cycle),
 * and levels (root 0, each child exactly one below its parent). */
#include <math.h>

#include "ct/alloc.h"
#include "tree_internal.h"

static int check_arrays(const ct_tree *t, ct_error *err)
{
    const char *missing = !t->parent                   ? "parent"
                          : !t->level                  ? "level"
                          : !t->parent_dist            ? "parent_dist"
                          : !t->si                     ? "si"
                          : !t->min_index              ? "min_index"
                          : !t->child_offset           ? "child_offset"
                          : (!t->children && t->n > 1) ? "children"
                                                       : NULL;
    if (missing)
        return ct_error_set(err, CT_EVERIFY, "tree with n = %d has no %s array", (int)t->n,
                            missing);
    if (!(t->base > 1.0) || !isfinite(t->base))
        return ct_error_set(err, CT_EVERIFY, "tree base = %g is not finite and > 1", t->base);
    return CT_OK;
}

static int check_roots(const ct_tree *t, ct_error *err)
{
    int32_t n = t->n;
    if (t->root < 0 || t->root >= n)
        return ct_error_set(err, CT_EVERIFY, "tree root %d is outside [0, %d)", (int)t->root,
                            (int)n);
    if (t->parent[t->root] != -1)
        return ct_error_set(err, CT_EVERIFY, "tree root %d has parent %d, expected -1",
                            (int)t->root, (int)t->parent[t->root]);
    for (int32_t i = 0; i < n; i++) {
        int32_t p = t->parent[i];
        if (p == -1 && i != t->root)
            return ct_error_set(err, CT_EVERIFY,
                                "two roots: node %d has parent -1 besides the root %d", (int)i,
                                (int)t->root);
        if (p != -1 && (p < 0 || p >= n || p == i))
            return ct_error_set(err, CT_EVERIFY, "parent of node %d is %d (out of range or itself)",
                                (int)i, (int)p);
    }
    return CT_OK;
}

/* CSR against parent: offsets sane, every entry a child of its list's owner,
 * no node twice, no non-root node missing.  seen: n zeroed bytes. */
static int check_children(const ct_tree *t, unsigned char *seen, ct_error *err)
{
    int32_t n = t->n;
    const int32_t *off = t->child_offset;
    if (off[0] != 0)
        return ct_error_set(err, CT_EVERIFY, "child_offset[0] = %d, expected 0", (int)off[0]);
    for (int32_t i = 0; i < n; i++) {
        if (off[i + 1] < off[i])
            return ct_error_set(err, CT_EVERIFY, "child_offset decreases at node %d (%d -> %d)",
                                (int)i, (int)off[i], (int)off[i + 1]);
    }
    if (off[n] > n - 1)
        return ct_error_set(err, CT_EVERIFY, "child lists hold %d entries, more than n - 1 = %d",
                            (int)off[n], (int)(n - 1));
    for (int32_t i = 0; i < n; i++) {
        for (int32_t e = off[i]; e < off[i + 1]; e++) {
            int32_t c = t->children[e];
            if (c < 0 || c >= n)
                return ct_error_set(err, CT_EVERIFY,
                                    "children[%d] = %d (a child of %d) is out of range", (int)e,
                                    (int)c, (int)i);
            if (t->parent[c] != i)
                return ct_error_set(err, CT_EVERIFY,
                                    "node %d is listed as a child of %d but its parent is %d",
                                    (int)c, (int)i, (int)t->parent[c]);
            if (seen[c])
                return ct_error_set(err, CT_EVERIFY,
                                    "node %d appears twice in the child lists (again under %d)",
                                    (int)c, (int)i);
            seen[c] = 1;
        }
    }
    for (int32_t i = 0; i < n; i++) {
        if (i != t->root && !seen[i])
            return ct_error_set(err, CT_EVERIFY,
                                "node %d is missing from the child lists (its parent %d does "
                                "not list it)",
                                (int)i, (int)t->parent[i]);
    }
    if (off[n] != n - 1)
        return ct_error_set(err, CT_EVERIFY, "child lists hold %d entries, expected n - 1 = %d",
                            (int)off[n], (int)(n - 1));
    return CT_OK;
}

/* A node on the parent cycle that an unreachable node's chain runs into
 * (Floyd's tortoise and hare; every chain of an unreachable node cycles). */
static int32_t cycle_node(const ct_tree *t, int32_t start)
{
    int32_t slow = start, fast = start;
    for (int64_t k = 0; k <= (int64_t)t->n; k++) {
        slow = t->parent[slow];
        fast = t->parent[t->parent[fast]];
        if (slow == fast) return slow;
    }
    return start;
}

/* Breadth-first from the root: every node exactly once.  reached: n zeroed bytes. */
static int check_reachable(const ct_tree *t, unsigned char *reached, int32_t *queue, ct_error *err)
{
    int32_t n = t->n, head = 0, tail = 0;
    queue[tail++] = t->root;
    reached[t->root] = 1;
    while (head < tail) {
        int32_t p = queue[head++];
        for (int32_t e = t->child_offset[p]; e < t->child_offset[p + 1]; e++) {
            int32_t c = t->children[e];
            if (reached[c] || tail >= n)
                return ct_error_set(err, CT_EVERIFY,
                                    "node %d is reached twice from the root (cycle through %d)",
                                    (int)c, (int)p);
            reached[c] = 1;
            queue[tail++] = c;
        }
    }
    for (int32_t i = 0; i < n; i++) {
        if (!reached[i])
            return ct_error_set(err, CT_EVERIFY,
                                "node %d is not reachable from the root %d: its parent chain "
                                "ends in a cycle through node %d",
                                (int)i, (int)t->root, (int)cycle_node(t, i));
    }
    return CT_OK;
}

static int check_levels(const ct_tree *t, ct_error *err)
{
    if (t->level[t->root] != 0)
        return ct_error_set(err, CT_EVERIFY, "root %d has level %d, expected 0", (int)t->root,
                            (int)t->level[t->root]);
    for (int32_t i = 0; i < t->n; i++) {
        int32_t p = t->parent[i];
        if (p >= 0 && (int64_t)t->level[i] != (int64_t)t->level[p] - 1)
            return ct_error_set(err, CT_EVERIFY,
                                "level of node %d is %d but its parent %d has level %d "
                                "(expected %lld)",
                                (int)i, (int)t->level[i], (int)p, (int)t->level[p],
                                (long long)t->level[p] - 1);
    }
    return CT_OK;
}

int ct_tree_check_structure(const ct_tree *t, ct_error *err)
{
    int rc;
    unsigned char *seen = NULL, *reached = NULL;
    int32_t *queue = NULL;

    if (t->n < 0) return ct_error_set(err, CT_EVERIFY, "tree has n = %d nodes", (int)t->n);
    if (t->n == 0) {
        if (t->root != -1)
            return ct_error_set(err, CT_EVERIFY, "empty tree has root %d, expected -1",
                                (int)t->root);
        if (t->child_offset && t->child_offset[0] != 0)
            return ct_error_set(err, CT_EVERIFY, "empty tree has child_offset[0] = %d",
                                (int)t->child_offset[0]);
        return CT_OK;
    }
    rc = check_arrays(t, err);
    if (rc != CT_OK) goto done;
    rc = check_roots(t, err);
    if (rc != CT_OK) goto done;
    seen = ct_calloc((size_t)t->n, 1);
    reached = ct_calloc((size_t)t->n, 1);
    queue = ct_malloc_array((size_t)t->n, sizeof *queue);
    if (!seen || !reached || !queue) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory checking the tree structure");
        goto done;
    }
    rc = check_children(t, seen, err);
    if (rc != CT_OK) goto done;
    rc = check_reachable(t, reached, queue, err);
    if (rc != CT_OK) goto done;
    rc = check_levels(t, err);
done:
    ct_free(seen);
    ct_free(reached);
    ct_free(queue);
    return rc;
}
