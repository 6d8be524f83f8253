/* run_tree.c -- one build configuration's canonical tree over a workload
 * (run_internal.h): built with the default float64 kernel (timed as
 * 'build', insertion order included), proved by the checker ('check', when
 * [build] check is on) and measured (ct_tree_stats).  Nothing is built when
 * no unit of the build configuration is left to run (all resumed, or only
 * baselines in the group).
 */
#include <math.h>
#include <string.h>

#include "clock.h"
#include "run_internal.h"

int run_tree_build(run_session *s, run_workload *w, int b, run_tree *t, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    ct_order insertion;
    ct_build_params params;
    int64_t t0;
    int rc, need = 0;

    memset(t, 0, sizeof *t);
    t->build = b;
    t->check_s = -1;
    for (int u = 0; u < w->n_units; u++) need |= w->units[u].build == b && !w->units[u].resumed;
    if (!need) return CT_OK;
    rc = bench_config_build(cfg, b, &insertion, &params);
    if (rc != CT_OK) return ct_error_set(err, rc, "no build configuration %d", b);
    ct_run_set_threads(s->max_threads);
    run_emit_phase_begin(s, "build", s->build_text[b]);
    t0 = bench_now_ns();
    rc = ct_run_build_tree(&w->ds, insertion, &params, &t->tree, err);
    t->build_s = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) return rc;
    t->has_tree = 1;
    run_emit_phase(s, "build", s->build_text[b], t->build_s);
    if (cfg->check_tree) {
        run_emit_phase_begin(s, "check", s->build_text[b]);
        t0 = bench_now_ns();
        rc = ct_run_check_tree(&w->ds, &t->tree, err);
        t->check_s = (double)(bench_now_ns() - t0) * 1e-9;
        if (rc != CT_OK) return rc;
        run_emit_phase(s, "check", s->build_text[b], t->check_s);
    }
    rc = ct_tree_stats_compute(&t->tree, &t->stats);
    return rc == CT_OK ? CT_OK : ct_error_set(err, rc, "tree statistics failed");
}

void run_tree_free(run_tree *t)
{
    if (t->has_tree) ct_tree_free(&t->tree);
    memset(t, 0, sizeof *t);
}
