/* test_core_metric.c -- properties of the reference residual-correlation metric.
 *
 * On two synthetic datasets (m well below n, and m close to n so the factor is
 * nearly exact and p is tiny): symmetry, d(i,i) = 0, range [0, 1], no NaN,
 * the triangle inequality on random triples within 1e-9 slack, agreement of
 * the raw / callback forms.  Hand-computed RBF and Matern 5/2 values;
 * V V^T against k(X,U) (k(U,U) + jitter)^-1 k(U,X) solved independently with
 * LAPACKE_dgesv; p >= floor, and the floor applying in a constructed case;
 * the documented summation order of the dot product.
 */
#include "testutil.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/metric.h"
#include "ct/rng.h"
#include "ct/workload.h"

#define TRIANGLE_SLACK 1e-9

static int make_dataset(ct_points_kind kind, ct_covariance_kind cov, int32_t n, int dim, int m,
                        double variance, double lengthscale, uint64_t seed, ct_dataset *ds)
{
    ct_synthetic_spec spec;
    ct_error err;
    int rc;
    memset(&spec, 0, sizeof spec);
    spec.points = kind;
    spec.n = n;
    spec.dim = dim;
    spec.m = m;
    spec.cov.kind = cov;
    spec.cov.variance = variance;
    for (int t = 0; t < dim; t++) spec.cov.lengthscale[t] = lengthscale;
    spec.seed = seed;
    rc = ct_workload_synthesize(&spec, ds, &err);
    CT_CHECK(rc == CT_OK, "synthesize n=%d m=%d: %s", (int)n, m, err.msg);
    return rc;
}

static void check_properties(const char *label, const ct_dataset *ds, uint64_t seed)
{
    ct_rng rng;
    ct_metric_fn fn = ct_metric_fn_reference(ds);
    long asym = 0, out_of_range = 0, nan = 0, self = 0, triangle = 0, raw_mismatch = 0;
    double worst = -INFINITY;
    double pmin = INFINITY;

    for (int32_t i = 0; i < ds->n; i++) {
        if (ct_metric_distance(ds, i, i) != 0.0) self++;
        if (ds->p[i] < pmin) pmin = ds->p[i];
    }
    /* Triples: i random; j and l random (3 in 4) or among i's 12
     * nearest neighbours (the tight triangles where rounding could show). */
    ct_rng_seed(&rng, seed);
    for (int s = 0; s < 20000; s++) {
        int32_t i = (int32_t)ct_rng_below(&rng, (uint64_t)ds->n);
        int32_t j = (int32_t)ct_rng_below(&rng, (uint64_t)ds->n);
        int32_t l = (int32_t)ct_rng_below(&rng, (uint64_t)ds->n);
        double dij, dji, dil, dlj;
        if (s % 4 == 1) {
            int32_t near[12];
            double nd[12];
            int count = 0;
            for (int32_t c = 0; c < ds->n; c++) {
                double d = ct_metric_distance(ds, i, c);
                int at = count < 12 ? count++ : 12;
                if (at == 12 && d >= nd[11]) continue;
                if (at == 12) at = 11;
                while (at > 0 && nd[at - 1] > d) {
                    nd[at] = nd[at - 1];
                    near[at] = near[at - 1];
                    at--;
                }
                nd[at] = d;
                near[at] = c;
            }
            j = near[1 + ct_rng_below(&rng, 11)];
            l = near[1 + ct_rng_below(&rng, 11)];
        }
        dij = ct_metric_distance(ds, i, j);
        dji = ct_metric_distance(ds, j, i);
        dil = ct_metric_distance(ds, i, l);
        dlj = ct_metric_distance(ds, l, j);
        if (isnan(dij) || isnan(dil) || isnan(dlj)) nan++;
        if (dij != dji) asym++;
        if (!(dij >= 0.0 && dij <= 1.0)) out_of_range++;
        if (i != j && j != l && i != l && dij - (dil + dlj) > worst) worst = dij - (dil + dlj);
        if (dij > dil + dlj + TRIANGLE_SLACK) triangle++;
        if (i != j) {
            double raw = ct_metric_distance_raw(
                &ds->cov, ds->x + (size_t)i * ds->dim, ds->x + (size_t)j * ds->dim,
                ds->v + (size_t)i * ds->m, ds->v + (size_t)j * ds->m, ds->m, ds->p[i], ds->p[j]);
            if (raw != dij) raw_mismatch++;
        }
    }
    /* The callback form gives the same numbers, including 0 for i itself. */
    {
        int32_t js[5] = {0, 3, 7, 3, ds->n - 1};
        double out[5];
        fn.dist_many(fn.ctx, 3, js, 5, out);
        for (int c = 0; c < 5; c++)
            CT_CHECK(out[c] == ct_metric_distance(ds, 3, js[c]), "%s: dist_many[%d]", label, c);
        CT_CHECK(out[1] == 0.0 && out[3] == 0.0, "%s: dist_many self not 0", label);
    }
    printf(
        "%s: min p %.3g, worst d_ij - (d_il + d_lj) = %.3g over 20000 triples (distinct points)\n",
        label, pmin, worst);
    CT_CHECK(self == 0, "%s: %ld points with d(i,i) != 0", label, self);
    CT_CHECK(nan == 0, "%s: %ld NaN distances", label, nan);
    CT_CHECK(asym == 0, "%s: %ld asymmetric pairs", label, asym);
    CT_CHECK(out_of_range == 0, "%s: %ld distances outside [0,1]", label, out_of_range);
    CT_CHECK(triangle == 0, "%s: %ld triangle violations beyond %g (worst %.3g)", label, triangle,
             TRIANGLE_SLACK, worst);
    CT_CHECK(raw_mismatch == 0, "%s: %ld raw/dataset mismatches", label, raw_mismatch);
    CT_CHECK(pmin >= CT_P_FLOOR, "%s: p below floor: %g", label, pmin);
}

