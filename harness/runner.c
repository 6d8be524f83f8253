/* runner.c -- the experiment sweep (runner.h): counters and machine
 * fingerprint, the run row and its run key, the loop over workloads (seeds x
 * n), build configurations and units (sequential or interleaved),
 * interrupts, and the run's final status.
 *
 * Per workload the dataset, queries and oracle are made once; then for each
 * build configuration in turn its tree is built, its units run (group 0 also
 * runs the baselines) and the tree is freed, so one tree is in memory at a
 * time.  Interleaving shuffles the units of one group.
 *
 * Run key (for --resume): (config hash, git commit, host) -- the config
 * text, and so its hash, names every build configuration; within a run a
 * unit is (variant, workload, build, threads, k, predecessor, exclude_self),
 * the UNIQUE key of table result.  --resume reopens the newest run with the
 * same run key and skips the units it already stored; without --resume every
 * invocation is a new run.
 */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct/rng.h"
#include "runner_internal.h"
#include "signals.h"
#include "store.h"

static int interrupted(runner *r)
{
    int sig = bench_signals_pending();
    if (sig && !r->outcome->interrupted) r->outcome->interrupted = sig;
    return sig != 0;
}

static void progress_done(runner *r)
{
    if (r->opt->progress && r->opt->log) {
        fprintf(r->opt->log, "\r\033[K");
        fflush(r->opt->log);
    }
}

/* After a unit ran: simulate, commit, count, report a failure. */
static int finish_unit(runner *r, unit *u, ct_error *err)
{
    int rc;
    bench_unit_simulate(r, u);
    if (interrupted(r)) return CT_EINTR; /* the simulator child saw the signal too */
    rc = bench_unit_commit(r, u, err);
    if (rc != CT_OK) return rc;
    r->outcome->units_done++;
    if (u->failed) {
        r->outcome->units_failed++;
        if (r->opt->log) {
            progress_done(r);
            fprintf(r->opt->log, "ctbench: run: %s (threads %d, k %d%s%s) INVALID: %s\n", u->name,
                    u->threads, u->k, r->n_builds > 1 && u->build >= 0 ? ", " : "",
                    r->n_builds > 1 && u->build >= 0 ? r->build_text[u->build] : "", u->note);
        }
    } else if (!u->exact) {
        r->outcome->units_approximate++;
    }
    return CT_OK;
}

/* Units [start, end) one after the other: warm-up, R repetitions, commit. */
static int run_sequential(runner *r, int start, int end, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    int rc = CT_OK;
    for (int i = start; i < end && rc == CT_OK; i++) {
        unit *u = &r->units[i];
        if (u->resumed) goto release;
        if (u->slot >= 0) {
            ct_error e;
            ct_error_clear(&e);
            if (bench_runner_lower(r, u->slot, &e) != CT_OK) {
                if (e.code == CT_EDB) {
                    *err = e;
                    return CT_EDB;
                }
                u->failed = 1;
                snprintf(u->note, sizeof u->note, "lowering failed: %.400s", e.msg);
            }
        }
        rc = bench_unit_alloc(r, u, err);
        for (int w = 0; rc == CT_OK && w < cfg->warmup; w++) {
            bench_runner_progress(r, u, "warm-up", w, cfg->warmup);
            rc = bench_unit_sample(r, u, 1, w, err);
            if (interrupted(r)) rc = CT_EINTR;
        }
        for (int q = 0; rc == CT_OK && q < cfg->repetitions; q++) {
            bench_runner_progress(r, u, "rep", q, cfg->repetitions);
            rc = bench_unit_sample(r, u, 0, q, err);
            if (interrupted(r)) rc = CT_EINTR;
        }
        if (rc == CT_OK) rc = finish_unit(r, u, err);
        bench_unit_free(u);
    release:
        /* free layouts no later unit needs */
        for (int s = 0; s < r->n_slots; s++)
            if (r->slots[s].last_unit == i) bench_runner_free_slot(r, s);
    }
    return rc;
}

