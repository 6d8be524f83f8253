/* test_core_workload.c -- synthetic workloads: determinism, sampling, statistics,
 * validation and behaviour under allocation failure.
 *
 * Same seed -> bit-identical dataset, different seed -> different; the dataset
 * is exactly points(seed) + inducing(seed + 1) + factor; inducing sets sorted,
 * distinct and in range (also m == n and m == 1); queries in range and drawn
 * with replacement; generator statistics (normal mean/sd/1-sigma mass,
 * uniform mean/variance/range, clustered much clumpier than uniform) within
 * generous bounds; the duplicate generators' exact structure (distinct
 * locations, exact copies, near-duplicates at 1e-12, 10 hot sites, copies
 * spread over the index range, inducing points sharing a location, a factor
 * that still computes); invalid specs rejected with a message naming the field;
 * every single allocation failure inside ct_workload_synthesize gives
 * CT_ENOMEM and a zeroed output (run under CT_SANITIZE to also prove no leak).
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/workload.h"

static ct_synthetic_spec base_spec(void)
{
    ct_synthetic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.points = CT_POINTS_NORMAL;
    spec.n = 500;
    spec.dim = 3;
    spec.m = 40;
    spec.cov.kind = CT_COVARIANCE_RBF;
    spec.cov.variance = 1.0;
    for (int t = 0; t < CT_MAX_DIM; t++) spec.cov.lengthscale[t] = 1.0;
    spec.seed = 2024;
    return spec;
}

static int same_dataset(const ct_dataset *a, const ct_dataset *b)
{
    return a->n == b->n && a->dim == b->dim && a->m == b->m &&
           memcmp(a->x, b->x, (size_t)a->n * a->dim * sizeof(double)) == 0 &&
           memcmp(a->inducing, b->inducing, (size_t)a->m * sizeof(int32_t)) == 0 &&
           memcmp(a->v, b->v, (size_t)a->n * a->m * sizeof(double)) == 0 &&
           memcmp(a->p, b->p, (size_t)a->n * sizeof(double)) == 0;
}

static void check_determinism(void)
{
    ct_synthetic_spec spec = base_spec();
    ct_dataset a, b, c;
    ct_error err;
    int rc;
    for (int kind = 0; kind < CT_POINTS_KIND_COUNT; kind++) {
        spec.points = (ct_points_kind)kind;
        rc = ct_workload_synthesize(&spec, &a, &err);
        rc |= ct_workload_synthesize(&spec, &b, &err);
        spec.seed++;
        rc |= ct_workload_synthesize(&spec, &c, &err);
        spec.seed--;
        CT_CHECK(rc == CT_OK, "synthesize %s: %s", ct_points_kind_name(spec.points), err.msg);
        if (rc != CT_OK) return;
        CT_CHECK(same_dataset(&a, &b), "%s: same seed, different bytes",
                 ct_points_kind_name(spec.points));
        CT_CHECK(ct_dataset_hash(&a) == ct_dataset_hash(&b), "same seed, different hash");
        CT_CHECK(ct_dataset_hash(&a) != ct_dataset_hash(&c), "different seed, same hash");
        CT_CHECK(memcmp(a.x, c.x, (size_t)a.n * a.dim * sizeof(double)) != 0,
                 "different seed, same points");
        CT_CHECK(memcmp(a.inducing, c.inducing, (size_t)a.m * sizeof(int32_t)) != 0,
                 "different seed, same inducing set");
        /* The hash sees every array: flip one bit of p. */
        a.p[a.n - 1] = nextafter(a.p[a.n - 1], 1.0);
        CT_CHECK(ct_dataset_hash(&a) != ct_dataset_hash(&b), "hash ignores p");
        ct_dataset_free(&a);
        ct_dataset_free(&b);
        ct_dataset_free(&c);
        CT_CHECK(a.x == NULL && a.v == NULL && a.n == 0, "dataset_free did not zero");
    }

    /* The dataset is exactly points(seed), inducing(seed + 1), then the factor. */
    spec = base_spec();
    spec.points = CT_POINTS_UNIFORM;
    if (ct_workload_synthesize(&spec, &a, &err) == CT_OK) {
        double *x = malloc((size_t)spec.n * spec.dim * sizeof *x);
        int32_t *ind = malloc((size_t)spec.m * sizeof *ind);
        ct_dataset d;
        ct_points_generate(spec.points, spec.n, spec.dim, spec.seed, x);
        ct_inducing_draw(spec.n, spec.m, spec.seed + 1, ind);
        CT_CHECK(memcmp(x, a.x, (size_t)spec.n * spec.dim * sizeof *x) == 0, "points seed");
        CT_CHECK(memcmp(ind, a.inducing, (size_t)spec.m * sizeof *ind) == 0, "inducing seed");
        CT_CHECK(a.cov.dim == spec.dim, "cov.dim not set from dim");
        d = a;
        d.v = NULL;
        d.p = NULL;
        d.x = ct_malloc_array((size_t)spec.n * spec.dim, sizeof *d.x);
        d.inducing = ct_malloc_array((size_t)spec.m, sizeof *d.inducing);
        memcpy(d.x, a.x, (size_t)spec.n * spec.dim * sizeof *d.x);
        memcpy(d.inducing, a.inducing, (size_t)spec.m * sizeof *d.inducing);
        CT_CHECK(ct_factor_compute(&d, &err) == CT_OK && same_dataset(&a, &d),
                 "factor not reproducible");
        ct_dataset_free(&d);
        free(x);
        free(ind);
        ct_dataset_free(&a);
    }
}

