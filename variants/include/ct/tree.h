/* tree.h -- the canonical cover tree, its build and its checker (docs/ALGORITHM.md §4).
 *
 * The canonical tree is expressed in dataset indices: every point is one node.
 * It is a simplified cover tree (Izbicki & Shelton 2015) in which a child's
 * level is always its parent's level - 1:
 *   covering:   d(c, parent(c)) <= base^level(parent(c))
 *   separation: siblings are more than base^(level(parent) - 1) apart
 *   si[n] >= d(n, x) for every descendant x (sum bound or exact maximum)
 * The root (the first point of the insertion order) has level 0; since d <= 1
 * it covers everything.  All layouts are derived from this one tree.
 */
#ifndef CT_TREE_H
#define CT_TREE_H

#include <stdint.h>
#include "metric.h"
#include "status.h"

typedef enum { CT_SI_SUM = 0, CT_SI_EXACT = 1 } ct_si_mode;

/* "sum", "exact" <-> enum (core/names.c); NULL / -1 if unknown. */
const char *ct_si_mode_name(ct_si_mode mode);
int ct_si_mode_find(const char *name);

typedef struct ct_build_params {
    double base;        /* > 1, default 2 */
    ct_si_mode si_mode; /* default CT_SI_SUM */
    int batch;          /* candidates per parallel batch, default 512 */
} ct_build_params;

void ct_build_params_default(ct_build_params *bp);

typedef struct ct_tree {
    int32_t n;
    int32_t root; /* -1 when n == 0 */
    double base;
    ct_si_mode si_mode;
    int32_t *parent;       /* n; -1 for the root */
    int32_t *level;        /* n */
    double *parent_dist;   /* n; d(node, parent), 0 for the root */
    double *si;            /* n; subtree radius bound */
    int32_t *min_index;    /* n; smallest dataset index in the subtree */
    int32_t *child_offset; /* n + 1; children of i are children[child_offset[i] .. [i+1]) */
    int32_t *children;     /* n - 1 (or 0); in insertion order */
    int32_t *insertion;    /* n; the insertion order used */
    int32_t depth;         /* number of distinct levels below the root */
} ct_tree;

/* Build by batch insertion in `order` (a permutation of 0..n-1).  OpenMP
 * parallel within a batch, deterministic: the result does not depend on the
 * thread count.  n == 0 gives an empty tree. */
int ct_tree_build(const ct_metric_fn *metric, int32_t n, const int32_t *order,
                  const ct_build_params *bp, ct_tree *out, ct_error *err);

/* Prove the invariants: every point once, one root, parent/child arrays agree,
 * levels decrease by one, covering, separation, si bounds (against exact
 * distances to every descendant, within `slack`), min_index.  Returns CT_OK or
 * CT_EVERIFY with the first violation in err. */
int ct_tree_check(const ct_metric_fn *metric, const ct_tree *tree, double slack, ct_error *err);

/* The metric-free part of ct_tree_check, O(n): the structure, parent_dist and
 * si finite and >= 0, min_index, depth and insertion.  It proves a tree read
 * from outside (harness/measure/sim_state.c) is safe to walk and lower -- every
 * index in range, every node reached once -- not that it covers its points.
 * CT_OK, CT_EVERIFY with the first violation, CT_EINVAL, CT_ENOMEM. */
int ct_tree_check_shape(const ct_tree *tree, ct_error *err);

void ct_tree_free(ct_tree *tree);

#endif
