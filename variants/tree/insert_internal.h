/* insert_internal.h -- what insert.c and descend.c share: the record of a
 * batch's phase 1 (steps and probes), the radius table, the covering rule,
 * and the grouped phase 1 of descend.c.  Nothing here leaves ct_tree.
 */
#ifndef CT_TREE_INSERT_INTERNAL_H
#define CT_TREE_INSERT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tree_internal.h"

/* One recorded step of phase 1 at a node of the path. */
typedef struct step {
    int32_t nf;   /* child count of the node when the batch started */
    int32_t best; /* position of the nearest covering frozen child, -1 if none */
    double dist;  /* its distance */
} step;

/* Phase-1 outcome of one point. */
typedef struct probe {
    double root_dist; /* d(x, root) */
    int32_t len;      /* recorded steps */
    int32_t bad_j;    /* a point whose distance to x is unusable, or -1 */
    double bad_d;     /* that distance */
} probe;

/* base^level for levels 0, -1, ..., -(count-1), from ct_tree_radius (so
 * bit-identical to it), refreshed per batch; deeper levels call it directly. */
typedef struct radii {
    double base;
    double *r;
    int64_t count, cap;
} radii;

double ct_tree_radius_at(const radii *rt, int32_t level);

/* Nearest covering entry of d[0..count) (d <= r), ties to the lowest position;
 * returns its position or -1.  *bad gets the first unusable position or -1. */
int32_t ct_tree_nearest_covering(const double *d, int32_t count, double r, double *best_d,
                                 int32_t *bad);

/* Working memory of descend.c, kept across batches (grow only). */
typedef struct descend_ws {
    void *walk; /* walkers, sorted by node */
    int32_t walk_cap;
    int32_t *state; /* per batch point: node, level, steps so far, done */
    int32_t state_cap;
    int32_t *ids;   /* the points of one screened block */
    int32_t *tasks; /* start positions of the exact tasks */
    int32_t ids_cap;
    double *approx, *bound; /* one screened block */
    int64_t cells_cap;
    double *exact; /* nthreads blocks of exact_cap: exact distances of a chunk */
    int32_t *cand; /* nthreads blocks of exact_cap: candidate ids / positions */
    int64_t exact_cap;
    double *screen; /* the metric's screen work space */
    size_t screen_cap;
    int nthreads;
} descend_ws;

void ct_tree_descend_ws_free(descend_ws *ws);

/* Phase 1 of a batch, grouped: for points[0..count) (the batch, insertion
 * order) fill steps[b * max_path ..] and probes[b] exactly as probing each
 * point alone on the frozen tree t does (insert.c), but evaluating the
 * children of a node once for all points that stand at it: with
 * metric->dist_block (exact, bit-identical to dist_many by contract) or,
 * for large groups, metric->dist_screen followed by dist_many on the pairs
 * the screen cannot rule out.  Needs metric->dist_block.  CT_OK or
 * CT_ENOMEM. */
int ct_tree_descend_batch(const ct_metric_fn *metric, const tree_lists *t, int32_t root,
                          const radii *rt, const int32_t *points, int32_t count, int64_t max_path,
                          step *steps, probe *probes, descend_ws *ws);

#endif
