/* test_core_oracle.c -- the brute-force oracle and the tie-aware comparison.
 *
 * The oracle is checked against a naive full sort (every eligible distance,
 * qsort by (distance, index), first k) on several seeds, k = 1, small k and
 * k = n, predecessor mode on/off and exclude_self on/off, including padded
 * rows.  ct_knn_compare is checked on constructed cases: duplicate points give
 * exactly equal distances, so swapping a tied pair at the k-th place is exact,
 * while a genuinely wrong neighbour, a wrong reported distance, a duplicate or
 * ineligible index, a missing neighbour or a malformed row is not; recall
 * values are checked by hand; near d = 0 (a 1e-12 near copy of an inducing
 * point) a reported distance within the float64 rounding bound on the
 * squared scale is accepted although far beyond tol on d, beyond the bound
 * it is not, and the same d error far from 0 is not.  Also: argument errors
 * and allocation failure.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/knn.h"
#include "ct/metric.h"
#include "ct/workload.h"

typedef struct pair {
    double d;
    int32_t j;
} pair;

static int by_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

static int synth(ct_points_kind kind, ct_covariance_kind cov, int32_t n, int dim, int m,
                 uint64_t seed, ct_dataset *ds)
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
    spec.cov.variance = 1.3;
    for (int t = 0; t < dim; t++) spec.cov.lengthscale[t] = 0.7 + 0.1 * t;
    spec.seed = seed;
    rc = ct_workload_synthesize(&spec, ds, &err);
    CT_CHECK(rc == CT_OK, "synthesize: %s", err.msg);
    return rc;
}

/* Oracle == naive full sort, entry by entry (bitwise: same metric). */
static void check_against_sort(const ct_dataset *ds, const int32_t *queries, int32_t nq,
                               const ct_query_spec *spec)
{
    ct_knn_result res = {0};
    ct_error err;
    pair *all = malloc((size_t)ds->n * sizeof *all);
    long mismatches = 0, padded_rows = 0;
    int rc = ct_oracle_knn(ds, queries, nq, spec, &res, &err);
    CT_CHECK(rc == CT_OK, "oracle: %s", err.msg);
    if (rc != CT_OK || !all) goto cleanup;
    CT_CHECK(res.nq == nq && res.k == spec->k, "result shape %d x %d", (int)res.nq, res.k);
    for (int32_t q = 0; q < nq; q++) {
        int32_t i = queries[q];
        int count = 0;
        for (int32_t j = 0; j < ds->n; j++) {
            if (!ct_knn_eligible(spec, i, j)) continue;
            all[count].d = ct_metric_distance(ds, i, j);
            all[count].j = j;
            count++;
        }
        qsort(all, (size_t)count, sizeof *all, by_pair);
        if (count < spec->k) padded_rows++;
        for (int r = 0; r < spec->k; r++) {
            int32_t want_j = r < count ? all[r].j : -1;
            double want_d = r < count ? all[r].d : INFINITY;
            size_t e = (size_t)q * spec->k + r;
            if (res.idx[e] != want_j || res.dist[e] != want_d) mismatches++;
        }
    }
    CT_CHECK(mismatches == 0, "oracle vs sort: %ld mismatches (n=%d k=%d pred=%d excl=%d)",
             mismatches, (int)ds->n, spec->k, spec->predecessor, spec->exclude_self);
    if (spec->predecessor || (spec->k == ds->n && spec->exclude_self))
        CT_CHECK(padded_rows > 0, "expected padded rows (k=%d pred=%d)", spec->k,
                 spec->predecessor);
    else CT_CHECK(padded_rows == 0, "unexpected padded rows (k=%d)", spec->k);
cleanup:
    free(all);
    ct_knn_result_free(&res);
}

static void check_oracle(void)
{
    static const int ks[] = {1, 7, 0 /* = n */};
    for (uint64_t seed = 1; seed <= 3; seed++) {
        ct_dataset ds;
        int32_t n = seed == 2 ? 150 : 200;
        int32_t queries[60];
        if (synth(seed == 2 ? CT_POINTS_UNIFORM : CT_POINTS_CLUSTERED,
                  seed == 2 ? CT_COVARIANCE_MATERN52 : CT_COVARIANCE_RBF, n, 3, 30, seed, &ds))
            continue;
        ct_queries_draw(n, 58, seed * 77, queries);
        queries[58] = 0;     /* predecessor mode: no neighbours at all */
        queries[59] = n - 1; /* everything before it */
        for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
            for (int mode = 0; mode < 4; mode++) {
                ct_query_spec spec = {ks[ki] ? ks[ki] : n, mode & 1, (mode >> 1) & 1};
                check_against_sort(&ds, queries, 60, &spec);
            }
        }
        ct_dataset_free(&ds);
    }
}

