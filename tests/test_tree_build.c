/* test_tree_build.c -- ct_tree_build on toy metrics (test_tree_toy.h).
 *
 * For point families uniform (2-D, 3-D), clustered, many duplicates, all
 * equal and a grid with exactly tied distances, sizes 0..5000, base 2 and
 * 1.3 and both si modes, every tree must pass ct_tree_check with slack 1e-12
 * and equal, array for array, the tree of an independent naive
 * implementation of the sequential insertion rule written here.  The batched parallel build must give identical arrays for
 * batch 1, 7, 512 and 1 or 2 threads; exact si must be <= sum si; bad
 * requests (non-permutation order, base <= 1, batch 0, a metric returning a
 * value > 1 or NaN) must fail with CT_EINVAL; injected allocation failures
 * must fail cleanly with CT_ENOMEM.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/tree.h"
#include "ct/tree_stats.h"
#include "test_tree_toy.h"
#include "testutil.h"

#define SEED 20240611u

/* ---- an independent sequential builder: the rule, written naively ---- */

typedef struct naive_tree {
    int32_t *parent, *level, *first, *last, *next;
    double *pdist;
} naive_tree;

static void naive_free(naive_tree *t)
{
    free(t->parent);
    free(t->level);
    free(t->first);
    free(t->last);
    free(t->next);
    free(t->pdist);
}

static void naive_build(const ct_metric_fn *m, int32_t n, const int32_t *order, double base,
                        naive_tree *t)
{
    t->parent = malloc((size_t)n * sizeof(int32_t));
    t->level = malloc((size_t)n * sizeof(int32_t));
    t->first = malloc((size_t)n * sizeof(int32_t));
    t->last = malloc((size_t)n * sizeof(int32_t));
    t->next = malloc((size_t)n * sizeof(int32_t));
    t->pdist = malloc((size_t)n * sizeof(double));
    for (int32_t i = 0; i < n; i++) t->first[i] = t->last[i] = t->next[i] = -1;
    t->parent[order[0]] = -1;
    t->level[order[0]] = 0;
    t->pdist[order[0]] = 0.0;
    for (int32_t k = 1; k < n; k++) {
        int32_t x = order[k], p = order[0];
        double dp;
        m->dist_many(m->ctx, x, &p, 1, &dp);
        for (;;) {
            int32_t best = -1;
            double best_d = 0.0, r = pow(base, (double)(t->level[p] - 1));
            for (int32_t c = t->first[p]; c >= 0; c = t->next[c]) {
                double d;
                m->dist_many(m->ctx, x, &c, 1, &d);
                if (d <= r && (best < 0 || d < best_d)) {
                    best = c;
                    best_d = d;
                }
            }
            if (best < 0) break;
            p = best;
            dp = best_d;
        }
        t->parent[x] = p;
        t->level[x] = t->level[p] - 1;
        t->pdist[x] = dp;
        if (t->last[p] >= 0) t->next[t->last[p]] = x;
        else t->first[p] = x;
        t->last[p] = x;
    }
}

/* 1 when the built tree equals the naive one (parent, level, parent_dist, children order). */
static int matches_naive(const ct_tree *t, const naive_tree *ref, const char *what)
{
    for (int32_t i = 0; i < t->n; i++) {
        int32_t e = t->child_offset[i], c;
        if (t->parent[i] != ref->parent[i] || t->level[i] != ref->level[i] ||
            t->parent_dist[i] != ref->pdist[i]) {
            fprintf(stderr, "%s: node %d parent %d/%d level %d/%d pdist %.17g/%.17g\n", what,
                    (int)i, (int)t->parent[i], (int)ref->parent[i], (int)t->level[i],
                    (int)ref->level[i], t->parent_dist[i], ref->pdist[i]);
            return 0;
        }
        for (c = ref->first[i]; c >= 0; c = ref->next[c], e++) {
            if (e >= t->child_offset[i + 1] || t->children[e] != c) {
                fprintf(stderr, "%s: children of %d differ at entry %d\n", what, (int)i, (int)e);
                return 0;
            }
        }
        if (e != t->child_offset[i + 1]) {
            fprintf(stderr, "%s: node %d has extra children\n", what, (int)i);
            return 0;
        }
    }
    return 1;
}

