/* check.c -- ct_tree_check: prove a tree's invariants, reporting the first
 * violation.  Runs structure (one root, every node reachable exactly once,
 * CSR agrees with parent, levels), then the metric invariants (covering and
 * parent_dist, separation, si against exact distances), then the summaries
 * (min_index, depth, insertion).  Nothing recurses: trees can be thousands of
 * levels deep. */
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
