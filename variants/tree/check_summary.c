/* check_summary.c -- the checker's last step on a valid tree: min_index (the
 * smallest dataset index in each subtree, recomputed bottom-up over a
 * breadth-first order), depth (max level - min level) and, when present, the
 * insertion order (a permutation starting at the root). */
#include "ct/alloc.h"
#include "tree_internal.h"

static int check_min_index(const ct_tree *t, int32_t *queue, int32_t *expect, ct_error *err)
{
    int32_t n = t->n, head = 0, tail = 0;
    queue[tail++] = t->root;
    while (head < tail) {
        int32_t p = queue[head++];
        for (int32_t e = t->child_offset[p]; e < t->child_offset[p + 1]; e++)
            queue[tail++] = t->children[e];
    }
    for (int32_t i = 0; i < n; i++) expect[i] = i;
    for (int32_t k = n - 1; k >= 1; k--) {
        int32_t x = queue[k], p = t->parent[x];
        if (expect[x] < expect[p]) expect[p] = expect[x];
    }
    for (int32_t i = 0; i < n; i++) {
        if (t->min_index[i] != expect[i])
            return ct_error_set(err, CT_EVERIFY,
                                "min_index[%d] = %d, expected %d (smallest index in its subtree)",
                                (int)i, (int)t->min_index[i], (int)expect[i]);
    }
    return CT_OK;
}

static int check_depth(const ct_tree *t, ct_error *err)
{
    int32_t lo = t->level[0], hi = t->level[0], expect;
    for (int32_t i = 1; i < t->n; i++) {
        if (t->level[i] < lo) lo = t->level[i];
        if (t->level[i] > hi) hi = t->level[i];
    }
    expect = t->n > 1 ? hi - lo : 0;
    if (t->depth != expect)
        return ct_error_set(err, CT_EVERIFY, "depth = %d, expected %d (max level - min level)",
                            (int)t->depth, (int)expect);
    return CT_OK;
}

/* expect is reused as a mark array. */
static int check_insertion(const ct_tree *t, int32_t *mark, ct_error *err)
{
    if (!t->insertion) return CT_OK;
    if (t->insertion[0] != t->root)
        return ct_error_set(err, CT_EVERIFY, "insertion[0] = %d but the root is %d",
                            (int)t->insertion[0], (int)t->root);
    for (int32_t i = 0; i < t->n; i++) mark[i] = 0;
    for (int32_t k = 0; k < t->n; k++) {
        int32_t i = t->insertion[k];
        if (i < 0 || i >= t->n || mark[i])
            return ct_error_set(err, CT_EVERIFY,
                                "insertion order is not a permutation (insertion[%d] = %d)", (int)k,
                                (int)i);
        mark[i] = 1;
    }
    return CT_OK;
}

int ct_tree_check_summary(const ct_tree *t, ct_error *err)
{
    int rc;
    int32_t *queue = ct_malloc_array((size_t)t->n, sizeof *queue);
    int32_t *expect = ct_malloc_array((size_t)t->n, sizeof *expect);
    if (!queue || !expect) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory checking the tree summaries");
        goto done;
    }
    rc = check_min_index(t, queue, expect, err);
    if (rc != CT_OK) goto done;
    rc = check_depth(t, err);
    if (rc != CT_OK) goto done;
    rc = check_insertion(t, expect, err);
done:
    ct_free(queue);
    ct_free(expect);
    return rc;
}
