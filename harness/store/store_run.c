/* store_run.c -- the run row: insert, its writer, resume, heartbeat, final
 * status (store.h).
 *
 * A run row names the process writing it (util/process.h).  Resuming
 * claims the row for the new process; the heartbeat and the final status
 * are written only while the row still names this process, so a run is
 * never marked by a process that does not own it.  A reader tells a live
 * writer from a dead one with bench_run_state: a 'running' run whose
 * writer is gone (SIGKILL, power loss) reads as 'dead'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* A byte count, NULL when unknown (< 0). */
static void bind_size(sqlite3_stmt *st, int i, long long v)
{
    if (v >= 0) sqlite3_bind_int64(st, i, v);
}

/* A fraction or load, NULL when unknown (NaN). */
static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (v == v) sqlite3_bind_double(st, i, v);
}

int bench_store_run_begin(bench_db *db, const bench_run_row *row, int64_t *run_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    const bench_config *cfg = row->cfg;
    const bench_sysinfo *sys = row->sys;
    char hash[17], seeds[BENCH_MAX_SEEDS * 24] = "";
    int rc;

    for (int i = 0; i < cfg->n_seeds; i++) {
        size_t len = strlen(seeds);
        snprintf(seeds + len, sizeof seeds - len, "%s%llu", i ? "," : "",
                 (unsigned long long)cfg->seeds[i]);
    }
    bench_hex64(cfg->hash, hash);
    rc = bench_db_prepare(
        db,
        "INSERT INTO run (started_at, status, name, config_path, config_text, "
        "config_hash, seeds, order_seed, interleave, baseline, git_commit, git_dirty, "
        "host, cpu_model, cpu_flags, cores, kernel_release, compiler, cflags, "
        "blas_library, blas_config, blas_core, blas_coretype_env, counters_backend, "
        "papi_version, papi_status, ctbench_version, writer_host, writer_boot, "
        "writer_pid, writer_start, heartbeat_at, checkout_commit, checkout_dirty, "
        "machine, machine_id, os, ram_bytes, cache_l1d, cache_l2, cache_l3, smt, cpu_mhz, "
        "governor, boost, affinity, omp_env, commit_time, shard, load_start, kernel_isa, "
        "only_glob) "
        "VALUES (" BENCH_SQL_NOW ", 'running', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
        "?25, ?26, ?27, ?28, ?29, " BENCH_SQL_NOW ", ?30, ?31, ?32, ?33, ?34, ?35, ?36, "
        "?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49)",
        &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, cfg->name);
    bench_db_bind_text(st, 2, cfg->path);
    bench_db_bind_text(st, 3, cfg->text ? cfg->text : "");
    bench_db_bind_text(st, 4, hash);
    bench_db_bind_text(st, 5, seeds);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)cfg->order_seed);
    sqlite3_bind_int(st, 7, cfg->interleave);
    bench_db_bind_text(st, 8, row->baseline);
    bench_db_bind_text(st, 9, sys->git_commit);
    bench_db_bind_int_or_null(st, 10, sys->git_dirty, sys->git_dirty >= 0);
    bench_db_bind_text(st, 11, sys->host);
    bench_db_bind_text(st, 12, sys->cpu_model);
    bench_db_bind_text(st, 13, sys->cpu_flags);
    sqlite3_bind_int(st, 14, sys->cores);
    bench_db_bind_text(st, 15, sys->kernel_release);
    bench_db_bind_text(st, 16, sys->compiler);
    bench_db_bind_text(st, 17, sys->cflags);
    bench_db_bind_text(st, 18, sys->blas_library);
    bench_db_bind_text(st, 19, sys->blas_config);
    bench_db_bind_text(st, 20, sys->blas_core);
    bench_db_bind_text(st, 21, sys->blas_coretype_env);
    bench_db_bind_text(st, 22, row->counters_backend);
    bench_db_bind_text(st, 23, row->papi_version);
    bench_db_bind_text(st, 24, row->papi_status);
    bench_db_bind_text(st, 25, sys->version);
    bench_db_bind_text(st, 26, row->writer->host);
    bench_db_bind_text(st, 27, row->writer->boot_id);
    sqlite3_bind_int64(st, 28, row->writer->pid);
    sqlite3_bind_int64(st, 29, row->writer->start);
    bench_db_bind_text(st, 30, sys->checkout_commit[0] ? sys->checkout_commit : NULL);
    bench_db_bind_int_or_null(st, 31, sys->checkout_dirty, sys->checkout_dirty >= 0);
    bench_db_bind_text(st, 32, sys->machine[0] ? sys->machine : NULL);
    bench_db_bind_text(st, 33, sys->machine_id);
    bench_db_bind_text(st, 34, sys->os);
    bind_size(st, 35, sys->ram_bytes);
    bind_size(st, 36, sys->cache_l1d);
    bind_size(st, 37, sys->cache_l2);
    bind_size(st, 38, sys->cache_l3);
    bench_db_bind_int_or_null(st, 39, sys->smt, sys->smt >= 0);
    if (sys->cpu_mhz > 0) sqlite3_bind_double(st, 40, sys->cpu_mhz);
    bench_db_bind_text(st, 41, sys->governor);
    bench_db_bind_text(st, 42, sys->boost);
    bench_db_bind_text(st, 43, sys->affinity);
    bench_db_bind_text(st, 44, sys->omp_env);
    bench_db_bind_text(st, 45, sys->commit_time[0] ? sys->commit_time : NULL);
    bench_db_bind_text(st, 46, row->shard);
    if (row->noise && row->noise->load_start == row->noise->load_start)
        sqlite3_bind_double(st, 47, row->noise->load_start);
    bench_db_bind_text(st, 48, sys->kernel_isa_env);
    bench_db_bind_text(st, 49, row->only_glob);
    rc = bench_db_step_done(db, st, "inserting the run", err);
    if (rc == CT_OK) *run_id = sqlite3_last_insert_rowid(db->h);
    return rc;
}

