/* test_core_fixtures.c -- the core against independently computed answers.
 *
 * tests/data holds three small residual-correlation problems solved with numpy +
 * LAPACK (see tests/data/README.md), one of them (duplicates2d_rbf) full of
 * repeated locations, near copies and copies of inducing points.  For each we load points, inducing set and
 * queries through the .npy loader, compute V and p with ct_factor_compute, and
 * compare with the fixture's V.npy / p.npy; then run the oracle and compare its
 * neighbours with knn.csv both through ct_knn_compare (tie-aware, tol 1e-9) and
 * directly, rank by rank.
 *
 * Tolerances (measured differences against these fixtures in brackets):
 *  - V elementwise, absolute 1e-9 [7e-12]: V is unique given the Cholesky
 *    factor, so only rounding differs between LAPACKs; it is amplified by the
 *    conditioning of k(U,U) + jitter (up to ~1e8 here), hence ~1e3 * eps * |V|.
 *  - V_i . V_j (what the metric uses), absolute 1e-10 [9e-13].
 *  - p, absolute 1e-10 [2e-12]: p = s2 - |V|^2 cancels to ~1e-6, so its error
 *    is about 2 |V| |dV|; relative to p ~1e-6 this is still ~1e-4 accurate.
 *  - neighbour distances 1e-9 [9e-11]: both sides are reference float64
 *    computations, so this is much tighter than FIXTURE_TOLERANCE, which
 *    also has to absorb the SIMD kernels' other summation orders.
 *    Except between near copies (duplicates2d_rbf, points 1e-12 apart), where
 *    d is rounding noise [1.3e-5]: there the two must agree within the sum of
 *    their float64 rounding bounds on the squared scale (knn.h), and they
 *    may be swapped (so recall < 1 is allowed there, exactness is not).
 * The points at a query's location (exact copies) must come first at
 * distance exactly 0 in index order: the oracle resolves true duplicates
 * exactly, as the metric's definition (V depends on x only) demands.
 */
#include "testutil.h"

#define FIXTURE_TOLERANCE 1e-9

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/knn.h"
#include "ct/metric.h"
#include "ct/npy.h"

typedef struct fixture {
    const char *name;
    ct_covariance_kind kind;
    double variance;
    double lengthscale[3];
    int dim;
    int k;
    int near_duplicates; /* has points 1e-12 apart: their distances are float64 ties */
} fixture;

static const char *data_path(const char *name, const char *suffix)
{
    static char file[256];
    snprintf(file, sizeof file, "%s_%s", name, suffix);
    return ct_test_data(file);
}

