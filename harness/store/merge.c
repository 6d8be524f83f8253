/* merge.c -- copying runs between results databases (merge.h), in SQL over
 * an ATTACHed source: ids are shifted by a per-table offset past OUT's
 * largest, so every reference inside the copied rows stays consistent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "results.h"

#define SQL_CAP 16384

/* the run of src that OUT already has */
#define SAME_RUN                                                                         \
    "m.started_at = s.started_at AND m.config_hash = s.config_hash AND m.git_commit IS " \
    "s.git_commit AND m.host = s.host AND m.writer_pid IS s.writer_pid AND m.shard IS s.shard"

static int64_t select_int(bench_db *db, const char *sql, int *rc, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t v = 0;
    if (*rc != CT_OK) return 0;
    *rc = bench_db_prepare(db, sql, &st, err);
    if (*rc == CT_OK) *rc = bench_db_select_id(db, st, &v, "merging", err);
    return v;
}

/* How a column of a copied row is written. */
static void column_expr(const char *table, const char *col, char *buf, size_t cap)
{
    if (!strcmp(col, "id"))
        snprintf(buf, cap, "id + (SELECT off FROM temp.merge_offset WHERE tab = '%s')", table);
    else if (!strcmp(col, "run_id") || !strcmp(col, "result_id") || !strcmp(col, "measurement_id"))
        snprintf(buf, cap, "%s + (SELECT off FROM temp.merge_offset WHERE tab = '%s')", col,
                 !strcmp(col, "run_id")      ? "run"
                 : !strcmp(col, "result_id") ? "result"
                                             : "measurement");
    else if (!strcmp(col, "workload_id") || !strcmp(col, "variant_id"))
        snprintf(buf, cap, "(SELECT new FROM temp.merge_map_%s WHERE old = %s)",
                 !strcmp(col, "workload_id") ? "workload" : "variant", col);
    else snprintf(buf, cap, "%s", col);
}

/* INSERT INTO main.T (columns) SELECT (their expressions) FROM src.T WHERE `where` */
static int copy_table(bench_db *db, const char *table, const char *where, ct_error *err)
{
    char *sql = malloc(SQL_CAP), *cols = malloc(SQL_CAP), expr[256];
    sqlite3_stmt *st = NULL;
    int step, n = 0, rc;
    if (!sql || !cols) {
        free(sql);
        free(cols);
        return ct_error_set(err, CT_ENOMEM, "out of memory merging");
    }
    snprintf(sql, SQL_CAP, "SELECT name FROM pragma_table_info('%s', 'main')", table);
    rc = bench_db_prepare(db, sql, &st, err);
    cols[0] = '\0';
    char *exprs = sql + SQL_CAP / 2;
    exprs[0] = '\0';
    while (rc == CT_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *col = bench_db_text(st, 0, "");
        column_expr(table, col, expr, sizeof expr);
        snprintf(cols + strlen(cols), SQL_CAP - strlen(cols), "%s%s", n ? ", " : "", col);
        snprintf(exprs + strlen(exprs), SQL_CAP / 2 - strlen(exprs), "%s%s", n ? ", " : "", expr);
        n++;
    }
    if (st) sqlite3_finalize(st);
    if (rc == CT_OK) {
        char *ins = malloc(2 * SQL_CAP);
        if (!ins) rc = ct_error_set(err, CT_ENOMEM, "out of memory merging");
        else {
            snprintf(ins, 2 * SQL_CAP, "INSERT INTO main.%s (%s) SELECT %s FROM src.%s WHERE %s",
                     table, cols, exprs, table, where);
            rc = bench_db_exec(db, ins, err);
            free(ins);
        }
    }
    free(sql);
    free(cols);
    return rc;
}

/* A dimension table (variant, workload): the rows OUT lacks added (INSERT
 * OR IGNORE on its unique key), and temp.merge_map_TABLE (old, new) made
 * by `join` between src s and main m. */
static int copy_dimension(bench_db *db, const char *table, const char *join, ct_error *err)
{
    char *cols = malloc(SQL_CAP), *ins = malloc(2 * SQL_CAP), q[256];
    sqlite3_stmt *st = NULL;
    int n = 0, rc = CT_OK;
    if (!cols || !ins) rc = ct_error_set(err, CT_ENOMEM, "out of memory merging");
    snprintf(q, sizeof q, "SELECT name FROM pragma_table_info('%s', 'main') WHERE name <> 'id'",
             table);
    if (rc == CT_OK) rc = bench_db_prepare(db, q, &st, err);
    if (rc == CT_OK) {
        cols[0] = '\0';
        while (sqlite3_step(st) == SQLITE_ROW)
            snprintf(cols + strlen(cols), SQL_CAP - strlen(cols), "%s%s", n++ ? ", " : "",
                     bench_db_text(st, 0, ""));
        sqlite3_finalize(st);
        snprintf(ins, 2 * SQL_CAP,
                 "INSERT OR IGNORE INTO main.%s (%s) SELECT %s FROM src.%s;"
                 "CREATE TEMP TABLE merge_map_%s AS SELECT s.id AS old, m.id AS new FROM src.%s s "
                 "JOIN main.%s m ON %s;",
                 table, cols, cols, table, table, table, table, join);
        rc = bench_db_exec(db, ins, err);
    }
    free(cols);
    free(ins);
    return rc;
}

