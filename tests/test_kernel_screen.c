/* test_kernel_screen.c -- the kernel metric's dist_screen keeps its promise.
 *
 * For the float64 kernel metric (ct_kernel_metric_fn over ct_rows_view_f64)
 * and every f64 kernel this CPU runs: on synthetic residual workloads
 * (normal / uniform / clustered points, RBF and Matern 5/2, m from 7 to 512,
 * including an ill-conditioned one whose residual variances are tiny, so the
 * cancellation in k - V.V is at its worst), every pair of random ni x nj
 * blocks (with repeated and self pairs) must satisfy
 *     |dist_many value - approx| <= bound,  value in [0, 1],
 * with a finite bound for every usable row, and bound = 0, approx = 0 on the
 * diagonal.  The bounds must also be small enough to be of use (< 0.05 on
 * these workloads; the worst ratio error / bound and the largest bound are
 * printed).  Rows with a NaN or huge coordinate, a NaN, zero or tiny p, or a
 * NaN or infinite V entry must get bound = +inf for all their pairs, and no
 * other pair may be affected.  Blocks of 1 x 1 up to 300 x 200 (the
 * OpenMP-sliced path) are covered.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/kernel.h"
#include "ct/rng.h"
#include "ct/workload.h"
#include "testutil.h"

typedef struct stats {
    double worst_ratio, largest_bound;
    long pairs;
} stats;

/* One block: screen vs exact; returns 1 if every promise holds. */
static int check_block(const ct_metric_fn *fn, int32_t n, int ni, int nj, ct_rng *rng,
                       const char *what, stats *st)
{
    int32_t *is = malloc((size_t)ni * sizeof *is), *js = malloc((size_t)nj * sizeof *js);
    double *approx = malloc((size_t)ni * (size_t)nj * sizeof *approx);
    double *bound = malloc((size_t)ni * (size_t)nj * sizeof *bound);
    double *exact = malloc((size_t)nj * sizeof *exact);
    double *work = malloc(fn->screen_work(fn->ctx, ni, nj) * sizeof *work);
    int ok = 1;

    for (int a = 0; a < ni; a++) is[a] = (int32_t)ct_rng_below(rng, (uint64_t)n);
    for (int b = 0; b < nj; b++) js[b] = (int32_t)ct_rng_below(rng, (uint64_t)n);
    if (nj > 2) js[nj / 2] = is[0]; /* a self pair */
    if (nj > 3) js[nj - 1] = js[1]; /* a repeat */
    fn->dist_screen(fn->ctx, is, ni, js, nj, approx, bound, work);
    for (int a = 0; a < ni && ok; a++) {
        fn->dist_many(fn->ctx, is[a], js, nj, exact);
        for (int b = 0; b < nj; b++) {
            size_t c = (size_t)a * (size_t)nj + (size_t)b;
            double err = fabs(exact[b] - approx[c]);
            if (!(bound[c] < INFINITY) || !(exact[b] >= 0.0 && exact[b] <= 1.0) ||
                !(err <= bound[c])) {
                CT_CHECK(0, "%s: pair (%d, %d): exact %.17g approx %.17g bound %.3g", what,
                         (int)is[a], (int)js[b], exact[b], approx[c], bound[c]);
                ok = 0;
                break;
            }
            if (is[a] == js[b] && (approx[c] != 0.0 || bound[c] != 0.0)) {
                CT_CHECK(0, "%s: self pair %d: approx %g bound %g", what, (int)is[a], approx[c],
                         bound[c]);
                ok = 0;
                break;
            }
            if (bound[c] > 0.0 && err / bound[c] > st->worst_ratio)
                st->worst_ratio = err / bound[c];
            if (bound[c] > st->largest_bound) st->largest_bound = bound[c];
            st->pairs++;
        }
    }
    free(is);
    free(js);
    free(approx);
    free(bound);
    free(exact);
    free(work);
    return ok;
}

static void run_workload(ct_points_kind points, int32_t n, int dim, int m, ct_covariance_kind kind,
                         double lengthscale, uint64_t seed)
{
    static const int shapes[][2] = {{1, 1}, {3, 7}, {17, 64}, {64, 200}, {300, 200}};
    ct_synthetic_spec spec;
    ct_dataset ds;
    ct_error err;
    ct_rows rows;
    ct_rng rng;
    char what[160];

    memset(&spec, 0, sizeof spec);
    spec.points = points;
    spec.n = n;
    spec.dim = dim;
    spec.m = m;
    spec.cov.kind = kind;
    spec.cov.dim = dim;
    spec.cov.variance = 1.0;
    for (int t = 0; t < dim; t++) spec.cov.lengthscale[t] = lengthscale;
    spec.seed = seed;
    if (ct_workload_synthesize(&spec, &ds, &err) != CT_OK) {
        CT_CHECK(0, "workload: %s", err.msg);
        return;
    }
    CT_CHECK(ct_rows_view_f64(&ds, &rows) == CT_OK, "row view");
    ct_rng_seed(&rng, seed * 31 + 7);
    for (int k = 0; k < CT_KERNEL_COUNT; k++) {
        const ct_kernel *kern = ct_kernel_find((ct_kernel_kind)k, CT_PRECISION_F64, NULL);
        ct_kernel_metric km;
        ct_metric_fn fn;
        stats st = {0.0, 0.0, 0};
        int all = 1;
        if (!kern) continue;
        km.rows = &rows;
        km.kernel = kern;
        fn = ct_kernel_metric_fn(&km);
        snprintf(what, sizeof what, "%s n=%d dim=%d m=%d %s l=%g kernel %s",
                 ct_points_kind_name(points), (int)n, dim, m, kind ? "matern52" : "rbf",
                 lengthscale, kern->name);
        CT_CHECK(fn.dist_screen && fn.screen_work, "%s: no screen on a float64 view", what);
        if (!fn.dist_screen || !fn.screen_work) continue;
        for (int s = 0; s < 5 && all; s++)
            all = check_block(&fn, n, shapes[s][0], shapes[s][1], &rng, what, &st);
        CT_CHECK(st.largest_bound < 0.05, "%s: largest bound %.3g: the screen is of no use", what,
                 st.largest_bound);
        printf("%-60s %7ld pairs, worst error/bound %.2e, largest bound %.2e\n", what, st.pairs,
               st.worst_ratio, st.largest_bound);
    }
    ct_dataset_free(&ds);
}

