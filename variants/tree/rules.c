/* rules.c -- the two numeric rules the tree build and the checker share:
 * the radius of a level and which metric values are acceptable.  Kept in one
 * place so that build and check compute base^level bit-identically. */
#include <math.h>

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
