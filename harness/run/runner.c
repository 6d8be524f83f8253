/* runner.c -- the experiment sweep (runner.h), top to bottom:
 *
 *   config -> counters + fingerprint -> database + run row
 *   for each workload (seed x n):  dataset + factor -> units -> queries + oracle
 *     for each build configuration: tree -> its units (layout -> engine ->
 *                                   verify -> record) -> free the tree
 *   -> the run's final status
 *
 * Every stage is one call into a file of this folder (run_internal.h); the
 * database is written only by run_record.c, one transaction per unit.
 * Run key (for --resume): (config hash, git commit, host) -- the config
 * text, and so its hash, names every build configuration; within a run a
 * unit is (variant, workload, build, threads, k, predecessor, exclude_self),
 * the UNIQUE key of table result.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"
#include "signals.h"

static int interrupted(run_session *s)
{
    int sig = bench_signals_pending();
    if (sig && !s->outcome->interrupted) s->outcome->interrupted = sig;
    return sig != 0;
}

/* One build configuration of a workload: its tree, its units, free. */
static int run_build(run_session *s, run_workload *w, int group, int start, int end, int last,
                     ct_error *err)
{
    run_tree t;
    int rc = run_tree_build(s, w, group, &t, err);
    if (rc == CT_OK && t.has_tree) rc = run_record_tree(s, w, &t, err);
    if (rc == CT_OK && interrupted(s)) rc = CT_EINTR;
    if (rc == CT_OK) rc = run_schedule_group(s, w, &t, start, end, group, last, err);
    run_tree_free(&t);
    return rc;
}

/* One workload (seed, n). */
static int run_workload_sweep(run_session *s, uint64_t seed, int n_index, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    run_workload w;
    int rc, todo = 0;

    rc = run_workload_load(s, &w, seed, n_index, err);
    if (rc == CT_OK) rc = run_record_workload(s, &w, err);
    if (rc == CT_OK && interrupted(s)) rc = CT_EINTR;
    if (rc == CT_OK) rc = run_plan_units(s, &w, err);
    if (rc == CT_OK) rc = run_record_variants(s, &w, err);
    if (rc == CT_OK) rc = run_record_mark_resumed(s, &w, err);
    if (rc == CT_OK) {
        /* the plan's totals were counted up front; what is resumed is not run */
        for (int i = 0; i < w.n_units; i++) {
            if (!w.units[i].resumed) {
                todo++;
                continue;
            }
            s->samples_total -=
                (long)run_unit_groups(s, &w.units[i]) * (cfg->warmup + cfg->repetitions);
            s->units_total--;
        }
        s->outcome->units_planned += w.n_units;
    }
    if (rc == CT_OK && todo) rc = run_workload_queries(s, &w, err);
    if (rc == CT_OK && todo && interrupted(s)) rc = CT_EINTR;
    for (int start = 0, g = 0; rc == CT_OK && todo && start < w.n_units; g++) {
        int end = start;
        while (end < w.n_units && w.units[end].group == g) end++;
        if (end > start) rc = run_build(s, &w, g, start, end, end == w.n_units, err);
        start = end;
    }
    run_workload_free(&w);
    return rc;
}

/* A config with a batch or brute_blas variant measures the machine's dgemm
 * rate first (the roofline of E10), with the run's largest thread count. */
static int measure_roofline(run_session *s, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    bench_blas_rate rate;
    char text[160];
    int wanted = 0, rc;

    for (int i = 0; i < cfg->n_variants; i++) {
        const ct_variant *v = &cfg->variants[i];
        if (v->family == CT_VARIANT_BRUTE_BLAS ||
            (v->family == CT_VARIANT_TREE && v->traversal == CT_TRAVERSAL_BATCH))
            wanted = 1;
    }
    if (!wanted) return CT_OK;
    rc = bench_blas_dgemm_rate(s->max_threads, cfg->m, &rate, err);
    if (rc == CT_OK) rc = run_record_roofline(s, &rate, err);
    if (rc == CT_OK) {
        snprintf(text, sizeof text, "roofline: dgemm %.1f GFLOP/s (%dx%dx%d, %d threads)",
                 rate.gflops, rate.rows, rate.rows, rate.m, rate.threads);
        run_emit_note(s, text);
    }
    return rc;
}

