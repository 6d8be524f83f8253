/* rules.c -- the numeric rules the tree build (both insertion paths) and
 * the checker share: the radius of a level, which metric values are
 * acceptable, and which candidate covers a point.  Kept in one place so that
 * every path decides bit-identically. */
#include <math.h>

#include "insert_internal.h"
#include "tree_internal.h"

double ct_tree_radius(double base, int32_t level)
{
    /* pow, not a table: levels are unbounded below (duplicates chain down one
     * level each) and base^level may underflow to 0, which is harmless. */
    return pow(base, (double)level);
}

int ct_tree_dist_ok(double d)
{
    return d >= 0.0 && d <= CT_TREE_DIST_MAX;
}

double ct_tree_radius_at(const radii *rt, int32_t level)
{
    int64_t k = -(int64_t)level;
    return k >= 0 && k < rt->count ? rt->r[k] : ct_tree_radius(rt->base, level);
}

int32_t ct_tree_nearest_covering(const double *d, int32_t count, double r, double *best_d,
                                 int32_t *bad)
{
    int32_t best = -1;
    *bad = -1;
    for (int32_t j = 0; j < count; j++) {
        if (!ct_tree_dist_ok(d[j])) {
            *bad = j;
            return -1;
        }
        if (d[j] <= r && (best < 0 || d[j] < *best_d)) {
            best = j;
            *best_d = d[j];
        }
    }
    return best;
}