/* 1 when two built trees have identical arrays (bitwise for doubles). */
static int same_tree(const ct_tree *a, const ct_tree *b)
{
    size_t n = (size_t)a->n;
    if (a->n != b->n || a->root != b->root || a->depth != b->depth) return 0;
    if (n == 0) return 1;
    return !memcmp(a->parent, b->parent, n * sizeof(int32_t)) &&
           !memcmp(a->level, b->level, n * sizeof(int32_t)) &&
           !memcmp(a->parent_dist, b->parent_dist, n * sizeof(double)) &&
           !memcmp(a->si, b->si, n * sizeof(double)) &&
           !memcmp(a->min_index, b->min_index, n * sizeof(int32_t)) &&
           !memcmp(a->child_offset, b->child_offset, (n + 1) * sizeof(int32_t)) &&
           !memcmp(a->children, b->children, (n - 1) * sizeof(int32_t)) &&
           !memcmp(a->insertion, b->insertion, n * sizeof(int32_t));
}

/* Build in both si modes, check both, compare with the naive tree. */
static void run_case(const char *family, int32_t n, int dim, double base, int shuffled)
{
    double *x = toy_points(family, n, dim, SEED + (uint64_t)n);
    int32_t *order = toy_order(n, shuffled, SEED + 7);
    toy_metric tm = {x, dim, -1, 0.0, 0.0};
    ct_metric_fn m = toy_fn(&tm);
    ct_build_params bp;
    ct_tree sum, exact;
    ct_error err = {0, ""};
    ct_tree_stats st;
    char what[128];
    double t0 = omp_get_wtime();
    int rc;

    snprintf(what, sizeof what, "%s n=%d dim=%d base=%g %s", family, (int)n, dim, base,
             shuffled ? "shuffled" : "natural");
    ct_build_params_default(&bp);
    bp.base = base;
    rc = ct_tree_build(&m, n, order, &bp, &sum, &err);
    CT_CHECK(rc == CT_OK, "%s: sum build rc %d: %s", what, rc, err.msg);
    bp.si_mode = CT_SI_EXACT;
    rc = ct_tree_build(&m, n, order, &bp, &exact, &err);
    CT_CHECK(rc == CT_OK, "%s: exact build rc %d: %s", what, rc, err.msg);
    if (rc != CT_OK) goto done;

    rc = ct_tree_check(&m, &sum, 1e-12, &err);
    CT_CHECK(rc == CT_OK, "%s: sum tree fails check: %s", what, err.msg);
    rc = ct_tree_check(&m, &exact, 1e-12, &err);
    CT_CHECK(rc == CT_OK, "%s: exact tree fails check: %s", what, err.msg);
    CT_CHECK(sum.n == n && sum.si_mode == CT_SI_SUM && exact.si_mode == CT_SI_EXACT &&
                 sum.base == base,
             "%s: header fields", what);

    if (n == 0) {
        CT_CHECK(sum.root == -1 && sum.depth == 0, "%s: empty tree root %d", what, (int)sum.root);
        goto done;
    }
    CT_CHECK(sum.root == order[0] && sum.level[sum.root] == 0, "%s: root", what);
    {
        /* the si mode does not change the shape; exact si never exceeds the sum bound */
        int32_t worse = -1;
        for (int32_t i = 0; i < n && worse < 0; i++)
            if (exact.si[i] > sum.si[i] + 1e-12) worse = i;
        CT_CHECK(worse < 0, "%s: exact si[%d] = %.17g > sum si %.17g", what, (int)worse,
                 worse >= 0 ? exact.si[worse] : 0.0, worse >= 0 ? sum.si[worse] : 0.0);
        CT_CHECK(!memcmp(sum.parent, exact.parent, (size_t)n * sizeof(int32_t)) &&
                     !memcmp(sum.children, exact.children, (size_t)(n - 1) * sizeof(int32_t)),
                 "%s: si mode changed the shape", what);
    }
    {
        naive_tree ref;
        naive_build(&m, n, order, base, &ref);
        CT_CHECK(matches_naive(&sum, &ref, what), "%s: differs from the naive sequential tree",
                 what);
        naive_free(&ref);
    }
    CT_CHECK(!memcmp(sum.insertion, order, (size_t)n * sizeof(int32_t)), "%s: insertion copy",
             what);
    rc = ct_tree_stats_compute(&sum, &st);
    CT_CHECK(rc == CT_OK && st.leaves + st.internal == n && st.depth == sum.depth &&
                 (n == 1 || (st.max_fanout >= 1 && st.mean_fanout >= 1.0)),
             "%s: stats", what);
    if (!strcmp(family, "equal")) {
        /* identical points chain down one level each */
        CT_CHECK(sum.depth == n - 1 && (n == 1 || st.max_fanout == 1),
                 "%s: all-equal depth %d, max fan-out %d", what, (int)sum.depth,
                 (int)st.max_fanout);
    }
    printf("%-42s depth %4d leaves %4d fan-out max %2d mean %.2f root si %.3f/%.3f (%.2f s)\n",
           what, (int)sum.depth, (int)st.leaves, (int)st.max_fanout, st.mean_fanout,
           sum.si[sum.root], exact.si[exact.root], omp_get_wtime() - t0);
done:
    ct_tree_free(&sum);
    ct_tree_free(&exact);
    free(x);
    free(order);
}

