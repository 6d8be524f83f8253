/* tree_internal.h -- what the files of ct_tree share and nobody else sees.
 *
 * The build is three steps, one file each: insertion (insert.c: parent, level,
 * parent_dist and per-node child lists; its grouped phase 1 is descend.c,
 * sharing insert_internal.h), finishing (finish.c: CSR, si,
 * min_index, depth) and the public entry point that validates and
 * orchestrates (build.c).  The checker is likewise split into structure
 * (check_structure.c), metric invariants (check_metric.c) and summaries
 * (check_summary.c), driven by check.c.  rules.c holds the two numeric rules
 * build and checker must agree on bit for bit.
 */
#ifndef CT_TREE_INTERNAL_H
#define CT_TREE_INTERNAL_H

#include <stdint.h>

#include "ct/metric.h"
#include "ct/status.h"
#include "ct/tree.h"

/* Largest value the build accepts from the metric (d <= 1 up to rounding). */
#define CT_TREE_DIST_MAX (1.0 + 1e-12)

/* base^level, computed the same way everywhere (pow; may underflow to 0). */
double ct_tree_radius(double base, int32_t level);

/* 1 when a metric value is usable by the build: 0 <= d <= CT_TREE_DIST_MAX
 * (so NaN is not). */
int ct_tree_dist_ok(double d);

/* The result of insertion: parent, level and parent_dist of every node
 * (dataset-indexed) and each node's children as a growable list in insertion
 * order. */
typedef struct tree_lists {
    int32_t n;
    int32_t *parent;     /* n */
    int32_t *level;      /* n */
    double *parent_dist; /* n */
    int32_t **kids;      /* n lists (NULL while empty) */
    int32_t *nkids;      /* n */
    int32_t *capkids;    /* n */
    int32_t min_level;   /* lowest level so far (<= 0) */
    int32_t max_fanout;  /* largest child count so far */
} tree_lists;

/* Insert order[0..n) (a validated permutation, n >= 1) by the batched
 * algorithm described in build.c.  On success *lists owns its arrays (free
 * with ct_tree_lists_free, which also accepts a partly built or zeroed one). */
int ct_tree_insert_all(const ct_metric_fn *metric, int32_t n, const int32_t *order, double base,
                       int batch, tree_lists *lists, ct_error *err);

/* The star shortcut (star.c): every point but order[0] a child of order[0]. */
int ct_tree_insert_star(const ct_metric_fn *metric, int32_t n, const int32_t *order,
                        tree_lists *lists, ct_error *err);

void ct_tree_lists_free(tree_lists *lists);

/* si[a] = max over descendants x of d(a, x) for every node of a finished
 * tree (finish.c; OpenMP over a). */
int ct_tree_radius_exact(const ct_metric_fn *metric, ct_tree *out, ct_error *err);

/* From the lists, fill out->child_offset/children (CSR), si (by out->si_mode),
 * min_index and depth.  out->n, parent, level, parent_dist and insertion are
 * already set. */
int ct_tree_finish(const ct_metric_fn *metric, const tree_lists *lists, ct_tree *out,
                   ct_error *err);

/* Checker pieces, run in this order by ct_tree_check; each returns CT_OK or
 * CT_EVERIFY (CT_ENOMEM on allocation failure) with the first violation. */
int ct_tree_check_structure(const ct_tree *tree, ct_error *err);
int ct_tree_check_metric(const ct_metric_fn *metric, const ct_tree *tree, double slack,
                         ct_error *err);
/* The parts of the metric check (bit mask) for ct_tree_check_metric_parts. */
enum {
    CT_CHECK_COVER = 1,      /* d(c, parent) <= base^level(parent) */
    CT_CHECK_PARENT = 2,     /* parent_dist[c] = d(c, parent) */
    CT_CHECK_SEPARATION = 4, /* siblings far enough apart */
    CT_CHECK_SI = 8          /* si[a] >= d(a, x) for descendants x */
};
int ct_tree_check_metric_parts(const ct_metric_fn *metric, const ct_tree *tree, double slack,
                               int parts, ct_error *err);
int ct_tree_check_summary(const ct_tree *tree, ct_error *err);

#endif
