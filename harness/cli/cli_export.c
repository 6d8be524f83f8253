/* cli_export.c -- `ctbench export [--db PATH] --format csv|json [RUN|latest|all]
 * [--output FILE]`: argv -> report/export.h -> an output that is never left
 * half-written (util/files.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "files.h"
#include "results.h"
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

int bench_cli_export(int argc, char **argv)
{
    const char *db_path = BENCH_DB_DEFAULT_PATH, *format = NULL, *run_arg = NULL, *output = NULL;
    int64_t run = -1;
    int code = BENCH_EXIT_OK;
    bench_export_format fmt;
    bench_db db;
    bench_output out;
    ct_error err;

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
    fmt = !strcmp(format, "json") ? BENCH_EXPORT_JSON : BENCH_EXPORT_CSV;
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
    if (bench_results_open(db_path, BENCH_DB_READ, &db, &err) != CT_OK) {
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
    if (bench_output_open(&out, output ? output : "-", &err) != CT_OK) {
        bench_cli_error("export", "%s", err.msg);
        bench_db_close(&db);
        return BENCH_EXIT_FAIL;
    }
    if (bench_export_write(&db, run, fmt, out.f, &err) != CT_OK) {
        bench_output_abort(&out);
        bench_cli_error("export", "%s", err.msg);
        code = BENCH_EXIT_FAIL;
    } else if (bench_output_commit(&out, &err) != CT_OK) {
        bench_cli_error("export", "%s", err.msg);
        code = BENCH_EXIT_FAIL;
    }
    bench_db_close(&db);
    return code;
}
