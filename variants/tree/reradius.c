/* reradius.c -- ct_tree_reradius: re-express a tree built in one metric (the
 * "hybrid" build of issue 13 E11: Euclidean distance on the coordinates) in
 * another (the residual metric the queries use).  The shape (parents, levels,
 * children) stays; the build's parent_dist and si are kept in
 * build_parent_dist / build_si so the checker can still prove the cover-tree
 * invariants in the build metric; parent_dist[c] = d(c, parent) and the exact
 * subtree radius si[a] = max over descendants x of d(a, x) are recomputed in
 * the new metric.  Pruning needs only d(a, x) <= si[a] (and parent_dist for
 * +pbound), so a residual search over the result is exact.
 */
#include "ct/alloc.h"
#include "tree_internal.h"

int ct_tree_reradius(const ct_metric_fn *metric, ct_tree *tree, ct_error *err)
{
    size_t un;
    double *pd, *si;
    int rc;

    if (!tree || !metric || !metric->dist_many)
        return ct_error_set(err, CT_EINVAL, "tree reradius: no tree or no metric");
    if (tree->build_parent_dist || tree->build_si)
        return ct_error_set(err, CT_EINVAL, "tree reradius: the tree was already re-radiused");
    if (tree->n == 0) return CT_OK;
    un = (size_t)tree->n;
    pd = ct_malloc_array(un, sizeof *pd);
    si = ct_malloc_array(un, sizeof *si);
    if (!pd || !si) {
        ct_free(pd);
        ct_free(si);
        return ct_error_set(err, CT_ENOMEM, "out of memory re-radiusing the tree");
    }
    for (int32_t c = 0; c < tree->n; c++) {
        int32_t p = tree->parent[c];
        pd[c] = 0.0;
        if (p < 0) continue;
        metric->dist_many(metric->ctx, p, &c, 1, &pd[c]);
        if (!ct_tree_dist_ok(pd[c])) {
            rc = ct_error_set(err, CT_EINVAL, "metric returned d(%d, %d) = %.17g, outside [0, 1]",
                              (int)c, (int)p, pd[c]);
            ct_free(pd);
            ct_free(si);
            return rc;
        }
    }
    tree->build_parent_dist = tree->parent_dist;
    tree->build_si = tree->si;
    tree->build_si_mode = tree->si_mode;
    tree->parent_dist = pd;
    tree->si = si;
    tree->si_mode = CT_SI_EXACT;
    return ct_tree_radius_exact(metric, tree, err);
}
