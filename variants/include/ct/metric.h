/* metric.h -- the reference residual-correlation distance (docs/ALGORITHM.md §1.3).
 *
 * rho = (k(x_i,x_j) - V_i.V_j) / sqrt(p_i p_j), clamped to [-1, 1];
 * d = sqrt(1 - |rho|), d(i,i) = 0 exactly.  Strict IEEE float64 in a fixed,
 * documented summation order (metric.c): eight interleaved partial sums
 * s[t % 8], combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)).  This is the
 * ground truth every kernel and engine is checked against; no fast-math.
 */
#ifndef CT_METRIC_H
#define CT_METRIC_H

#include <stdint.h>
#include "dataset.h"

/* d(i, j) on a dataset whose factor is computed. */
double ct_metric_distance(const ct_dataset *ds, int32_t i, int32_t j);

/* The same from the raw pieces (used by the kernel conformance tests). */
double ct_metric_distance_raw(const ct_covariance *cov, const double *xi, const double *xj,
                              const double *vi, const double *vj, int m, double pi, double pj);

/* Distances from point i to points js[0..count) in dataset indices.  The tree
 * build and checker see the metric only through this callback, so they can be
 * tested on any metric bounded by 1, and built with any kernel. */
typedef struct ct_metric_fn {
    void *ctx;
    void (*dist_many)(void *ctx, int32_t i, const int32_t *js, int count, double *out);
} ct_metric_fn;

/* The reference metric of a dataset as a callback (ctx = the dataset). */
ct_metric_fn ct_metric_fn_reference(const ct_dataset *ds);

/* rho -> d with the clamp: sqrt(1 - |clamp(rho, -1, 1)|). */
double ct_metric_rho_to_distance(double rho);

#endif