/* Batch 1, 7, 512 and 1, 2 threads: identical arrays. */
static void run_independence(const char *family, int32_t n, int dim, double base, ct_si_mode mode)
{
    static const int batches[] = {1, 7, 512};
    double *x = toy_points(family, n, dim, SEED + 99);
    int32_t *order = toy_order(n, 1, SEED + 5);
    toy_metric tm = {x, dim, -1, 0.0, 0.0};
    ct_metric_fn m = toy_fn(&tm);
    ct_tree first;
    ct_error err = {0, ""};
    int have_first = 0, saved_threads = omp_get_max_threads();

    for (int threads = 1; threads <= 2; threads++) {
        omp_set_num_threads(threads);
        for (int b = 0; b < 3; b++) {
            ct_build_params bp;
            ct_tree t;
            int rc;
            ct_build_params_default(&bp);
            bp.base = base;
            bp.batch = batches[b];
            bp.si_mode = mode;
            rc = ct_tree_build(&m, n, order, &bp, &t, &err);
            CT_CHECK(rc == CT_OK, "%s: build batch %d threads %d: %s", family, batches[b], threads,
                     err.msg);
            if (rc != CT_OK) continue;
            if (!have_first) {
                first = t;
                have_first = 1;
                rc = ct_tree_check(&m, &first, 1e-12, &err);
                CT_CHECK(rc == CT_OK, "%s: independence tree fails check: %s", family, err.msg);
                continue;
            }
            CT_CHECK(same_tree(&first, &t),
                     "%s n=%d: batch %d threads %d differs from batch 1 "
                     "threads 1",
                     family, (int)n, batches[b], threads);
            ct_tree_free(&t);
        }
    }
    omp_set_num_threads(saved_threads);
    if (have_first) ct_tree_free(&first);
    free(x);
    free(order);
}

static void run_errors(void)
{
    int32_t n = 50;
    double *x = toy_points("uniform", n, 2, SEED);
    int32_t *order = toy_order(n, 0, 0);
    toy_metric tm = {x, 2, -1, 0.0, 0.0};
    ct_metric_fn m = toy_fn(&tm);
    ct_build_params bp;
    ct_tree t;
    ct_error err = {0, ""};
    int rc;

    ct_build_params_default(&bp);
    CT_CHECK(bp.base == 2.0 && bp.si_mode == CT_SI_SUM && bp.batch == 512, "defaults");

    order[10] = 3; /* 3 twice, 10 missing */
    rc = ct_tree_build(&m, n, order, &bp, &t, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "permutation"), "duplicate in order: %d %s", rc,
             err.msg);
    CT_CHECK(t.parent == NULL && t.root == -1, "failed build leaves an empty tree");
    ct_tree_free(&t);
    order[10] = 50;
    rc = ct_tree_build(&m, n, order, &bp, &t, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "outside"), "out-of-range order: %d %s", rc,
             err.msg);
    order[10] = -1;
    rc = ct_tree_build(&m, n, order, &bp, &t, &err);
    CT_CHECK(rc == CT_EINVAL, "negative order entry: %d", rc);
    order[10] = 10;

    bp.base = 1.0;
    rc = ct_tree_build(&m, n, order, &bp, &t, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "base"), "base 1: %d %s", rc, err.msg);
    bp.base = 0.5;
    CT_CHECK(ct_tree_build(&m, n, order, &bp, &t, &err) == CT_EINVAL, "base 0.5");
    bp.base = NAN;
    CT_CHECK(ct_tree_build(&m, n, order, &bp, &t, &err) == CT_EINVAL, "base NaN");
    bp.base = 2.0;
    bp.batch = 0;
    rc = ct_tree_build(&m, n, order, &bp, &t, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "batch"), "batch 0: %d %s", rc, err.msg);
    bp.batch = 512;
    CT_CHECK(ct_tree_build(&m, -1, order, &bp, &t, &err) == CT_EINVAL, "n = -1");
    CT_CHECK(ct_tree_build(NULL, n, order, &bp, &t, &err) == CT_EINVAL, "no metric");

    /* the metric returns > 1, NaN or < 0 between point 17 and every other point */
    {
        static const double bad[] = {1.5, NAN, -0.25};
        for (int b = 0; b < 3; b++) {
            for (int mode = 0; mode < 2; mode++) {
                tm.poison = 17;
                tm.bad_value = bad[b];
                bp.si_mode = (ct_si_mode)mode;
                err.msg[0] = 0;
                rc = ct_tree_build(&m, n, order, &bp, &t, &err);
                CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "17") && strstr(err.msg, "metric"),
                         "metric value %g: rc %d msg '%s'", bad[b], rc, err.msg);
                CT_CHECK(t.parent == NULL, "failed build leaves an empty tree");
                ct_tree_free(&t);
            }
        }
        tm.poison = -1;
        bp.si_mode = CT_SI_SUM;
    }
    /* a value just above 1 within rounding is accepted */
    tm.poison = 0;
    tm.bad_value = 1.0 + 1e-13;
    rc = ct_tree_build(&m, n, order, &bp, &t, &err);
    CT_CHECK(rc == CT_OK, "metric value 1 + 1e-13 must be accepted: %s", err.msg);
    ct_tree_free(&t);
    tm.poison = -1;

    /* NULL params mean the defaults */
    rc = ct_tree_build(&m, n, order, NULL, &t, &err);
    CT_CHECK(rc == CT_OK && t.base == 2.0 && t.si_mode == CT_SI_SUM, "NULL params: %s", err.msg);
    ct_tree_free(&t);
    ct_tree_free(&t); /* a freed tree can be freed again */
    free(x);
    free(order);
}

