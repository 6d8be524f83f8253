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

#include <stddef.h>
#include <stdint.h>
#include "dataset.h"

/* d(i, j) on a dataset whose factor is computed. */
double ct_metric_distance(const ct_dataset *ds, int32_t i, int32_t j);

/* The same from the raw pieces (used by the kernel conformance tests). */
double ct_metric_distance_raw(const ct_covariance *cov, const double *xi, const double *xj,
                              const double *vi, const double *vj, int m, double pi, double pj);

/* Distances from point i to points js[0..count) in dataset indices.  The tree
 * build and checker see the metric only through this callback, so they can be
 * tested on any metric bounded by 1, and built with any kernel.
 * bound_many (optional, NULL for a metric computed exactly) gives for the
 * same pairs a bound on |dist^2 - d^2|, d the exact metric: the metric's
 * rounding on the squared scale.  Near d = 0 the computed values violate the
 * triangle inequality by up to ~sqrt(bound) (noise of 1 - |rho| around 0);
 * the tree checker allows exactly that much in its si check (check_metric.c).
 *
 * Two optional entry points (NULL when the metric has none; zero-initialise
 * the struct) let the build evaluate many points at once; both must agree
 * with dist_many bit for bit, because the tree is defined by dist_many:
 *   dist_block(ctx, is, ni, js, nj, out): out[a * nj + b] = the value
 *       dist_many(ctx, is[a], js + b, 1, ...) gives (bitwise);
 *   dist_screen(ctx, is, ni, js, nj, approx, bound, work): for every pair
 *       an approximation and a rigorous bound: a finite bound[a * nj + b]
 *       promises that the dist_many value is a number in [0, 1] within
 *       bound of approx[a * nj + b]; bound = +inf promises nothing (e.g.
 *       non-finite inputs).  The build skips the exact value of a pair whose
 *       approximation proves it irrelevant.  `work` is caller-owned scratch
 *       of screen_work(ctx, ni, nj) doubles (so nothing is allocated per
 *       call).  Called from serial code (it may use OpenMP threads itself);
 *       dist_screen and screen_work are set together or both NULL. */
typedef struct ct_metric_fn {
    void *ctx;
    void (*dist_many)(void *ctx, int32_t i, const int32_t *js, int count, double *out);
    void (*bound_many)(void *ctx, int32_t i, const int32_t *js, int count, double *out);
    void (*dist_block)(void *ctx, const int32_t *is, int ni, const int32_t *js, int nj,
                       double *out);
    void (*dist_screen)(void *ctx, const int32_t *is, int ni, const int32_t *js, int nj,
                        double *approx, double *bound, double *work);
    size_t (*screen_work)(void *ctx, int ni, int nj);
} ct_metric_fn;

/* The reference metric of a dataset as a callback (ctx = the dataset), with
 * bound_many = ct_metric_distance_bound. */
ct_metric_fn ct_metric_fn_reference(const ct_dataset *ds);

/* rho -> d with the clamp: sqrt(1 - |clamp(rho, -1, 1)|). */
double ct_metric_rho_to_distance(double rho);

/* How far two float implementations of d may disagree, on the squared scale.
 * Any two computations of d(i, j) by the formula above, each in arithmetic of
 * unit roundoff u (2^-53 for float64), each free to sum V_i.V_j in any order,
 * with or without FMA, and to compute k with 1/l instead of /l, satisfy
 *   |d_a^2 - d_b^2| <= ct_metric_rounding_bound(cov, m, S, p_i, p_j, u)
 *     = [4 m u S + 4 (dim + 16) u s2 + 8 u (s2 + S)] / sqrt(p_i p_j) + 16 u,
 *   S = sum_t |V_it V_jt| (<= |V_i| |V_j|),  s2 = cov->variance,
 * derived in metric.c and verified for every kernel by
 * tests/test_kernel_conformance.c (each side alone is within it of the exact
 * value too).  It is the resolution of the metric: on the d^2 = 1 - |rho|
 * scale the error does not grow near d = 0, while on the d scale it is
 * amplified up to sqrt(bound) there. */
double ct_metric_rounding_bound(const ct_covariance *cov, int m, double s, double pi, double pj,
                                double u);

/* S = sum_t |a_t b_t| (the magnitude the dot product's rounding scales with). */
double ct_metric_abs_dot(const double *a, const double *b, int m);

/* The float64 bound (u = 2^-53) of pair (i, j) of a dataset; 0 for i == j
 * (d(i, i) = 0 exactly everywhere). */
double ct_metric_distance_bound(const ct_dataset *ds, int32_t i, int32_t j);

/* The Euclidean distance on a dataset's coordinates x, scaled into [0, 1]
 * (metric_euclid.c): d(i, j) = |x_i - x_j| * scale, scale = 1 / (2 R),
 * R = max_i |x_i - x_0| (1 when R = 0), so every d <= 1 by the triangle
 * inequality (rounding clamped to 1).  The build metric of
 * CT_BUILD_EUCLIDEAN (tree.h); a constant scale changes no neighbour. */
typedef struct ct_euclid_metric {
    const double *x;
    int dim;
    double scale;
} ct_euclid_metric;

/* Fill em from ds (CT_EINVAL for a NULL or coordinate-less dataset). */
int ct_metric_euclid_init(const ct_dataset *ds, ct_euclid_metric *em);
/* em as a callback (dist_many only; computed exactly enough: no bound_many). */
ct_metric_fn ct_metric_fn_euclidean(ct_euclid_metric *em);

#endif
