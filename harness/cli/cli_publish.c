/* cli_publish.c -- `ctbench publish`: write the static HTML site of a
 * database (report/publish.h). */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "publish.h"
#include "results.h"

static const char *const publish_usage =
    "usage: ctbench publish [--db PATH] --out DIR [--scripts DIR] [--no-figures]\n"
    "\n"
    "Write a static HTML site of the database to DIR (opens from disk, no server,\n"
    "no JavaScript): DIR/index.html lists the experiments and the machines;\n"
    "DIR/exp_<i>.html shows an experiment's latest complete run as a table and,\n"
    "when its runs span several commits, the figures of `ctbench plot history`\n"
    "(DIR/exp_<i>/history_*.svg with their .json sidecars), change points and\n"
    "annotations.  --scripts names the folder of history.gp (default\n"
    "$CT_PLOTS_DIR, else plots/); --no-figures skips gnuplot.\n";

int bench_cli_publish(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},      {"out", required_argument, NULL, 'o'},
        {"scripts", required_argument, NULL, 'c'}, {"no-figures", no_argument, NULL, 'N'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    bench_publish_request req;
    bench_db db;
    ct_error err;
    int c, rc;

    memset(&req, 0, sizeof req);
    req.db_path = BENCH_DB_DEFAULT_PATH;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': req.db_path = optarg; break;
        case 'o': req.out_dir = optarg; break;
        case 'c': req.scripts = optarg; break;
        case 'N': req.no_figures = 1; break;
        case 'h': fputs(publish_usage, stdout); return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("publish", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("publish", "unknown option '%s' (try ctbench publish --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (optind < argc) {
        bench_cli_error("publish", "unexpected argument '%s' (try ctbench publish --help)",
                        argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    if (!req.out_dir || !*req.out_dir) {
        bench_cli_error("publish", "--out DIR is required");
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    rc = bench_results_open(req.db_path, BENCH_DB_READ, &db, &err);
    if (rc == CT_OK) {
        rc = bench_publish(&db, &req, stdout, &err);
        bench_db_close(&db);
    }
    if (rc != CT_OK) {
        bench_cli_error("publish", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    return BENCH_EXIT_OK;
}
