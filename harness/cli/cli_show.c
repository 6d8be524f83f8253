/* cli_show.c -- `ctbench show [--db PATH] [RUN | --runs]`: a stored run as
 * terminal tables (header, per-variant summary, setup phases, counter
 * statuses), the newest run by default; --runs lists the runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "results.h"
#include "summary.h"

static const char *const show_usage =
    "usage: ctbench show [--db PATH] [RUN | latest | --runs]\n"
    "\n"
    "Print a stored run: machine and config header, one line per variant x threads\n"
    "x k (median and IQR of the repetitions, queries/s, speed-up against the run's\n"
    "baseline, distance evaluations per query, recall, verification), the setup\n"
    "phases and the status of every counter.  --runs lists the runs instead.\n"
    "Default database: " BENCH_DB_DEFAULT_PATH ".\n";

int bench_cli_show(int argc, char **argv)
{
    const char *db_path = BENCH_DB_DEFAULT_PATH, *run_arg = NULL;
    int runs = 0;
    int64_t run_id = 0;
    bench_db db;
    ct_error err;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(show_usage, stdout);
            return BENCH_EXIT_OK;
        } else if (!strcmp(argv[i], "--db")) {
            if (i + 1 >= argc) {
                bench_cli_error("show", "--db needs a path");
                return BENCH_EXIT_USAGE;
            }
            db_path = argv[++i];
        } else if (!strcmp(argv[i], "--runs")) {
            runs = 1;
        } else if (argv[i][0] == '-') {
            bench_cli_error("show", "unknown option '%s' (try ctbench show --help)", argv[i]);
            return BENCH_EXIT_USAGE;
        } else if (run_arg) {
            bench_cli_error("show", "more than one run given");
            return BENCH_EXIT_USAGE;
        } else {
            run_arg = argv[i];
        }
    }
    if (run_arg && strcmp(run_arg, "latest") != 0) {
        char *end;
        long long v = strtoll(run_arg, &end, 10);
        if (*end || v <= 0) {
            bench_cli_error("show", "RUN must be a run id or 'latest', not '%s'", run_arg);
            return BENCH_EXIT_USAGE;
        }
        run_id = v;
    }
    ct_error_clear(&err);
    if (bench_results_open(db_path, BENCH_DB_READ, &db, &err) != CT_OK) {
        bench_cli_error("show", "%s", err.msg);
        return BENCH_EXIT_FAIL;
    }
    if (runs) {
        if (bench_summary_print_runs(&db, stdout, &err) != CT_OK) goto fail;
        bench_db_close(&db);
        return BENCH_EXIT_OK;
    }
    if (!run_id && bench_summary_latest_run(&db, &run_id, &err) != CT_OK) goto fail;
    if (!run_id) {
        bench_cli_error("show", "%s holds no runs yet", db_path);
        bench_db_close(&db);
        return BENCH_EXIT_FAIL;
    }
    if (bench_summary_print_run(&db, run_id, stdout, &err) != CT_OK) goto fail;
    if (bench_summary_print_table(&db, run_id, stdout, &err) != CT_OK) goto fail;
    if (bench_summary_print_setup(&db, run_id, stdout, &err) != CT_OK) goto fail;
    if (bench_summary_print_counters(&db, run_id, stdout, &err) != CT_OK) goto fail;
    bench_db_close(&db);
    return BENCH_EXIT_OK;
fail:
    bench_cli_error("show", "%s", err.msg);
    bench_db_close(&db);
    return BENCH_EXIT_FAIL;
}