static int merge_tx(bench_db *db, bench_merge_stats *stats, ct_error *err)
{
    static const char *const with_id[] = {"run",         "tree",    "result",
                                          "measurement", "counter", "annotation"};
    char sql[1024];
    int rc = bench_db_exec(
        db,
        "DROP TABLE IF EXISTS temp.merge_runs; DROP TABLE IF EXISTS temp.merge_offset;"
        "DROP TABLE IF EXISTS temp.merge_map_workload; DROP TABLE IF EXISTS temp.merge_map_variant;"
        "CREATE TEMP TABLE merge_runs AS SELECT s.id FROM src.run s WHERE NOT EXISTS (SELECT 1 "
        "FROM "
        "main.run m WHERE " SAME_RUN ");"
        "CREATE TEMP TABLE merge_offset (tab TEXT PRIMARY KEY, off INTEGER);",
        err);
    for (int i = 0; rc == CT_OK && i < (int)(sizeof with_id / sizeof with_id[0]); i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO temp.merge_offset VALUES ('%s', (SELECT coalesce(max(id), 0) FROM "
                 "main.%s) - (SELECT coalesce(min(id), 0) FROM src.%s) + 1)",
                 with_id[i], with_id[i], with_id[i]);
        rc = bench_db_exec(db, sql, err);
    }
    /* dimensions: matched by their unique keys, new ones added */
    if (rc == CT_OK) rc = copy_dimension(db, "variant", "m.name = s.name", err);
    if (rc == CT_OK)
        rc = copy_dimension(db, "workload",
                            "m.label = s.label AND m.content_hash IS s.content_hash", err);
    if (rc == CT_OK) rc = copy_table(db, "run", "id IN (SELECT id FROM temp.merge_runs)", err);
    if (rc == CT_OK) rc = copy_table(db, "tree", "run_id IN (SELECT id FROM temp.merge_runs)", err);
    if (rc == CT_OK)
        rc = copy_table(db, "result", "run_id IN (SELECT id FROM temp.merge_runs)", err);
    if (rc == CT_OK)
        rc = copy_table(db, "summary",
                        "result_id IN (SELECT id FROM src.result WHERE run_id IN (SELECT id FROM "
                        "temp.merge_runs))",
                        err);
    if (rc == CT_OK)
        rc = copy_table(db, "result_extra",
                        "result_id IN (SELECT id FROM src.result WHERE run_id IN (SELECT id FROM "
                        "temp.merge_runs))",
                        err);
    if (rc == CT_OK)
        rc = copy_table(db, "measurement", "run_id IN (SELECT id FROM temp.merge_runs)", err);
    if (rc == CT_OK)
        rc = copy_table(db, "counter", "run_id IN (SELECT id FROM temp.merge_runs)", err);
    if (rc == CT_OK)
        rc = copy_table(db, "annotation",
                        "run_id IN (SELECT id FROM temp.merge_runs) OR (run_id IS NULL AND NOT "
                        "EXISTS (SELECT 1 FROM main.annotation a WHERE a.run_id IS NULL AND "
                        "a.git_commit IS src.annotation.git_commit AND a.text = "
                        "src.annotation.text))",
                        err);
    stats->runs_copied = (int)select_int(db, "SELECT count(*) FROM temp.merge_runs", &rc, err);
    stats->runs_present =
        (int)select_int(db, "SELECT count(*) FROM src.run", &rc, err) - stats->runs_copied;
    stats->results_copied = (long)select_int(
        db, "SELECT count(*) FROM src.result WHERE run_id IN (SELECT id FROM temp.merge_runs)", &rc,
        err);
    stats->conflicts = (long)select_int(
        db,
        "SELECT count(*) FROM main.result r JOIN main.run n ON n.id = r.run_id WHERE r.run_id - "
        "(SELECT off FROM temp.merge_offset WHERE tab = 'run') IN (SELECT id FROM "
        "temp.merge_runs) AND EXISTS (SELECT 1 FROM main.result o JOIN main.run p ON p.id = "
        "o.run_id WHERE o.run_id <> r.run_id AND p.git_commit IS n.git_commit AND p.machine_id IS "
        "n.machine_id AND o.variant_id = r.variant_id AND o.workload_id = r.workload_id AND "
        "o.build = r.build AND o.threads = r.threads AND o.k = r.k AND o.predecessor = "
        "r.predecessor AND o.exclude_self = r.exclude_self)",
        &rc, err);
    return rc;
}

int bench_merge_database(bench_db *out, const char *in_path, bench_merge_stats *stats,
                         ct_error *err)
{
    bench_db in;
    sqlite3_stmt *st = NULL;
    int64_t version = 0;
    int rc;
    memset(stats, 0, sizeof *stats);
    /* migrate IN first (opening it does) and prove it is a ctbench database */
    rc = bench_results_open(in_path, BENCH_DB_READ, &in, err);
    if (rc != CT_OK) return rc;
    bench_db_close(&in);
    rc = bench_db_prepare(out, "ATTACH DATABASE ?1 AS src", &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_text(st, 1, in_path);
    rc = bench_db_step_done(out, st, "attaching the database to merge", err);
    if (rc != CT_OK) return rc;
    version = select_int(out, "PRAGMA src.user_version", &rc, err);
    if (rc == CT_OK && version != BENCH_DB_SCHEMA_VERSION)
        rc = ct_error_set(err, CT_EDB, "%s has schema %lld, not %d (it could not be migrated)",
                          in_path, (long long)version, BENCH_DB_SCHEMA_VERSION);
    if (rc == CT_OK) rc = bench_db_begin(out, err);
    if (rc == CT_OK) {
        rc = merge_tx(out, stats, err);
        if (rc == CT_OK) rc = bench_db_commit(out, err);
        else bench_db_rollback(out);
    }
    {
        ct_error ignored;
        bench_db_exec(out, "DETACH DATABASE src", &ignored);
    }
    return rc;
}
