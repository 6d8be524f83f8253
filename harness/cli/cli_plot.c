/* cli_plot.c -- `ctbench plot [--db PATH] [--out DIR] [--format LIST]
 * [--scripts DIR] [--label FROM=TO ...] [--overlay A B | RUN ...]`: draw the
 * figures of stored runs with gnuplot.  For each run (default: per
 * experiment name the latest complete run made without `run --only`) and
 * each figure kind whose query returns rows, the kind's
 * SQL (plots/<kind>.sql) is run on the read-only database into
 * DIR/<name>_<kind>.tsv, gnuplot draws plots/<kind>.gp from it into
 * DIR/<name>_<kind>.svg and .pdf (and .png on request), and
 * DIR/<name>_<kind>.json records where the figure came from.
 *
 * Exit codes (cli.h): 0 done; 2 anything that stopped it (bad usage, no or
 * unreadable database, unknown run, no complete run, gnuplot missing or
 * failing, output directory not writable, a --label without '=',
 * --overlay without two runs).
 */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
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
#include "store.h"

#define DEFAULT_OUT "plots/out"

static const char *const plot_usage =
    "usage: ctbench plot [--db PATH] [--out DIR] [--format LIST] [--scripts DIR]\n"
    "                    [--style paper|screen] [--size W[xH]in|cm] [--font NAME,PT]\n"
    "                    [--no-provenance] [--label FROM=TO ...] [RUN ...]\n"
    "       ctbench plot --overlay [OPTIONS] RUN_A RUN_B\n"
    "       ctbench plot history [OPTIONS]   (ctbench plot history --help)\n"
    "\n"
    "Draw the figures of stored runs with gnuplot: each RUN (an id, or latest: the\n"
    "newest run of any status), by default per experiment name its latest complete\n"
    "run made without `run --only` (a partial run never replaces the full one; a\n"
    "name with only --only runs falls back to the latest of them, with a note).\n"
    "Each figure is DIR/<name>_<kind>.svg and .pdf with its data (.tsv) and a\n"
    "sidecar (.json: run id, commit, host, estimator, SQL, --label mapping).\n"
    "Kinds, drawn when the run has what they show:\n"
    "  qps       queries/s per variant (median, IQR whiskers; INVALID marked)\n"
    "  recall    queries/s against recall@k (approximate variants)\n"
    "  work      distance evaluations and V bytes per query per variant\n"
    "  counters  cache misses per query: hardware (PAPI) or simulated (callgrind)\n"
    "  scaling   queries/s and distance evaluations against n (several sizes)\n"
    "  build     tree build time per build configuration (several)\n"
    "  threads   queries/s against the thread count (several)\n"
    "  total     end-to-end seconds against n: factor + tree build + layout lowering\n"
    "            + the query batch, per variant, the queries alone dashed (several\n"
    "            sizes; INVALID marked)\n"
    "  overlay   --overlay A B only: one figure DIR/<name>-runA-vs-runB_overlay.*,\n"
    "            per variant q/s of A (before) and B (after) side by side with IQR\n"
    "            whiskers and the ratio B/A (TSV column ratio); variants in one run\n"
    "            only are marked so, units that failed verification INVALID\n"
    "\n"
    "  --db PATH       results database (default " BENCH_DB_DEFAULT_PATH "), opened read-only\n"
    "  --out DIR       output directory (default " DEFAULT_OUT ", created if missing)\n"
    "  --format LIST   comma list of svg, pdf, png (default svg,pdf)\n"
    "  --scripts DIR   the .sql/.gp pairs (default $CT_PLOTS_DIR, else the installed\n"
    "                  BIN/../share/ctbench/plots, else the source tree's plots/)\n"
    "  --style S       screen (default: the pixel layout with a title block) or paper:\n"
    "                  each figure at its printed width with 8 pt text, no title\n"
    "                  block (the caption says it), the legend below or inside\n"
    "  --size W[xH]U   the printed size for --style paper, U = in or cm (default\n"
    "                  3.3in wide, as tall as the figure needs): 3.3in, 7x4in, 8.4cm\n"
    "  --font NAME,PT  the font and its size in points at the figure's size (e.g.\n"
    "                  'Liberation Serif,10'; default DejaVu Sans, 9.75)\n"
    "  --no-provenance no context/machine/estimator lines in the figure (the .json\n"
    "                  sidecar keeps them)\n"
    "  --label FROM=TO show variant FROM (its full name, matched exactly) as TO in\n"
    "                  the figures and the TSV label column; repeatable; split at\n"
    "                  the last '=' (variant parameters may hold '='); the .json\n"
    "                  sidecar records the mapping\n"
    "  --overlay       draw the two RUNs given, A then B, as one before/after figure\n"
    "                  (each on its own main slice, at the largest thread count both\n"
    "                  have) instead of the figures of each\n"
    "The gnuplot program is $CT_GNUPLOT, else gnuplot on PATH (Debian: gnuplot-nox).\n\n";

