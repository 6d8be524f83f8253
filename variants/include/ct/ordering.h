/* ordering.h -- workload orderings: which point is point 0, 1, 2, ... of a dataset.
 *
 * A Vecchia pipeline asks every point for its nearest neighbours among the points
 * before it (predecessor mode), so the order of the points is part of the problem.
 * `natural` keeps the generated (or loaded) order, `random` is a uniform random
 * permutation from a seed, `maxmin` the exact max-min (farthest point) ordering on
 * the coordinates.  docs/ALGORITHM.md §3.9 states the rules exactly.
 *
 * A permutation `perm` lists, for every new position r, the old index perm[r];
 * ct_dataset_permute moves a dataset into that order.
 */
#ifndef CT_ORDERING_H
#define CT_ORDERING_H

#include <stdint.h>

#include "dataset.h"
#include "status.h"

typedef enum {
    CT_ORDERING_NATURAL = 0, /* as generated or loaded */
    CT_ORDERING_RANDOM = 1,  /* Fisher-Yates from a seed */
    CT_ORDERING_MAXMIN = 2,  /* exact max-min on the coordinates x */
    CT_ORDERING_COUNT
} ct_ordering_kind;

/* "natural", "random", "maxmin" <-> enum; NULL / -1 if unknown. */
const char *ct_ordering_name(ct_ordering_kind kind);
int ct_ordering_from_name(const char *name);

/* The identity permutation's random shuffle: perm = 0..n-1, then for i = n-1 .. 1
 * swap perm[i] with perm[below(i + 1)] (ct_rng seeded with `seed`).  n >= 1. */
int ct_ordering_random(int32_t n, uint64_t seed, int32_t *perm);

/* The exact max-min ordering of the n points x (n x dim, row-major) in squared
 * Euclidean distance summed over the dimensions in order.  sq (optional, n) gets
 * each selected point's squared distance to the points selected before it at the
 * time it was selected (sq[0] = +inf).  CT_EINVAL (one line in err) on a NaN or
 * infinite coordinate or a bad size; CT_ENOMEM. */
int ct_ordering_maxmin(const double *x, int32_t n, int dim, int32_t *perm, double *sq,
                       ct_error *err);

/* perm for `kind` over the dataset's coordinates (natural: the identity; random:
 * ct_ordering_random with `seed`). */
int ct_ordering_compute(ct_ordering_kind kind, const ct_dataset *ds, uint64_t seed, int32_t *perm,
                        ct_error *err);

/* Reorder the dataset in place so that new point r is old point perm[r]: rows of x
 * and V, p, and the inducing indices mapped to their new positions and sorted.
 * V's columns are left as they are (the factor computed before reordering, so
 * every residual distance is bitwise unchanged: d'(r, s) = d(perm[r], perm[s])).
 * CT_EINVAL when perm is not a permutation of 0..n-1; the dataset is unchanged
 * on any failure. */
int ct_dataset_permute(ct_dataset *ds, const int32_t *perm, ct_error *err);

#endif
