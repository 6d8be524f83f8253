/* test_family_build_shortcuts.c -- the build options of issue 13 through
 * ct_run_build_tree / ct_run_check_tree, on residual workloads (normal,
 * clustered, duplicates; natural and hilbert insertion; si sum and exact alternating):
 *
 * shortcut = star (E12): the tree is the report's star (root fan-out N - 1,
 * depth 1, every other point at level -1 with parent_dist = d(root, x)); the
 * checker passes it (covering and si hold; separation is skipped for a
 * star) but ct_tree_stats carries the degenerate-shape warning, which a
 * proper tree never does; the same arrays with the shortcut flag cleared
 * fail the checker on separation, so the skip is the flag's doing alone.
 *
 * metric = euclidean (E11): the checker passes; the kept build radii prove
 * the cover-tree invariants in the scaled Euclidean metric on the
 * coordinates (ct_tree_check there directly); the residual parent_dist and
 * si equal, bit for bit, the maxima recomputed here by an independent walk
 * (every point up its ancestor chain, same float64 kernel metric) and lie
 * parent_dist within the metric's stated rounding of the reference values.
 *
 * Both: the answers of several exact variants (heap, level, batch, +pbound,
 * ll and csr, cached and indirect) over the star, Euclidean and proper trees
 * equal the oracle's (tie-aware, CT_TIE_TOLERANCE_F64), for k 10 with and
 * without exclude_self and in predecessor mode.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/kernel.h"
#include "ct/metric.h"
#include "ct/order.h"
#include "ct/run.h"
#include "ct/search.h"
#include "ct/tree.h"
#include "ct/tree_stats.h"
#include "ct/workload.h"
#include "testutil.h"

#define N 800
#define NQ 96

static const char *const variant_names[] = {
    "csr.bfs.cached.heap.auto.f64",
    "csr.bfs.cached.level.auto.f64",
    "csr.bfs.cached.batch.auto.f64",
    "ll.natural.indirect.heap.auto.f64+pbound",
    "csr.hilbert.indirect.level.auto.f64+pbound",
};

static void synth(ct_points_kind kind, uint64_t seed, ct_dataset *ds)
{
    ct_synthetic_spec spec;
    ct_error err;
    memset(&spec, 0, sizeof spec);
    spec.points = kind;
    spec.n = N;
    spec.dim = 3;
    spec.m = 64;
    spec.cov.kind = CT_COVARIANCE_RBF;
    spec.cov.dim = 3;
    spec.cov.variance = 1.0;
    for (int t = 0; t < 3; t++) spec.cov.lengthscale[t] = 0.5;
    spec.seed = seed;
    if (ct_workload_synthesize(&spec, ds, &err) != CT_OK) {
        fprintf(stderr, "workload: %s\n", err.msg);
        exit(1);
    }
}

/* Every exact variant listed answers like the oracle over tree. */
static void check_answers(const ct_dataset *ds, const ct_tree *tree, const char *what)
{
    int32_t queries[NQ];
    ct_query_spec specs[3] = {{10, 0, 0}, {10, 0, 1}, {10, 1, 1}};
    for (int q = 0; q < NQ; q++) queries[q] = (int32_t)((q * 7919) % N);
    for (int s = 0; s < 3; s++) {
        ct_knn_result expected = {0};
        ct_error err;
        CT_CHECK(ct_knn_result_alloc(&expected, NQ, specs[s].k) == CT_OK, "alloc");
        CT_CHECK(ct_oracle_knn(ds, queries, NQ, &specs[s], &expected, &err) == CT_OK, "oracle: %s",
                 err.msg);
        for (size_t v = 0; v < sizeof variant_names / sizeof *variant_names; v++) {
            ct_variant var;
            ct_setup setup;
            ct_prepared prep;
            ct_search_params sp;
            ct_knn_result res = {0};
            ct_compare_report rep;
            ct_work work;
            int rc = ct_variant_parse(variant_names[v], &var, &err);
            CT_CHECK(rc == CT_OK, "parse %s: %s", variant_names[v], err.msg);
            if (rc != CT_OK || ct_variant_available(&var, NULL) != CT_OK) continue;
            rc = ct_run_setup(ds, tree, &var, &setup, &err);
            CT_CHECK(rc == CT_OK, "%s %s: setup: %s", what, variant_names[v], err.msg);
            if (rc != CT_OK) continue;
            rc = ct_run_prepare(&setup, &var, &prep, &err);
            CT_CHECK(rc == CT_OK, "%s %s: prepare: %s", what, variant_names[v], err.msg);
            if (rc == CT_OK) {
                ct_knn_result_alloc(&res, NQ, specs[s].k);
                ct_run_search_params(&var, &specs[s], &sp);
                rc = ct_run_execute(&prep, queries, NQ, &sp, &res, &work, &err);
                CT_CHECK(rc == CT_OK, "%s %s: execute: %s", what, variant_names[v], err.msg);
                if (rc == CT_OK) {
                    rc = ct_knn_compare(ds, queries, &specs[s], &expected, &res,
                                        CT_TIE_TOLERANCE_F64, &rep);
                    CT_CHECK(rc == CT_OK && rep.exact_queries == NQ,
                             "%s %s spec %d: %d/%d queries exact (first bad %d)", what,
                             variant_names[v], s, (int)rep.exact_queries, NQ,
                             (int)rep.first_bad_query);
                }
                ct_knn_result_free(&res);
                ct_run_prepared_free(&prep);
            }
            ct_run_setup_free(&setup);
        }
        ct_knn_result_free(&expected);
    }
}

