/* units.c -- read one run's units for a comparison (units.h). */
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
    snprintf(dst, size, "%s", bench_db_text(st, col, ""));
}

static int load_run(bench_db *db, int64_t run_id, bench_unit_set *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc =
        bench_db_prepare(db,
                         "SELECT name, status, git_commit, git_dirty, coalesce(machine_id, ''), "
                         "coalesce(machine, ''), coalesce(cpu_model, ''), "
                         "coalesce(blas_core, ''), noisy, coalesce(noise_note, ''), host, "
                         "coalesce(compiler, ''), coalesce(cflags, ''), coalesce(kernel_isa, ''), "
                         "coalesce(blas_coretype_env, '') FROM run WHERE id = ?1",
                         &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            return ct_error_set(err, CT_EINVAL, "no run %lld in %s", (long long)run_id, db->path);
        return bench_db_error(db, err, "reading the run");
    }
    out->run_id = run_id;
    copy_text(st, 0, out->name, sizeof out->name);
    copy_text(st, 1, out->status, sizeof out->status);
    copy_text(st, 2, out->git_commit, sizeof out->git_commit);
    out->git_dirty = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
    copy_text(st, 4, out->machine_id, sizeof out->machine_id);
    copy_text(st, 5, out->machine, sizeof out->machine);
    copy_text(st, 6, out->cpu_model, sizeof out->cpu_model);
    copy_text(st, 7, out->blas_core, sizeof out->blas_core);
    out->run_noisy = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8);
    copy_text(st, 9, out->noise_note, sizeof out->noise_note);
    copy_text(st, 10, out->host, sizeof out->host);
    copy_text(st, 11, out->compiler, sizeof out->compiler);
    copy_text(st, 12, out->cflags, sizeof out->cflags);
    copy_text(st, 13, out->kernel_isa, sizeof out->kernel_isa);
    copy_text(st, 14, out->blas_coretype, sizeof out->blas_coretype);
    sqlite3_finalize(st);
    return CT_OK;
}

static void add_metric(bench_unit *u, const char *name, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL || u->n_metrics >= BENCH_UNIT_MAX_METRICS)
        return;
    snprintf(u->metrics[u->n_metrics].name, BENCH_METRIC_NAME_MAX, "%s", name);
    u->metrics[u->n_metrics].value = sqlite3_column_double(st, col);
    u->n_metrics++;
}

static const char *const summary_metrics[] = {
    "dist_evals",   "nodes_visited", "heap_ops",        "v_bytes",
    "useful_pairs", "rows_fetched",  "v_bytes_fetched",
};
#define N_SUMMARY_METRICS ((int)(sizeof summary_metrics / sizeof summary_metrics[0]))

static int load_units(bench_db *db, bench_unit_set *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int cap = 0, step;
    int rc = bench_db_prepare(
        db,
        "SELECT v.name, w.label, r.build, r.threads, r.k, r.nq, r.predecessor, r.exclude_self, "
        "w.content_hash, v.exact, r.verified, r.valid, r.recall, coalesce(r.answer_hash, ''), "
        "r.id, s.dist_evals_per_query, s.nodes_visited_per_query, s.heap_ops_per_query, "
        "s.v_bytes_per_query, s.useful_pairs_per_query, s.rows_fetched_per_query, "
        "s.v_bytes_fetched_per_query "
        "FROM result r JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = "
        "r.workload_id LEFT JOIN summary s ON s.result_id = r.id WHERE r.run_id = ?1 "
        "ORDER BY r.id",
        &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, out->run_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        bench_unit *u;
        if (out->n == cap) {
            int ncap = cap ? 2 * cap : 32;
            bench_unit *p = realloc(out->units, (size_t)ncap * sizeof *p);
            if (!p) {
                sqlite3_finalize(st);
                return ct_error_set(err, CT_ENOMEM, "out of memory for the units of run %lld",
                                    (long long)out->run_id);
            }
            out->units = p;
            cap = ncap;
        }
        u = &out->units[out->n++];
        memset(u, 0, sizeof *u);
        copy_text(st, 0, u->variant, sizeof u->variant);
        copy_text(st, 1, u->workload, sizeof u->workload);
        copy_text(st, 2, u->build, sizeof u->build);
        u->threads = sqlite3_column_int(st, 3);
        u->k = sqlite3_column_int(st, 4);
        u->nq = sqlite3_column_int(st, 5);
        u->predecessor = sqlite3_column_int(st, 6);
        u->exclude_self = sqlite3_column_int(st, 7);
        copy_text(st, 8, u->content_hash, sizeof u->content_hash);
        u->exact_variant = sqlite3_column_int(st, 9);
        copy_text(st, 10, u->verified, sizeof u->verified);
        u->valid = sqlite3_column_int(st, 11);
        u->recall =
            sqlite3_column_type(st, 12) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 12);
        copy_text(st, 13, u->answer_hash, sizeof u->answer_hash);
        u->result_id = sqlite3_column_int64(st, 14);
        for (int i = 0; i < N_SUMMARY_METRICS; i++) add_metric(u, summary_metrics[i], st, 15 + i);
        add_metric(u, "recall", st, 12);
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the results");
    sqlite3_finalize(st);
    return rc;
}

/* Simulated counters: one row per event and result (source 'simulated'). */
static int load_sim(bench_db *db, bench_unit *u, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step;
    int rc = bench_db_prepare(db,
                              "SELECT 'sim.' || event, value FROM counter WHERE result_id = ?1 AND "
                              "source = 'simulated' AND status = 'ok' AND value IS NOT NULL "
                              "ORDER BY event",
                              &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, u->result_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        add_metric(u, bench_db_text(st, 0, "sim.?"), st, 1);
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the simulated counters");
    sqlite3_finalize(st);
    return rc;
}

int bench_units_load(bench_db *db, int64_t run_id, bench_unit_set *out, ct_error *err)
{
    int rc;
    memset(out, 0, sizeof *out);
    rc = bench_db_user_version(db, &out->schema_version, err);
    if (rc == CT_OK) rc = load_run(db, run_id, out, err);
    if (rc == CT_OK) rc = load_units(db, out, err);
    for (int i = 0; rc == CT_OK && i < out->n; i++) {
        rc = load_sim(db, &out->units[i], err);
        if (rc == CT_OK)
            rc = bench_samples_load(db, out->units[i].result_id, 0, &out->units[i].samples, err);
    }
    if (rc != CT_OK) bench_units_free(out);
    return rc;
}

void bench_units_free(bench_unit_set *set)
{
    for (int i = 0; i < set->n; i++) bench_samples_free(&set->units[i].samples);
    free(set->units);
    set->units = NULL;
    set->n = 0;
}

const double *bench_unit_metric_value(const bench_unit *u, const char *name)
{
    for (int i = 0; i < u->n_metrics; i++)
        if (!strcmp(u->metrics[i].name, name)) return &u->metrics[i].value;
    return NULL;
}
