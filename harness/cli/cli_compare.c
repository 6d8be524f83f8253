/* cli_compare.c -- `ctbench compare BASE CAND`: the regression gate.  Loads
 * two stored runs (from one database or two), judges every unit they share
 * by the rules (report/compare.h, config/compare_rules.h) and exits 0 pass,
 * 1 regression, 2 error, 3 inconclusive. */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "compare_format.h"
#include "compare_rules.h"
#include "baseline_file.h"
#include "files.h"
#include "numbers.h"
#include "results.h"
#include "store.h"
#include "units.h"

static const char *const compare_usage =
    "usage: ctbench compare BASE CAND [--db PATH] [--rules FILE] [--name NAME]\n"
    "                       [--format table|json|markdown] [--out FILE] [--verbose]\n"
    "                       [--factor F] [--alpha P] [--timing gate|report]\n"
    "\n"
    "Compare two stored runs unit by unit (variant x workload x build x threads x k)\n"
    "and say whether CAND regressed against BASE.  BASE and CAND are each\n"
    "  RUN          a run id, `latest`, or a commit (4+ hex digits, or commit:PREFIX:\n"
    "               the newest complete run of that commit) in --db, or\n"
    "               annotation:ID (`ctbench annotate`): the annotated run or commit\n"
    "  DB:RUN       the same in another database file\n"
    "  FILE         a baseline file (`ctbench export --format baseline`): no\n"
    "               timings, so only verification and metrics are compared\n"
    "Per unit:\n"
    "  verification  a candidate that fails verification, an exact variant that is\n"
    "                no longer exact, changed answers or changed workload data: FAILED\n"
    "  metrics       distance evaluations, nodes, heap operations, V bytes, batch\n"
    "                counters, recall and simulated counters (sim.Ir, sim.D1mr, ...):\n"
    "                exact, or within the per-metric tolerances of --rules\n"
    "  timing        REGRESSED only if the median ratio exceeds the factor (1.10) and\n"
    "                a Mann-Whitney U test rejects at alpha (0.01); printed with a\n"
    "                Hodges-Lehmann interval; inconclusive when the samples are too\n"
    "                few or the test does not reject; noisy when either side was\n"
    "                measured on a busy machine (run flag, noisy samples, other\n"
    "                processes' CPU or steal during the samples)\n"
    "\n"
    "  --db PATH      database of RUNs without DB: (default " BENCH_DB_DEFAULT_PATH ")\n"
    "  --rules FILE   thresholds (configs/compare.ini documents them); default: every\n"
    "                 metric exact, factor 1.10, alpha 0.01, 99% interval\n"
    "  --name NAME    resolve `latest` and commits among the runs of this config name\n"
    "  --format F     table (default), json, or markdown (for a CI comment)\n"
    "  --out FILE     write there instead of standard output (never half-written)\n"
    "  --verbose      table: every unit, and why each timing is noisy or inconclusive\n"
    "  --factor F, --alpha P   override the rules' timing factor and test level\n"
    "  --timing M     gate (default: timings set the exit code) or report (only the\n"
    "                 deterministic metrics and verification do)\n"
    "\n"
    "Exit codes: 0 pass; 1 regression (a metric, a verification or, with the timing\n"
    "gate on, a timing); 2 error (bad input, unknown run, no unit in common); 3\n"
    "inconclusive (a timing could not be decided: too few samples, not significant,\n"
    "or a noisy machine) and nothing regressed.\n";

/* "DB:RUN" or "RUN" into a database path and a run reference. */
static void split_ref(const char *arg, const char *default_db, char *db, size_t db_size,
                      const char **ref)
{
    const char *colon = strstr(arg, ":commit:");
    if (!colon) colon = strstr(arg, ":annotation:");
    if (!colon) {
        colon = strrchr(arg, ':');
        if (colon && !strncmp(arg, "commit:", 7) && colon == arg + 6) colon = NULL;
        if (colon && !strncmp(arg, "annotation:", 11) && colon == arg + 10) colon = NULL;
    }
    if (colon && colon > arg) {
        snprintf(db, db_size, "%.*s", (int)(colon - arg), arg);
        *ref = colon + 1;
    } else {
        snprintf(db, db_size, "%s", default_db);
        *ref = arg;
    }
}

static int load_side(const char *arg, const char *default_db, const char *name, bench_unit_set *set,
                     ct_error *err)
{
    char path[BENCH_PATH_MAX];
    const char *ref;
    bench_db db;
    int64_t run_id = 0;
    int rc;
    if (bench_baseline_is_file(arg)) return bench_baseline_read(arg, set, err);
    split_ref(arg, default_db, path, sizeof path, &ref);
    rc = bench_results_open(path, BENCH_DB_READ, &db, err);
    if (rc != CT_OK) return rc;
    rc = bench_store_run_resolve_ref(&db, ref, name, &run_id, err);
    if (rc == CT_OK) rc = bench_units_load(&db, run_id, set, err);
    if (rc == CT_OK) snprintf(set->label, sizeof set->label, "%s:%lld", path, (long long)run_id);
    bench_db_close(&db);
    return rc;
}