typedef struct plot_options {
    const char *db_path;
    const char *out_dir;
    const char *scripts;
    const char *formats[BENCH_PLOT_MAX_FORMATS];
    int n_formats;
    char **run_args; /* RUN arguments (ids or latest), resolved once the database is open */
    int n_runs;
    int overlay;
    bench_plot_label *labels; /* --label FROM=TO, split in place (argv) */
    int n_labels;
    int no_provenance, paper;
    double font_pt, width_in, height_in;
    char font_name[128];
} plot_options;

/* "3.3in", "7x4in", "8.4x6cm" -> inches; 0 ok, else -1. */
static int parse_size(const char *text, double *w, double *h)
{
    char *end = NULL;
    double scale;
    *w = strtod(text, &end);
    *h = 0;
    if (end == text || !(*w > 0)) return -1;
    if (*end == 'x') {
        const char *p = end + 1;
        *h = strtod(p, &end);
        if (end == p || !(*h > 0)) return -1;
    }
    if (!strcmp(end, "in")) scale = 1.0;
    else if (!strcmp(end, "cm")) scale = 1.0 / 2.54;
    else return -1;
    *w *= scale;
    *h *= scale;
    return *w >= 1 && *w <= 40 && *h <= 40 ? 0 : -1;
}

static int parse_formats(const char *format_list, plot_options *opt)
{
    char list[64];
    if (strlen(format_list) >= sizeof list) {
        bench_cli_error("plot", "--format: '%s' is not a list of svg, pdf, png", format_list);
        return BENCH_EXIT_ERROR;
    }
    strcpy(list, format_list);
    for (char *save = NULL, *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        static const char *const known[] = {"svg", "pdf", "png"};
        const char *match = NULL;
        for (int k = 0; k < 3; k++)
            if (!strcmp(f, known[k])) match = known[k];
        if (!match) {
            bench_cli_error("plot", "--format: '%s' is not one of svg, pdf, png", f);
            return BENCH_EXIT_ERROR;
        }
        for (int k = 0; k < opt->n_formats; k++)
            if (opt->formats[k] == match) match = NULL;
        if (match) opt->formats[opt->n_formats++] = match;
    }
    if (opt->n_formats == 0) {
        bench_cli_error("plot", "--format needs at least one of svg, pdf, png");
        return BENCH_EXIT_ERROR;
    }
    return 0;
}

