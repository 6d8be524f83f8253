/* test_core_ordering.c -- the workload orderings (ct/ordering.h, docs/ALGORITHM.md §3.9).
 *
 * maxmin: the fast k-d tree + lazy heap ordering equals, entry for entry, a
 * naive O(n^2) implementation of the written rules (below, independent of the
 * library) on every generator at dims 1, 2, 3, 5 and n = 1, 2, 7, 1000, 5000,
 * plus hand-made cases (all points identical, a line with ties, dim 16); the
 * selection distances are non-increasing and each is the true distance of
 * the point to the points before it; NaN and infinite coordinates are
 * rejected with CT_EINVAL and a message.  random: a permutation, the same
 * for the same seed, different for another seed.  ct_dataset_permute: x, V
 * rows, p follow the points, inducing indices renamed and sorted, every
 * residual distance bitwise unchanged (d'(r, s) = d(perm[r], perm[s])) and
 * the oracle's neighbour distances unchanged; a non-permutation is rejected
 * and leaves the dataset as it was; allocation failures give CT_ENOMEM.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/knn.h"
#include "ct/metric.h"
#include "ct/ordering.h"
#include "ct/workload.h"

/* The rules' squared distance: sum over t in order of (a[t] - b[t])^2. */
static double naive_sq(const double *a, const double *b, int dim)
{
    double s = 0.0;
    for (int t = 0; t < dim; t++) {
        double e = a[t] - b[t];
        s += e * e;
    }
    return s;
}

/* The written rules, O(n^2): nearest to the mean first, then the farthest
 * unselected point, ties to the lowest index. */
static void naive_maxmin(const double *x, int32_t n, int dim, int32_t *perm)
{
    double mean[CT_MAX_DIM] = {0}, best = INFINITY;
    double *cur = malloc((size_t)n * sizeof *cur);
    char *taken = calloc((size_t)n, 1);
    int32_t first = 0;
    for (int32_t i = 0; i < n; i++)
        for (int t = 0; t < dim; t++) mean[t] += x[(size_t)i * dim + t];
    for (int t = 0; t < dim; t++) mean[t] /= (double)n;
    for (int32_t i = 0; i < n; i++) {
        double d = naive_sq(x + (size_t)i * dim, mean, dim);
        if (d < best) {
            best = d;
            first = i;
        }
    }
    perm[0] = first;
    taken[first] = 1;
    for (int32_t i = 0; i < n; i++)
        cur[i] = naive_sq(x + (size_t)i * dim, x + (size_t)first * dim, dim);
    for (int32_t r = 1; r < n; r++) {
        int32_t arg = -1;
        for (int32_t i = 0; i < n; i++)
            if (!taken[i] && (arg < 0 || cur[i] > cur[arg])) arg = i;
        perm[r] = arg;
        taken[arg] = 1;
        for (int32_t i = 0; i < n; i++) {
            double d = naive_sq(x + (size_t)i * dim, x + (size_t)arg * dim, dim);
            if (d < cur[i]) cur[i] = d;
        }
    }
    free(cur);
    free(taken);
}

/* Every selected point's distance (recomputed) is >= every later one's, and
 * the reported sq[r] is its distance to the points before it. */
static int maxmin_property(const double *x, int32_t n, int dim, const int32_t *perm,
                           const double *sq)
{
    double *cur = malloc((size_t)n * sizeof *cur), prev = INFINITY;
    int ok = isinf(sq[0]) && sq[0] > 0;
    for (int32_t i = 0; i < n; i++) cur[i] = INFINITY;
    for (int32_t r = 0; r < n && ok; r++) {
        int32_t j = perm[r];
        double d = cur[j];
        ok = d <= prev && d == sq[r];
        prev = d;
        for (int32_t i = 0; i < n; i++) {
            double e = naive_sq(x + (size_t)i * dim, x + (size_t)j * dim, dim);
            if (e < cur[i]) cur[i] = e;
        }
    }
    free(cur);
    return ok;
}

static int is_permutation(const int32_t *perm, int32_t n)
{
    char *seen = calloc((size_t)n, 1);
    int ok = 1;
    for (int32_t r = 0; r < n && ok; r++) {
        ok = perm[r] >= 0 && perm[r] < n && !seen[perm[r]];
        if (ok) seen[perm[r]] = 1;
    }
    free(seen);
    return ok;
}

