/* star.c -- the star shortcut (bp->shortcut = CT_SHORTCUT_STAR, issue 13 E12):
 * the report's batch-insert bug reproduced on purpose.  With a metric bounded
 * by 1 the root covers every point, and the buggy insert attached each point
 * to the root instead of descending: one root with n - 1 children at level
 * -1, parent_dist = d(root, x).  A valid covering (so the search over it is
 * exact once finish.c has computed si), no separation, no pruning below the
 * root: every query evaluates every point.  The checker skips separation for
 * such a tree and ct_tree_shape_warning flags its shape.
 */
#include <string.h>

#include "ct/alloc.h"
#include "tree_internal.h"

/* Children per dist_many call. */
#define STAR_BATCH 4096

int ct_tree_insert_star(const ct_metric_fn *metric, int32_t n, const int32_t *order,
                        tree_lists *lists, ct_error *err)
{
    size_t un = (size_t)n;
    int32_t root = order[0], rest = n - 1;
    int32_t *kids;

    memset(lists, 0, sizeof *lists);
    lists->n = n;
    lists->parent = ct_malloc_array(un, sizeof *lists->parent);
    lists->level = ct_malloc_array(un, sizeof *lists->level);
    lists->parent_dist = ct_malloc_array(un, sizeof *lists->parent_dist);
    lists->kids = ct_calloc(un, sizeof *lists->kids);
    lists->nkids = ct_calloc(un, sizeof *lists->nkids);
    lists->capkids = ct_calloc(un, sizeof *lists->capkids);
    kids = rest > 0 ? ct_malloc_array((size_t)rest, sizeof *kids) : NULL;
    if (!lists->parent || !lists->level || !lists->parent_dist || !lists->kids || !lists->nkids ||
        !lists->capkids || (rest > 0 && !kids)) {
        ct_free(kids);
        ct_tree_lists_free(lists);
        return ct_error_set(err, CT_ENOMEM, "out of memory for the star tree (n = %d)", (int)n);
    }
    lists->parent[root] = -1;
    lists->level[root] = 0;
    lists->parent_dist[root] = 0.0;
    lists->min_level = rest > 0 ? -1 : 0;
    lists->max_fanout = rest;
    if (rest > 0) {
        memcpy(kids, order + 1, (size_t)rest * sizeof *kids);
        lists->kids[root] = kids;
        lists->nkids[root] = rest;
        lists->capkids[root] = rest;
    }
    for (int32_t lo = 0; lo < rest; lo += STAR_BATCH) {
        int count = rest - lo < STAR_BATCH ? (int)(rest - lo) : STAR_BATCH;
        double buf[STAR_BATCH];
        metric->dist_many(metric->ctx, root, kids + lo, count, buf);
        for (int j = 0; j < count; j++) {
            int32_t x = kids[lo + j];
            if (!ct_tree_dist_ok(buf[j])) {
                int rc = ct_error_set(err, CT_EINVAL,
                                      "metric returned d(%d, %d) = %.17g, outside [0, 1]",
                                      (int)root, (int)x, buf[j]);
                ct_tree_lists_free(lists);
                return rc;
            }
            lists->parent[x] = root;
            lists->level[x] = -1;
            lists->parent_dist[x] = buf[j];
        }
    }
    return CT_OK;
}