/* A copy of a result. */
static ct_knn_result copy_result(const ct_knn_result *r)
{
    ct_knn_result c = {0};
    if (ct_knn_result_alloc(&c, r->nq, r->k) == CT_OK) {
        memcpy(c.idx, r->idx, (size_t)r->nq * r->k * sizeof *c.idx);
        memcpy(c.dist, r->dist, (size_t)r->nq * r->k * sizeof *c.dist);
    }
    return c;
}

static ct_compare_report compare(const ct_dataset *ds, const int32_t *queries,
                                 const ct_query_spec *spec, const ct_knn_result *oracle,
                                 const ct_knn_result *result)
{
    ct_compare_report rep;
    int rc;
    memset(&rep, 0, sizeof rep);
    rc = ct_knn_compare(ds, queries, spec, oracle, result, CT_TIE_TOLERANCE_F64, &rep);
    CT_CHECK(rc == CT_OK, "compare rc %d", rc);
    return rep;
}

static void check_compare(void)
{
    enum { N = 120, DUP_A = 20, DUP_B = 70 };
    ct_dataset ds;
    ct_error err;
    ct_knn_result full = {0}, oracle = {0}, r;
    ct_compare_report rep;
    int32_t queries[2];
    int rank_a = -1, k;
    int rc;

    /* Points 20 and 70 coincide, so every query sees them at equal distance. */
    memset(&ds, 0, sizeof ds);
    ds.n = N;
    ds.dim = 2;
    ds.m = 15;
    ds.cov.kind = CT_COVARIANCE_RBF;
    ds.cov.dim = 2;
    ds.cov.variance = 1.0;
    ds.cov.lengthscale[0] = ds.cov.lengthscale[1] = 0.5;
    ds.x = ct_malloc_array(N * 2, sizeof *ds.x);
    ds.inducing = ct_malloc_array(15, sizeof *ds.inducing);
    ct_points_generate(CT_POINTS_UNIFORM, N, 2, 4, ds.x);
    ds.x[DUP_B * 2] = ds.x[DUP_A * 2];
    ds.x[DUP_B * 2 + 1] = ds.x[DUP_A * 2 + 1];
    ct_inducing_draw(N, 15, 5, ds.inducing);
    rc = ct_factor_compute(&ds, &err);
    CT_CHECK(rc == CT_OK, "factor: %s", err.msg);
    if (rc != CT_OK) goto cleanup;

    /* Query 3 ranks everything; pick k so point 20 is the k-th neighbour and 70 the (k+1)-th. */
    queries[0] = 3;
    queries[1] = 100;
    {
        ct_query_spec all = {N, 0, 0};
        rc = ct_oracle_knn(&ds, queries, 1, &all, &full, &err);
        CT_CHECK(rc == CT_OK, "oracle: %s", err.msg);
        if (rc != CT_OK) goto cleanup;
        for (int r0 = 0; r0 < N; r0++)
            if (full.idx[r0] == DUP_A) rank_a = r0;
        CT_CHECK(rank_a >= 1 && rank_a + 2 < N && full.idx[rank_a + 1] == DUP_B &&
                     full.dist[rank_a] == full.dist[rank_a + 1],
                 "duplicates not adjacent in the ranking (rank %d)", rank_a);
        if (!(rank_a >= 1 && rank_a + 2 < N)) goto cleanup;
        CT_CHECK(full.dist[rank_a + 2] > full.dist[rank_a] + 1e-6, "no gap after the tie");
    }
    k = rank_a + 1;
    printf("tie case: query 3, k = %d (point %d k-th, %d tied next)\n", k, DUP_A, DUP_B);
    {
        ct_query_spec spec = {k, 0, 0};
        rc = ct_oracle_knn(&ds, queries, 2, &spec, &oracle, &err);
        CT_CHECK(rc == CT_OK && oracle.idx[k - 1] == DUP_A, "oracle k-th is not point 20");
        if (rc != CT_OK) goto cleanup;

        rep = compare(&ds, queries, &spec, &oracle, &oracle);
        CT_CHECK(rep.queries == 2 && rep.exact_queries == 2 && rep.first_bad_query == -1 &&
                     rep.recall == 1.0 && rep.max_distance_error == 0.0,
                 "oracle vs itself: exact %d recall %g", rep.exact_queries, rep.recall);

        /* Swap the tied pair at the k-th place: still exact, recall drops. */
        r = copy_result(&oracle);
        r.idx[k - 1] = DUP_B;
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 2, "tie swap judged inexact");
        CT_CHECK(fabs(rep.recall - (1.0 + (double)(k - 1) / k) / 2.0) < 1e-15, "tie swap recall %g",
                 rep.recall);
        ct_knn_result_free(&r);

        /* A genuinely wrong neighbour (the (k+2)-th instead of the k-th). */
        r = copy_result(&oracle);
        r.idx[k - 1] = full.idx[k + 1];
        r.dist[k - 1] = full.dist[k + 1];
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 0, "wrong neighbour accepted");
        CT_CHECK(fabs(rep.recall - (1.0 + (double)(k - 1) / k) / 2.0) < 1e-15,
                 "wrong neighbour recall %g", rep.recall);
        ct_knn_result_free(&r);

        /* Drop a neighbour well inside the k-th distance and add the point tied
         * with the k-th: every reported index is within D + tol, but a clearly
         * closer oracle neighbour is missing -- not exact. */
        r = copy_result(&oracle);
        for (int r0 = 1; r0 + 1 < k; r0++) {
            r.idx[r0] = r.idx[r0 + 1];
            r.dist[r0] = r.dist[r0 + 1];
        }
        r.idx[k - 1] = DUP_B;
        r.dist[k - 1] = oracle.dist[k - 1];
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(k < 3 || (rep.exact_queries == 1 && rep.first_bad_query == 0),
                 "missing closer neighbour accepted (k=%d)", k);
        ct_knn_result_free(&r);

        /* Right neighbours, one reported distance off by 1e-6. */
        r = copy_result(&oracle);
        r.dist[k + 1] += 1e-6; /* second query, rank 1 (stays sorted) */
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 1 && rep.recall == 1.0,
                 "wrong distance: exact %d first bad %d", rep.exact_queries, rep.first_bad_query);
        CT_CHECK(fabs(rep.max_distance_error - 1e-6) < 1e-12, "max distance error %g",
                 rep.max_distance_error);
        ct_knn_result_free(&r);

        /* The same index twice. */
        r = copy_result(&oracle);
        r.idx[k + 1] = r.idx[k];
        r.dist[k + 1] = r.dist[k];
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 1, "duplicate index accepted");
        ct_knn_result_free(&r);

        /* One neighbour missing (padding instead). */
        r = copy_result(&oracle);
        r.idx[k - 1] = -1;
        r.dist[k - 1] = INFINITY;
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 0, "missing neighbour accepted");
        CT_CHECK(fabs(rep.recall - (1.0 + (double)(k - 1) / k) / 2.0) < 1e-15,
                 "missing neighbour recall %g", rep.recall);
        ct_knn_result_free(&r);

        /* Out-of-order row, and an out-of-range index. */
        r = copy_result(&oracle);
        {
            int32_t ti = r.idx[1];
            double td = r.dist[1];
            r.idx[1] = r.idx[2];
            r.dist[1] = r.dist[2];
            r.idx[2] = ti;
            r.dist[2] = td;
        }
        r.idx[k] = N + 5;
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 0, "unsorted row / bad index accepted");
        ct_knn_result_free(&r);

        /* Mismatched shapes are an argument error. */
        {
            ct_knn_result small = {0};
            ct_compare_report rp;
            ct_knn_result_alloc(&small, 1, k);
            CT_CHECK(ct_knn_compare(&ds, queries, &spec, &oracle, &small, 1e-9, &rp) == CT_EINVAL,
                     "shape mismatch not rejected");
            ct_knn_result_free(&small);
        }
    }

    /* Predecessor mode: query 0 expects nothing (recall 1); an ineligible j >= i fails. */
    {
        ct_query_spec spec = {4, 1, 0};
        int32_t pq[2] = {0, 50};
        ct_knn_result po = {0};
        rc = ct_oracle_knn(&ds, pq, 2, &spec, &po, &err);
        CT_CHECK(rc == CT_OK, "predecessor oracle: %s", err.msg);
        if (rc == CT_OK) {
            CT_CHECK(po.idx[0] == -1 && po.idx[3] == -1 && isinf(po.dist[0]), "query 0 not padded");
            rep = compare(&ds, pq, &spec, &po, &po);
            CT_CHECK(rep.exact_queries == 2 && rep.recall == 1.0, "predecessor self-compare");
            r = copy_result(&po);
            r.idx[4 + 3] = 60; /* not eligible for query 50 */
            r.dist[4 + 3] = fmax(ct_metric_distance(&ds, 50, 60), r.dist[4 + 2]);
            rep = compare(&ds, pq, &spec, &po, &r);
            CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 1,
                     "ineligible neighbour accepted");
            CT_CHECK(fabs(rep.recall - (1.0 + 0.75) / 2.0) < 1e-15, "recall %g", rep.recall);
            ct_knn_result_free(&r);
            /* A result for query 0 that reports a neighbour is wrong. */
            r = copy_result(&po);
            r.idx[0] = 5;
            r.dist[0] = ct_metric_distance(&ds, 0, 5);
            rep = compare(&ds, pq, &spec, &po, &r);
            CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 0 && rep.recall == 1.0,
                     "neighbour for query 0 accepted");
            ct_knn_result_free(&r);
        }
        ct_knn_result_free(&po);
    }

