/* test_tree_grouped.c -- the grouped phase 1 (descend.c) builds the tree the
 * point-by-point phase 1 builds, bit for bit.
 *
 * The build takes its grouped path when the metric has dist_block (and
 * screens large groups when it also has dist_screen), the point-by-point
 * path otherwise.  On toy metrics (test_tree_toy.h) the same build runs
 * three ways -- dist_many only, + dist_block, + dist_block + an honest
 * dist_screen whose approximations are off by up to 0.9 of their bound --
 * and every array (parent, level, parent_dist, si, min_index, child_offset,
 * children, insertion, depth) must be identical; over point families with
 * duplicates and exactly tied distances ("grid", "equal"), the wide-fan-out
 * correlation metric (toy corr > 0: the root gets hundreds of children, so
 * the screen is used, which the test counts), base 2 and 1.3, si sum and
 * exact, batch 1 (small n), 7, 64 and 512, 1 and 2 threads.  A metric returning an
 * unusable value (> 1 + 1e-12, NaN, negative) must fail with the same status
 * and message on every path, also when the bad pair sits in a screened group.
 * An allocation failure anywhere in a grouped build is CT_ENOMEM.
 */
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "test_tree_toy.h"
#include "testutil.h"

#define SEED 20240917u

/* A toy metric that counts the screen's calls (the wrapped one does the work). */
typedef struct counting {
    ct_metric_fn inner;
    long screen_calls;
} counting;

static void counting_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    counting *c = ctx;
    c->inner.dist_many(c->inner.ctx, i, js, count, out);
}

static void counting_block(void *ctx, const int32_t *is, int ni, const int32_t *js, int nj,
                           double *out)
{
    counting *c = ctx;
    c->inner.dist_block(c->inner.ctx, is, ni, js, nj, out);
}

static void counting_screen(void *ctx, const int32_t *is, int ni, const int32_t *js, int nj,
                            double *approx, double *bound, double *work)
{
    counting *c = ctx;
    c->screen_calls++; /* called from serial code only */
    c->inner.dist_screen(c->inner.ctx, is, ni, js, nj, approx, bound, work);
}

static size_t counting_work(void *ctx, int ni, int nj)
{
    counting *c = ctx;
    return c->inner.screen_work(c->inner.ctx, ni, nj);
}

/* The three ways: 0 point by point, 1 grouped exact, 2 grouped + screen. */
static ct_metric_fn way_metric(toy_metric *tm, int way, counting *c)
{
    ct_metric_fn fn;
    memset(c, 0, sizeof *c);
    c->inner = way == 0 ? toy_fn(tm) : toy_fn_grouped(tm, way == 2);
    memset(&fn, 0, sizeof fn);
    fn.ctx = c;
    fn.dist_many = counting_many;
    if (way > 0) fn.dist_block = counting_block;
    if (way == 2) {
        fn.dist_screen = counting_screen;
        fn.screen_work = counting_work;
    }
    return fn;
}

static int same_tree(const ct_tree *a, const ct_tree *b)
{
    size_t n = (size_t)a->n;
    if (a->n != b->n || a->root != b->root || a->depth != b->depth || a->base != b->base ||
        a->si_mode != b->si_mode)
        return 0;
    if (n == 0) return 1;
    return !memcmp(a->parent, b->parent, n * sizeof(int32_t)) &&
           !memcmp(a->level, b->level, n * sizeof(int32_t)) &&
           !memcmp(a->parent_dist, b->parent_dist, n * sizeof(double)) &&
           !memcmp(a->si, b->si, n * sizeof(double)) &&
           !memcmp(a->min_index, b->min_index, n * sizeof(int32_t)) &&
           !memcmp(a->child_offset, b->child_offset, (n + 1) * sizeof(int32_t)) &&
           (n < 2 || !memcmp(a->children, b->children, (n - 1) * sizeof(int32_t))) &&
           !memcmp(a->insertion, b->insertion, n * sizeof(int32_t));
}

