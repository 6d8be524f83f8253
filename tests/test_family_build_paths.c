/* test_family_build_paths.c -- the canonical tree is the same whichever way
 * the build evaluates its distances.
 *
 * ct_run_build_tree builds on the default float64 kernel through
 * ct_kernel_metric_fn, which offers dist_many, dist_block (the kernel's
 * block entry, bit-identical to dist_gather) and dist_screen (one dgemm per
 * block and a rigorous bound, kernel_screen.c); the build then walks each
 * batch grouped by node and screens the large groups (tree/descend.c).  Here
 * the same build also runs with dist_block and dist_screen removed (the
 * point-by-point path that was the only one before) and with dist_screen
 * removed, and every array of the tree must be identical bit for bit:
 * parent, level, parent_dist, si, min_index, child_offset, children,
 * insertion and depth.  Workloads: normal / uniform / clustered residual
 * workloads (RBF and Matern 5/2; m = 512 as on the gold workload, and m with
 * every remainder against the kernels' vector widths), base 2 and 1.5, si
 * sum and exact, batch 64 and 512, 1 and 2 threads, every f64 kernel this
 * CPU runs as the metric.  The screen must actually decide somewhere (its
 * calls are counted), the trees must pass ct_tree_check, and
 * ct_run_build_tree must give the screened tree.
 * (A family-module test: ct_run_build_tree lives in ct_family.)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/kernel.h"
#include "ct/order.h"
#include "ct/run.h"
#include "ct/search.h"
#include "ct/tree.h"
#include "ct/workload.h"
#include "testutil.h"

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
    c->screen_calls++; /* serial code only */
    c->inner.dist_screen(c->inner.ctx, is, ni, js, nj, approx, bound, work);
}

static size_t counting_work(void *ctx, int ni, int nj)
{
    counting *c = ctx;
    return c->inner.screen_work(c->inner.ctx, ni, nj);
}

/* way 0: dist_many only; 1: + dist_block; 2: + dist_block + dist_screen. */
static ct_metric_fn way_metric(ct_kernel_metric *km, int way, counting *c)
{
    ct_metric_fn fn;
    memset(c, 0, sizeof *c);
    c->inner = ct_kernel_metric_fn(km);
    memset(&fn, 0, sizeof fn);
    fn.ctx = c;
    fn.dist_many = counting_many;
    if (way >= 1) fn.dist_block = counting_block;
    if (way == 2) {
        fn.dist_screen = counting_screen;
        fn.screen_work = counting_work;
    }
    return fn;
}

static int same_tree(const ct_tree *a, const ct_tree *b)
{
    size_t n = (size_t)a->n;
    if (a->n != b->n || a->root != b->root || a->depth != b->depth) return 0;
    return !memcmp(a->parent, b->parent, n * sizeof(int32_t)) &&
           !memcmp(a->level, b->level, n * sizeof(int32_t)) &&
           !memcmp(a->parent_dist, b->parent_dist, n * sizeof(double)) &&
           !memcmp(a->si, b->si, n * sizeof(double)) &&
           !memcmp(a->min_index, b->min_index, n * sizeof(int32_t)) &&
           !memcmp(a->child_offset, b->child_offset, (n + 1) * sizeof(int32_t)) &&
           !memcmp(a->children, b->children, (n - 1) * sizeof(int32_t)) &&
           !memcmp(a->insertion, b->insertion, n * sizeof(int32_t));
}

typedef struct workload_case {
    ct_points_kind points;
    int32_t n;
    int dim, m;
    ct_covariance_kind kind;
    double lengthscale;
    uint64_t seed;
    ct_order insertion;
} workload_case;