/* The run's writer as stored in a row at column `col` (host, boot, pid, start). */
static void writer_of(sqlite3_stmt *st, int col, bench_process_id *w)
{
    memset(w, 0, sizeof *w);
    snprintf(w->host, sizeof w->host, "%s", bench_db_text(st, col, ""));
    snprintf(w->boot_id, sizeof w->boot_id, "%s", bench_db_text(st, col + 1, ""));
    w->pid = sqlite3_column_int64(st, col + 2);
    w->start = sqlite3_column_int64(st, col + 3);
}

int bench_store_run_writer(bench_db *db, int64_t run_id, bench_run_writer *out, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db,
                              "SELECT status, writer_host, writer_boot, writer_pid, writer_start, "
                              "coalesce(heartbeat_at, '') FROM run WHERE id = ?1",
                              &st, err);
    memset(out, 0, sizeof *out);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out->status, sizeof out->status, "%s", bench_db_text(st, 0, ""));
        writer_of(st, 1, &out->writer);
        snprintf(out->heartbeat, sizeof out->heartbeat, "%s", bench_db_text(st, 5, ""));
        out->state = bench_run_state(out->status, &out->writer);
        rc = CT_OK;
    } else {
        rc = rc == SQLITE_DONE ? ct_error_set(err, CT_EINVAL, "no run %lld", (long long)run_id)
                               : bench_db_error(db, err, "reading the run's writer");
    }
    sqlite3_finalize(st);
    return rc;
}

const char *bench_run_state(const char *status, const bench_process_id *writer)
{
    if (strcmp(status, "running") != 0) return status;
    switch (bench_process_state_of(writer)) {
    case BENCH_PROCESS_DEAD: return "dead";
    case BENCH_PROCESS_ALIVE: return "running";
    default: return writer->pid > 0 ? "running?" : "dead?";
    }
}

int bench_store_run_claim(bench_db *db, int64_t run_id, const bench_process_id *self, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db,
                              "UPDATE run SET status = 'running', finished_at = NULL, message = "
                              "NULL, writer_host = ?2, writer_boot = ?3, writer_pid = ?4, "
                              "writer_start = ?5, heartbeat_at = " BENCH_SQL_NOW " WHERE id = ?1",
                              &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    bench_db_bind_text(st, 2, self->host);
    bench_db_bind_text(st, 3, self->boot_id);
    sqlite3_bind_int64(st, 4, self->pid);
    sqlite3_bind_int64(st, 5, self->start);
    return bench_db_step_done(db, st, "reopening the run", err);
}

/* UPDATE ... WHERE id = ?1 and we are its writer (?2..?5); CT_EDB when the
 * run has another writer now. */
static int update_owned(bench_db *db, sqlite3_stmt *st, int64_t run_id,
                        const bench_process_id *self, const char *what, ct_error *err)
{
    int rc;
    sqlite3_bind_int64(st, 1, run_id);
    bench_db_bind_text(st, 2, self->host);
    sqlite3_bind_int64(st, 3, self->pid);
    sqlite3_bind_int64(st, 4, self->start);
    rc = bench_db_step_done(db, st, what, err);
    if (rc == CT_OK && sqlite3_changes(db->h) != 1)
        rc = ct_error_set(err, CT_EDB, "%s: run %lld is written by another process now", what,
                          (long long)run_id);
    return rc;
}

