/* cli_plot_history.c -- `ctbench plot history`: the figures of a history
 * (report/history_plot.h), one per unit and metric; reached through
 * `ctbench plot` (cli_plot.c). */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "history.h"
#include "history_plot.h"
#include "numbers.h"
#include "results.h"

static const char *const plot_history_usage =
    "usage: ctbench plot history [--db PATH] [--out DIR] [--format svg,pdf[,png]]\n"
    "                            [--scripts DIR] [--metric NAME (default time)]\n"
    "                            [--variant GLOB] [--workload GLOB] [--machine NAME]\n"
    "                            [--all-machines] [--name NAME] [--since REF]\n"
    "                            [--significance P] [--bonferroni] [--permutations R]\n"
    "\n"
    "One figure per series of `ctbench history` with the same options (see\n"
    "ctbench history --help): every run's value per commit, the mean per commit, the\n"
    "change points (red, with step and p-value) and the annotations (dotted, with\n"
    "text).  DIR/history_<variant>_<workload>_t<threads>_k<k>_<metric>.svg/.pdf, its\n"
    "data (.tsv) and its sidecar (.json: runs, commits, change points, command).\n";

int bench_cli_plot_history(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"scripts", required_argument, NULL, 'c'},
                                            {"variant", required_argument, NULL, 'v'},
                                            {"workload", required_argument, NULL, 'w'},
                                            {"metric", required_argument, NULL, 'm'},
                                            {"machine", required_argument, NULL, 'M'},
                                            {"all-machines", no_argument, NULL, 'A'},
                                            {"name", required_argument, NULL, 'n'},
                                            {"since", required_argument, NULL, 's'},
                                            {"bonferroni", no_argument, NULL, 'B'},
                                            {"significance", required_argument, NULL, 'p'},
                                            {"permutations", required_argument, NULL, 'R'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    bench_history_plot_request req;
    bench_history_query q;
    bench_history h;
    bench_db db;
    ct_error err;
    char formats[64] = "svg,pdf", selector[2048] = "";
    long permutations;
    int c, rc;

    memset(&req, 0, sizeof req);
    req.out_dir = "plots/out";
    req.db_path = BENCH_DB_DEFAULT_PATH;
    bench_history_query_default(&q);
    q.metric = "time";
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': req.db_path = optarg; break;
        case 'o': req.out_dir = optarg; break;
        case 'c': req.scripts = optarg; break;
        case 'f': snprintf(formats, sizeof formats, "%s", optarg); break;
        case 'v': q.variant = optarg; break;
        case 'w': q.workload = optarg; break;
        case 'm': q.metric = optarg; break;
        case 'M': q.machine = optarg; break;
        case 'A': q.all_machines = 1; break;
        case 'n': q.name = optarg; break;
        case 's': q.since = optarg; break;
        case 'B': q.bonferroni = 1; break;
        case 'p':
            if (bench_parse_double(optarg, &q.cp.significance) != 0 || !(q.cp.significance > 0) ||
                !(q.cp.significance < 1)) {
                bench_cli_error("plot", "--significance: '%s' is not a level in (0, 1)", optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'R':
            if (bench_parse_long(optarg, 1, 1000000, &permutations) != 0) {
                bench_cli_error("plot", "--permutations: '%s' is not an integer >= 1", optarg);
                return BENCH_EXIT_ERROR;
            }
            q.cp.permutations = (int)permutations;
            break;
        case 'h': fputs(plot_history_usage, stdout); return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("plot", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("plot", "unknown option '%s' (try ctbench plot history --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
        if (c != 'd' && c != 'o' && c != 'c' && c != 'f')
            snprintf(selector + strlen(selector), sizeof selector - strlen(selector), "%s%s%s%s",
                     selector[0] ? " " : "", argv[optind - (optarg ? 2 : 1)], optarg ? " " : "",
                     optarg ? optarg : "");
    }
    if (optind < argc) {
        bench_cli_error("plot", "unexpected argument '%s' (try ctbench plot history --help)",
                        argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    for (char *save = NULL, *f = strtok_r(formats, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        const char *known[] = {"svg", "pdf", "png"};
        int k;
        for (k = 0; k < 3 && strcmp(f, known[k]) != 0; k++) {
        }
        if (k == 3) {
            bench_cli_error("plot", "--format: '%s' is not one of svg, pdf, png", f);
            return BENCH_EXIT_ERROR;
        }
        if (req.n_formats < 3) req.formats[req.n_formats++] = known[k];
    }
    if (req.n_formats == 0) {
        bench_cli_error("plot", "--format needs at least one of svg, pdf, png");
        return BENCH_EXIT_ERROR;
    }
    req.selector = selector;
    ct_error_clear(&err);
    rc = bench_results_open(req.db_path, BENCH_DB_READ, &db, &err);
    if (rc == CT_OK) {
        rc = bench_history_load(&db, &q, &h, &err);
        bench_db_close(&db);
    }
    if (rc == CT_OK && h.n == 0) {
        bench_history_free(&h);
        bench_cli_error("plot", "history: no series in %s matches", req.db_path);
        return BENCH_EXIT_ERROR;
    }
    if (rc == CT_OK) {
        rc = bench_history_plot(&h, &req, stdout, &err);
        bench_history_free(&h);
    }
    if (rc != CT_OK) {
        bench_cli_error("plot", "history: %s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    return BENCH_EXIT_OK;
}