static int session_open(run_session *s, const bench_config *cfg, const bench_run_options *opt,
                        bench_run_outcome *outcome, ct_error *err)
{
    int resumed = 0, rc;
    char status[16] = "", text[512];
    bench_run_event ev;

    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    s->opt = opt;
    s->outcome = outcome;
    for (int i = 0; i < cfg->n_threads; i++)
        if (cfg->threads[i] > s->max_threads) s->max_threads = cfg->threads[i];
    s->n_builds = bench_config_n_builds(cfg);
    {
        bench_config_plan plan;
        bench_config_plan_count(cfg, opt->only_glob, &plan);
        s->samples_total = plan.samples;
        s->units_total = plan.units;
    }
    if (s->n_builds < 1 || s->n_builds > BENCH_MAX_BUILDS)
        return ct_error_set(err, CT_EINVAL, "%d build configurations (1 to %d)", s->n_builds,
                            BENCH_MAX_BUILDS);
    for (int b = 0; b < s->n_builds; b++) {
        ct_order insertion;
        ct_build_params params;
        bench_config_build(cfg, b, &insertion, &params);
        bench_config_build_text(insertion, &params, s->build_text[b], sizeof s->build_text[b]);
    }
    if (opt->shard_count > 0) { /* the deal first: the shard goes into the run row */
        if (opt->shard_index < 1 || opt->shard_index > opt->shard_count)
            return ct_error_set(err, CT_EINVAL, "shard %d/%d: i must be 1 to %d", opt->shard_index,
                                opt->shard_count, opt->shard_count);
        s->shard_of = calloc((size_t)(cfg->n_seeds * cfg->n_ns), sizeof *s->shard_of);
        if (!s->shard_of) return ct_error_set(err, CT_ENOMEM, "out of memory for the shard deal");
        rc = run_shard_deal(cfg, opt->shard_count, s->shard_of, err);
        if (rc != CT_OK) return rc;
        snprintf(s->shard, sizeof s->shard, "%d/%d", opt->shard_index, opt->shard_count);
    }
    /* counters and fingerprint first: they go into the run row */
    s->counters_kind = opt->counters >= 0 ? (bench_counters_kind)opt->counters : cfg->counters;
    s->sim = s->counters_kind == BENCH_COUNTERS_SIM;
    rc = bench_counters_open(&s->counters, s->counters_kind, &cfg->events, s->max_threads, err);
    if (rc != CT_OK) return rc;
    s->counters_open = 1;
    bench_sysinfo_collect(&s->sys);
    bench_machine_name(&s->sys, opt->machine);
    bench_run_noise_begin(&s->noise);
    /* the database: read-only or locked fails here, before any work */
    rc = run_record_open(s, err);
    if (rc == CT_OK) rc = run_record_run(s, &resumed, status, err);
    if (rc != CT_OK) return rc;
    outcome->run_id = s->rec.run_id;
    memset(&ev, 0, sizeof ev);
    ev.kind = BENCH_EV_RUN;
    ev.run_id = s->rec.run_id;
    ev.resumed = resumed;
    snprintf(text, sizeof text, "%s, commit %.12s%s on %s", cfg->name, s->sys.git_commit,
             s->sys.git_dirty == 1 ? " (dirty)" : "", s->sys.host);
    ev.text = text;
    ev.detail = resumed ? status : NULL;
    run_emit(s, &ev);
    if (s->sys.checkout_commit[0] && (strcmp(s->sys.checkout_commit, s->sys.git_commit) != 0 ||
                                      s->sys.checkout_dirty != s->sys.git_dirty)) {
        snprintf(text, sizeof text,
                 "warning: this binary was built from commit %.12s%s but the checkout is at "
                 "%.12s%s; the run records the binary's commit (rebuild to measure the checkout)",
                 s->sys.git_commit, s->sys.git_dirty == 1 ? " (dirty)" : "", s->sys.checkout_commit,
                 s->sys.checkout_dirty == 1 ? " (dirty)" : "");
        run_emit_note(s, text);
    }
    snprintf(text, sizeof text, "counters: %s", s->counters.m->describe(&s->counters));
    run_emit_note(s, text);
    if (cfg->notes[0]) run_emit_note(s, cfg->notes);
    if (s->sys.cores > 0 && s->max_threads > s->sys.cores) {
        snprintf(text, sizeof text,
                 "warning: the config asks for up to %d threads but this machine has %d "
                 "core(s): timings above %d threads measure oversubscription, not scaling",
                 s->max_threads, s->sys.cores, s->sys.cores);
        run_emit_note(s, text);
    }
    if (opt->shard_count > 0) {
        int mine = 0, total = cfg->n_seeds * cfg->n_ns;
        for (int w = 0; w < total; w++) mine += s->shard_of[w] == opt->shard_index - 1;
        snprintf(text, sizeof text, "shard %s: %d of the grid's %d workload(s)%s", s->shard, mine,
                 total, mine ? "" : " (nothing to run: more shards than workloads)");
        run_emit_note(s, text);
    }
    rc = measure_roofline(s, err);
    if (rc == CT_OK && s->sim) rc = run_sim_open(s, err);
    return rc;
}