static void check_sampling(void)
{
    static const int32_t ns[] = {1, 7, 64, 1000, 1000};
    static const int ms[] = {1, 7, 63, 1000, 10};
    int32_t *out = malloc(1000 * sizeof *out), *other = malloc(1000 * sizeof *other);
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        int rc = ct_inducing_draw(ns[c], ms[c], 99 + c, out);
        int ok = rc == CT_OK;
        for (int a = 0; ok && a < ms[c]; a++) {
            if (out[a] < 0 || out[a] >= ns[c]) ok = 0;
            if (a > 0 && out[a] <= out[a - 1]) ok = 0; /* sorted and distinct */
        }
        CT_CHECK(ok, "inducing n=%d m=%d not sorted/distinct/in range", (int)ns[c], ms[c]);
        if (ms[c] == ns[c])
            for (int a = 0; a < ms[c]; a++) CT_CHECK(out[a] == a, "m == n must take every point");
    }
    ct_inducing_draw(1000, 10, 1, out);
    ct_inducing_draw(1000, 10, 2, other);
    CT_CHECK(memcmp(out, other, 10 * sizeof *out) != 0, "inducing ignores the seed");
    /* Every index is reachable: over many seeds all 20 of n = 20 get drawn with m = 3. */
    {
        int seen[20] = {0}, all = 1;
        for (uint64_t s = 0; s < 200; s++) {
            ct_inducing_draw(20, 3, s, out);
            for (int a = 0; a < 3; a++) seen[out[a]]++;
        }
        for (int i = 0; i < 20; i++)
            if (seen[i] < 10) all = 0;
        CT_CHECK(all, "inducing draws look biased");
    }
    CT_CHECK(ct_inducing_draw(10, 11, 1, out) == CT_EINVAL, "m > n accepted");
    CT_CHECK(ct_inducing_draw(10, 0, 1, out) == CT_EINVAL, "m = 0 accepted");

    /* Queries: in range, with replacement (q > n forces repeats). */
    {
        int counts[10] = {0}, in_range = 1, repeats = 0;
        CT_CHECK(ct_queries_draw(10, 1000, 5, out) == CT_OK, "queries_draw");
        for (int r = 0; r < 1000; r++) {
            if (out[r] < 0 || out[r] >= 10) in_range = 0;
            else if (counts[out[r]]++) repeats = 1;
        }
        CT_CHECK(in_range && repeats, "queries out of range or without repeats");
        for (int i = 0; i < 10; i++)
            CT_CHECK(counts[i] > 50, "query value %d drawn %d times", i, counts[i]);
        CT_CHECK(ct_queries_draw(10, 0, 5, out) == CT_OK, "q = 0 rejected");
        CT_CHECK(ct_queries_draw(0, 5, 5, out) == CT_EINVAL, "n = 0 accepted");
    }
    free(out);
    free(other);
}

