/* export.c -- the summaries of stored runs as CSV or JSON (export.h): one
 * record per result (phase 'query', from v_query_summary with its speed-up)
 * and per setup phase (factor, build, check, lower; reps 1).  Empty CSV
 * fields / JSON nulls are values that do not apply (no q/s for a build). */
#include "export.h"

#include "json.h"

#include <math.h>
#include <string.h>

#define NCOLS 22
const char *const bench_export_columns[NCOLS] = {"run",
                                                 "variant",
                                                 "workload",
                                                 "threads",
                                                 "phase",
                                                 "reps",
                                                 "median_s",
                                                 "iqr_s",
                                                 "qps",
                                                 "dist_evals_per_query",
                                                 "recall",
                                                 "verified",
                                                 "k",
                                                 "nq",
                                                 "valid",
                                                 "speedup",
                                                 "nodes_visited_per_query",
                                                 "heap_ops_per_query",
                                                 "v_bytes_per_query",
                                                 "n",
                                                 "build",
                                                 "run_status"};

/* The run's status as it stands now (a 'running' run whose writer is gone
 * reads 'dead'), from the SQL function of store/sql_functions.c. */
#define RUN_STATUS(id)                                                                        \
    "(SELECT run_state(status, writer_host, writer_boot, writer_pid, writer_start) FROM run " \
    "WHERE run.id = " id ")"

/* Columns are selected in the same order in both queries. */
const char bench_export_query_sql[] =
    "SELECT q.run, q.variant, q.workload, q.threads, q.phase, q.reps, q.median_s, q.iqr_s, "
    "CASE WHEN q.valid THEN q.qps END, q.dist_evals_per_query, q.recall, q.verified, q.k, q.nq, "
    "q.valid, s.speedup, q.nodes_visited_per_query, q.heap_ops_per_query, q.v_bytes_per_query, "
    "q.n, q.build, " RUN_STATUS(
        "q.run") " "
                 "FROM v_query_summary q LEFT JOIN v_speedup s ON s.result_id = q.result_id "
                 "WHERE (?1 = 0 OR q.run = ?1) ORDER BY q.run, q.workload_id, q.k, q.threads, "
                 "q.result_id";
const char bench_export_setup_sql[] =
    "SELECT run, CASE WHEN phase = 'lower' THEN detail ELSE '' END, workload, threads, phase, "
    "1, seconds, 0.0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, n, "
    "build, " RUN_STATUS("run") " FROM v_setup WHERE (?1 = 0 OR run = ?1) ORDER BY run, id";

static void csv_field(FILE *out, sqlite3_stmt *st, int c)
{
    int type = sqlite3_column_type(st, c);
    if (type == SQLITE_NULL) return;
    if (type == SQLITE_INTEGER) {
        fprintf(out, "%lld", (long long)sqlite3_column_int64(st, c));
    } else if (type == SQLITE_FLOAT) {
        fprintf(out, "%.9g", sqlite3_column_double(st, c));
    } else {
        const char *t = (const char *)sqlite3_column_text(st, c);
        if (strpbrk(t, ",\"\n")) {
            fputc('"', out);
            for (; *t; t++) {
                if (*t == '"') fputc('"', out);
                fputc(*t, out);
            }
            fputc('"', out);
        } else {
            fputs(t, out);
        }
    }
}

static void json_field(FILE *out, sqlite3_stmt *st, int c)
{
    int type = sqlite3_column_type(st, c);
    if (type == SQLITE_NULL) {
        fputs("null", out);
    } else if (type == SQLITE_INTEGER) {
        fprintf(out, "%lld", (long long)sqlite3_column_int64(st, c));
    } else if (type == SQLITE_FLOAT) {
        bench_json_number(out, sqlite3_column_double(st, c));
    } else {
        bench_json_string(out, (const char *)sqlite3_column_text(st, c));
    }
}

static int write_rows(bench_db *db, const char *sql, int64_t run, int json, int *first, FILE *out,
                      ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step, rc = CT_OK;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return bench_db_error(db, err, "reading the summaries");
    sqlite3_bind_int64(st, 1, run);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (json) {
            fputs(*first ? "\n  {" : ",\n  {", out);
            for (int c = 0; c < NCOLS; c++) {
                fprintf(out, "%s\"%s\": ", c ? ", " : "", bench_export_columns[c]);
                json_field(out, st, c);
            }
            fputc('}', out);
        } else {
            for (int c = 0; c < NCOLS; c++) {
                if (c) fputc(',', out);
                csv_field(out, st, c);
            }
            fputc('\n', out);
        }
        *first = 0;
    }
    if (step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the summaries");
    sqlite3_finalize(st);
    return rc;
}

int bench_export_write(bench_db *db, int64_t run, bench_export_format format, FILE *out,
                       ct_error *err)
{
    int json = format == BENCH_EXPORT_JSON, first = 1, rc;
    if (json) {
        fputc('[', out);
    } else {
        for (int c = 0; c < NCOLS; c++) fprintf(out, "%s%s", c ? "," : "", bench_export_columns[c]);
        fputc('\n', out);
    }
    rc = write_rows(db, bench_export_query_sql, run, json, &first, out, err);
    if (rc == CT_OK) rc = write_rows(db, bench_export_setup_sql, run, json, &first, out, err);
    if (json) fputs(first ? "]\n" : "\n]\n", out);
    return rc;
}
