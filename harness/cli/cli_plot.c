/* cli_plot.c -- `ctbench plot [--db PATH] [--out DIR] [--format LIST]
 * [--scripts DIR] [RUN_ID ...]`: draw the figures of stored runs with
 * gnuplot.  For each run (default: the latest complete run of every
 * experiment name) and each figure kind whose query returns rows, the kind's
 * SQL (plots/<kind>.sql) is run on the read-only database into
 * DIR/<name>_<kind>.tsv, gnuplot draws plots/<kind>.gp from it into
 * DIR/<name>_<kind>.svg and .pdf (and .png on request), and
 * DIR/<name>_<kind>.json records where the figure came from.
 *
 * Exit codes: 0 done; 1 gnuplot missing or failing, output directory not
 * writable, database unreadable, no complete run; 2 bad usage, no database
 * at PATH, not a ctbench database, unknown run id.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/alloc.h"
#include "cli.h"
#include "plot.h"
#include "results.h"

#define DEFAULT_OUT "plots/out"

static const char *const plot_usage =
    "usage: ctbench plot [--db PATH] [--out DIR] [--format LIST] [--scripts DIR] [RUN_ID ...]\n"
    "\n"
    "Draw the figures of stored runs with gnuplot (default: the latest complete run\n"
    "of every experiment name).  Each figure is DIR/<name>_<kind>.svg and .pdf with\n"
    "its data (.tsv) and a sidecar (.json: run id, commit, host, estimator, SQL).\n"
    "Kinds, drawn when the run has what they show:\n"
    "  qps       queries/s per variant (median, IQR whiskers; INVALID marked)\n"
    "  recall    queries/s against recall@k (approximate variants)\n"
    "  work      distance evaluations and V bytes per query per variant\n"
    "  counters  cache misses per query: hardware (PAPI) or simulated (callgrind)\n"
    "  scaling   queries/s and distance evaluations against n (several sizes)\n"
    "  build     tree build time per build configuration (several)\n"
    "  threads   queries/s against the thread count (several)\n"
    "\n"
    "  --db PATH       results database (default " BENCH_DB_DEFAULT_PATH "), opened read-only\n"
    "  --out DIR       output directory (default " DEFAULT_OUT ", created if missing)\n"
    "  --format LIST   comma list of svg, pdf, png (default svg,pdf)\n"
    "  --scripts DIR   the .sql/.gp pairs (default $CT_PLOTS_DIR, else the source\n"
    "                  tree's plots/)\n"
    "The gnuplot program is $CT_GNUPLOT, else gnuplot on PATH (Debian: gnuplot-nox).\n";

typedef struct plot_options {
    const char *db_path;
    const char *out_dir;
    const char *scripts;
    const char *formats[BENCH_PLOT_MAX_FORMATS];
    int n_formats;
    int64_t *run_ids;
    int n_runs;
} plot_options;

/* Parse argv; 1 = --help printed, 0 = ok, else the exit code (message printed). */
static int parse_options(int argc, char **argv, plot_options *opt)
{
    const char *format_list = "svg,pdf";
    char list[64];

    memset(opt, 0, sizeof *opt);
    opt->db_path = BENCH_DB_DEFAULT_PATH;
    opt->out_dir = DEFAULT_OUT;
    opt->run_ids = ct_malloc_array((size_t)(argc > 1 ? argc : 1), sizeof *opt->run_ids);
    if (!opt->run_ids) {
        bench_cli_error("plot", "out of memory");
        return BENCH_EXIT_FAIL;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(plot_usage, stdout);
            return 1;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--out") || !strcmp(a, "--format") ||
                   !strcmp(a, "--scripts")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                bench_cli_error("plot", "%s needs a value", a);
                return BENCH_EXIT_USAGE;
            }
            if (!strcmp(a, "--db")) opt->db_path = argv[++i];
            else if (!strcmp(a, "--out")) opt->out_dir = argv[++i];
            else if (!strcmp(a, "--format")) format_list = argv[++i];
            else opt->scripts = argv[++i];
        } else if (a[0] == '-') {
            bench_cli_error("plot", "unknown option '%s' (try ctbench plot --help)", a);
            return BENCH_EXIT_USAGE;
        } else {
            char *end;
            long long v;
            errno = 0;
            v = strtoll(a, &end, 10);
            if (*end || end == a || v <= 0 || errno) {
                bench_cli_error("plot", "RUN_ID must be a positive run id, not '%s'", a);
                return BENCH_EXIT_USAGE;
            }
            opt->run_ids[opt->n_runs++] = v;
        }
    }
    if (strlen(format_list) >= sizeof list) {
        bench_cli_error("plot", "--format: '%s' is not a list of svg, pdf, png", format_list);
        return BENCH_EXIT_USAGE;
    }
    strcpy(list, format_list);
    for (char *save = NULL, *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        static const char *const known[] = {"svg", "pdf", "png"};
        const char *match = NULL;
        for (int k = 0; k < 3; k++)
            if (!strcmp(f, known[k])) match = known[k];
        if (!match) {
            bench_cli_error("plot", "--format: '%s' is not one of svg, pdf, png", f);
            return BENCH_EXIT_USAGE;
        }
        for (int k = 0; k < opt->n_formats; k++)
            if (opt->formats[k] == match) match = NULL;
        if (match) opt->formats[opt->n_formats++] = match;
    }
    if (opt->n_formats == 0) {
        bench_cli_error("plot", "--format needs at least one of svg, pdf, png");
        return BENCH_EXIT_USAGE;
    }
    return 0;
}

int bench_cli_plot(int argc, char **argv)
{
    plot_options opt;
    bench_plot_request req;
    bench_db db;
    ct_error err;
    int code, rc;

    code = parse_options(argc, argv, &opt);
    if (code != 0) {
        ct_free(opt.run_ids);
        return code == 1 ? BENCH_EXIT_OK : code;
    }
    ct_error_clear(&err);
    rc = bench_results_open(opt.db_path, BENCH_DB_READ, &db, &err);
    if (rc != CT_OK) {
        bench_cli_error("plot", "%s", err.msg);
        ct_free(opt.run_ids);
        return rc == CT_EIO ? BENCH_EXIT_USAGE : BENCH_EXIT_FAIL;
    }
    memset(&req, 0, sizeof req);
    req.out_dir = opt.out_dir;
    req.scripts = opt.scripts;
    for (int f = 0; f < opt.n_formats; f++) req.formats[f] = opt.formats[f];
    req.n_formats = opt.n_formats;
    req.run_ids = opt.run_ids;
    req.n_runs = opt.n_runs;
    rc = bench_plot_draw(&db, &req, stdout, &err);
    bench_db_close(&db);
    ct_free(opt.run_ids);
    if (rc == CT_OK) return BENCH_EXIT_OK;
    bench_cli_error("plot", "%s", err.msg);
    return rc == CT_EINVAL ? BENCH_EXIT_USAGE : BENCH_EXIT_FAIL;
}