/* Fisher-Yates with the project's RNG. */
static void shuffle(int *a, int n, ct_rng *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)ct_rng_below(rng, (uint64_t)i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* Interleaved: every round runs one sample of every unit of [start, end) in
 * a freshly shuffled order (seeded by order_seed mixed with the workload's
 * seed, the index of its n and the group; the order is recoverable
 * from the stored seq numbers).  A unit is committed once its last
 * repetition ran. */
static int run_interleaved(runner *r, int start, int end, int group, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    int *order = malloc((size_t)(end > start ? end - start : 1) * sizeof *order);
    int n = 0, rc = CT_OK;
    ct_rng rng;

    if (!order) return ct_error_set(err, CT_ENOMEM, "out of memory");
    /* the extra terms are 0 for the first size and group: a run with one n
     * and one build shuffles exactly as before sweeps existed */
    ct_rng_seed(&rng, cfg->order_seed ^ (r->seed * 0x9e3779b97f4a7c15ULL) ^
                          ((uint64_t)group * 0xbf58476d1ce4e5b9ULL) ^
                          ((uint64_t)r->n_index * 0x94d049bb133111ebULL));
    for (int i = start; i < end && rc == CT_OK; i++) {
        unit *u = &r->units[i];
        if (u->resumed) continue;
        order[n++] = i;
        if (u->slot >= 0) {
            ct_error e;
            ct_error_clear(&e);
            if (bench_runner_lower(r, u->slot, &e) != CT_OK) {
                if (e.code == CT_EDB) {
                    *err = e;
                    rc = CT_EDB;
                    break;
                }
                u->failed = 1;
                snprintf(u->note, sizeof u->note, "lowering failed: %.400s", e.msg);
            }
        }
        if (rc == CT_OK) rc = bench_unit_alloc(r, u, err);
    }
    for (int round = 0; rc == CT_OK && round < cfg->warmup + cfg->repetitions; round++) {
        int warm = round < cfg->warmup;
        int rep = warm ? round : round - cfg->warmup;
        shuffle(order, n, &rng);
        for (int j = 0; j < n && rc == CT_OK; j++) {
            unit *u = &r->units[order[j]];
            bench_runner_progress(r, u, warm ? "warm-up" : "rep", rep,
                                  warm ? cfg->warmup : cfg->repetitions);
            rc = bench_unit_sample(r, u, warm, rep, err);
            if (interrupted(r)) rc = CT_EINTR;
        }
    }
    for (int j = start; j < end && rc == CT_OK; j++) {
        if (r->units[j].resumed) continue;
        rc = finish_unit(r, &r->units[j], err);
    }
    for (int s = 0; s < r->n_slots; s++)
        if (r->slots[s].build == group) bench_runner_free_slot(r, s);
    free(order);
    return rc;
}

/* Flag units stored by an earlier attempt of this run (resume). */
static int mark_resumed(runner *r, ct_error *err)
{
    for (int i = 0; i < r->n_units; i++) {
        unit *u = &r->units[i];
        bench_unit_key key = {
            r->run_id,  u->variant_id, r->workload_id,      bench_unit_build_text(r, u),
            u->threads, u->k,          r->cfg->predecessor, r->cfg->exclude_self};
        int exists = 0, rc = bench_store_unit_exists(&r->db, &key, &exists, err);
        if (rc != CT_OK) return rc;
        u->resumed = exists;
        if (exists) r->outcome->units_resumed++;
    }
    return CT_OK;
}

/* One workload (seed, n): load it, plan and resume its units, draw the
 * queries and the oracle's answers, then one group per build configuration:
 * build its tree, run its units, free the tree. */
static int run_workload(runner *r, uint64_t seed, int n_index, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    int rc, todo = 0;

    r->n_index = n_index;
    rc = bench_runner_load_workload(r, seed, cfg->ns[n_index], err);
    if (rc == CT_OK && interrupted(r)) rc = CT_EINTR;
    if (rc == CT_OK) rc = bench_runner_plan_units(r, err);
    if (rc == CT_OK) rc = mark_resumed(r, err);
    if (rc != CT_OK) return rc;
    for (int i = 0; i < r->n_units; i++) todo += !r->units[i].resumed;
    r->outcome->units_planned += r->n_units;
    r->samples_total += (long)todo * (cfg->warmup + cfg->repetitions);
    if (todo == 0) return CT_OK;
    rc = bench_runner_prepare_queries(r, err);
    if (rc == CT_OK && interrupted(r)) rc = CT_EINTR;
    for (int start = 0, g = 0; rc == CT_OK && start < r->n_units; g++) {
        int end = start;
        while (end < r->n_units && r->units[end].group == g) end++;
        if (end == start) continue; /* --only left this group empty */
        rc = bench_runner_build_tree(r, g, err);
        if (rc == CT_OK && interrupted(r)) rc = CT_EINTR;
        if (rc == CT_OK)
            rc = cfg->interleave ? run_interleaved(r, start, end, g, err)
                                 : run_sequential(r, start, end, err);
        bench_runner_free_tree(r);
        start = end;
    }
    return rc;
}

static void print_plan(const bench_config *cfg, const bench_run_options *opt)
{
    FILE *out = opt->out ? opt->out : stdout;
    int n = 0, trees = 0, builds = bench_config_n_builds(cfg);
    fprintf(out,
            "config %s (%s): %d workload(s), %d build configuration(s), %d variant(s), "
            "threads",
            cfg->path, cfg->name, cfg->n_seeds * cfg->n_ns, builds, cfg->n_variants);
    for (int i = 0; i < cfg->n_threads; i++) fprintf(out, "%s%d", i ? "," : " ", cfg->threads[i]);
    fprintf(out, ", k");
    for (int i = 0; i < cfg->n_ks; i++) fprintf(out, "%s%d", i ? "," : " ", cfg->ks[i]);
    fprintf(out, ", %d warm-up + %d repetitions%s\n", cfg->warmup, cfg->repetitions,
            cfg->interleave ? ", interleaved" : "");
    for (int i = 0; i < cfg->n_variants; i++) {
        char name[CT_VARIANT_NAME_MAX];
        ct_variant_format(&cfg->variants[i], name, sizeof name);
        if (opt->only_glob && fnmatch(opt->only_glob, name, 0) != 0) continue;
        fprintf(out, "  %s%s%s\n", name,
                ct_variant_is_exact(&cfg->variants[i]) ? "" : "  (approximate)",
                i == cfg->speedup_ref ? "  (speed-up baseline)" : "");
        n++;
        trees += cfg->variants[i].family == CT_VARIANT_TREE;
    }
    if (cfg->source == BENCH_SOURCE_SYNTHETIC && cfg->n_ns > 1) {
        fprintf(out, "workload sizes n =");
        for (int i = 0; i < cfg->n_ns; i++) fprintf(out, "%s%d", i ? "," : " ", (int)cfg->ns[i]);
        fprintf(out, "\n");
    }
    for (int b = 0; b < builds; b++) {
        ct_order insertion;
        ct_build_params params;
        char text[BENCH_BUILD_TEXT_MAX];
        bench_config_build(cfg, b, &insertion, &params);
        bench_config_build_text(insertion, &params, text, sizeof text);
        fprintf(out, "build %d: %s\n", b + 1, text);
    }
    fprintf(out,
            "%d unit(s) to run ((tree variants x builds + baselines) x threads x k x "
            "workloads)\n",
            (trees * builds + n - trees) * cfg->n_threads * cfg->n_ks * cfg->n_seeds * cfg->n_ns);
    if (cfg->notes[0]) fprintf(out, "note: %s", cfg->notes);
}

static int make_sim_dir(runner *r, ct_error *err)
{
    const char *base = getenv("TMPDIR");
    char exe[PATH_MAX];
    ssize_t len;
    if (r->opt->self_exe) {
        snprintf(r->exe, sizeof r->exe, "%s", r->opt->self_exe);
    } else {
        len = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (len <= 0)
            return ct_error_set(err, CT_EIO,
                                "cannot find my own executable for the "
                                "simulator child");
        exe[len] = '\0';
        snprintf(r->exe, sizeof r->exe, "%.1000s", exe);
    }
    snprintf(r->sim_dir, sizeof r->sim_dir, "%s/ctbench-sim-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(r->sim_dir))
        return ct_error_set(err, CT_EIO, "cannot create a temporary directory for the simulator");
    return CT_OK;
}

static void remove_sim_dir(runner *r)
{
    const char *names[] = {"state.bin", "callgrind.out", "sim.log"};
    char path[1200];
    if (!r->sim_dir[0]) return;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", r->sim_dir, names[i]);
        unlink(path);
    }
    rmdir(r->sim_dir);
    r->sim_dir[0] = '\0';
}

int bench_run_experiment(const bench_config *cfg, const bench_run_options *opt,
                         bench_run_outcome *outcome, ct_error *err)
{
    runner r;
    bench_run_row row;
    char hash[17], status[16], baseline[CT_VARIANT_NAME_MAX] = "";
    int rc = CT_OK, backend;
    const char *final_status;
    char message[CT_ERROR_MSG_MAX + 64] = "";

    memset(outcome, 0, sizeof *outcome);
    if (opt->dry_run) {
        print_plan(cfg, opt);
        return CT_OK;
    }
    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.opt = opt;
    r.outcome = outcome;
    for (int i = 0; i < cfg->n_threads; i++)
        if (cfg->threads[i] > r.max_threads) r.max_threads = cfg->threads[i];
    r.tree_build = -1;
    r.n_builds = bench_config_n_builds(cfg);
    if (r.n_builds < 1 || r.n_builds > BENCH_MAX_BUILDS)
        return ct_error_set(err, CT_EINVAL, "%d build configurations (1 to %d)", r.n_builds,
                            BENCH_MAX_BUILDS);
    for (int b = 0; b < r.n_builds; b++) {
        ct_order insertion;
        ct_build_params params;
        bench_config_build(cfg, b, &insertion, &params);
        bench_config_build_text(insertion, &params, r.build_text[b], sizeof r.build_text[b]);
    }
    if (cfg->speedup_ref >= 0)
        ct_variant_format(&cfg->variants[cfg->speedup_ref], baseline, sizeof baseline);

    /* counters and fingerprint first: they go into the run row */
    backend = opt->counters >= 0 ? opt->counters : (int)cfg->counters;
    r.sim = backend == BENCH_COUNTERS_SIM;
    rc = bench_counters_open(&r.counters, backend == BENCH_COUNTERS_NONE ? "none" : "papi", cfg,
                             r.max_threads, err);
    if (rc != CT_OK) goto done;
    r.counters_open = 1;
    bench_sysinfo_collect(&r.sys);

    /* the database: read-only or locked fails here, before any work */
    rc = bench_db_open(opt->db_path, BENCH_DB_WRITE, &r.db, err);
    if (rc != CT_OK) goto done;
    r.db_open = 1;
    bench_hex64(cfg->hash, hash);
    if (opt->resume) {
        rc =
            bench_store_run_find(&r.db, hash, r.sys.git_commit, r.sys.host, &r.run_id, status, err);
        if (rc != CT_OK) goto done;
        if (r.run_id && opt->out)
            fprintf(opt->out, "resuming run %lld (status %s)\n", (long long)r.run_id, status);
    }
    if (r.run_id) {
        rc = bench_db_begin(&r.db, err);
        if (rc == CT_OK) rc = bench_store_run_reopen(&r.db, r.run_id, err);
        if (rc == CT_OK) rc = bench_db_commit(&r.db, err);
        else bench_db_rollback(&r.db);
    } else {
        memset(&row, 0, sizeof row);
        row.cfg = cfg;
        row.sys = &r.sys;
        row.counters_backend = bench_counters_kind_name((bench_counters_kind)backend);
        row.papi_version = r.counters.m->version(&r.counters);
        row.papi_status = r.counters.m->describe(&r.counters);
        row.baseline = baseline[0] ? baseline : NULL;
        rc = bench_db_begin(&r.db, err);
        if (rc == CT_OK) rc = bench_store_run_begin(&r.db, &row, &r.run_id, err);
        if (rc == CT_OK) rc = bench_db_commit(&r.db, err);
        else bench_db_rollback(&r.db);
    }
    if (rc != CT_OK) goto done;
    outcome->run_id = r.run_id;
    if (opt->out) {
        fprintf(opt->out, "run %lld: %s, commit %.12s%s on %s\n", (long long)r.run_id, cfg->name,
                r.sys.git_commit, r.sys.git_dirty == 1 ? " (dirty)" : "", r.sys.host);
        fprintf(opt->out, "counters: %s\n", r.counters.m->describe(&r.counters));
        if (cfg->notes[0]) fprintf(opt->out, "note: %s", cfg->notes);
    }
    if (r.sim) {
        char why[BENCH_COUNTER_REASON_MAX];
        if (bench_sim_available(why, sizeof why) != 0 && opt->out)
            fprintf(opt->out, "simulated counters: unavailable: %s\n", why);
        rc = make_sim_dir(&r, err);
        if (rc != CT_OK) goto done;
    }

    bench_signals_install();
    for (int s = 0; s < cfg->n_seeds && rc == CT_OK; s++) {
        for (int i = 0; i < cfg->n_ns && rc == CT_OK; i++) {
            rc = run_workload(&r, cfg->seeds[s], i, err);
            bench_runner_free_workload(&r);
        }
    }
    progress_done(&r);
    bench_signals_restore();

done:
    if (interrupted(&r) || rc == CT_EINTR) {
        rc = CT_EINTR;
        final_status = "interrupted";
        snprintf(message, sizeof message, "interrupted by signal %d", outcome->interrupted);
        ct_error_set(err, CT_EINTR,
                     "interrupted by signal %d; %d unit(s) stored, the unit in "
                     "progress was discarded",
                     outcome->interrupted, outcome->units_done);
    } else if (rc != CT_OK) {
        final_status = "failed";
        snprintf(message, sizeof message, "%s", err ? err->msg : "failed");
    } else {
        final_status = "complete";
        if (opt->only_glob)
            snprintf(message, sizeof message, "only the variants matching '%.200s'",
                     opt->only_glob);
        if (outcome->units_failed) {
            snprintf(message, sizeof message, "%d unit(s) failed verification",
                     outcome->units_failed);
            rc = ct_error_set(err, CT_EVERIFY,
                              "%d unit(s) failed verification (stored as "
                              "INVALID)",
                              outcome->units_failed);
        }
    }
    if (r.db_open && r.run_id) {
        ct_error e2;
        ct_error_clear(&e2);
        bench_db_rollback(&r.db);
        if (bench_db_begin(&r.db, &e2) == CT_OK &&
            bench_store_run_finish(&r.db, r.run_id, final_status, message[0] ? message : NULL,
                                   &e2) == CT_OK)
            bench_db_commit(&r.db, &e2);
        else bench_db_rollback(&r.db);
    }
    bench_runner_free_workload(&r);
    remove_sim_dir(&r);
    if (r.db_open) bench_db_close(&r.db);
    if (r.counters_open) bench_counters_close(&r.counters);
    return rc;
}