static void check_one(const double *x, int32_t n, int dim, const char *what)
{
    int32_t *fast = malloc((size_t)n * sizeof *fast), *slow = malloc((size_t)n * sizeof *slow);
    double *sq = malloc((size_t)n * sizeof *sq);
    ct_error err;
    int rc = ct_ordering_maxmin(x, n, dim, fast, sq, &err);
    CT_CHECK(rc == CT_OK, "%s: maxmin failed: %d", what, rc);
    if (rc == CT_OK) {
        naive_maxmin(x, n, dim, slow);
        CT_CHECK(memcmp(fast, slow, (size_t)n * sizeof *fast) == 0,
                 "%s: fast maxmin differs from the naive one", what);
        CT_CHECK(is_permutation(fast, n), "%s: not a permutation", what);
        CT_CHECK(maxmin_property(x, n, dim, fast, sq),
                 "%s: selection distances not the max-min sequence", what);
    }
    free(fast);
    free(slow);
    free(sq);
}

static void check_generators(void)
{
    static const int dims[] = {1, 2, 3, 5};
    static const int32_t ns[] = {1, 2, 7, 1000, 5000};
    char what[128];
    for (int g = 0; g < CT_POINTS_KIND_COUNT; g++)
        for (size_t a = 0; a < sizeof dims / sizeof dims[0]; a++)
            for (size_t b = 0; b < sizeof ns / sizeof ns[0]; b++) {
                int dim = dims[a];
                int32_t n = ns[b];
                double *x = malloc((size_t)n * dim * sizeof *x);
                int rc = ct_points_generate((ct_points_kind)g, n, dim, 100 + (uint64_t)b, x);
                snprintf(what, sizeof what, "%s n=%d dim=%d", ct_points_kind_name(g), (int)n, dim);
                CT_CHECK(rc == CT_OK, "%s: generate", what);
                if (rc == CT_OK) check_one(x, n, dim, what);
                free(x);
            }
}

static void check_special(void)
{
    double same[50 * 2], line[9], wide[300 * 16];
    int32_t perm[300];
    double sq[300];
    ct_error err;
    int rc;
    /* all points identical: the one nearest the mean is index 0, then the rest in order */
    for (int i = 0; i < 100; i++) same[i] = 0.25;
    rc = ct_ordering_maxmin(same, 50, 2, perm, sq, &err);
    CT_CHECK(rc == CT_OK, "identical points: %d", rc);
    for (int i = 0; i < 50 && rc == CT_OK; i++)
        CT_CHECK(perm[i] == i && (i == 0 || sq[i] == 0.0), "identical: perm[%d] = %d", i,
                 (int)perm[i]);
    /* 0..8 on a line: mean 4 -> 4; then 0 and 8 tie at 16 -> 0 (lowest index), then 8;
     * then 2 and 6 (distance 2) -> 2, 6; then 1, 3, 5, 7 in order */
    for (int i = 0; i < 9; i++) line[i] = (double)i;
    rc = ct_ordering_maxmin(line, 9, 1, perm, sq, &err);
    {
        static const int32_t want[9] = {4, 0, 8, 2, 6, 1, 3, 5, 7};
        CT_CHECK(rc == CT_OK && memcmp(perm, want, sizeof want) == 0,
                 "line: got %d %d %d %d %d %d %d %d %d", (int)perm[0], (int)perm[1], (int)perm[2],
                 (int)perm[3], (int)perm[4], (int)perm[5], (int)perm[6], (int)perm[7],
                 (int)perm[8]);
    }
    /* CT_MAX_DIM dimensions */
    rc = ct_points_generate(CT_POINTS_CLUSTERED, 300, CT_MAX_DIM, 5, wide);
    CT_CHECK(rc == CT_OK, "wide generate");
    check_one(wide, 300, CT_MAX_DIM, "clustered n=300 dim=16");
    /* NaN and infinity rejected, naming the point */
    line[5] = NAN;
    ct_error_clear(&err);
    rc = ct_ordering_maxmin(line, 9, 1, perm, NULL, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "point 5") && strstr(err.msg, "NaN"),
             "NaN: rc %d '%s'", rc, err.msg);
    line[5] = INFINITY;
    rc = ct_ordering_maxmin(line, 9, 1, perm, NULL, &err);
    CT_CHECK(rc == CT_EINVAL, "infinity: rc %d", rc);
    rc = ct_ordering_maxmin(line, 0, 1, perm, NULL, &err);
    CT_CHECK(rc == CT_EINVAL, "n = 0: rc %d", rc);
    rc = ct_ordering_maxmin(line, 9, CT_MAX_DIM + 1, perm, NULL, &err);
    CT_CHECK(rc == CT_EINVAL, "dim 17: rc %d", rc);
    /* allocation failures */
    rc = ct_points_generate(CT_POINTS_UNIFORM, 300, 2, 9, wide);
    for (long f = 0; f < 8; f++) {
        ct_alloc_fail_after(f);
        rc = ct_ordering_maxmin(wide, 300, 2, perm, NULL, &err);
        ct_alloc_fail_after(-1);
        CT_CHECK(rc == CT_ENOMEM, "alloc failure %ld: rc %d", f, rc);
    }
}