/* Fraction of pairs of n 3-D points closer than r. */
static double close_pair_fraction(const double *x, int n, double r)
{
    long close = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1];
            double dz = x[3 * i + 2] - x[3 * j + 2];
            if (dx * dx + dy * dy + dz * dz < r * r) close++;
        }
    return (double)close / ((double)n * (n - 1) / 2);
}

static void check_statistics(void)
{
    enum { N = 20000, DIM = 2 };
    double *x = malloc((size_t)N * DIM * sizeof *x);
    double sum = 0, sq = 0, lo = INFINITY, hi = -INFINITY;
    long within = 0;
    size_t count = (size_t)N * DIM;

    CT_CHECK(ct_points_generate(CT_POINTS_NORMAL, N, DIM, 1, x) == CT_OK, "normal");
    for (size_t e = 0; e < count; e++) {
        sum += x[e];
        sq += x[e] * x[e];
        if (fabs(x[e]) < 1.0) within++;
    }
    printf("normal: mean %.4f sd %.4f P(|x|<1) %.4f\n", sum / count,
           sqrt(sq / count - (sum / count) * (sum / count)), (double)within / count);
    CT_CHECK(fabs(sum / count) < 0.03, "normal mean %g", sum / count);
    CT_CHECK(fabs(sqrt(sq / count) - 1.0) < 0.03, "normal sd %g", sqrt(sq / count));
    CT_CHECK(fabs((double)within / count - 0.6827) < 0.02, "normal P(|x|<1) %g",
             (double)within / count);

    sum = sq = 0;
    CT_CHECK(ct_points_generate(CT_POINTS_UNIFORM, N, DIM, 1, x) == CT_OK, "uniform");
    for (size_t e = 0; e < count; e++) {
        sum += x[e];
        sq += (x[e] - 0.5) * (x[e] - 0.5);
        if (x[e] < lo) lo = x[e];
        if (x[e] > hi) hi = x[e];
    }
    CT_CHECK(lo >= 0.0 && hi < 1.0, "uniform range [%g, %g]", lo, hi);
    CT_CHECK(fabs(sum / count - 0.5) < 0.01, "uniform mean %g", sum / count);
    CT_CHECK(fabs(sq / count - 1.0 / 12.0) < 0.005, "uniform variance %g", sq / count);

    /* Clustered: inside the cube up to a margin, and far clumpier than uniform. */
    {
        /* 3-D pairs closer than 0.05: uniform ~ 4/3 pi 0.05^3 = 5e-4; clustered
         * has 1/16 of pairs in one cluster, of which P(chi2_3 < 0.5) = 8% are
         * that close: ~5e-3, ten times more. */
        double close_uniform, close_clustered, y[3000];
        ct_points_generate(CT_POINTS_UNIFORM, 1000, 3, 2, y);
        close_uniform = close_pair_fraction(y, 1000, 0.05);
        lo = INFINITY;
        hi = -INFINITY;
        CT_CHECK(ct_points_generate(CT_POINTS_CLUSTERED, N, DIM, 1, x) == CT_OK, "clustered");
        for (size_t e = 0; e < count; e++) {
            if (x[e] < lo) lo = x[e];
            if (x[e] > hi) hi = x[e];
        }
        ct_points_generate(CT_POINTS_CLUSTERED, 1000, 3, 2, y);
        close_clustered = close_pair_fraction(y, 1000, 0.05);
        printf("clustered: range [%.3f, %.3f], pairs closer than 0.05: %.4f vs uniform %.4f\n", lo,
               hi, close_clustered, close_uniform);
        CT_CHECK(lo > -0.4 && hi < 1.4, "clustered range [%g, %g]", lo, hi);
        CT_CHECK(close_clustered > 4.0 * close_uniform, "clustered not clumpy: %g vs %g",
                 close_clustered, close_uniform);
    }
    free(x);

    CT_CHECK(ct_points_kind_from_name("clustered") == CT_POINTS_CLUSTERED &&
                 ct_points_kind_from_name("normal") == CT_POINTS_NORMAL &&
                 ct_points_kind_from_name("gaussian") == -1,
             "points kind names");
    CT_CHECK(strcmp(ct_points_kind_name(CT_POINTS_UNIFORM), "uniform") == 0, "uniform name");
}

