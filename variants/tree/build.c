/* build.c -- ct_tree_build: validate the request, insert, finish; the
 * definition of the canonical cover tree.
 *
 * SEQUENTIAL SEMANTICS (this defines the tree).  Points are inserted in
 * `order`.  The first becomes the root, level 0.  To insert x: p = root
 * (d(root, x) <= 1 = base^0 always holds because the metric is bounded by 1;
 * a metric value > 1 + 1e-12, negative or NaN fails with CT_EINVAL naming the
 * two points).  At node p (level L), among p's children c (all at level L-1)
 * with d(c, x) <= base^(L-1) pick the nearest, ties broken by the earlier
 * position in p's child list; if there is one, p = c and repeat; otherwise
 * append x as the last child of p with level L-1 and parent_dist = d(p, x)
 * (known from the descent; the root's from the first step).  This gives
 * covering d(c, parent) <= base^level(parent) and separation (siblings more
 * than base^(level(parent)-1) apart) by construction.  Exact duplicates
 * (d = 0) chain down one level each, so levels can be very negative and
 * base^L may underflow to 0; radii are computed with pow (rules.c), never by
 * indexing a table with a level.
 *
 * PARALLEL BATCHES WITH IDENTICAL RESULT (insert.c).  The order is processed
 * in batches of bp->batch points.  Phase 1 (OpenMP parallel for over the
 * batch, tree frozen): each point descends the frozen tree applying the rule
 * over the children that existed at batch start, recording its path: per
 * step the node's child count at batch start, the chosen child and its
 * distance (or "none").  Distances to a node's children come from one
 * metric->dist_many call per point, or, when the metric offers dist_block,
 * from one evaluation per node for all the batch's points standing at it
 * (descend.c; large groups are first screened with dist_screen, which only
 * ever rules pairs out with a rigorous bound, the exact values still coming
 * from dist_many): the recorded steps are the same doubles and decisions
 * either way.  Phase 2 (sequential, insertion order): each point
 * is replayed; at each node p on its way the best frozen child is known from
 * phase 1 and children appended during this batch come after the frozen
 * prefix of p's list, so only those are evaluated; the nearest covering child
 * overall wins, ties to the earlier list position (hence to the frozen one).
 * If the recorded frozen child wins, the recorded path is followed; if a new
 * child wins, a full sequential descent continues from there.  The tree is
 * therefore the sequential tree, whatever the batch size and thread count,
 * provided dist_many(i, js) returns for each j a value that depends only on
 * (i, j) and not on the rest of js.  (When the tree is very deep the batch is
 * shrunk to bound the recorded paths; by the same argument this cannot change
 * the result.)
 *
 * FINISHING (finish.c).  Children are emitted as CSR child_offset/children in
 * child-list (insertion) order; parent_dist is stored.  si: CT_SI_SUM is the
 * post-order si[n] = max over children c of parent_dist[c] + si[c] (leaves 0);
 * CT_SI_EXACT is si[a] = max over all descendants x of d(a, x) computed with
 * the metric (OpenMP over a).  min_index by post-order.  depth = max level -
 * min level (0 for n <= 1).  insertion = a copy of order.
 *
 * STAR SHORTCUT (star.c, bp->shortcut = CT_SHORTCUT_STAR): the report's bug
 * reproduced on purpose.  Every point but the root becomes a child of the
 * root at level -1, in insertion order, parent_dist = d(root, x).  Covering
 * holds (d <= 1 = base^0), separation does not (the checker skips it for such
 * a tree and ct_tree_shape_warning flags the shape); si is computed as for
 * any tree, so a search over it is exact, it just prunes nothing.
 *
 * bp->metric is recorded in the tree; the metric itself is the caller's
 * (ct_run_build_tree passes a Euclidean one for CT_BUILD_EUCLIDEAN and then
 * calls ct_tree_reradius).
 *
 * Validation: order is a permutation of 0..n-1, base > 1 and finite,
 * batch >= 1, si_mode known (CT_EINVAL otherwise).  n == 0 gives root -1 and
 * child_offset = {0}, every other array NULL.
 */
#include <math.h>
#include <string.h>

#include "ct/alloc.h"
#include "tree_internal.h"

void ct_build_params_default(ct_build_params *bp)
{
    bp->base = 2.0;
    bp->si_mode = CT_SI_SUM;
    bp->batch = 512;
    bp->shortcut = CT_SHORTCUT_NONE;
    bp->metric = CT_BUILD_RESIDUAL;
}