static long run_case(const workload_case *wc)
{
    ct_synthetic_spec spec;
    ct_dataset ds;
    ct_error err;
    ct_rows rows;
    int32_t *order = NULL;
    long screens = 0;
    int saved = omp_get_max_threads();
    double t0 = omp_get_wtime();

    memset(&spec, 0, sizeof spec);
    spec.points = wc->points;
    spec.n = wc->n;
    spec.dim = wc->dim;
    spec.m = wc->m;
    spec.cov.kind = wc->kind;
    spec.cov.dim = wc->dim;
    spec.cov.variance = 1.0;
    for (int t = 0; t < wc->dim; t++) spec.cov.lengthscale[t] = wc->lengthscale;
    spec.seed = wc->seed;
    if (ct_workload_synthesize(&spec, &ds, &err) != CT_OK) {
        CT_CHECK(0, "workload: %s", err.msg);
        return 0;
    }
    ct_rows_view_f64(&ds, &rows);
    order = malloc((size_t)wc->n * sizeof *order);
    CT_CHECK(ct_order_insertion(wc->insertion, &ds, order, &err) == CT_OK, "order: %s", err.msg);

    for (int base_i = 0; base_i < 2; base_i++)
        for (int mode = 0; mode < 2; mode++)
            for (int k = 0; k < CT_KERNEL_COUNT; k++) {
                const ct_kernel *kern = ct_kernel_find((ct_kernel_kind)k, CT_PRECISION_F64, NULL);
                ct_kernel_metric km;
                ct_build_params bp;
                ct_tree ref;
                counting c;
                ct_metric_fn m;
                char what[200];
                int rc;
                if (!kern) continue;
                km.rows = &rows;
                km.kernel = kern;
                ct_build_params_default(&bp);
                bp.base = base_i ? 1.5 : 2.0;
                bp.si_mode = (ct_si_mode)mode;
                snprintf(what, sizeof what,
                         "%s n=%d dim=%d m=%d %s l=%g insertion %s base %g si %s kernel %s",
                         ct_points_kind_name(wc->points), (int)wc->n, wc->dim, wc->m,
                         wc->kind ? "matern52" : "rbf", wc->lengthscale,
                         ct_axis_value_name(CT_AXIS_ORDER, wc->insertion), bp.base,
                         mode ? "exact" : "sum", kern->name);
                omp_set_num_threads(2);
                m = way_metric(&km, 0, &c);
                rc = ct_tree_build(&m, wc->n, order, &bp, &ref, &err);
                CT_CHECK(rc == CT_OK, "%s: point-by-point build: %s", what, err.msg);
                if (rc != CT_OK) continue;
                for (int way = 1; way <= 2; way++)
                    for (int r = 0; r < 3; r++) {
                        static const int batch[3] = {512, 64, 512}, threads[3] = {2, 2, 1};
                        ct_tree t;
                        /* kernels other than the default, and base 1.5: one run */
                        if (r > 0 && (k != CT_KERNEL_AUTO || base_i)) continue;
                        omp_set_num_threads(threads[r]);
                        bp.batch = batch[r];
                        m = way_metric(&km, way, &c);
                        rc = ct_tree_build(&m, wc->n, order, &bp, &t, &err);
                        CT_CHECK(rc == CT_OK, "%s: way %d: %s", what, way, err.msg);
                        if (rc != CT_OK) continue;
                        CT_CHECK(same_tree(&ref, &t),
                                 "%s: %s build (batch %d, %d threads) differs from the "
                                 "point-by-point build",
                                 what, way == 1 ? "grouped" : "screened", batch[r], threads[r]);
                        screens += c.screen_calls;
                        if (way == 2 && r == 0) {
                            rc = ct_tree_check(&m, &t, CT_PRUNE_SLACK, &err);
                            CT_CHECK(rc == CT_OK, "%s: screened tree fails the check: %s", what,
                                     err.msg);
                        }
                        ct_tree_free(&t);
                    }
                bp.batch = 512;
                omp_set_num_threads(2);
                if (k == CT_KERNEL_AUTO) {
                    /* the harness's path: default kernel, all three entry points */
                    ct_tree run;
                    rc = ct_run_build_tree(&ds, wc->insertion, &bp, &run, &err);
                    CT_CHECK(rc == CT_OK && same_tree(&ref, &run),
                             "%s: ct_run_build_tree differs from the point-by-point build (%s)",
                             what, rc == CT_OK ? "arrays" : err.msg);
                    if (rc == CT_OK) ct_tree_free(&run);
                }
                ct_tree_free(&ref);
            }
    printf("%s n=%d dim=%d m=%d: screen calls %ld (%.1f s)\n", ct_points_kind_name(wc->points),
           (int)wc->n, wc->dim, wc->m, screens, omp_get_wtime() - t0);
    omp_set_num_threads(saved);
    free(order);
    ct_dataset_free(&ds);
    return screens;
}

int main(void)
{
    static const workload_case cases[] = {
        {CT_POINTS_NORMAL, 2000, 3, 512, CT_COVARIANCE_RBF, 1.0, 501, CT_ORDER_NATURAL},
        {CT_POINTS_UNIFORM, 2000, 2, 37, CT_COVARIANCE_MATERN52, 0.1, 502, CT_ORDER_HILBERT},
        {CT_POINTS_CLUSTERED, 2000, 3, 50, CT_COVARIANCE_RBF, 0.3, 503, CT_ORDER_NATURAL},
        {CT_POINTS_NORMAL, 1500, 5, 67, CT_COVARIANCE_MATERN52, 1.5, 504, CT_ORDER_MORTON},
    };
    long screens = 0;
    for (int c = 0; c < (int)(sizeof cases / sizeof cases[0]); c++) screens += run_case(&cases[c]);
    CT_CHECK(screens > 0, "the screen never decided: the test does not cover it");
    return ct_test_finish("test_family_build_paths");
}
