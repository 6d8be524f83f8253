/* cli_export.c -- `ctbench export [--db PATH] --format
 * csv|json|markdown|latex|baseline [--table T] [--columns A,B] [--pivot COL]
 * [--label FROM=TO ...] [RUN | latest | all] [--output FILE]`: argv -> report/export.h (the
 * summary CSV/JSON), report/export_table.h (tidy tables, selections,
 * pivots, Markdown and LaTeX) or, for a baseline, store/units.h ->
 * store/baseline_file.h -> an output that is never left half-written
 * (util/files.h). */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "export_table.h"
#include "baseline_file.h"
#include "files.h"
#include "results.h"
#include "store.h"

/* --label FROM=TO options at most */
#define MAX_LABELS 256

static const char *const export_usage =
    "usage: ctbench export [--db PATH] --format csv|json|markdown|latex|baseline\n"
    "                      [--table T] [--columns A,B,...] [--pivot COL]\n"
    "                      [--label FROM=TO ...] [RUN | latest | all] [--output FILE]\n"
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
    "`ctbench compare FILE CAND` reads as BASE (docs/REGRESSION.md).\n"
    "\n"
    "Tables for papers and READMEs, and tidy data:\n"
    "  --format markdown  a pipe table (numbers right-aligned, 3-4 significant digits)\n"
    "  --format latex     a booktabs tabular (\\usepackage{booktabs}); text escaped\n"
    "  --table T          summary (the columns above; default), query (one row per\n"
    "                     result: workload parameters, build_insertion, build_base,\n"
    "                     build_si, build_batch, threads, k, median_s, iqr_s, qps,\n"
    "                     speedup_x, work per query, recall, verified), setup (one row\n"
    "                     per setup phase, wall_s), tree (one row per tree), sample\n"
    "                     (every raw warm-up and timed sample, wall_ns), run (one row\n"
    "                     per run: status, times, machine identity); every table has\n"
    "                     run, commit, host, machine; units are in the names (_s, _ns,\n"
    "                     _bytes, _per_query, qps = queries/s, speedup_x = ratio)\n"
    "  --columns A,B,...  keep these columns, in this order\n"
    "  --pivot COL        COL's values become columns: rows are keyed by the other\n"
    "                     columns but the last, which is the value shown, e.g.\n"
    "                     --columns variant,k,threads,qps --pivot threads\n"
    "  --label FROM=TO    show variant FROM (its full name, matched exactly; split at\n"
    "                     the last '=') as TO in the variant column; repeatable (the\n"
    "                     summary CSV/JSON then go through the table writer)\n\n";

int bench_cli_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'}, {"out", required_argument, NULL, 'o'},
        {"table", required_argument, NULL, 't'},  {"columns", required_argument, NULL, 'c'},
        {"pivot", required_argument, NULL, 'p'},  {"label", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db_path = BENCH_DB_DEFAULT_PATH, *format = NULL, *run_arg = NULL, *output = "-";
    static bench_table_label labels[MAX_LABELS];
    bench_table_request req = {NULL, NULL, NULL, BENCH_TABLE_CSV, 0, NULL, 0};
    int tabular;
    int64_t run = 0;
    int c, rc;
    bench_db db;
    bench_output out;
    ct_error err;

    opterr = 0;
    req.labels = labels;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 't': req.table = optarg; break;
        case 'c': req.columns = optarg; break;
        case 'p': req.pivot = optarg; break;
        case 'L': {
            char *eq = strrchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                bench_cli_error("export",
                                "--label: '%s' is not FROM=TO (a variant name and its label)",
                                optarg);
                return BENCH_EXIT_ERROR;
            }
            if (req.n_labels == MAX_LABELS) {
                bench_cli_error("export", "--label: more than %d labels", MAX_LABELS);
                return BENCH_EXIT_ERROR;
            }
            *eq = '\0';
            labels[req.n_labels].from = optarg;
            labels[req.n_labels++].to = eq + 1;
            break;
        }
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
                    strcmp(format, "markdown") != 0 && strcmp(format, "latex") != 0 &&
                    strcmp(format, "baseline") != 0)) {
        bench_cli_error("export", "--format csv, json, markdown, latex or baseline is required");
        return BENCH_EXIT_ERROR;
    }
    if (req.table && !bench_table_known(req.table)) {
        bench_cli_error("export",
                        "--table: '%s' is not one of summary, query, setup, tree, "
                        "sample, run",
                        req.table);
        return BENCH_EXIT_ERROR;
    }
    if (!strcmp(format, "baseline") && (req.table || req.columns || req.pivot || req.n_labels)) {
        bench_cli_error("export",
                        "--format baseline takes no --table, --columns, --pivot or --label");
        return BENCH_EXIT_ERROR;
    }
    req.format = !strcmp(format, "json")       ? BENCH_TABLE_JSON
                 : !strcmp(format, "markdown") ? BENCH_TABLE_MARKDOWN
                 : !strcmp(format, "latex")    ? BENCH_TABLE_LATEX
                                               : BENCH_TABLE_CSV;
    /* the summary CSV/JSON keep their one writer; everything else is a table */
    tabular = req.table || req.columns || req.pivot || req.n_labels > 0 ||
              req.format == BENCH_TABLE_MARKDOWN || req.format == BENCH_TABLE_LATEX;
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
        } else if (rc == CT_OK && tabular) {
            req.run = run;
            rc = bench_table_write(&db, &req, out.f, &err);
            if (rc == CT_OK) rc = bench_output_commit(&out, &err);
            else bench_output_abort(&out);
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