void ct_tree_free(ct_tree *tree)
{
    if (!tree) return;
    ct_free(tree->parent);
    ct_free(tree->level);
    ct_free(tree->parent_dist);
    ct_free(tree->si);
    ct_free(tree->min_index);
    ct_free(tree->child_offset);
    ct_free(tree->children);
    ct_free(tree->insertion);
    ct_free(tree->build_parent_dist);
    ct_free(tree->build_si);
    memset(tree, 0, sizeof *tree);
    tree->root = -1;
}

/* CT_OK when order[0..n) is a permutation of 0..n-1. */
static int check_permutation(int32_t n, const int32_t *order, ct_error *err)
{
    int rc = CT_OK;
    unsigned char *seen = ct_calloc((size_t)n, 1);
    if (!seen) return ct_error_set(err, CT_ENOMEM, "out of memory checking the order");
    for (int32_t k = 0; k < n; k++) {
        int32_t i = order[k];
        if (i < 0 || i >= n) {
            rc = ct_error_set(err, CT_EINVAL, "insertion order[%d] = %d is outside [0, %d)", (int)k,
                              (int)i, (int)n);
            goto done;
        }
        if (seen[i]) {
            rc = ct_error_set(err, CT_EINVAL,
                              "insertion order is not a permutation: %d appears twice (again "
                              "at position %d)",
                              (int)i, (int)k);
            goto done;
        }
        seen[i] = 1;
    }
done:
    ct_free(seen);
    return rc;
}

static int check_request(const ct_metric_fn *metric, int32_t n, const int32_t *order,
                         const ct_build_params *bp, ct_error *err)
{
    if (!metric || !metric->dist_many) return ct_error_set(err, CT_EINVAL, "tree build: no metric");
    if (n < 0) return ct_error_set(err, CT_EINVAL, "tree build: n = %d is negative", (int)n);
    if (n > 0 && !order) return ct_error_set(err, CT_EINVAL, "tree build: no insertion order");
    if (!(bp->base > 1.0) || !isfinite(bp->base))
        return ct_error_set(err, CT_EINVAL, "tree build: base = %g must be finite and > 1",
                            bp->base);
    if (bp->batch < 1)
        return ct_error_set(err, CT_EINVAL, "tree build: batch = %d must be >= 1", bp->batch);
    if (bp->si_mode != CT_SI_SUM && bp->si_mode != CT_SI_EXACT)
        return ct_error_set(err, CT_EINVAL, "tree build: unknown si mode %d", (int)bp->si_mode);
    if (!ct_build_shortcut_name(bp->shortcut))
        return ct_error_set(err, CT_EINVAL, "tree build: unknown shortcut %d", (int)bp->shortcut);
    if (!ct_build_metric_name(bp->metric))
        return ct_error_set(err, CT_EINVAL, "tree build: unknown build metric %d", (int)bp->metric);
    return n > 0 ? check_permutation(n, order, err) : CT_OK;
}

int ct_tree_build(const ct_metric_fn *metric, int32_t n, const int32_t *order,
                  const ct_build_params *bp, ct_tree *out, ct_error *err)
{
    int rc;
    ct_build_params defaults;
    tree_lists lists;

    memset(&lists, 0, sizeof lists);
    if (!out) return ct_error_set(err, CT_EINVAL, "tree build: no output tree");
    memset(out, 0, sizeof *out);
    out->root = -1;
    if (!bp) {
        ct_build_params_default(&defaults);
        bp = &defaults;
    }
    rc = check_request(metric, n, order, bp, err);
    if (rc != CT_OK) goto done;
    out->n = n;
    out->base = bp->base;
    out->si_mode = bp->si_mode;
    out->shortcut = bp->shortcut;
    out->metric = bp->metric;
    if (n == 0) {
        out->child_offset = ct_calloc(1, sizeof *out->child_offset);
        if (!out->child_offset) rc = ct_error_set(err, CT_ENOMEM, "out of memory");
        goto done;
    }

    if (bp->shortcut == CT_SHORTCUT_STAR) rc = ct_tree_insert_star(metric, n, order, &lists, err);
    else rc = ct_tree_insert_all(metric, n, order, bp->base, bp->batch, &lists, err);
    if (rc != CT_OK) goto done;
    out->root = order[0];
    out->parent = lists.parent;
    out->level = lists.level;
    out->parent_dist = lists.parent_dist;
    lists.parent = NULL;
    lists.level = NULL;
    lists.parent_dist = NULL;
    out->insertion = ct_malloc_array((size_t)n, sizeof *out->insertion);
    if (!out->insertion) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory for the insertion order copy");
        goto done;
    }
    memcpy(out->insertion, order, (size_t)n * sizeof *order);
    rc = ct_tree_finish(metric, &lists, out, err);
done:
    ct_tree_lists_free(&lists);
    if (rc != CT_OK) ct_tree_free(out);
    return rc;
}