/* The run's final status from how the sweep ended. */
static int session_close(run_session *s, int rc, ct_error *err)
{
    bench_run_outcome *outcome = s->outcome;
    const char *final_status;
    char message[CT_ERROR_MSG_MAX + 64] = "";

    if (interrupted(s) || rc == CT_EINTR) {
        rc = CT_EINTR;
        final_status = "interrupted";
        snprintf(message, sizeof message, "interrupted by signal %d", outcome->interrupted);
        ct_error_set(err, CT_EINTR,
                     "interrupted by signal %d; %d unit(s) stored, the unit in progress was "
                     "discarded",
                     outcome->interrupted, outcome->units_done);
    } else if (rc != CT_OK) {
        final_status = "failed";
        snprintf(message, sizeof message, "%s", err ? err->msg : "failed");
    } else {
        final_status = "complete";
        if (s->opt->only_glob)
            snprintf(message, sizeof message, "only the variants matching '%.200s'",
                     s->opt->only_glob);
        if (outcome->units_failed) {
            snprintf(message, sizeof message, "%d unit(s) failed verification",
                     outcome->units_failed);
            rc = ct_error_set(err, CT_EVERIFY, "%d unit(s) failed verification (stored as INVALID)",
                              outcome->units_failed);
        }
    }
    bench_run_noise_end(&s->noise);
    if (s->noise.noisy) {
        char note[sizeof s->noise.note + 96];
        snprintf(note, sizeof note,
                 "warning: the machine was busy during this run (%s); its timings are flagged "
                 "noisy",
                 s->noise.note);
        run_emit_note(s, note);
    }
    {
        ct_error fe;
        ct_error_clear(&fe);
        if (run_record_finish(s, final_status, message[0] ? message : NULL, &fe) != CT_OK) {
            char note[CT_ERROR_MSG_MAX + 200];
            snprintf(note, sizeof note,
                     "warning: run %lld could not be marked '%s' (%s); readers will see it as "
                     "'dead' once this process has exited",
                     (long long)s->rec.run_id, final_status, fe.msg);
            run_emit_note(s, note);
            if (rc == CT_OK) rc = ct_error_set(err, fe.code, "%s", fe.msg);
        }
    }
    run_sim_close(s);
    run_record_close(s);
    if (s->counters_open) bench_counters_close(&s->counters);
    free(s->shard_of);
    return rc;
}

int bench_run_experiment(const bench_config *cfg, const bench_run_options *opt,
                         bench_run_outcome *outcome, ct_error *err)
{
    run_session s;
    int rc;

    memset(outcome, 0, sizeof *outcome);
    bench_signals_install();
    rc = session_open(&s, cfg, opt, outcome, err);
    for (int i = 0; rc == CT_OK && i < cfg->n_seeds; i++)
        for (int j = 0; rc == CT_OK && j < cfg->n_ns; j++)
            if (!s.shard_of || s.shard_of[i * cfg->n_ns + j] == opt->shard_index - 1)
                rc = run_workload_sweep(&s, cfg->seeds[i], j, err);
    rc = session_close(&s, rc, err);
    bench_signals_restore();
    return rc;
}
