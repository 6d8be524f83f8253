/* plot_data.c -- the data side of `ctbench plot` (plot_data.h): read-only
 * database, run selection, a run's main slice, and figure SQL -> TSV files
 * for gnuplot. */
#define _POSIX_C_SOURCE 200809L
#include "plot_data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ct/alloc.h"
#include "store.h"

/* Default of [counters] sim_queries (config.c). */
#define SIM_QUERIES_DEFAULT 64

int bench_plot_latest_runs(bench_db *db, int64_t **ids, int *n, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step, rc = CT_OK, cap = 0;
    int64_t *out = NULL;

    *ids = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT coalesce(max(CASE WHEN only_glob IS NULL THEN id END), max(id)) "
                           "FROM run WHERE status = 'complete' GROUP BY name ORDER BY 1",
                           -1, &st, NULL) != SQLITE_OK)
        return bench_db_error(db, err, "listing the runs");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            int64_t *grown;
            cap = cap ? 2 * cap : 8;
            grown = ct_malloc_array((size_t)cap, sizeof *grown);
            if (!grown) {
                rc = ct_error_set(err, CT_ENOMEM, "out of memory");
                goto done;
            }
            if (out) memcpy(grown, out, (size_t)*n * sizeof *out);
            ct_free(out);
            out = grown;
        }
        out[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "listing the runs");
done:
    sqlite3_finalize(st);
    if (rc != CT_OK) {
        ct_free(out);
        out = NULL;
        *n = 0;
    }
    *ids = out;
    return rc;
}

static void copy_text(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

/* [counters] sim_queries of a stored config text, or the default. */
static int sim_queries_of(const char *text)
{
    int in_counters = 0;
    const char *line = text;
    while (line && *line) {
        const char *p = line, *next = strchr(line, '\n');
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '[') {
            in_counters = !strncmp(p, "[counters]", 10);
        } else if (in_counters && !strncmp(p, "sim_queries", 11)) {
            p += 11;
            while (*p == ' ' || *p == '\t') p++;
            if (*p == '=') {
                long v = strtol(p + 1, NULL, 10);
                if (v > 0 && v < 100000000) return (int)v;
            }
        }
        line = next ? next + 1 : NULL;
    }
    return SIM_QUERIES_DEFAULT;
}

int bench_plot_run_load(bench_db *db, int64_t id, bench_plot_run *run, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = CT_OK, step, sim_queries = SIM_QUERIES_DEFAULT, nq = 0;

    memset(run, 0, sizeof *run);
    run->id = id;
    if (sqlite3_prepare_v2(
            db->h,
            "SELECT name, run_state(status, writer_host, writer_boot, writer_pid, "
            "writer_start), started_at, git_commit, git_dirty, host, "
            "cpu_model, counters_backend, config_text, only_glob FROM run WHERE id = ?1",
            -1, &st, NULL) != SQLITE_OK)
        return bench_db_error(db, err, "reading the run");
    sqlite3_bind_int64(st, 1, id);
    step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rc = ct_error_set(err, CT_EINVAL,
                          "no run %lld in %s (`ctbench show --db %s --runs` "
                          "lists the runs)",
                          (long long)id, db->path, db->path);
        goto done;
    }
    if (step != SQLITE_ROW) {
        rc = bench_db_error(db, err, "reading the run");
        goto done;
    }
    copy_text(run->name, sizeof run->name, st, 0);
    copy_text(run->status, sizeof run->status, st, 1);
    copy_text(run->started, sizeof run->started, st, 2);
    copy_text(run->commit, sizeof run->commit, st, 3);
    run->dirty = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
    copy_text(run->host, sizeof run->host, st, 5);
    copy_text(run->cpu, sizeof run->cpu, st, 6);
    copy_text(run->counters, sizeof run->counters, st, 7);
    copy_text(run->only_glob, sizeof run->only_glob, st, 9);
    if (sqlite3_column_text(st, 8))
        sim_queries = sim_queries_of((const char *)sqlite3_column_text(st, 8));
    sqlite3_finalize(st);
    st = NULL;

    /* the whole run */
    if (sqlite3_prepare_v2(
            db->h,
            "SELECT count(*), count(DISTINCT workload_id), coalesce(max(threads), 0), "
            "count(DISTINCT threads), (SELECT coalesce(max(s.reps), 0) FROM summary s "
            "JOIN result r ON r.id = s.result_id WHERE r.run_id = ?1), "
            "(SELECT count(DISTINCT n) FROM workload WHERE id IN (SELECT workload_id "
            "FROM result WHERE run_id = ?1)), (SELECT coalesce(min(n), 0) FROM "
            "workload WHERE id IN (SELECT workload_id FROM result WHERE run_id = ?1)) "
            "FROM result WHERE run_id = ?1",
            -1, &st, NULL) != SQLITE_OK ||
        (sqlite3_bind_int64(st, 1, id), sqlite3_step(st)) != SQLITE_ROW) {
        rc = bench_db_error(db, err, "reading the run's results");
        goto done;
    }
    run->n_results = sqlite3_column_int(st, 0);
    run->n_workloads = sqlite3_column_int(st, 1);
    run->threads = sqlite3_column_int(st, 2);
    run->n_threads = sqlite3_column_int(st, 3);
    run->reps = sqlite3_column_int(st, 4);
    run->n_sizes = sqlite3_column_int(st, 5);
    run->n_min = sqlite3_column_int(st, 6);
    sqlite3_finalize(st);
    st = NULL;
    if (run->n_results == 0) goto done;

    /* the main slice: largest workload, smallest k */
    if (sqlite3_prepare_v2(db->h,
                           "SELECT w.id, w.label, w.n, w.m, w.dim, w.covariance, "
                           "(SELECT min(k) FROM result WHERE run_id = ?1 AND workload_id = w.id), "
                           "(SELECT max(nq) FROM result WHERE run_id = ?1 AND workload_id = w.id) "
                           "FROM workload w WHERE w.id IN (SELECT workload_id FROM result "
                           "WHERE run_id = ?1) ORDER BY w.n DESC, w.id LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK ||
        (sqlite3_bind_int64(st, 1, id), sqlite3_step(st)) != SQLITE_ROW) {
        rc = bench_db_error(db, err, "reading the run's workloads");
        goto done;
    }
    run->workload_id = sqlite3_column_int64(st, 0);
    copy_text(run->workload, sizeof run->workload, st, 1);
    run->n = sqlite3_column_int(st, 2);
    run->m = sqlite3_column_int(st, 3);
    run->dim = sqlite3_column_int(st, 4);
    copy_text(run->covariance, sizeof run->covariance, st, 5);
    run->k = sqlite3_column_int(st, 6);
    nq = sqlite3_column_int(st, 7);
    run->sim_nq = nq > 0 && sim_queries > nq ? nq : sim_queries;
    sqlite3_finalize(st);
    st = NULL;

    /* the first build configuration of the main workload */
    if (sqlite3_prepare_v2(
            db->h,
            "SELECT coalesce((SELECT build FROM result WHERE run_id = ?1 AND "
            "workload_id = ?2 AND build <> '" BENCH_BUILD_NONE "' ORDER BY id LIMIT 1), "
            "'" BENCH_BUILD_NONE "'), (SELECT count(DISTINCT build) FROM result WHERE "
            "run_id = ?1 AND build <> '" BENCH_BUILD_NONE "')",
            -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, run->workload_id) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = bench_db_error(db, err, "reading the run's build configurations");
        goto done;
    }
    copy_text(run->build, sizeof run->build, st, 0);
    run->n_builds = sqlite3_column_int(st, 1);
done:
    sqlite3_finalize(st);
    return rc;
}