/* (batch, threads) of the grouped builds; batch 1 only for small n. */
static const struct {
    int batch, threads;
} runs[] = {{1, 1}, {7, 2}, {64, 1}, {512, 1}, {512, 2}};
#define NRUNS ((int)(sizeof runs / sizeof runs[0]))

/* Both grouped ways at several (batch, threads) against the point-by-point
 * build with batch 512 on 2 threads.  Returns the screen calls seen. */
static long run_case(const char *family, int32_t n, int dim, double corr, double base,
                     ct_si_mode mode, int shuffled)
{
    double *x = toy_points(family, n, dim, SEED + (uint64_t)n + (uint64_t)dim);
    int32_t *order = toy_order(n, shuffled, SEED + 11);
    toy_metric tm = {x, dim, -1, 0.0, corr};
    ct_build_params bp;
    ct_tree ref;
    ct_error err = {0, ""};
    counting c;
    ct_metric_fn m;
    char what[160];
    long screens = 0;
    int rc, saved = omp_get_max_threads(), fanout = 0;
    double t0 = omp_get_wtime();

    snprintf(what, sizeof what, "%s n=%d dim=%d corr=%g base=%g si=%s %s", family, (int)n, dim,
             corr, base, mode == CT_SI_EXACT ? "exact" : "sum", shuffled ? "shuffled" : "natural");
    ct_build_params_default(&bp);
    bp.base = base;
    bp.si_mode = mode;
    omp_set_num_threads(2);
    m = way_metric(&tm, 0, &c);
    rc = ct_tree_build(&m, n, order, &bp, &ref, &err);
    CT_CHECK(rc == CT_OK, "%s: reference build: %s", what, err.msg);
    if (rc != CT_OK) goto done;
    if (n > 0) fanout = ref.child_offset[ref.root + 1] - ref.child_offset[ref.root];
    for (int way = 1; way < 3; way++)
        for (int r = 0; r < NRUNS; r++) {
            ct_tree t;
            if (runs[r].batch == 1 && n > 500) continue; /* time */
            omp_set_num_threads(runs[r].threads);
            m = way_metric(&tm, way, &c);
            bp.batch = runs[r].batch;
            rc = ct_tree_build(&m, n, order, &bp, &t, &err);
            CT_CHECK(rc == CT_OK, "%s way %d batch %d threads %d: %s", what, way, runs[r].batch,
                     runs[r].threads, err.msg);
            if (rc != CT_OK) continue;
            CT_CHECK(same_tree(&ref, &t),
                     "%s: %s batch %d threads %d differs from the point-by-point build", what,
                     way == 1 ? "grouped" : "screened", runs[r].batch, runs[r].threads);
            screens += c.screen_calls;
            ct_tree_free(&t);
        }
    printf("%-58s root fan-out %4d depth %4d screen calls %4ld (%.1f s)\n", what, fanout,
           (int)ref.depth, screens, omp_get_wtime() - t0);
    ct_tree_free(&ref);
done:
    omp_set_num_threads(saved);
    free(x);
    free(order);
    return screens;
}

/* A poisoned point: same status and message on every way. */
static void run_poison(double corr, int32_t poison, double bad)
{
    const int32_t n = 1500;
    double *x = toy_points("uniform", n, 2, SEED + 5);
    int32_t *order = toy_order(n, 1, SEED + 6);
    toy_metric tm = {x, 2, poison, bad, corr};
    ct_build_params bp;
    char first[sizeof(((ct_error *)0)->msg)];
    int first_rc = 0;
    counting c;

    ct_build_params_default(&bp);
    bp.batch = 256;
    for (int way = 0; way < 3; way++) {
        ct_error err = {0, ""};
        ct_tree t;
        ct_metric_fn m = way_metric(&tm, way, &c);
        int rc = ct_tree_build(&m, n, order, &bp, &t, &err);
        if (way == 0) {
            first_rc = rc;
            snprintf(first, sizeof first, "%s", err.msg);
            CT_CHECK(rc == CT_EINVAL && strstr(err.msg, "outside [0, 1]"),
                     "poison %d value %g corr %g: rc %d '%s'", (int)poison, bad, corr, rc, err.msg);
        } else {
            CT_CHECK(rc == first_rc && !strcmp(err.msg, first),
                     "poison %d value %g corr %g way %d: rc %d '%s', point by point: rc %d '%s'",
                     (int)poison, bad, corr, way, rc, err.msg, first_rc, first);
        }
        if (rc == CT_OK) ct_tree_free(&t);
    }
    free(x);
    free(order);
}