static void check_fixture(const fixture *fx)
{
    ct_dataset ds;
    ct_npy_matrix pts = {0}, v_ref = {0}, p_ref = {0};
    int32_t *queries = NULL, *csv_q = NULL, *csv_i = NULL;
    int *csv_r = NULL;
    double *csv_d = NULL;
    int64_t m = 0, nq = 0;
    ct_error err;
    ct_knn_result oracle = {0}, expected = {0};
    ct_query_spec spec = {fx->k, 0, 0};
    ct_compare_report rep;
    double max_v = 0, max_gram = 0, max_p = 0, max_d = 0;
    long rows;
    int rc, bad_rank = 0, bad_dist = 0, near_ranks = 0, repeated = 0;

    memset(&ds, 0, sizeof ds);
    rc = ct_npy_load_f64(data_path(fx->name, "points.npy"), &pts, &err);
    CT_CHECK(rc == CT_OK, "%s: points: %s", fx->name, err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(pts.cols == fx->dim, "%s: dim %lld", fx->name, (long long)pts.cols);
    rc = ct_npy_load_index(data_path(fx->name, "inducing.npy"), pts.rows, &ds.inducing, &m, &err);
    CT_CHECK(rc == CT_OK, "%s: inducing: %s", fx->name, err.msg);
    rc |= ct_npy_load_index(data_path(fx->name, "queries.npy"), pts.rows, &queries, &nq, &err);
    CT_CHECK(rc == CT_OK, "%s: queries: %s", fx->name, err.msg);
    rc |= ct_npy_load_f64(data_path(fx->name, "V.npy"), &v_ref, &err);
    rc |= ct_npy_load_f64(data_path(fx->name, "p.npy"), &p_ref, &err);
    CT_CHECK(rc == CT_OK, "%s: V/p: %s", fx->name, err.msg);
    if (rc != CT_OK) goto cleanup;

    ds.n = (int32_t)pts.rows;
    ds.dim = fx->dim;
    ds.m = (int)m;
    ds.x = pts.data;
    pts.data = NULL;
    ds.cov.kind = fx->kind;
    ds.cov.dim = fx->dim;
    ds.cov.variance = fx->variance;
    for (int t = 0; t < fx->dim; t++) ds.cov.lengthscale[t] = fx->lengthscale[t];
    CT_CHECK(v_ref.rows == ds.n && v_ref.cols == ds.m, "%s: V.npy shape", fx->name);
    CT_CHECK(p_ref.rows == ds.n, "%s: p.npy shape", fx->name);
    if (v_ref.rows != ds.n || v_ref.cols != ds.m || p_ref.rows != ds.n) goto cleanup;

    rc = ct_factor_compute(&ds, &err);
    CT_CHECK(rc == CT_OK, "%s: factor: %s", fx->name, err.msg);
    if (rc != CT_OK) goto cleanup;

    for (size_t e = 0; e < (size_t)ds.n * (size_t)ds.m; e++) {
        double d = fabs(ds.v[e] - v_ref.data[e]);
        if (!(d <= max_v)) max_v = d;
    }
    for (int32_t i = 0; i < ds.n; i++) {
        double d = fabs(ds.p[i] - p_ref.data[i]);
        if (!(d <= max_p)) max_p = d;
    }
    for (int32_t i = 0; i < ds.n; i += 17) {
        for (int32_t j = 0; j < ds.n; j += 23) {
            double ours = 0, theirs = 0;
            for (int a = 0; a < ds.m; a++) {
                ours += ds.v[(size_t)i * ds.m + a] * ds.v[(size_t)j * ds.m + a];
                theirs += v_ref.data[(size_t)i * ds.m + a] * v_ref.data[(size_t)j * ds.m + a];
            }
            if (!(fabs(ours - theirs) <= max_gram)) max_gram = fabs(ours - theirs);
        }
    }
    printf("%s: max |dV| %.3g, max |d(V V^T)| %.3g, max |dp| %.3g\n", fx->name, max_v, max_gram,
           max_p);
    CT_CHECK(max_v <= 1e-9, "%s: V differs from fixture by %.3g", fx->name, max_v);
    CT_CHECK(max_gram <= 1e-10, "%s: V V^T differs from fixture by %.3g", fx->name, max_gram);
    CT_CHECK(max_p <= 1e-10, "%s: p differs from fixture by %.3g", fx->name, max_p);

    rc = ct_oracle_knn(&ds, queries, (int32_t)nq, &spec, &oracle, &err);
    CT_CHECK(rc == CT_OK, "%s: oracle: %s", fx->name, err.msg);
    if (rc != CT_OK) goto cleanup;

    rows = ct_test_read_knn_csv(data_path(fx->name, "knn.csv"), &csv_q, &csv_r, &csv_i, &csv_d);
    CT_CHECK(rows == nq * fx->k, "%s: knn.csv has %ld rows, want %lld", fx->name, rows,
             (long long)(nq * fx->k));
    if (rows != nq * fx->k) goto cleanup;
    rc = ct_knn_result_alloc(&expected, (int32_t)nq, fx->k);
    CT_CHECK(rc == CT_OK, "alloc");
    if (rc != CT_OK) goto cleanup;
    for (long e = 0; e < rows; e++) {
        int64_t q = e / fx->k;
        CT_CHECK(csv_q[e] == queries[q] && csv_r[e] == e % fx->k, "%s: csv row %ld out of order",
                 fx->name, e);
        expected.idx[e] = csv_i[e];
        expected.dist[e] = csv_d[e];
    }

    /* Tie-aware: the fixture as the truth, our oracle as the result under test. */
    rc = ct_knn_compare(&ds, queries, &spec, &expected, &oracle, FIXTURE_TOLERANCE, &rep);
    CT_CHECK(rc == CT_OK, "%s: compare rc %d", fx->name, rc);
    CT_CHECK(rep.queries == nq && rep.exact_queries == nq,
             "%s: %d of %d queries exact (first bad %d)", fx->name, rep.exact_queries, rep.queries,
             rep.first_bad_query);
    /* Near-duplicates are float64 ties, swapped freely; elsewhere nothing may differ. */
    CT_CHECK(rep.recall == 1.0 || fx->near_duplicates, "%s: recall %.6f", fx->name, rep.recall);
    CT_CHECK(rep.max_distance_error <= FIXTURE_TOLERANCE, "%s: distance error %.3g", fx->name,
             rep.max_distance_error);

    /* Direct, rank by rank: the same index and distance unless the two differ by
     * less than FIXTURE_TOLERANCE or by less than their float64 rounding bounds
     * on the squared scale (knn.h; near copies, whose d is rounding noise). */
    for (long e = 0; e < rows; e++) {
        int32_t q = queries[e / fx->k];
        double beta = ct_metric_distance_bound(&ds, q, oracle.idx[e]) +
                      ct_metric_distance_bound(&ds, q, csv_i[e]);
        double dd = fabs(oracle.dist[e] - csv_d[e]);
        if (dd > max_d) max_d = dd;
        if (dd > FIXTURE_TOLERANCE) {
            near_ranks++;
            if (!(fabs(oracle.dist[e] * oracle.dist[e] - csv_d[e] * csv_d[e]) <= beta)) bad_dist++;
        }
        if (oracle.idx[e] != csv_i[e]) {
            double d_ours = ct_metric_distance(&ds, q, oracle.idx[e]);
            double d_theirs = ct_metric_distance(&ds, q, csv_i[e]);
            if (fabs(d_ours - d_theirs) > FIXTURE_TOLERANCE &&
                !(fabs(d_ours * d_ours - d_theirs * d_theirs) <= beta))
                bad_rank++;
        }
    }
    printf("%s: max |d - d_fixture| %.3g over %ld neighbours (%d beyond %g, all within the "
           "squared-scale rounding bound: %s)\n",
           fx->name, max_d, rows, near_ranks, FIXTURE_TOLERANCE, bad_dist ? "no" : "yes");
    CT_CHECK(bad_rank == 0, "%s: %d ranks differ beyond a tie", fx->name, bad_rank);
    CT_CHECK(bad_dist == 0, "%s: %d distances differ beyond tolerance and bound", fx->name,
             bad_dist);
    CT_CHECK(near_ranks == 0 || fx->near_duplicates, "%s: distances differ by %.3g", fx->name,
             max_d);
    /* The points at the query's location (the query and its exact copies) are
     * all in its row at distance exactly 0 (when there are at most k): the
     * oracle resolves true duplicates exactly, as the metric's definition (V
     * depends on x only) demands.  (Near copies may also come out at 0: rho
     * rounds to >= 1 and is clamped.) */
    for (int64_t q = 0; q < nq; q++) {
        const size_t row = (size_t)ds.dim * sizeof(double);
        const double *xq = ds.x + (size_t)queries[q] * (size_t)ds.dim;
        int copies = 0, listed = 0;
        for (int32_t j = 0; j < ds.n; j++)
            copies += memcmp(ds.x + (size_t)j * (size_t)ds.dim, xq, row) == 0;
        for (int r = 0; r < fx->k; r++) {
            int32_t j = oracle.idx[q * fx->k + r];
            if (memcmp(ds.x + (size_t)j * (size_t)ds.dim, xq, row) == 0)
                listed += oracle.dist[q * fx->k + r] == 0.0 ? 1 : -ds.n;
        }
        CT_CHECK(listed == (copies < fx->k ? copies : fx->k),
                 "%s: query %lld (point %d, %d points at its location) does not list them at "
                 "distance 0",
                 fx->name, (long long)q, (int)queries[q], copies);
        if (copies > 1) repeated++;
    }
    printf("%s: %d of %lld queries share their location with other points\n", fx->name, repeated,
           (long long)nq);

cleanup:
    ct_knn_result_free(&oracle);
    ct_knn_result_free(&expected);
    free(csv_q);
    free(csv_r);
    free(csv_i);
    free(csv_d);
    ct_free(queries);
    ct_npy_matrix_free(&pts);
    ct_npy_matrix_free(&v_ref);
    ct_npy_matrix_free(&p_ref);
    ct_dataset_free(&ds);
}

int main(void)
{
    static const fixture fixtures[] = {
        {"uniform2d_matern", CT_COVARIANCE_MATERN52, 1.5, {0.6, 0.9, 0}, 2, 10, 0},
        {"normal3d_rbf", CT_COVARIANCE_RBF, 1.0, {1.0, 1.0, 1.0}, 3, 25, 0},
        {"duplicates2d_rbf", CT_COVARIANCE_RBF, 1.0, {0.2, 0.2, 0}, 2, 40, 1},
    };
    for (size_t f = 0; f < sizeof fixtures / sizeof fixtures[0]; f++) check_fixture(&fixtures[f]);
    return ct_test_finish("test_core_fixtures");
}