int bench_cli_compare(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},    {"rules", required_argument, NULL, 'r'},
        {"name", required_argument, NULL, 'n'},  {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},   {"output", required_argument, NULL, 'o'},
        {"verbose", no_argument, NULL, 'v'},     {"factor", required_argument, NULL, 'F'},
        {"alpha", required_argument, NULL, 'A'}, {"timing", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    const char *db_path = BENCH_DB_DEFAULT_PATH, *rules_path = NULL, *name = NULL, *output = "-";
    const char *factor = NULL, *alpha = NULL, *timing = NULL;
    int format = BENCH_COMPARE_TABLE, verbose = 0, c, rc, code;
    bench_compare_rules rules;
    bench_unit_set base, cand;
    bench_comparison cmp;
    bench_output out;
    ct_error err;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hv", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'r': rules_path = optarg; break;
        case 'n': name = optarg; break;
        case 'o': output = optarg; break;
        case 'v': verbose = 1; break;
        case 'F': factor = optarg; break;
        case 'A': alpha = optarg; break;
        case 't': timing = optarg; break;
        case 'f':
            format = bench_compare_format_find(optarg);
            if (format < 0) {
                bench_cli_error("compare", "--format: '%s' is not table, json or markdown", optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'h': fputs(compare_usage, stdout); return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("compare", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("compare", "unknown option '%s' (try ctbench compare --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (argc - optind != 2) {
        bench_cli_error("compare", "%s (try ctbench compare --help)",
                        argc - optind < 2 ? "BASE and CAND are both needed"
                                          : "more than two runs given");
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    bench_compare_rules_default(&rules);
    if (rules_path && bench_compare_rules_load(rules_path, &rules, &err) != CT_OK) {
        bench_cli_error("compare", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    if (factor && (bench_parse_double(factor, &rules.factor) != 0 || !(rules.factor > 1))) {
        bench_cli_error("compare", "--factor: '%s' is not a number above 1", factor);
        return BENCH_EXIT_ERROR;
    }
    if (alpha && (bench_parse_double(alpha, &rules.alpha) != 0 || !(rules.alpha > 0) ||
                  !(rules.alpha < 1))) {
        bench_cli_error("compare", "--alpha: '%s' is not a level in (0, 1)", alpha);
        return BENCH_EXIT_ERROR;
    }
    if (timing) {
        if (strcmp(timing, "gate") != 0 && strcmp(timing, "report") != 0) {
            bench_cli_error("compare", "--timing: '%s' is not gate or report", timing);
            return BENCH_EXIT_ERROR;
        }
        rules.timing_gate = !strcmp(timing, "gate");
    }

    rc = load_side(argv[optind], db_path, name, &base, &err);
    if (rc != CT_OK) {
        bench_cli_error("compare", "BASE %s: %s", argv[optind], err.msg);
        return BENCH_EXIT_ERROR;
    }
    rc = load_side(argv[optind + 1], db_path, name, &cand, &err);
    if (rc != CT_OK) {
        bench_cli_error("compare", "CAND %s: %s", argv[optind + 1], err.msg);
        bench_units_free(&base);
        return BENCH_EXIT_ERROR;
    }
    rc = bench_compare_runs(&base, &cand, &rules, &cmp, &err);
    if (rc == CT_OK && cmp.exit_code == BENCH_EXIT_ERROR) {
        /* nothing to report: the one line says why */
        code = BENCH_EXIT_ERROR;
        bench_cli_error("compare", "%s", cmp.headline);
        bench_comparison_free(&cmp);
    } else if (rc == CT_OK) {
        rc = bench_output_open(&out, output, &err);
        if (rc == CT_OK) {
            bench_comparison_write(&cmp, (bench_compare_format)format, verbose, out.f);
            rc = bench_output_commit(&out, &err);
        }
        code = rc == CT_OK ? cmp.exit_code : BENCH_EXIT_ERROR;
        if (rc == CT_OK && code == BENCH_EXIT_ERROR) bench_cli_error("compare", "%s", cmp.headline);
        bench_comparison_free(&cmp);
    } else {
        code = BENCH_EXIT_ERROR;
    }
    if (rc != CT_OK) bench_cli_error("compare", "%s", err.msg);
    bench_units_free(&base);
    bench_units_free(&cand);
    return code;
}