/* Every allocation of a small grouped (and screened) build fails once in
 * turn: CT_ENOMEM and no tree, until the build succeeds with the reference
 * tree. */
static void run_alloc_failures(void)
{
    const int32_t n = 600;
    double *x = toy_points("uniform", n, 2, SEED + 21);
    int32_t *order = toy_order(n, 1, SEED + 22);
    toy_metric tm = {x, 2, -1, 0.0, 0.02};
    ct_build_params bp;
    ct_tree ref;
    ct_error err = {0, ""};
    counting c;
    ct_metric_fn m = way_metric(&tm, 0, &c);

    ct_build_params_default(&bp);
    bp.batch = 64;
    if (ct_tree_build(&m, n, order, &bp, &ref, &err) != CT_OK) {
        CT_CHECK(0, "alloc reference: %s", err.msg);
        goto done;
    }
    for (int way = 1; way < 3; way++) {
        int bad = 0;
        long k;
        for (k = 0; k < 100000; k++) {
            ct_tree t;
            int rc;
            m = way_metric(&tm, way, &c);
            ct_alloc_fail_after(k);
            rc = ct_tree_build(&m, n, order, &bp, &t, &err);
            ct_alloc_fail_after(-1);
            if (rc == CT_OK) {
                if (!same_tree(&ref, &t)) bad++;
                ct_tree_free(&t);
                break;
            }
            if (rc != CT_ENOMEM || t.parent != NULL) bad++;
        }
        CT_CHECK(bad == 0 && k > 10,
                 "way %d: allocation failure injection: %d bad outcomes over %ld", way, bad, k);
    }
    ct_tree_free(&ref);
done:
    free(x);
    free(order);
}

int main(void)
{
    static const char *families[] = {"uniform", "clustered", "duplicates", "grid", "equal"};
    static const int32_t sizes[] = {0, 1, 2, 3, 100};
    long screened = 0;

    for (int s = 0; s < 5; s++) run_case("uniform", sizes[s], 2, 0.0, 2.0, CT_SI_SUM, 0);
    for (int f = 0; f < 5; f++)
        for (int mode = 0; mode < 2; mode++) {
            int32_t n = !strcmp(families[f], "equal") ? 300 : 1500;
            run_case(families[f], n, 3, 0.0, 2.0, (ct_si_mode)mode, mode);
            run_case(families[f], n, 2, 0.0, 1.3, (ct_si_mode)mode, 1);
        }
    /* the wide fan-out metric: the screen decides at the root */
    for (int mode = 0; mode < 2; mode++) {
        screened += run_case("uniform", 1500, 2, 0.02, 2.0, (ct_si_mode)mode, 0);
        screened += run_case("clustered", 1500, 3, 0.01, 1.5, (ct_si_mode)mode, 1);
        screened += run_case("grid", 1200, 2, 0.03, 2.0, (ct_si_mode)mode, 1);
    }
    CT_CHECK(screened > 0, "the screen was never used: the test does not cover it");

    /* unusable values: beyond 1 + 1e-12, NaN, negative; also on the wide metric */
    run_poison(0.0, 0, 1.0 + 1e-9);
    run_poison(0.0, 700, NAN);
    run_poison(0.0, 1499, -0.5);
    run_poison(0.02, 900, NAN);
    run_poison(0.02, 1200, 1.5);
    run_alloc_failures();
    return ct_test_finish("test_tree_grouped");
}
