/* cli_export.c -- `ctbench export [--db PATH] --format csv|json [RUN|latest|all]
 * [--output FILE]`: one record per result (phase 'query', from
 * v_query_summary with its speed-up) and per setup phase (factor, build,
 * check, lower; reps 1), with the columns
 *   run,variant,workload,threads,phase,reps,median_s,iqr_s,qps,
 *   dist_evals_per_query,recall,verified
 * followed by k,nq,valid,speedup,nodes_visited_per_query,heap_ops_per_query,
 * v_bytes_per_query,n,build (n: the workload's size; build: the build
 * configuration of the tree the row belongs to -- result.build, "none
 * (baseline)" for a baseline, empty for 'factor').  Empty CSV fields / JSON
 * nulls are values that do not apply (no q/s for a build). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "summary.h"

static const char *const export_usage =
    "usage: ctbench export [--db PATH] --format csv|json [RUN | latest | all] [--output FILE]\n"
    "\n"
    "Write the summaries of a stored run (default: the newest) as CSV or JSON:\n"
    "run,variant,workload,threads,phase,reps,median_s,iqr_s,qps,dist_evals_per_query,\n"
    "recall,verified, then k,nq,valid,speedup,nodes_visited_per_query,\n"
    "heap_ops_per_query,v_bytes_per_query,n,build.  Query rows come first, then the\n"
    "setup phases (factor, build, check, lower: variant is the layout for 'lower').\n"
    "n is the workload's size, build the tree's build configuration.\n";

#define NCOLS 21
static const char *const columns[NCOLS] = {"run",
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
                                           "build"};

/* Columns are selected in the same order in both queries. */
static const char query_sql[] =
    "SELECT q.run, q.variant, q.workload, q.threads, q.phase, q.reps, q.median_s, q.iqr_s, "
    "CASE WHEN q.valid THEN q.qps END, q.dist_evals_per_query, q.recall, q.verified, q.k, q.nq, "
    "q.valid, s.speedup, q.nodes_visited_per_query, q.heap_ops_per_query, q.v_bytes_per_query, "
    "q.n, q.build "
    "FROM v_query_summary q LEFT JOIN v_speedup s ON s.result_id = q.result_id "
    "WHERE (?1 = 0 OR q.run = ?1) ORDER BY q.run, q.workload_id, q.k, q.threads, q.result_id";
static const char setup_sql[] =
    "SELECT run, CASE WHEN phase = 'lower' THEN detail ELSE '' END, workload, threads, phase, "
    "1, seconds, 0.0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, n, build "
    "FROM v_setup WHERE (?1 = 0 OR run = ?1) ORDER BY run, id";

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
        double x = sqlite3_column_double(st, c);
        if (isfinite(x)) fprintf(out, "%.9g", x);
        else fputs("null", out);
    } else {
        const unsigned char *t = sqlite3_column_text(st, c);
        fputc('"', out);
        for (; *t; t++) {
            if (*t == '"' || *t == '\\') fprintf(out, "\\%c", *t);
            else if (*t < 0x20) fprintf(out, "\\u%04x", *t);
            else fputc(*t, out);
        }
        fputc('"', out);
    }
}

static int write_rows(bench_db *db, const char *sql, int64_t run, int json, int *first, FILE *out)
{
    sqlite3_stmt *st = NULL;
    int step;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
        bench_cli_error("export", "cannot read %s: %s", db->path, sqlite3_errmsg(db->h));
        return -1;
    }
    sqlite3_bind_int64(st, 1, run);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (json) {
            fputs(*first ? "\n  {" : ",\n  {", out);
            for (int c = 0; c < NCOLS; c++) {
                fprintf(out, "%s\"%s\": ", c ? ", " : "", columns[c]);
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
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        bench_cli_error("export", "cannot read %s: %s", db->path, sqlite3_errmsg(db->h));
        return -1;
    }
    return 0;
}

int bench_cli_export(int argc, char **argv)
{
    const char *db_path = BENCH_DB_DEFAULT_PATH, *format = NULL, *run_arg = NULL, *output = NULL;
    int64_t run = -1;
    int json, first = 1, code = BENCH_EXIT_OK;
    bench_db db;
    ct_error err;
    FILE *out = stdout;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(export_usage, stdout);
            return BENCH_EXIT_OK;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--format") || !strcmp(a, "--output")) {
            if (i + 1 >= argc) {
                bench_cli_error("export", "%s needs a value", a);
                return BENCH_EXIT_USAGE;
            }
            if (!strcmp(a, "--db")) db_path = argv[++i];
            else if (!strcmp(a, "--format")) format = argv[++i];
            else output = argv[++i];
        } else if (a[0] == '-') {
            bench_cli_error("export", "unknown option '%s' (try ctbench export --help)", a);
            return BENCH_EXIT_USAGE;
        } else if (run_arg) {
            bench_cli_error("export", "more than one run given");
            return BENCH_EXIT_USAGE;
        } else {
            run_arg = a;
        }
    }
    if (!format || (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)) {
        bench_cli_error("export", "--format csv or --format json is required");
        return BENCH_EXIT_USAGE;
    }
    json = !strcmp(format, "json");
    if (run_arg && !strcmp(run_arg, "all")) {
        run = 0;
    } else if (run_arg && strcmp(run_arg, "latest") != 0) {
        char *end;
        long long v = strtoll(run_arg, &end, 10);
        if (*end || v <= 0) {
            bench_cli_error("export", "RUN must be a run id, 'latest' or 'all', not '%s'", run_arg);
            return BENCH_EXIT_USAGE;
        }
        run = v;
    }
    ct_error_clear(&err);
    if (bench_db_open(db_path, BENCH_DB_READ, &db, &err) != CT_OK) {
        bench_cli_error("export", "%s", err.msg);
        return BENCH_EXIT_FAIL;
    }
    if (run < 0) {
        if (bench_summary_latest_run(&db, &run, &err) != CT_OK || run == 0) {
            bench_cli_error("export", "%s", run == 0 ? "the database holds no runs" : err.msg);
            bench_db_close(&db);
            return BENCH_EXIT_FAIL;
        }
    }
    if (output && !(out = fopen(output, "w"))) {
        bench_cli_error("export", "cannot write %s", output);
        bench_db_close(&db);
        return BENCH_EXIT_FAIL;
    }
    if (json) {
        fputc('[', out);
    } else {
        for (int c = 0; c < NCOLS; c++) fprintf(out, "%s%s", c ? "," : "", columns[c]);
        fputc('\n', out);
    }
    if (write_rows(&db, query_sql, run, json, &first, out) != 0 ||
        write_rows(&db, setup_sql, run, json, &first, out) != 0)
        code = BENCH_EXIT_FAIL;
    if (json) fputs(first ? "]\n" : "\n]\n", out);
    if (out != stdout && fclose(out) != 0) {
        bench_cli_error("export", "cannot write %s", output);
        code = BENCH_EXIT_FAIL;
    }
    bench_db_close(&db);
    return code;
}