static void check_random(void)
{
    int32_t a[1000], b[1000], c[1000], one[1];
    int same = 1, diff = 0, moved = 0;
    CT_CHECK(ct_ordering_random(1000, 42, a) == CT_OK, "random");
    CT_CHECK(ct_ordering_random(1000, 42, b) == CT_OK, "random again");
    CT_CHECK(ct_ordering_random(1000, 43, c) == CT_OK, "random other seed");
    CT_CHECK(is_permutation(a, 1000), "random: not a permutation");
    for (int i = 0; i < 1000; i++) {
        same &= a[i] == b[i];
        diff += a[i] != c[i];
        moved += a[i] != i;
    }
    CT_CHECK(same, "random: same seed, different permutation");
    CT_CHECK(diff > 900, "random: seeds 42 and 43 agree at %d of 1000 positions", 1000 - diff);
    CT_CHECK(moved > 900, "random: only %d of 1000 points moved", moved);
    CT_CHECK(ct_ordering_random(1, 42, one) == CT_OK && one[0] == 0, "random n = 1");
    CT_CHECK(ct_ordering_random(0, 42, one) == CT_EINVAL, "random n = 0");
    CT_CHECK(ct_ordering_from_name("maxmin") == CT_ORDERING_MAXMIN &&
                 ct_ordering_from_name("random") == CT_ORDERING_RANDOM &&
                 ct_ordering_from_name("natural") == CT_ORDERING_NATURAL &&
                 ct_ordering_from_name("max-min") == -1 &&
                 !strcmp(ct_ordering_name(CT_ORDERING_MAXMIN), "maxmin"),
             "ordering names");
}

static ct_synthetic_spec spec_of(ct_points_kind kind, int32_t n)
{
    ct_synthetic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.points = kind;
    spec.n = n;
    spec.dim = 3;
    spec.m = 20;
    spec.cov.kind = CT_COVARIANCE_RBF;
    spec.cov.variance = 1.0;
    for (int t = 0; t < CT_MAX_DIM; t++) spec.cov.lengthscale[t] = 0.7;
    spec.seed = 31;
    return spec;
}