/* Rows of x (n x dim) sorted lexicographically, as indices. */
static const double *sort_x;
static int sort_dim;
static int by_row(const void *a, const void *b)
{
    const double *ra = sort_x + (size_t) * (const int32_t *)a * sort_dim;
    const double *rb = sort_x + (size_t) * (const int32_t *)b * sort_dim;
    for (int t = 0; t < sort_dim; t++)
        if (ra[t] != rb[t]) return ra[t] < rb[t] ? -1 : 1;
    return 0;
}

typedef struct dup_stats {
    int distinct;     /* distinct locations */
    int with_copy;    /* points with an exact copy elsewhere */
    int near_pairs;   /* point pairs within 3e-12 per coordinate, not equal */
    int max_copies;   /* most points at one location */
    int near_exact;   /* near pairs whose offset is 1e-12 (+-1e-15) in every coordinate */
    int copies_apart; /* exact-copy pairs whose indices are more than n / 10 apart */
} dup_stats;

static dup_stats duplicate_stats(const double *x, int32_t n, int dim)
{
    dup_stats st = {0, 0, 0, 0, 0, 0};
    int32_t *ord = malloc((size_t)n * sizeof *ord);
    for (int32_t i = 0; i < n; i++) ord[i] = i;
    sort_x = x;
    sort_dim = dim;
    qsort(ord, (size_t)n, sizeof *ord, by_row);
    for (int32_t a = 0; a < n;) {
        int32_t b = a + 1;
        while (b < n && by_row(&ord[a], &ord[b]) == 0) b++;
        st.distinct++;
        if (b - a > 1) st.with_copy += b - a;
        if (b - a > st.max_copies) st.max_copies = b - a;
        for (int32_t c = a + 1; c < b; c++) {
            int32_t gap = ord[c] > ord[a] ? ord[c] - ord[a] : ord[a] - ord[c];
            if (gap > n / 10) st.copies_apart++;
        }
        a = b;
    }
    /* near pairs: two points within 3e-12 in every coordinate, not equal */
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = i + 1; j < n; j++) {
            int near = 1, exact = 1, same = 1;
            for (int t = 0; t < dim; t++) {
                double dlt = fabs(x[(size_t)i * dim + t] - x[(size_t)j * dim + t]);
                if (dlt != 0) same = 0;
                if (dlt > 3e-12) near = 0;
                if (fabs(dlt - 1e-12) > 1e-15) exact = 0;
            }
            if (near && !same) {
                st.near_pairs++;
                st.near_exact += exact;
            }
        }
    free(ord);
    return st;
}

