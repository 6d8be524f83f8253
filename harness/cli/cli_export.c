/* cli_export.c -- `ctbench export [--db PATH] --format csv|json|baseline
 * [RUN | latest | all] [--output FILE]`: argv -> report/export.h (or, for a
 * baseline, store/units.h -> store/baseline_file.h) -> an output that is
 * never left half-written (util/files.h). */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "baseline_file.h"
#include "files.h"
#include "results.h"
#include "store.h"

static const char *const export_usage =
    "usage: ctbench export [--db PATH] --format csv|json|baseline [RUN | latest | all]\n"
    "                      [--output FILE]\n"
    "\n"
    "Write the summaries of a stored run (default: latest, the newest run of any\n"
    "status; all: every run) as CSV or JSON to FILE (written to a temporary file\n"
    "and renamed, so it is whole or absent; - or no --output: standard output):\n"
    "run,variant,workload,threads,phase,reps,median_s,iqr_s,qps,dist_evals_per_query,\n"
    "recall,verified, then k,nq,valid,speedup,nodes_visited_per_query,\n"
    "heap_ops_per_query,v_bytes_per_query,n,build,run_status.  Query rows come\n"
    "first, then the setup phases (factor, build, check, lower: variant is the\n"
    "layout for 'lower').  n is the workload's size, build the tree's build\n"
    "configuration, run_status the run's status now (complete, interrupted,\n"
    "failed, running, or dead when its writer is gone).\n"
    "\n"
    "--format baseline writes one run's verification, answer hashes and deterministic\n"
    "metrics (no timings) as a sorted tab-separated text file for a repository, which\n"
    "`ctbench compare FILE CAND` reads as BASE (docs/REGRESSION.md).\n\n";

int bench_cli_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'}, {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db_path = BENCH_DB_DEFAULT_PATH, *format = NULL, *run_arg = NULL, *output = "-";
    int64_t run = 0;
    int c, rc;
    bench_db db;
    bench_output out;
    ct_error err;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h':
            fputs(export_usage, stdout);
            fputs(bench_cli_exit_help, stdout);
            return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("export", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("export", "unknown option '%s' (try ctbench export --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (optind < argc) run_arg = argv[optind++];
    if (optind < argc) {
        bench_cli_error("export", "more than one run given ('%s')", argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    if (!format || (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0 &&
                    strcmp(format, "baseline") != 0)) {
        bench_cli_error("export", "--format csv, json or baseline is required");
        return BENCH_EXIT_ERROR;
    }
    if (!strcmp(format, "baseline") && run_arg && !strcmp(run_arg, "all")) {
        bench_cli_error("export", "--format baseline takes one run, not all");
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    rc = bench_results_open(db_path, BENCH_DB_READ, &db, &err);
    if (rc == CT_OK) {
        if (!run_arg || strcmp(run_arg, "all") != 0)
            rc = bench_store_run_resolve(&db, run_arg, &run, &err);
        if (rc == CT_OK) rc = bench_output_open(&out, output, &err);
        if (rc == CT_OK && !strcmp(format, "baseline")) {
            bench_unit_set set;
            rc = bench_units_load(&db, run, &set, &err);
            if (rc == CT_OK) {
                rc = bench_baseline_write(&set, out.f, &err);
                if (rc == CT_OK) rc = bench_output_commit(&out, &err);
                else bench_output_abort(&out);
                bench_units_free(&set);
            } else {
                bench_output_abort(&out);
            }
        } else if (rc == CT_OK) {
            rc = bench_export_write(&db, run,
                                    !strcmp(format, "json") ? BENCH_EXPORT_JSON : BENCH_EXPORT_CSV,
                                    out.f, &err);
            if (rc == CT_OK) rc = bench_output_commit(&out, &err);
            else bench_output_abort(&out);
        }
        bench_db_close(&db);
    }
    if (rc != CT_OK) bench_cli_error("export", "%s", err.msg);
    return bench_cli_exit_code(rc);
}