/* Parse argv; 1 = --help printed, 0 = ok, else the exit code (message printed). */
static int parse_options(int argc, char **argv, plot_options *opt)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},     {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'}, {"scripts", required_argument, NULL, 's'},
        {"style", required_argument, NULL, 'S'},  {"size", required_argument, NULL, 'z'},
        {"font", required_argument, NULL, 'F'},   {"no-provenance", no_argument, NULL, 'N'},
        {"label", required_argument, NULL, 'L'},  {"overlay", no_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *format_list = "svg,pdf";
    const char *comma;
    char *end;
    int c;

    memset(opt, 0, sizeof *opt);
    opt->labels = ct_malloc_array((size_t)argc + 1, sizeof *opt->labels);
    if (!opt->labels) {
        bench_cli_error("plot", "out of memory");
        return BENCH_EXIT_ERROR;
    }
    opt->db_path = BENCH_DB_DEFAULT_PATH;
    opt->out_dir = DEFAULT_OUT;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        if ((c == 'd' || c == 'o' || c == 'f' || c == 's') && !optarg[0]) {
            bench_cli_error("plot", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
        switch (c) {
        case 'd': opt->db_path = optarg; break;
        case 'o': opt->out_dir = optarg; break;
        case 'f': format_list = optarg; break;
        case 's': opt->scripts = optarg; break;
        case 'S':
            if (strcmp(optarg, "paper") != 0 && strcmp(optarg, "screen") != 0) {
                bench_cli_error("plot", "--style: '%s' is not paper or screen", optarg);
                return BENCH_EXIT_ERROR;
            }
            opt->paper = !strcmp(optarg, "paper");
            break;
        case 'z':
            if (parse_size(optarg, &opt->width_in, &opt->height_in) != 0) {
                bench_cli_error(
                    "plot", "--size: '%s' is not W[xH]in or W[xH]cm (1 to 40 inches wide)", optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'F':
            comma = strrchr(optarg, ',');
            opt->font_pt = comma ? strtod(comma + 1, &end) : 0;
            if (!comma || comma == optarg || end == comma + 1 || *end || opt->font_pt < 3 ||
                opt->font_pt > 72 || (size_t)(comma - optarg) >= sizeof opt->font_name) {
                bench_cli_error("plot", "--font: '%s' is not NAME,SIZE (SIZE in points, 3-72)",
                                optarg);
                return BENCH_EXIT_ERROR;
            }
            snprintf(opt->font_name, sizeof opt->font_name, "%.*s", (int)(comma - optarg), optarg);
            break;
        case 'N': opt->no_provenance = 1; break;
        case 'O': opt->overlay = 1; break;
        case 'L': {
            char *eq = strrchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                bench_cli_error(
                    "plot", "--label: '%s' is not FROM=TO (a variant name and its label)", optarg);
                return BENCH_EXIT_ERROR;
            }
            *eq = '\0';
            opt->labels[opt->n_labels].from = optarg;
            opt->labels[opt->n_labels].to = eq + 1;
            opt->n_labels++;
            break;
        }
        case 'h':
            fputs(plot_usage, stdout);
            fputs(bench_cli_exit_help, stdout);
            return 1;
        case ':':
            bench_cli_error("plot", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("plot", "unknown option '%s' (try ctbench plot --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    opt->run_args = argv + optind;
    opt->n_runs = argc - optind;
    if (opt->overlay && opt->n_runs != 2) {
        bench_cli_error("plot",
                        "--overlay needs exactly two runs, A (before) and B (after); got %d",
                        opt->n_runs);
        return BENCH_EXIT_ERROR;
    }
    return parse_formats(format_list, opt);
}

int bench_cli_plot(int argc, char **argv)
{
    plot_options opt;
    bench_plot_request req;
    bench_db db;
    int64_t *ids = NULL;
    ct_error err;
    int code, rc;
    if (argc > 1 && !strcmp(argv[1], "history")) return bench_cli_plot_history(argc - 1, argv + 1);

    code = parse_options(argc, argv, &opt);
    if (code != 0) {
        ct_free(opt.labels);
        return code == 1 ? BENCH_EXIT_OK : code;
    }
    ct_error_clear(&err);
    rc = bench_results_open(opt.db_path, BENCH_DB_READ, &db, &err);
    if (rc != CT_OK) {
        bench_cli_error("plot", "%s", err.msg);
        ct_free(opt.labels);
        return bench_cli_exit_code(rc);
    }
    ids = ct_malloc_array((size_t)(opt.n_runs ? opt.n_runs : 1), sizeof *ids);
    if (!ids) rc = ct_error_set(&err, CT_ENOMEM, "out of memory");
    for (int i = 0; rc == CT_OK && i < opt.n_runs; i++)
        rc = bench_store_run_resolve(&db, opt.run_args[i], &ids[i], &err);
    if (rc == CT_OK) {
        memset(&req, 0, sizeof req);
        req.out_dir = opt.out_dir;
        req.scripts = opt.scripts;
        for (int f = 0; f < opt.n_formats; f++) req.formats[f] = opt.formats[f];
        req.n_formats = opt.n_formats;
        req.run_ids = ids;
        req.n_runs = opt.n_runs;
        req.paper = opt.paper;
        req.width_in = opt.width_in;
        req.height_in = opt.height_in;
        req.font_name = opt.font_name[0] ? opt.font_name : NULL;
        req.font_pt = opt.font_pt;
        req.no_provenance = opt.no_provenance;
        req.overlay = opt.overlay;
        req.labels = opt.labels;
        req.n_labels = opt.n_labels;
        rc = bench_plot_draw(&db, &req, stdout, &err);
    }
    bench_db_close(&db);
    ct_free(opt.labels);
    ct_free(ids);
    if (rc != CT_OK) bench_cli_error("plot", "%s", err.msg);
    return bench_cli_exit_code(rc);
}