static void check_duplicates(void)
{
    enum { N = 1000, DIM = 2 };
    double *x = malloc((size_t)N * DIM * sizeof *x);
    dup_stats st;
    ct_synthetic_spec spec = base_spec();
    ct_dataset ds;
    ct_error err;

    /* duplicates: 250 on 10 hot sites, then 187 groups (site, copy, two copies
     * +-1e-12 per coordinate) and a cut-short group (site, copy). */
    CT_CHECK(ct_points_generate(CT_POINTS_DUPLICATES, N, DIM, 3, x) == CT_OK, "duplicates");
    st = duplicate_stats(x, N, DIM);
    printf("duplicates n=%d: %d distinct locations, %d points with an exact copy, %d near pairs "
           "(%d at exactly 1e-12), at most %d at one location, %d copy pairs > n/10 apart\n",
           N, st.distinct, st.with_copy, st.near_pairs, st.near_exact, st.max_copies,
           st.copies_apart);
    {
        /* With c = the groups whose two near copies coincide (probability 1/4
         * each in 2-D): locations 10 + 3 * 187 - c + 1, points with an exact
         * copy 250 + 2 * 187 + 2 c + 2, near pairs (points within 3e-12, not
         * equal) 4 per group (each near copy with site and copy, all at exactly
         * 1e-12) + 1 per group whose near copies differ.  (Any other
         * coincidence has probability 0.)  Copy pairs (first point of a location
         * with each other one): ~80% would be > n/10 apart at random positions,
         * almost none in generation order (unshuffled). */
        int c = 10 + 3 * 187 + 1 - st.distinct;
        CT_CHECK(c >= 20 && c <= 80, "duplicates: %d distinct locations (%d coinciding pairs)",
                 st.distinct, c);
        CT_CHECK(st.with_copy == 250 + 2 * 187 + 2 * c + 2,
                 "duplicates: %d points with a copy, want %d", st.with_copy,
                 250 + 2 * 187 + 2 * c + 2);
        CT_CHECK(st.near_pairs == 4 * 187 + 187 - c && st.near_exact == 4 * 187,
                 "duplicates: %d near pairs (%d at 1e-12), want %d (%d)", st.near_pairs,
                 st.near_exact, 5 * 187 - c, 4 * 187);
    }
    CT_CHECK(st.max_copies >= 15 && st.max_copies <= 45, "duplicates: %d at the busiest site",
             st.max_copies);
    CT_CHECK(st.copies_apart > 300, "duplicates: copies not spread (%d pairs far apart)",
             st.copies_apart);

    /* duplicates10: every point on one of 10 sites, all used. */
    CT_CHECK(ct_points_generate(CT_POINTS_DUPLICATES10, N, DIM, 3, x) == CT_OK, "duplicates10");
    st = duplicate_stats(x, N, DIM);
    CT_CHECK(st.distinct == 10 && st.with_copy == N && st.near_pairs == 0,
             "duplicates10: %d distinct, %d with copy, %d near", st.distinct, st.with_copy,
             st.near_pairs);
    free(x);

    /* A workload on it: inducing points share locations, the factor still computes. */
    for (int kind = CT_POINTS_DUPLICATES; kind <= CT_POINTS_DUPLICATES10; kind++) {
        int shared = 0, rc;
        spec.points = (ct_points_kind)kind;
        spec.n = N;
        spec.dim = DIM;
        spec.m = 64;
        rc = ct_workload_synthesize(&spec, &ds, &err);
        CT_CHECK(rc == CT_OK, "%s workload: %s", ct_points_kind_name(spec.points), err.msg);
        if (rc != CT_OK) continue;
        for (int a = 0; a < ds.m; a++)
            for (int b = a + 1; b < ds.m; b++)
                if (memcmp(ds.x + (size_t)ds.inducing[a] * DIM, ds.x + (size_t)ds.inducing[b] * DIM,
                           DIM * sizeof(double)) == 0)
                    shared++;
        printf("%s workload m=64: %d inducing pairs at one location\n",
               ct_points_kind_name(spec.points), shared);
        CT_CHECK(shared > 0, "%s: no two inducing points share a location",
                 ct_points_kind_name(spec.points));
        for (int32_t i = 0; i < ds.n; i++)
            CT_CHECK(ds.p[i] >= CT_P_FLOOR && isfinite(ds.p[i]), "p[%d] = %g", (int)i, ds.p[i]);
        ct_dataset_free(&ds);
    }
    CT_CHECK(ct_points_kind_from_name("duplicates") == CT_POINTS_DUPLICATES &&
                 ct_points_kind_from_name("duplicates10") == CT_POINTS_DUPLICATES10 &&
                 strcmp(ct_points_kind_name(CT_POINTS_DUPLICATES10), "duplicates10") == 0 &&
                 ct_points_kind_name(CT_POINTS_KIND_COUNT) == NULL,
             "duplicates kind names");
}