static void check_hand_values(void)
{
    /* x = (0.3, -0.2), y = (1.1, 0.4), l = (0.6, 0.9): r2 = (0.8/0.6)^2 + (0.6/0.9)^2
     * = 16/9 + 4/9 = 20/9.  RBF: s2 exp(-10/9).  Matern: a = sqrt(100/9) = 10/3,
     * s2 (1 + 10/3 + 100/27) exp(-10/3) = s2 (217/27) exp(-10/3). */
    ct_covariance cov;
    double x[2] = {0.3, -0.2}, y[2] = {1.1, 0.4};
    double want, got;
    memset(&cov, 0, sizeof cov);
    cov.dim = 2;
    cov.variance = 1.5;
    cov.lengthscale[0] = 0.6;
    cov.lengthscale[1] = 0.9;
    cov.kind = CT_COVARIANCE_RBF;
    want = 1.5 * exp(-10.0 / 9.0);
    got = ct_covariance_eval(&cov, x, y);
    CT_CHECK(fabs(got - want) <= 1e-14 * want, "RBF %.17g want %.17g", got, want);
    CT_CHECK(ct_covariance_eval(&cov, x, x) == 1.5, "RBF k(x,x) != s2");
    cov.kind = CT_COVARIANCE_MATERN52;
    want = 1.5 * (217.0 / 27.0) * exp(-10.0 / 3.0);
    got = ct_covariance_eval(&cov, x, y);
    CT_CHECK(fabs(got - want) <= 1e-14 * want, "Matern %.17g want %.17g", got, want);
    CT_CHECK(ct_covariance_eval(&cov, y, y) == 1.5, "Matern k(x,x) != s2");
    CT_CHECK(ct_covariance_eval(&cov, x, y) == ct_covariance_eval(&cov, y, x), "Matern asymmetric");
    /* 1-D, r = 1 with l = 1: RBF exp(-1/2), Matern (1 + sqrt5 + 5/3) exp(-sqrt5). */
    cov.dim = 1;
    cov.variance = 1.0;
    cov.lengthscale[0] = 1.0;
    x[0] = 2.0;
    y[0] = 3.0;
    want = (1.0 + sqrt(5.0) + 5.0 / 3.0) * exp(-sqrt(5.0));
    got = ct_covariance_eval(&cov, x, y);
    CT_CHECK(fabs(got - want) <= 1e-15, "Matern r=1: %.17g want %.17g", got, want);
    cov.kind = CT_COVARIANCE_RBF;
    got = ct_covariance_eval(&cov, x, y);
    CT_CHECK(fabs(got - exp(-0.5)) <= 1e-15, "RBF r=1: %.17g", got);

    /* rho -> d with the clamp. */
    CT_CHECK(ct_metric_rho_to_distance(0.0) == 1.0, "d(rho=0)");
    CT_CHECK(ct_metric_rho_to_distance(0.75) == 0.5, "d(rho=0.75)");
    CT_CHECK(ct_metric_rho_to_distance(-0.75) == 0.5, "d(rho=-0.75)");
    CT_CHECK(ct_metric_rho_to_distance(1.5) == 0.0, "d(rho=1.5) not clamped");
    CT_CHECK(ct_metric_rho_to_distance(-7.0) == 0.0, "d(rho=-7) not clamped");
}