cleanup:
    ct_knn_result_free(&full);
    ct_knn_result_free(&oracle);
    ct_dataset_free(&ds);
}

/* The squared-scale half of the rule (knn.h): near d = 0 a reported distance
 * may be off by up to sqrt(b) on the d scale, far from 0 only by tol. */
static void check_compare_squared(void)
{
    enum { N = 120, NEAR = 77 };
    ct_dataset ds;
    ct_error err;
    ct_knn_result oracle = {0}, r;
    ct_compare_report rep;
    ct_query_spec spec = {3, 0, 0};
    int32_t queries[2];
    int rc, u;

    memset(&ds, 0, sizeof ds);
    ds.n = N;
    ds.dim = 2;
    ds.m = 15;
    ds.cov.kind = CT_COVARIANCE_RBF;
    ds.cov.dim = 2;
    ds.cov.variance = 1.0;
    ds.cov.lengthscale[0] = ds.cov.lengthscale[1] = 0.5;
    ds.x = ct_malloc_array(N * 2, sizeof *ds.x);
    ds.inducing = ct_malloc_array(15, sizeof *ds.inducing);
    ct_points_generate(CT_POINTS_UNIFORM, N, 2, 4, ds.x);
    ct_inducing_draw(N, 15, 5, ds.inducing);
    u = ds.inducing[0]; /* tiny p there: near copies of it are noise-level apart */
    CT_CHECK(u != NEAR && ds.inducing[1] != NEAR, "near copy is an inducing point");
    ds.x[NEAR * 2] = ds.x[u * 2] + 1e-12;
    ds.x[NEAR * 2 + 1] = ds.x[u * 2 + 1];
    rc = ct_factor_compute(&ds, &err);
    CT_CHECK(rc == CT_OK, "factor: %s", err.msg);
    if (rc != CT_OK) goto cleanup;
    queries[0] = u;
    queries[1] = 100;
    rc = ct_oracle_knn(&ds, queries, 2, &spec, &oracle, &err);
    CT_CHECK(rc == CT_OK && oracle.idx[1] == NEAR, "oracle: the near copy is not 2nd");
    if (rc != CT_OK || oracle.idx[1] != NEAR) goto cleanup;
    {
        double ref = oracle.dist[1], b = ct_metric_distance_bound(&ds, u, NEAR);
        double off = sqrt(ref * ref + 0.5 * b); /* |d^2 - ref^2| = b/2, |d - ref| >> tol */
        printf("near copy of inducing point %d: p %.3g, d_ref %.3g, bound %.3g (sqrt %.3g)\n", u,
               ds.p[u], ref, b, sqrt(b));
        CT_CHECK(off - ref > 10 * CT_TIE_TOLERANCE_F64, "case too weak: %.3g", off - ref);
        r = copy_result(&oracle);
        r.dist[1] = off;
        if (r.dist[2] < off) r.dist[2] = off; /* keep the row sorted */
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 2, "near-zero distance within the bound rejected");
        ct_knn_result_free(&r);
        /* beyond the bound: rejected */
        r = copy_result(&oracle);
        r.dist[1] = sqrt(ref * ref + 3.0 * b);
        if (r.dist[2] < r.dist[1]) r.dist[2] = r.dist[1];
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 0,
                 "near-zero distance beyond the bound accepted");
        ct_knn_result_free(&r);
        /* the same d error far from 0 (second query, rank 1): rejected */
        r = copy_result(&oracle);
        r.dist[3 + 1] += off - ref;
        if (r.dist[3 + 2] < r.dist[3 + 1]) r.dist[3 + 2] = r.dist[3 + 1];
        rep = compare(&ds, queries, &spec, &oracle, &r);
        CT_CHECK(rep.exact_queries == 1 && rep.first_bad_query == 1,
                 "distance error %.3g at d = %.3g accepted", off - ref, oracle.dist[3 + 1]);
        ct_knn_result_free(&r);
    }