static void check_star(const ct_dataset *ds, ct_order insertion, ct_si_mode si, const char *what)
{
    ct_build_params bp;
    ct_tree t, proper;
    ct_tree_stats st, pst;
    ct_error err;
    int rc;
    ct_build_params_default(&bp);
    bp.si_mode = si;
    bp.shortcut = CT_SHORTCUT_STAR;
    rc = ct_run_build_tree(ds, insertion, &bp, &t, &err);
    CT_CHECK(rc == CT_OK, "%s: star build: %s", what, err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(ct_run_check_tree(ds, &t, &err) == CT_OK, "%s: star fails the checker: %s", what,
             err.msg);
    CT_CHECK(ct_tree_stats_compute(&t, &st) == CT_OK, "stats");
    CT_CHECK(st.max_fanout == N - 1 && t.depth == 1 && st.internal == 1 && st.leaves == N - 1,
             "%s: star shape fan-out %d depth %d internal %d", what, (int)st.max_fanout,
             (int)t.depth, (int)st.internal);
    CT_CHECK(st.warning[0] && strstr(st.warning, "star"), "%s: no shape warning on the star", what);
    for (int32_t x = 0; x < N; x++) {
        if (x == t.root) continue;
        CT_CHECK(t.parent[x] == t.root && t.level[x] == -1, "%s: %d not a root child", what,
                 (int)x);
    }
    /* the same arrays without the flag: separation must fail */
    t.shortcut = CT_SHORTCUT_NONE;
    rc = ct_run_check_tree(ds, &t, &err);
    CT_CHECK(rc == CT_EVERIFY && strstr(err.msg, "separation"),
             "%s: unflagged star not rejected on separation (rc %d: %s)", what, rc, err.msg);
    t.shortcut = CT_SHORTCUT_STAR;
    check_answers(ds, &t, what);

    bp.shortcut = CT_SHORTCUT_NONE;
    rc = ct_run_build_tree(ds, insertion, &bp, &proper, &err);
    CT_CHECK(rc == CT_OK, "%s: proper build: %s", what, err.msg);
    if (rc == CT_OK) {
        CT_CHECK(ct_tree_stats_compute(&proper, &pst) == CT_OK && !pst.warning[0],
                 "%s: proper tree warned: %s", what, pst.warning);
        CT_CHECK(pst.max_fanout < N - 1, "%s: proper tree is a star", what);
        check_answers(ds, &proper, what);
        ct_tree_free(&proper);
    }
    ct_tree_free(&t);
}

/* Independent exact residual radii: every x up its ancestor chain. */
static void check_radii(const ct_dataset *ds, const ct_tree *t, const char *what)
{
    ct_rows rows;
    ct_kernel_metric km;
    ct_metric_fn m;
    double *mx = calloc(N, sizeof *mx);
    int bad = 0, badref = 0;
    ct_rows_view_f64(ds, &rows);
    km.rows = &rows;
    km.kernel = ct_kernel_default(CT_PRECISION_F64);
    m = ct_kernel_metric_fn(&km);
    for (int32_t x = 0; x < N; x++) {
        int32_t c = x, a = t->parent[x];
        if (a >= 0) {
            double d;
            m.dist_many(m.ctx, a, &c, 1, &d);
            if (d != t->parent_dist[x]) bad++;
            {
                double r = ct_metric_distance(ds, a, x), f = t->parent_dist[x];
                if (fabs(f * f - r * r) > 2.0 * ct_metric_distance_bound(ds, a, x)) badref++;
            }
        }
        for (; a >= 0; a = t->parent[a]) {
            double d;
            m.dist_many(m.ctx, a, &c, 1, &d);
            if (d > mx[a]) mx[a] = d;
        }
    }
    for (int32_t a = 0; a < N; a++) bad += mx[a] != t->si[a];
    CT_CHECK(bad == 0, "%s: %d residual radii / parent_dist differ from the brute-force maxima",
             what, bad);
    CT_CHECK(badref == 0, "%s: %d parent_dist off the reference metric", what, badref);
    free(mx);
}

static void check_euclid(const ct_dataset *ds, ct_order insertion, ct_si_mode si, const char *what)
{
    ct_build_params bp;
    ct_tree t, view;
    ct_euclid_metric em;
    ct_metric_fn e;
    ct_error err;
    int rc;
    ct_build_params_default(&bp);
    bp.si_mode = si;
    bp.metric = CT_BUILD_EUCLIDEAN;
    rc = ct_run_build_tree(ds, insertion, &bp, &t, &err);
    CT_CHECK(rc == CT_OK, "%s: euclidean build: %s", what, err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(t.metric == CT_BUILD_EUCLIDEAN && t.build_parent_dist && t.build_si &&
                 t.si_mode == CT_SI_EXACT,
             "%s: euclidean tree not re-radiused", what);
    CT_CHECK(ct_run_check_tree(ds, &t, &err) == CT_OK, "%s: checker: %s", what, err.msg);
    /* the invariants in the Euclidean metric, proved directly */
    CT_CHECK(ct_metric_euclid_init(ds, &em) == CT_OK, "euclid init");
    e = ct_metric_fn_euclidean(&em);
    view = t;
    view.parent_dist = t.build_parent_dist;
    view.si = t.build_si;
    view.si_mode = t.build_si_mode;
    CT_CHECK(ct_tree_check(&e, &view, CT_PRUNE_SLACK, &err) == CT_OK,
             "%s: not a cover tree in the Euclidean metric: %s", what, err.msg);
    for (int32_t x = 0; x < N; x++) {
        int32_t p = t.parent[x];
        if (p < 0) continue;
        const double *a = ds->x + 3 * (size_t)x, *b = ds->x + 3 * (size_t)p;
        double s = 0;
        for (int k = 0; k < 3; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
        if (fabs(sqrt(s) * em.scale - t.build_parent_dist[x]) > 1e-12) {
            CT_CHECK(0, "%s: build_parent_dist[%d] is not the scaled Euclidean distance", what,
                     (int)x);
            break;
        }
    }
    check_radii(ds, &t, what);
    check_answers(ds, &t, what);
    ct_tree_free(&t);
}

int main(void)
{
    const ct_points_kind kinds[] = {CT_POINTS_NORMAL, CT_POINTS_CLUSTERED, CT_POINTS_DUPLICATES};
    const ct_order orders[] = {CT_ORDER_NATURAL, CT_ORDER_HILBERT};
    for (int k = 0; k < 3; k++) {
        ct_dataset ds;
        synth(kinds[k], 4242u + (uint64_t)k, &ds);
        for (int o = 0; o < 2; o++) {
            int s = (o + k) % 2; /* si sum and exact alternate over the cases */
            {
                char what[96];
                snprintf(what, sizeof what, "%s/%s/si=%s", ct_points_kind_name(kinds[k]),
                         ct_axis_value_name(CT_AXIS_ORDER, orders[o]), ct_si_mode_name(s));
                check_star(&ds, orders[o], (ct_si_mode)s, what);
                check_euclid(&ds, orders[o], (ct_si_mode)s, what);
            }
        }
        ct_dataset_free(&ds);
    }
    return ct_test_finish("test_family_build_shortcuts");
}