#define OWNED " WHERE id = ?1 AND writer_host IS ?2 AND writer_pid IS ?3 AND writer_start IS ?4"

int bench_store_run_heartbeat(bench_db *db, int64_t run_id, const bench_process_id *self,
                              ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db, "UPDATE run SET heartbeat_at = " BENCH_SQL_NOW OWNED, &st, err);
    if (rc != CT_OK) return rc;
    return update_owned(db, st, run_id, self, "updating the run's heartbeat", err);
}

int bench_store_run_finish(bench_db *db, int64_t run_id, const char *status, const char *message,
                           const bench_run_noise *noise, const bench_process_id *self,
                           ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc =
        bench_db_prepare(db,
                         "UPDATE run SET status = ?5, message = ?6, finished_at = " BENCH_SQL_NOW
                         ", heartbeat_at = " BENCH_SQL_NOW
                         ", load_end = coalesce(?7, load_end), steal_frac = coalesce(?8, "
                         "steal_frac), noisy = coalesce(?9, noisy), noise_note = "
                         "CASE WHEN ?9 IS NULL THEN noise_note ELSE ?10 END" OWNED,
                         &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 5, status);
    bench_db_bind_text(st, 6, message);
    if (noise) {
        bind_real(st, 7, noise->load_end);
        bind_real(st, 8, noise->steal);
        sqlite3_bind_int(st, 9, noise->noisy);
        bench_db_bind_text(st, 10, noise->note[0] ? noise->note : NULL);
    }
    return update_owned(db, st, run_id, self, "finishing the run", err);
}

int bench_store_run_set_roofline(bench_db *db, int64_t run_id, double gflops, const char *shape,
                                 const bench_process_id *self, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc =
        bench_db_prepare(db, "UPDATE run SET dgemm_gflops = ?5, dgemm_shape = ?6" OWNED, &st, err);
    if (rc != CT_OK) return rc;
    bind_real(st, 5, gflops);
    bench_db_bind_text(st, 6, shape);
    return update_owned(db, st, run_id, self, "storing the dgemm rate", err);
}

int bench_store_run_find(bench_db *db, const char *config_hash, const char *commit,
                         const char *host, const char *shard, int64_t *run_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db,
                              "SELECT id FROM run WHERE config_hash = ?1 AND git_commit = ?2 "
                              "AND host = ?3 AND shard IS ?4 ORDER BY id DESC LIMIT 1",
                              &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 4, shard);
    bench_db_bind_text(st, 1, config_hash);
    bench_db_bind_text(st, 2, commit);
    bench_db_bind_text(st, 3, host);
    return bench_db_select_id(db, st, run_id, "looking up the run key", err);
}

int bench_store_run_resolve(bench_db *db, const char *text, int64_t *run_id, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    long long v = 0;
    char *end = NULL;
    int rc;
    *run_id = 0;
    if (!text || !strcmp(text, "latest")) {
        rc = bench_db_prepare(db, "SELECT coalesce(max(id), 0) FROM run", &st, err);
        if (rc == CT_OK) rc = bench_db_select_id(db, st, run_id, "reading the runs", err);
        if (rc == CT_OK && !*run_id)
            rc = ct_error_set(err, CT_EINVAL, "%s holds no runs yet", db->path);
        return rc;
    }
    v = strtoll(text, &end, 10);
    if (!*text || *end || v <= 0)
        return ct_error_set(err, CT_EINVAL, "RUN must be a run id or 'latest', not '%s'", text);
    rc = bench_db_prepare(db, "SELECT id FROM run WHERE id = ?1", &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, v);
    rc = bench_db_select_id(db, st, run_id, "reading the runs", err);
    if (rc == CT_OK && !*run_id)
        rc = ct_error_set(err, CT_EINVAL,
                          "no run %lld in %s (`ctbench show --db %s --runs` lists the runs)", v,
                          db->path, db->path);
    return rc;
}

int bench_store_run_next_round(bench_db *db, int64_t run_id, int64_t *next, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_prepare(db,
                              "SELECT coalesce(max(round), -1) + 1 FROM measurement WHERE "
                              "run_id = ?1",
                              &st, err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    return bench_db_select_id(db, st, next, "reading the run's rounds", err);
}