cleanup:
    ct_knn_result_free(&oracle);
    ct_dataset_free(&ds);
}

static void check_errors(void)
{
    ct_dataset ds;
    ct_error err;
    ct_knn_result res = {0};
    int32_t q[3] = {0, 5, 9};
    ct_query_spec spec = {3, 0, 0};
    if (synth(CT_POINTS_NORMAL, CT_COVARIANCE_RBF, 40, 2, 8, 21, &ds)) return;

    spec.k = 0;
    CT_CHECK(ct_oracle_knn(&ds, q, 3, &spec, &res, &err) == CT_EINVAL && res.idx == NULL,
             "k = 0 accepted");
    spec.k = 41;
    CT_CHECK(ct_oracle_knn(&ds, q, 3, &spec, &res, &err) == CT_EINVAL, "k > n accepted");
    CT_CHECK(strstr(err.msg, "k") != NULL, "message: %s", err.msg);
    spec.k = 3;
    q[1] = 40;
    CT_CHECK(ct_oracle_knn(&ds, q, 3, &spec, &res, &err) == CT_EINVAL,
             "query out of range accepted");
    q[1] = -1;
    CT_CHECK(ct_oracle_knn(&ds, q, 3, &spec, &res, &err) == CT_EINVAL, "negative query accepted");
    q[1] = 5;
    /* A preallocated result of the wrong shape is rejected; the right shape is used. */
    ct_knn_result_alloc(&res, 2, 3);
    CT_CHECK(ct_oracle_knn(&ds, q, 3, &spec, &res, &err) == CT_EINVAL, "wrong shape accepted");
    ct_knn_result_free(&res);
    ct_knn_result_alloc(&res, 3, 3);
    CT_CHECK(ct_oracle_knn(&ds, q, 3, &spec, &res, &err) == CT_OK && res.idx[0] == 0 &&
                 res.idx[3] == 5,
             "preallocated result not filled");
    ct_knn_result_free(&res);

    /* Allocation failure anywhere in the oracle is CT_ENOMEM, and a result the
     * oracle allocated itself is released again. */
    for (long fail = 0; fail < 8; fail++) {
        int rc;
        ct_alloc_fail_after(fail);
        rc = ct_oracle_knn(&ds, q, 3, &spec, &res, &err);
        ct_alloc_fail_after(-1);
        if (rc == CT_OK) {
            CT_CHECK(fail >= 2, "oracle succeeded with allocation %ld failing", fail);
            ct_knn_result_free(&res);
            break;
        }
        CT_CHECK(rc == CT_ENOMEM && res.idx == NULL && res.dist == NULL,
                 "fail at %ld: rc %d, result left allocated", fail, rc);
    }
    ct_dataset_free(&ds);
}

int main(void)
{
    printf("seeds: datasets 1-3 (queries seed*77), 4/5 (ties), 21 (errors)\n");
    check_oracle();
    check_compare();
    check_compare_squared();
    check_errors();
    return ct_test_finish("test_core_oracle");
}
