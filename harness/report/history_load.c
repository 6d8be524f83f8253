/* history_load.c -- the runs of `ctbench history` read from a database
 * (history.h): complete runs in commit-time order, filtered by config name,
 * machine and start, each loaded as a unit set (store/units.h). */
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "store.h"

/* history order: the commit's time (SQLite's julianday reads %cI with its
 * offset), the run's start for runs with no commit time, then the start */
#define ORDER_KEY "coalesce(julianday(commit_time), julianday(started_at))"

static int since_key(bench_db *db, const bench_history_query *q, double *key, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t run_id = 0;
    int rc = bench_store_run_resolve_ref(db, q->since, q->name, &run_id, err);
    if (rc != CT_OK) return rc;
    rc = bench_db_prepare(db, "SELECT " ORDER_KEY " FROM run WHERE id = ?1", &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_id(st, 1, run_id);
    if (sqlite3_step(st) == SQLITE_ROW) *key = sqlite3_column_double(st, 0);
    else rc = bench_db_error(db, err, "reading the --since run");
    sqlite3_finalize(st);
    return rc;
}

static void free_runs(bench_history_run *runs, int n)
{
    for (int i = 0; i < n; i++) bench_units_free(&runs[i].set);
    free(runs);
}

int bench_history_load(bench_db *db, const bench_history_query *q, bench_history *out,
                       ct_error *err)
{
    sqlite3_stmt *st = NULL;
    bench_history_run *runs = NULL;
    bench_annotation *notes = NULL;
    int n = 0, cap = 0, step, n_notes = 0, rc = CT_OK;
    double from = -1e300;
    char machine[80] = "";
    memset(out, 0, sizeof *out);
    if (q->since && q->since[0]) rc = since_key(db, q, &from, err);
    if (rc != CT_OK) return rc;
    if (q->machine) snprintf(machine, sizeof machine, "%s%%", q->machine);
    rc = bench_db_prepare(db,
                          "SELECT id, coalesce(commit_time, ''), started_at FROM run WHERE "
                          "status = 'complete' AND (?1 IS NULL OR name = ?1) AND (?2 IS NULL OR "
                          "machine LIKE ?2 OR machine_id LIKE ?2) AND " ORDER_KEY
                          " >= ?3 ORDER BY " ORDER_KEY ", julianday(started_at), id",
                          &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, q->name);
    bench_db_bind_text(st, 2, q->machine ? machine : NULL);
    sqlite3_bind_double(st, 3, from);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            int ncap = cap ? 2 * cap : 16;
            bench_history_run *grown = realloc(runs, (size_t)ncap * sizeof *grown);
            if (!grown) {
                rc = ct_error_set(err, CT_ENOMEM, "out of memory reading the runs");
                break;
            }
            runs = grown;
            cap = ncap;
        }
        memset(&runs[n], 0, sizeof runs[n]);
        snprintf(runs[n].commit_time, sizeof runs[n].commit_time, "%s", bench_db_text(st, 1, ""));
        snprintf(runs[n].started_at, sizeof runs[n].started_at, "%s", bench_db_text(st, 2, ""));
        rc = bench_units_load(db, sqlite3_column_int64(st, 0), &runs[n].set, err);
        if (rc != CT_OK) break;
        n++;
    }
    if (rc == CT_OK && step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the runs");
    sqlite3_finalize(st);
    if (rc == CT_OK) rc = bench_annotation_list(db, &notes, &n_notes, err);
    if (rc == CT_OK) rc = bench_history_build(runs, n, notes, n_notes, q, out, err);
    free(notes);
    free_runs(runs, n);
    return rc;
}