/* V V^T == k(X,U) (k(U,U) + jitter I)^-1 k(U,X), the Nystrom approximation. */
static void check_nystrom(void)
{
    enum { N = 12, M = 4 };
    ct_dataset ds;
    double kuu[M * M], kux[M * N], q, worst = 0;
    lapack_int ipiv[M];
    int rc;
    if (make_dataset(CT_POINTS_UNIFORM, CT_COVARIANCE_MATERN52, N, 2, M, 2.0, 0.4, 5, &ds)) return;
    for (int a = 0; a < M; a++) {
        for (int b = 0; b < M; b++)
            kuu[a * M + b] =
                ct_covariance_eval(&ds.cov, ds.x + ds.inducing[a] * 2, ds.x + ds.inducing[b] * 2);
        kuu[a * M + a] += CT_JITTER * ds.cov.variance;
        for (int j = 0; j < N; j++)
            kux[a * N + j] = ct_covariance_eval(&ds.cov, ds.x + ds.inducing[a] * 2, ds.x + j * 2);
    }
    /* kux <- kuu^-1 kux by LU (an independent route from Cholesky + trsm). */
    {
        double kxu_copy[M * N];
        memcpy(kxu_copy, kux, sizeof kux);
        rc = LAPACKE_dgesv(LAPACK_ROW_MAJOR, M, N, kuu, M, ipiv, kux, N);
        CT_CHECK(rc == 0, "dgesv info %d", rc);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double vv = 0;
                q = 0;
                for (int a = 0; a < M; a++) {
                    q += kxu_copy[a * N + i] * kux[a * N + j];
                    vv += ds.v[i * M + a] * ds.v[j * M + a];
                }
                if (fabs(q - vv) > worst) worst = fabs(q - vv);
            }
        }
    }
    CT_CHECK(worst <= 1e-10, "V V^T differs from the Nystrom matrix by %.3g", worst);
    /* Residual variance at an inducing point is about the jitter. */
    for (int a = 0; a < M; a++) {
        double p = ds.p[ds.inducing[a]];
        CT_CHECK(p >= CT_P_FLOOR && p <= 2.0 * CT_JITTER * ds.cov.variance, "p at inducing %d = %g",
                 ds.inducing[a], p);
    }
    for (int i = 0; i < N; i++) {
        double vv = 0;
        for (int a = 0; a < M; a++) vv += ds.v[i * M + a] * ds.v[i * M + a];
        CT_CHECK(fabs(ds.p[i] - fmax(ds.cov.variance - vv, CT_P_FLOOR)) <= 1e-12,
                 "p[%d] = %g, s2 - |V|^2 = %g", i, ds.p[i], ds.cov.variance - vv);
    }
    ct_dataset_free(&ds);
}