static int bind_params(sqlite3_stmt *st, const bench_plot_run *run, ct_error *err)
{
    int count = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= count; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        int64_t v;
        if (!name) return ct_error_set(err, CT_EINVAL, "the SQL uses a nameless parameter");
        if (!strcmp(name, ":run")) v = run->id;
        else if (!strcmp(name, ":workload")) v = run->workload_id;
        else if (!strcmp(name, ":k")) v = run->k;
        else if (!strcmp(name, ":threads")) v = run->threads;
        else if (!strcmp(name, ":sim_nq")) v = run->sim_nq > 0 ? run->sim_nq : 1;
        else if (!strcmp(name, ":build") || !strcmp(name, ":no_tree")) {
            sqlite3_bind_text(st, i, name[1] == 'b' ? run->build : BENCH_BUILD_NONE, -1,
                              SQLITE_TRANSIENT);
            continue;
        } else
            return ct_error_set(err, CT_EINVAL,
                                "the SQL uses an unknown parameter %s (known: "
                                ":run :workload :k :threads :build :no_tree :sim_nq)",
                                name);
        sqlite3_bind_int64(st, i, v);
    }
    return CT_OK;
}

int bench_plot_make_slice(bench_db *db, const char *select_sql, const bench_plot_run *run,
                          ct_error *err)
{
    return bench_plot_make_slice_as(db, select_sql, run, "slice", err);
}

