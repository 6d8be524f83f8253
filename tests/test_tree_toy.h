/* test_tree_toy.h -- toy metrics and point families shared by the tree tests.
 *
 * The tree build and checker see the metric only through ct_metric_fn, so
 * they are tested on cheap metrics bounded by 1: Euclidean distance of points
 * in [0,1]^dim divided by sqrt(dim).  A "poisoned" point makes the metric
 * return a chosen bad value (> 1, NaN) against every other point, to test the
 * build's error path.  toy_fn_grouped adds dist_block (and an honest
 * dist_screen) so the build takes its grouped phase 1.  Header-only (static)
 * so each test stays one file.
 */
#ifndef CT_TEST_TREE_TOY_H
#define CT_TEST_TREE_TOY_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct/metric.h"
#include "ct/rng.h"

typedef struct toy_metric {
    const double *x; /* n * dim, in [0,1]^dim */
    int dim;
    int32_t poison;   /* -1, or a point whose distances are replaced */
    double bad_value; /* what the poisoned point's distances become */
    double corr;      /* > 0: sqrt(1 - exp(-r^2 / (2 corr^2))) instead (r Euclidean):
                         the correlation distance of an RBF, nearly 1 beyond a few
                         corr, so trees get the residual metric's wide fan-out */
} toy_metric;

static void toy_dist_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const toy_metric *tm = ctx;
    const double *xi = tm->x + (size_t)i * (size_t)tm->dim;
    double scale = 1.0 / sqrt((double)tm->dim);
    for (int k = 0; k < count; k++) {
        const double *xj = tm->x + (size_t)js[k] * (size_t)tm->dim;
        double s = 0.0;
        if (js[k] == i) {
            out[k] = 0.0;
            continue;
        }
        if (tm->poison >= 0 && (i == tm->poison || js[k] == tm->poison)) {
            out[k] = tm->bad_value;
            continue;
        }
        for (int t = 0; t < tm->dim; t++) {
            double dt = xi[t] - xj[t];
            s += dt * dt;
        }
        out[k] =
            tm->corr > 0.0 ? sqrt(1.0 - exp(-s / (2.0 * tm->corr * tm->corr))) : sqrt(s) * scale;
    }
}

static ct_metric_fn toy_fn(toy_metric *tm)
{
    ct_metric_fn fn;
    memset(&fn, 0, sizeof fn);
    fn.ctx = tm;
    fn.dist_many = toy_dist_many;
    fn.bound_many = NULL; /* computed exactly enough: no rounding allowance */
    return fn;
}

/* dist_block as dist_many row by row (the contract: bitwise the same). */
static __attribute__((unused)) void toy_dist_block(void *ctx, const int32_t *is, int ni,
                                                   const int32_t *js, int nj, double *out)
{
    for (int a = 0; a < ni; a++) toy_dist_many(ctx, is[a], js, nj, out + (size_t)a * (size_t)nj);
}

/* An honest screen: approx = the exact value moved by up to 0.9 bound in a
 * pseudo-random direction, bound TOY_SCREEN_BOUND; a poisoned pair (whose
 * value may be unusable) gets bound = +inf, as the contract demands. */
#define TOY_SCREEN_BOUND 0.03
static __attribute__((unused)) void toy_dist_screen(void *ctx, const int32_t *is, int ni,
                                                    const int32_t *js, int nj, double *approx,
                                                    double *bound, double *work)
{
    const toy_metric *tm = ctx;
    (void)work;
    toy_dist_block(ctx, is, ni, js, nj, approx);
    for (int a = 0; a < ni; a++)
        for (int b = 0; b < nj; b++) {
            size_t c = (size_t)a * (size_t)nj + (size_t)b;
            uint64_t h = (uint64_t)(is[a] + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)(js[b] + 7);
            double shift = ((double)(h % 2001) / 1000.0 - 1.0) * 0.9 * TOY_SCREEN_BOUND;
            int poisoned = tm->poison >= 0 && (is[a] == tm->poison || js[b] == tm->poison);
            approx[c] += shift;
            bound[c] = poisoned ? INFINITY : TOY_SCREEN_BOUND;
        }
}

static __attribute__((unused)) size_t toy_screen_work(void *ctx, int ni, int nj)
{
    (void)ctx;
    (void)ni;
    (void)nj;
    return 1;
}

/* The toy metric with dist_block (and, if `screen`, dist_screen): the
 * build then takes its grouped path (descend.c). */
static __attribute__((unused)) ct_metric_fn toy_fn_grouped(toy_metric *tm, int screen)
{
    ct_metric_fn fn = toy_fn(tm);
    fn.dist_block = toy_dist_block;
    if (screen) {
        fn.dist_screen = toy_dist_screen;
        fn.screen_work = toy_screen_work;
    }
    return fn;
}

static double toy_clamp01(double v)
{
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* Point families, all in [0,1]^dim (malloc'd, n * dim):
 *   "uniform"    uniform in the cube
 *   "clustered"  16 Gaussian clusters (sd 0.02) around uniform centres
 *   "duplicates" half the points are exact copies of 10 fixed points
 *   "equal"      every point identical
 *   "grid"       coordinates k/16 (exact binary fractions): duplicates and
 *                exactly tied distances, which exercise the tie rule */
static double *toy_points(const char *family, int32_t n, int dim, uint64_t seed)
{
    ct_rng rng;
    double centres[16 * 16];
    double *x = malloc((size_t)(n > 0 ? n : 1) * (size_t)dim * sizeof *x);
    if (!x) return NULL;
    ct_rng_seed(&rng, seed);
    for (int c = 0; c < 16 * dim; c++) centres[c] = 0.1 + 0.8 * ct_rng_uniform(&rng);
    for (int32_t i = 0; i < n; i++) {
        double *xi = x + (size_t)i * (size_t)dim;
        if (!strcmp(family, "clustered")) {
            int c = (int)ct_rng_below(&rng, 16);
            for (int t = 0; t < dim; t++)
                xi[t] = toy_clamp01(centres[c * dim + t] + 0.02 * ct_rng_normal(&rng));
        } else if (!strcmp(family, "duplicates") && ct_rng_uniform(&rng) < 0.5) {
            int c = (int)ct_rng_below(&rng, 10);
            for (int t = 0; t < dim; t++) xi[t] = centres[c * dim + t];
        } else if (!strcmp(family, "grid")) {
            for (int t = 0; t < dim; t++) xi[t] = (double)ct_rng_below(&rng, 17) / 16.0;
        } else if (!strcmp(family, "equal")) {
            for (int t = 0; t < dim; t++) xi[t] = 0.25;
        } else {
            for (int t = 0; t < dim; t++) xi[t] = ct_rng_uniform(&rng);
        }
    }
    return x;
}

/* 0..n-1, or a seeded Fisher-Yates shuffle of it (malloc'd). */
static int32_t *toy_order(int32_t n, int shuffled, uint64_t seed)
{
    ct_rng rng;
    int32_t *order = malloc((size_t)(n > 0 ? n : 1) * sizeof *order);
    if (!order) return NULL;
    for (int32_t i = 0; i < n; i++) order[i] = i;
    if (shuffled) {
        ct_rng_seed(&rng, seed);
        for (int32_t i = n - 1; i > 0; i--) {
            int32_t j = (int32_t)ct_rng_below(&rng, (uint64_t)i + 1);
            int32_t tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
    return order;
}

#endif