/* With every point inducing and s2 = 1e-4 the true residual (~jitter * s2 =
 * 1e-10) is below the floor, so every p is exactly CT_P_FLOOR. */
static void check_floor(void)
{
    ct_dataset ds;
    int floored = 0;
    if (make_dataset(CT_POINTS_NORMAL, CT_COVARIANCE_RBF, 10, 2, 10, 1e-4, 1.0, 9, &ds)) return;
    for (int i = 0; i < ds.n; i++) {
        double vv = 0;
        for (int a = 0; a < ds.m; a++) vv += ds.v[i * ds.m + a] * ds.v[i * ds.m + a];
        CT_CHECK(ds.cov.variance - vv < CT_P_FLOOR, "raw residual %g not below floor",
                 ds.cov.variance - vv);
        if (ds.p[i] == CT_P_FLOOR) floored++;
    }
    CT_CHECK(floored == ds.n, "only %d of %d p values floored", floored, (int)ds.n);
    for (int i = 0; i < ds.n; i++)
        for (int j = 0; j < ds.n; j++) {
            double d = ct_metric_distance(&ds, i, j);
            CT_CHECK(d >= 0.0 && d <= 1.0, "floored d(%d,%d) = %g", i, j, d);
        }
    ct_dataset_free(&ds);
}

/* The dot product sums into s[t % 8] and combines ((s0+s1)+(s2+s3))+(...).
 * Products p0 = 2^53, p1 = p8 = p9 = 1 (m = 10): interleaved, s0 = 2^53 + 1
 * rounds to 2^53 and s1 = 2, total 2^53 + 2; a left-to-right sum gives 2^53.
 * With k = s2 = 2^53 + 2 and p = 1, rho is 0 (d = 1) only in the documented
 * order; a sequential sum gives rho = 2 (d = 0). */
static void check_summation_order(void)
{
    ct_covariance cov;
    double x[1] = {0.0}, vi[10] = {0}, vj[10];
    double d;
    memset(&cov, 0, sizeof cov);
    cov.kind = CT_COVARIANCE_RBF;
    cov.dim = 1;
    cov.variance = 9007199254740994.0; /* 2^53 + 2 */
    cov.lengthscale[0] = 1.0;
    vi[0] = 9007199254740992.0; /* 2^53 */
    vi[1] = vi[8] = vi[9] = 1.0;
    for (int t = 0; t < 10; t++) vj[t] = 1.0;
    d = ct_metric_distance_raw(&cov, x, x, vi, vj, 10, 1.0, 1.0);
    CT_CHECK(d == 1.0, "summation order: d = %.17g, want 1 (interleaved 8-way order)", d);
}

int main(void)
{
    ct_dataset ds;
    printf("seeds: datasets 5, 9, 11, 12, 13; triples 100, 101, 102\n");
    check_hand_values();
    check_summation_order();
    check_nystrom();
    check_floor();
    if (make_dataset(CT_POINTS_NORMAL, CT_COVARIANCE_RBF, 400, 3, 20, 1.0, 1.0, 11, &ds) == CT_OK) {
        check_properties("normal3d rbf n=400 m=20", &ds, 100);
        ct_dataset_free(&ds);
    }
    if (make_dataset(CT_POINTS_UNIFORM, CT_COVARIANCE_MATERN52, 300, 2, 60, 1.5, 0.6, 12, &ds) ==
        CT_OK) {
        check_properties("uniform2d matern n=300 m=60", &ds, 101);
        ct_dataset_free(&ds);
    }
    /* Nearly exact factor: smooth kernel, many inducing points, tiny p. */
    if (make_dataset(CT_POINTS_NORMAL, CT_COVARIANCE_RBF, 400, 3, 200, 1.0, 2.0, 13, &ds) ==
        CT_OK) {
        check_properties("normal3d rbf n=400 m=200 (nearly exact)", &ds, 102);
        ct_dataset_free(&ds);
    }
    return ct_test_finish("test_core_metric");
}