int bench_plot_make_slice_as(bench_db *db, const char *select_sql, const bench_plot_run *run,
                             const char *table, ct_error *err)
{
    char prefix[96], drop[96];
    size_t len = strlen(select_sql), plen;
    char *sql;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = CT_OK;

    if (strspn(table, "abcdefghijklmnopqrstuvwxyz_") != strlen(table) || strlen(table) > 32)
        return ct_error_set(err, CT_EINVAL, "bad slice table name '%s'", table);
    snprintf(prefix, sizeof prefix, "CREATE TEMP TABLE %s AS ", table);
    snprintf(drop, sizeof drop, "PRAGMA query_only = 0; DROP TABLE IF EXISTS temp.%s", table);
    plen = strlen(prefix);
    sql = ct_malloc(plen + len + 1);

    if (!sql) return ct_error_set(err, CT_ENOMEM, "out of memory");
    memcpy(sql, prefix, plen);
    memcpy(sql + plen, select_sql, len + 1);
    /* the temporary table lives in the connection's own temp database; the
     * results database stays read-only (the connection is SQLITE_OPEN_READONLY) */
    rc = bench_db_exec(db, drop, err);
    if (rc == CT_OK && sqlite3_prepare_v2(db->h, sql, -1, &st, &tail) != SQLITE_OK)
        rc = bench_db_error(db, err, "preparing the slice SQL");
    if (rc == CT_OK && tail && strspn(tail, " \t\r\n;") != strlen(tail))
        rc = ct_error_set(err, CT_EINVAL, "the slice SQL holds more than one statement");
    if (rc == CT_OK) rc = bind_params(st, run, err);
    if (rc == CT_OK && sqlite3_step(st) != SQLITE_DONE)
        rc = bench_db_error(db, err, "making the slice");
    sqlite3_finalize(st);
    ct_free(sql);
    if (bench_db_exec(db, "PRAGMA query_only = 1", rc == CT_OK ? err : NULL) != CT_OK &&
        rc == CT_OK)
        rc = CT_EDB;
    return rc;
}

int bench_plot_set_labels(bench_db *db, const bench_plot_label *labels, int n, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = bench_db_exec(db,
                           "PRAGMA query_only = 0; DROP TABLE IF EXISTS temp.label_map; "
                           "CREATE TEMP TABLE label_map (variant TEXT PRIMARY KEY, label TEXT "
                           "NOT NULL)",
                           err);
    if (rc == CT_OK && n > 0 &&
        sqlite3_prepare_v2(db->h, "INSERT INTO temp.label_map VALUES (?1, ?2)", -1, &st, NULL) !=
            SQLITE_OK)
        rc = bench_db_error(db, err, "preparing the labels");
    for (int i = 0; rc == CT_OK && i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, labels[i].from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, labels[i].to, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_PRIMARYKEY
                     ? ct_error_set(err, CT_EINVAL, "--label: %s is given two labels",
                                    labels[i].from)
                     : bench_db_error(db, err, "storing the labels");
    }
    sqlite3_finalize(st);
    if (bench_db_exec(db, "PRAGMA query_only = 1", rc == CT_OK ? err : NULL) != CT_OK &&
        rc == CT_OK)
        rc = CT_EDB;
    return rc;
}

/* Text without tabs and line breaks (they would split the TSV record). */
static void put_text(FILE *out, const unsigned char *t)
{
    for (; t && *t; t++) fputc(*t == '\t' || *t == '\n' || *t == '\r' ? ' ' : *t, out);
}

int bench_plot_query_tsv(bench_db *db, const char *sql, const bench_plot_run *run,
                         const char *tsv_path, long *rows, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    FILE *out = NULL;
    int rc = CT_OK, step, ncol;

    *rows = 0;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, &tail) != SQLITE_OK)
        return bench_db_error(db, err, "preparing the figure's SQL");
    if (!st) return ct_error_set(err, CT_EINVAL, "the figure's SQL holds no statement");
    /* one statement only: what follows may be blanks and comments */
    if (tail && *tail) {
        sqlite3_stmt *extra = NULL;
        sqlite3_prepare_v2(db->h, tail, -1, &extra, NULL);
        if (extra) {
            sqlite3_finalize(extra);
            rc = ct_error_set(err, CT_EINVAL, "the figure's SQL holds more than one statement");
            goto done;
        }
    }
    if (!sqlite3_stmt_readonly(st)) {
        rc = ct_error_set(err, CT_EINVAL, "the figure's SQL would write to the database");
        goto done;
    }
    rc = bind_params(st, run, err);
    if (rc != CT_OK) goto done;
    out = fopen(tsv_path, "w");
    if (!out) {
        rc = ct_error_set(err, CT_EIO, "cannot write %s: %s", tsv_path, strerror(errno));
        goto done;
    }
    ncol = sqlite3_column_count(st);
    for (int c = 0; c < ncol; c++) {
        if (c) fputc('\t', out);
        put_text(out, (const unsigned char *)sqlite3_column_name(st, c));
    }
    fputc('\n', out);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < ncol; c++) {
            if (c) fputc('\t', out);
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL: fputs("NaN", out); break;
            case SQLITE_INTEGER:
                fprintf(out, "%lld", (long long)sqlite3_column_int64(st, c));
                break;
            case SQLITE_FLOAT: fprintf(out, "%.10g", sqlite3_column_double(st, c)); break;
            default: put_text(out, sqlite3_column_text(st, c)); break;
            }
        }
        fputc('\n', out);
        (*rows)++;
    }
    if (step != SQLITE_DONE) {
        rc = bench_db_error(db, err, "running the figure's SQL");
        goto done;
    }
done:
    if (out && fclose(out) != 0 && rc == CT_OK)
        rc = ct_error_set(err, CT_EIO, "cannot write %s: %s", tsv_path, strerror(errno));
    sqlite3_finalize(st);
    return rc;
}