static void check_permute_kind(ct_points_kind kind, ct_ordering_kind order)
{
    const int32_t n = 300;
    ct_synthetic_spec spec = spec_of(kind, n);
    ct_dataset a, b;
    int32_t perm[300], where[300], queries[300];
    ct_error err;
    int rc, bad = 0, sorted = 1, mapped = 1;
    rc = ct_workload_synthesize(&spec, &a, &err);
    if (rc == CT_OK) rc = ct_workload_synthesize(&spec, &b, &err);
    CT_CHECK(rc == CT_OK, "synthesize: %s", err.msg);
    if (rc != CT_OK) return;
    rc = ct_ordering_compute(order, &b, 5, perm, &err);
    if (rc == CT_OK) rc = ct_dataset_permute(&b, perm, &err);
    CT_CHECK(rc == CT_OK, "permute: %d %s", rc, err.msg);
    for (int32_t r = 0; r < n; r++) where[perm[r]] = r;
    for (int32_t r = 0; r < n && rc == CT_OK; r++) {
        bad += memcmp(b.x + (size_t)r * 3, a.x + (size_t)perm[r] * 3, 3 * sizeof(double)) != 0;
        bad += memcmp(b.v + (size_t)r * a.m, a.v + (size_t)perm[r] * a.m,
                      (size_t)a.m * sizeof(double)) != 0;
        bad += b.p[r] != a.p[perm[r]];
        for (int32_t s = 0; s < n; s++)
            bad += ct_metric_distance(&b, r, s) != ct_metric_distance(&a, perm[r], perm[s]);
    }
    CT_CHECK(bad == 0, "%s/%s: %d rows or distances changed", ct_points_kind_name(kind),
             ct_ordering_name(order), bad);
    for (int u = 0; u < b.m; u++) {
        if (u > 0 && b.inducing[u] <= b.inducing[u - 1]) sorted = 0;
        int found = 0;
        for (int w = 0; w < a.m; w++) found |= where[a.inducing[w]] == b.inducing[u];
        mapped &= found;
    }
    CT_CHECK(sorted && mapped, "%s: inducing not renamed and sorted", ct_ordering_name(order));
    /* the oracle's k-NN distances of every point agree (query r in b is perm[r] in a) */
    {
        ct_query_spec qs = {12, 0, 0};
        ct_knn_result ra, rb;
        int32_t qa[300];
        int diff = 0;
        for (int32_t r = 0; r < n; r++) {
            queries[r] = r;
            qa[r] = perm[r];
        }
        rc = ct_knn_result_alloc(&ra, n, qs.k);
        if (rc == CT_OK) rc = ct_knn_result_alloc(&rb, n, qs.k);
        if (rc == CT_OK) rc = ct_oracle_knn(&a, qa, n, &qs, &ra, &err);
        if (rc == CT_OK) rc = ct_oracle_knn(&b, queries, n, &qs, &rb, &err);
        CT_CHECK(rc == CT_OK, "oracle: %s", err.msg);
        for (size_t e = 0; rc == CT_OK && e < (size_t)n * qs.k; e++)
            diff += ra.dist[e] != rb.dist[e];
        CT_CHECK(diff == 0, "%s: %d oracle distances differ", ct_ordering_name(order), diff);
        ct_knn_result_free(&ra);
        ct_knn_result_free(&rb);
    }
    ct_dataset_free(&a);
    ct_dataset_free(&b);
}

static void check_permute(void)
{
    ct_synthetic_spec spec = spec_of(CT_POINTS_NORMAL, 50);
    ct_dataset ds;
    int32_t perm[50];
    uint64_t before;
    ct_error err;
    int rc;
    check_permute_kind(CT_POINTS_NORMAL, CT_ORDERING_MAXMIN);
    check_permute_kind(CT_POINTS_DUPLICATES, CT_ORDERING_MAXMIN);
    check_permute_kind(CT_POINTS_CLUSTERED, CT_ORDERING_RANDOM);
    /* a non-permutation is rejected and the dataset left as it was */
    rc = ct_workload_synthesize(&spec, &ds, &err);
    CT_CHECK(rc == CT_OK, "synthesize");
    if (rc != CT_OK) return;
    before = ct_dataset_hash(&ds);
    for (int i = 0; i < 50; i++) perm[i] = 49 - i;
    perm[7] = perm[8];
    rc = ct_dataset_permute(&ds, perm, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "permutation") && ct_dataset_hash(&ds) == before,
             "repeated entry: rc %d '%s'", rc, err.msg);
    perm[7] = 50;
    rc = ct_dataset_permute(&ds, perm, &err);
    CT_CHECK(rc == CT_EINVAL && ct_dataset_hash(&ds) == before, "out of range: rc %d", rc);
    perm[7] = 42;
    for (long f = 0; f < 4; f++) {
        ct_alloc_fail_after(f);
        rc = ct_dataset_permute(&ds, perm, &err);
        ct_alloc_fail_after(-1);
        CT_CHECK(rc == CT_ENOMEM && ct_dataset_hash(&ds) == before, "alloc failure %ld: rc %d", f,
                 rc);
    }
    rc = ct_dataset_permute(&ds, perm, &err);
    CT_CHECK(rc == CT_OK && ct_dataset_hash(&ds) != before, "reversal: rc %d", rc);
    ct_dataset_free(&ds);
}

int main(void)
{
    printf("maxmin vs naive: generator seeds 100..104; random seeds 42, 43; datasets seed 31\n");
    check_generators();
    check_special();
    check_random();
    check_permute();
    return ct_test_finish("test_core_ordering");
}