static void expect_invalid(const ct_synthetic_spec *spec, const char *word, const char *what)
{
    ct_dataset ds;
    ct_error err;
    int rc;
    ct_error_clear(&err);
    rc = ct_workload_synthesize(spec, &ds, &err);
    CT_CHECK(rc == CT_EINVAL, "%s: rc %d", what, rc);
    CT_CHECK(strstr(err.msg, word) != NULL, "%s: message '%s' lacks '%s'", what, err.msg, word);
    CT_CHECK(ds.x == NULL && ds.v == NULL, "%s: output not zeroed", what);
    if (rc == CT_OK) ct_dataset_free(&ds);
}

static void check_validation(void)
{
    ct_synthetic_spec s;
    s = base_spec();
    s.n = 0;
    expect_invalid(&s, "n", "n = 0");
    s = base_spec();
    s.dim = 0;
    expect_invalid(&s, "dim", "dim = 0");
    s = base_spec();
    s.dim = CT_MAX_DIM + 1;
    expect_invalid(&s, "dim", "dim too large");
    s = base_spec();
    s.m = 0;
    expect_invalid(&s, "m", "m = 0");
    s = base_spec();
    s.m = s.n + 1;
    expect_invalid(&s, "m", "m > n");
    s = base_spec();
    s.cov.variance = 0;
    expect_invalid(&s, "variance", "variance 0");
    s = base_spec();
    s.cov.variance = NAN;
    expect_invalid(&s, "variance", "variance NaN");
    s = base_spec();
    s.cov.lengthscale[2] = -1;
    expect_invalid(&s, "lengthscale[2]", "lengthscale < 0");
    s = base_spec();
    s.cov.lengthscale[0] = INFINITY;
    expect_invalid(&s, "lengthscale", "lengthscale inf");
    s = base_spec();
    s.cov.kind = (ct_covariance_kind)7;
    expect_invalid(&s, "kind", "bad kind");
    s = base_spec();
    s.points = (ct_points_kind)9;
    expect_invalid(&s, "generator", "bad generator");
    /* m == n is valid. */
    s = base_spec();
    s.n = 50;
    s.m = 50;
    {
        ct_dataset ds;
        ct_error err;
        CT_CHECK(ct_workload_synthesize(&s, &ds, &err) == CT_OK, "m == n: %s", err.msg);
        ct_dataset_free(&ds);
    }
}

static void check_alloc_failures(void)
{
    ct_synthetic_spec spec = base_spec();
    ct_dataset ds;
    ct_error err;
    long fail, failures = 0;
    spec.n = 300;
    spec.m = 30;
    for (fail = 0; fail < 100; fail++) {
        int rc;
        ct_alloc_fail_after(fail);
        rc = ct_workload_synthesize(&spec, &ds, &err);
        ct_alloc_fail_after(-1);
        if (rc == CT_OK) break;
        failures++;
        CT_CHECK(rc == CT_ENOMEM, "fail at %ld: rc %d (%s)", fail, rc, err.msg);
        CT_CHECK(ds.x == NULL && ds.inducing == NULL && ds.v == NULL && ds.p == NULL,
                 "fail at %ld: output not zeroed", fail);
    }
    printf("allocation failure injected at %ld positions before success\n", failures);
    CT_CHECK(fail < 100, "synthesize never succeeded");
    CT_CHECK(failures >= 5, "only %ld allocation sites seen", failures);
    if (fail < 100) {
        ct_dataset ref;
        CT_CHECK(ct_workload_synthesize(&spec, &ref, &err) == CT_OK && same_dataset(&ds, &ref),
                 "result after injected failures differs");
        ct_dataset_free(&ref);
        ct_dataset_free(&ds);
    }
}

int main(void)
{
    printf("seeds: spec 2024 (+1), sampling 99.., 1, 2, 5; statistics 1, 2; duplicates 3\n");
    check_determinism();
    check_sampling();
    check_statistics();
    check_duplicates();
    check_validation();
    check_alloc_failures();
    return ct_test_finish("test_core_workload");
}
