/* cli_show.c -- `ctbench show [--db PATH] [RUN | latest] [--runs]`: a stored
 * run as terminal tables (header, per-unit summary, setup phases, counter
 * statuses), the newest run by default; --runs lists the runs. */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "results.h"
#include "store.h"
#include "summary.h"

static const char *const show_usage =
    "usage: ctbench show [--db PATH] [RUN | latest] [--runs]\n"
    "\n"
    "Print a stored run (default: latest, the newest run of any status): machine\n"
    "and config header, one line per variant x threads x k (median and IQR of the\n"
    "repetitions, queries/s, speed-up against the run's baseline, distance\n"
    "evaluations per query, recall, verification), the setup phases and the\n"
    "status of every counter.  A run whose writer died reads 'dead'.  --runs lists\n"
    "the runs instead.  Default database: " BENCH_DB_DEFAULT_PATH ".\n\n";

int bench_cli_show(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"runs", no_argument, NULL, 'r'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *db_path = BENCH_DB_DEFAULT_PATH, *run_arg = NULL;
    int runs = 0, c, rc;
    int64_t run_id = 0;
    bench_db db;
    ct_error err;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'r': runs = 1; break;
        case 'h':
            fputs(show_usage, stdout);
            fputs(bench_cli_exit_help, stdout);
            return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("show", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("show", "unknown option '%s' (try ctbench show --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (optind < argc) run_arg = argv[optind++];
    if (optind < argc) {
        bench_cli_error("show", "more than one run given ('%s')", argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    rc = bench_results_open(db_path, BENCH_DB_READ, &db, &err);
    if (rc == CT_OK) {
        if (runs) {
            rc = bench_summary_print_runs(&db, stdout, &err);
        } else {
            rc = bench_store_run_resolve(&db, run_arg, &run_id, &err);
            if (rc == CT_OK) rc = bench_summary_print_run(&db, run_id, stdout, &err);
            if (rc == CT_OK) rc = bench_summary_print_table(&db, run_id, stdout, &err);
            if (rc == CT_OK) rc = bench_summary_print_external(&db, run_id, stdout, &err);
            if (rc == CT_OK) rc = bench_summary_print_setup(&db, run_id, stdout, &err);
            if (rc == CT_OK) rc = bench_summary_print_counters(&db, run_id, stdout, &err);
        }
        bench_db_close(&db);
    }
    if (rc != CT_OK) bench_cli_error("show", "%s", err.msg);
    return bench_cli_exit_code(rc);
}
