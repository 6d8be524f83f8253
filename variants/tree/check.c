/* check.c -- ct_tree_check: prove a tree's invariants, reporting the first
 * violation.  Runs structure (one root, every node reachable exactly once,
 * CSR agrees with parent, levels), then the metric invariants (covering and
 * parent_dist, separation, si against exact distances), then the summaries
 * (min_index, depth, insertion).  ct_tree_check_shape runs the same minus
 * the metric: structure, finite non-negative parent_dist and si, summaries.
 * ct_tree_check_radii runs structure plus the parent_dist and si parts only,
 * for a tree built in another metric (ct_tree_reradius).
 * Nothing recurses: trees can be thousands of levels deep. */
#include <math.h>

#include "tree_internal.h"

int ct_tree_check(const ct_metric_fn *metric, const ct_tree *tree, double slack, ct_error *err)
{
    int rc;
    if (!tree) return ct_error_set(err, CT_EINVAL, "tree check: no tree");
    if (!metric || !metric->dist_many) return ct_error_set(err, CT_EINVAL, "tree check: no metric");
    if (!(slack >= 0.0) || !isfinite(slack))
        return ct_error_set(err, CT_EINVAL, "tree check: slack = %g must be finite and >= 0",
                            slack);
    rc = ct_tree_check_structure(tree, err);
    if (rc != CT_OK || tree->n == 0) return rc;
    rc = ct_tree_check_metric(metric, tree, slack, err);
    if (rc != CT_OK) return rc;
    return ct_tree_check_summary(tree, err);
}

/* parent_dist and si finite and >= 0: what can be said of them without a metric. */
static int check_values(const ct_tree *t, ct_error *err)
{
    for (int32_t i = 0; i < t->n; i++) {
        if (!isfinite(t->parent_dist[i]) || t->parent_dist[i] < 0.0)
            return ct_error_set(err, CT_EVERIFY, "parent_dist[%d] = %g is not finite and >= 0",
                                (int)i, t->parent_dist[i]);
        if (!isfinite(t->si[i]) || t->si[i] < 0.0)
            return ct_error_set(err, CT_EVERIFY, "si[%d] = %g is not finite and >= 0", (int)i,
                                t->si[i]);
    }
    return CT_OK;
}

int ct_tree_check_shape(const ct_tree *tree, ct_error *err)
{
    int rc;
    if (!tree) return ct_error_set(err, CT_EINVAL, "tree check: no tree");
    rc = ct_tree_check_structure(tree, err);
    if (rc != CT_OK || tree->n == 0) return rc;
    rc = check_values(tree, err);
    if (rc != CT_OK) return rc;
    return ct_tree_check_summary(tree, err);
}

int ct_tree_check_radii(const ct_metric_fn *metric, const ct_tree *tree, double slack,
                        ct_error *err)
{
    int rc;
    if (!tree) return ct_error_set(err, CT_EINVAL, "tree check: no tree");
    if (!metric || !metric->dist_many) return ct_error_set(err, CT_EINVAL, "tree check: no metric");
    if (!(slack >= 0.0) || !isfinite(slack))
        return ct_error_set(err, CT_EINVAL, "tree check: slack = %g must be finite and >= 0",
                            slack);
    rc = ct_tree_check_structure(tree, err);
    if (rc != CT_OK || tree->n == 0) return rc;
    return ct_tree_check_metric_parts(metric, tree, slack, CT_CHECK_PARENT | CT_CHECK_SI, err);
}