/* Every allocation of a small build fails once in turn: CT_ENOMEM, nothing else. */
static void run_alloc_failures(void)
{
    int32_t n = 300;
    double *x = toy_points("duplicates", n, 2, SEED + 3);
    int32_t *order = toy_order(n, 1, SEED + 4);
    toy_metric tm = {x, 2, -1, 0.0, 0.0};
    ct_metric_fn m = toy_fn(&tm);
    ct_build_params bp;
    int bad = 0;
    long k;

    ct_build_params_default(&bp);
    bp.batch = 16;
    for (int mode = 0; mode < 2; mode++) {
        bp.si_mode = (ct_si_mode)mode;
        for (k = 0; k < 100000; k++) {
            ct_tree t;
            ct_error err = {0, ""};
            int rc;
            ct_alloc_fail_after(k);
            rc = ct_tree_build(&m, n, order, &bp, &t, &err);
            ct_alloc_fail_after(-1);
            if (rc == CT_OK) {
                rc = ct_tree_check(&m, &t, 1e-12, &err);
                if (rc != CT_OK) bad++;
                ct_tree_free(&t);
                break;
            }
            if (rc != CT_ENOMEM || t.parent != NULL) bad++;
        }
        CT_CHECK(bad == 0 && k > 10, "allocation failure injection: %d bad outcomes over %ld", bad,
                 k);
    }
    free(x);
    free(order);
}

int main(void)
{
    static const int32_t sizes[] = {0, 1, 2, 3, 100, 5000};
    static const double bases[] = {2.0, 1.3};

    printf("seed %u\n", SEED);
    for (int b = 0; b < 2; b++) {
        for (int s = 0; s < 6; s++) run_case("uniform", sizes[s], 2, bases[b], 0);
        run_case("uniform", 5000, 3, bases[b], 1);
        run_case("clustered", 5000, 3, bases[b], 0);
        run_case("duplicates", 5000, 2, bases[b], 1);
        run_case("equal", b == 0 ? 5000 : 2000, 3, bases[b], 0); /* a 5000 / 2000-deep chain */
        run_case("equal", 3, 3, bases[b], 0);
        run_case("grid", 3000, 2, bases[b], 1);
    }
    run_independence("uniform", 5000, 2, 2.0, CT_SI_SUM);
    run_independence("duplicates", 3000, 2, 1.3, CT_SI_EXACT);
    run_independence("clustered", 4000, 3, 2.0, CT_SI_SUM);
    run_independence("grid", 3000, 2, 2.0, CT_SI_SUM);
    run_errors();
    run_alloc_failures();
    return ct_test_finish("test_tree_build");
}