/* Unusable rows get bound = +inf for every pair; the others are untouched. */
static void unusable_rows(void)
{
    ct_synthetic_spec spec;
    ct_dataset ds;
    ct_error err;
    ct_rows rows;
    ct_kernel_metric km;
    ct_metric_fn fn;
    const int32_t bad[] = {3, 4, 5, 6, 7, 8, 9};
    int32_t is[12], js[20];
    double approx[12 * 20], bound[12 * 20], ref_a[12 * 20], ref_b[12 * 20], *work;

    memset(&spec, 0, sizeof spec);
    spec.points = CT_POINTS_NORMAL;
    spec.n = 400;
    spec.dim = 3;
    spec.m = 40;
    spec.cov.kind = CT_COVARIANCE_RBF;
    spec.cov.dim = 3;
    spec.cov.variance = 1.0;
    for (int t = 0; t < 3; t++) spec.cov.lengthscale[t] = 1.0;
    spec.seed = 77;
    if (ct_workload_synthesize(&spec, &ds, &err) != CT_OK) {
        CT_CHECK(0, "workload: %s", err.msg);
        return;
    }
    ct_rows_view_f64(&ds, &rows);
    km.rows = &rows;
    km.kernel = ct_kernel_default(CT_PRECISION_F64);
    fn = ct_kernel_metric_fn(&km);
    work = malloc(fn.screen_work(fn.ctx, 12, 20) * sizeof *work);
    for (int a = 0; a < 12; a++) is[a] = a;           /* rows 3..9 go bad below */
    for (int b = 0; b < 20; b++) js[b] = 100 + b * 7; /* always good */
    js[5] = 5;
    fn.dist_screen(fn.ctx, is, 12, js, 20, ref_a, ref_b, work);
    ds.x[3 * 3 + 1] = NAN;
    ds.x[4 * 3 + 0] = 1e200;
    ds.p[5] = NAN;
    ds.p[6] = 0.0;
    ds.p[7] = 1e-200;
    ds.v[8 * 40 + 11] = NAN;
    ds.v[9 * 40 + 39] = INFINITY;
    fn.dist_screen(fn.ctx, is, 12, js, 20, approx, bound, work);
    for (int a = 0; a < 12; a++) {
        int is_bad = 0;
        for (int k = 0; k < 7; k++) is_bad |= is[a] == bad[k];
        for (int b = 0; b < 20; b++) {
            size_t c = (size_t)a * 20 + (size_t)b;
            int pair_bad = is_bad || js[b] == 5;
            if (is[a] == js[b]) continue; /* the diagonal is 0 whatever the row */
            if (pair_bad)
                CT_CHECK(bound[c] == INFINITY, "unusable row %d / %d: bound %g", (int)is[a],
                         (int)js[b], bound[c]);
            else
                CT_CHECK(bound[c] == ref_b[c] && approx[c] == ref_a[c],
                         "usable pair (%d, %d) changed by another row", (int)is[a], (int)js[b]);
        }
    }
    free(work);
    ct_dataset_free(&ds);
}

int main(void)
{
    run_workload(CT_POINTS_NORMAL, 3000, 3, 512, CT_COVARIANCE_RBF, 1.0, 11);
    run_workload(CT_POINTS_UNIFORM, 2000, 2, 37, CT_COVARIANCE_MATERN52, 0.3, 12);
    run_workload(CT_POINTS_CLUSTERED, 2000, 3, 64, CT_COVARIANCE_RBF, 0.5, 13);
    run_workload(CT_POINTS_NORMAL, 1500, 5, 7, CT_COVARIANCE_MATERN52, 2.0, 14);
    /* ill-conditioned: m large for the smooth kernel, p near the floor */
    run_workload(CT_POINTS_UNIFORM, 2000, 1, 256, CT_COVARIANCE_RBF, 1.0, 15);
    unusable_rows();
    return ct_test_finish("test_kernel_screen");
}
