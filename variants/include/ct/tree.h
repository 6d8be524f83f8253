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

#include <stddef.h>
#include <stdint.h>
#include "metric.h"
#include "status.h"

typedef enum { CT_SI_SUM = 0, CT_SI_EXACT = 1 } ct_si_mode;

/* "sum", "exact" <-> enum (core/names.c); NULL / -1 if unknown. */
const char *ct_si_mode_name(ct_si_mode mode);
int ct_si_mode_find(const char *name);

/* The star-tree bug of the report (issue 13, E12): CT_SHORTCUT_STAR attaches
 * every point to the root (level -1, parent_dist = d(root, x)), a valid
 * covering with no separation and no pruning; kept to measure what it cost. */
typedef enum { CT_SHORTCUT_NONE = 0, CT_SHORTCUT_STAR = 1 } ct_build_shortcut;

/* The metric the tree is built in (issue 13, E11): CT_BUILD_RESIDUAL ("pure")
 * or CT_BUILD_EUCLIDEAN ("hybrid": Euclidean distance on the coordinates,
 * scaled into [0, 1], then parent_dist and exact si recomputed in the residual
 * metric by ct_tree_reradius so residual queries stay exact). */
typedef enum { CT_BUILD_RESIDUAL = 0, CT_BUILD_EUCLIDEAN = 1 } ct_build_metric;

/* "none", "star" / "residual", "euclidean" <-> enum (core/names.c); NULL / -1 if unknown. */
const char *ct_build_shortcut_name(ct_build_shortcut s);
int ct_build_shortcut_find(const char *name);
const char *ct_build_metric_name(ct_build_metric m);
int ct_build_metric_find(const char *name);

typedef struct ct_build_params {
    double base;                /* > 1, default 2 */
    ct_si_mode si_mode;         /* default CT_SI_SUM */
    int batch;                  /* candidates per parallel batch, default 512 */
    ct_build_shortcut shortcut; /* default CT_SHORTCUT_NONE */
    ct_build_metric metric;     /* default CT_BUILD_RESIDUAL (used by ct_run_build_tree) */
} ct_build_params;

void ct_build_params_default(ct_build_params *bp);

typedef struct ct_tree {
    int32_t n;
    int32_t root; /* -1 when n == 0 */
    double base;
    ct_si_mode si_mode;
    int32_t *parent;            /* n; -1 for the root */
    int32_t *level;             /* n */
    double *parent_dist;        /* n; d(node, parent), 0 for the root */
    double *si;                 /* n; subtree radius bound */
    int32_t *min_index;         /* n; smallest dataset index in the subtree */
    int32_t *child_offset;      /* n + 1; children of i are children[child_offset[i] .. [i+1]) */
    int32_t *children;          /* n - 1 (or 0); in insertion order */
    int32_t *insertion;         /* n; the insertion order used */
    int32_t depth;              /* number of distinct levels below the root */
    ct_build_shortcut shortcut; /* CT_SHORTCUT_STAR: no separation (the checker skips it) */
    ct_build_metric metric;     /* the metric the tree was built in */
    /* CT_BUILD_EUCLIDEAN after ct_tree_reradius: the build metric's parent_dist
     * and si (n each, with build_si_mode), kept so the checker can prove the
     * cover-tree invariants in that metric; NULL otherwise. */
    double *build_parent_dist;
    double *build_si;
    ct_si_mode build_si_mode;
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

/* Re-express a tree built in another metric (tree->metric = CT_BUILD_EUCLIDEAN)
 * in `metric`: the build's parent_dist and si move to build_parent_dist and
 * build_si, then parent_dist[c] = d(c, parent(c)) and si[a] = max over the
 * descendants x of d(a, x) (exact, si_mode CT_SI_EXACT) are computed with
 * `metric`.  The shape is unchanged. */
int ct_tree_reradius(const ct_metric_fn *metric, ct_tree *tree, ct_error *err);

/* The radii part of ct_tree_check alone: parent_dist[c] = d(c, parent) within
 * slack and si[a] >= d(a, x) - slack for every descendant x (no covering bound,
 * no separation): what a search in `metric` needs of a tree built in another. */
int ct_tree_check_radii(const ct_metric_fn *metric, const ct_tree *tree, double slack,
                        ct_error *err);

/* A warning about a degenerate shape: when n >= 3 and the root holds all n - 1
 * other points as children (depth 1, fan-out N - 1: the star of the report's
 * bug, a valid covering that prunes nothing), writes one line into buf and
 * returns 1; else buf = "" and 0. */
int ct_tree_shape_warning(const ct_tree *tree, char *buf, size_t size);

void ct_tree_free(ct_tree *tree);

#endif
