/* cli_history.c -- `ctbench history`: per unit and metric a series over
 * commits with its change points (report/history.h). */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "files.h"
#include "history.h"
#include "numbers.h"
#include "results.h"

static const char *const history_usage =
    "usage: ctbench history [--db PATH] [--variant GLOB] [--workload GLOB] [--metric NAME]\n"
    "                       [--machine NAME] [--all-machines] [--name NAME] [--since REF]\n"
    "                       [--format table|csv|json] [--out FILE]\n"
    "                       [--significance P] [--bonferroni] [--permutations R]\n"
    "                       [--min-size M] [--seed S]\n"
    "\n"
    "Per unit (variant x workload x build x threads x k) and metric, its values over\n"
    "the commits of the stored complete runs, ordered by commit time, then run start.\n"
    "The runs of one commit are the samples of one position.  A sample is one run's\n"
    "value: `time` is the median of its timed samples (ms per query batch); the other\n"
    "metrics (dist_evals, nodes_visited, heap_ops, v_bytes, useful_pairs, rows_fetched,\n"
    "v_bytes_fetched, recall, sim.*) are deterministic.\n"
    "Change points: time by E-divisive with a permutation test (Matteson & James 2014;\n"
    "docs/STATISTICS.md), each with the commit range (from, to], the step and its\n"
    "p-value; deterministic metrics exactly at the commit where the value changed.\n"
    "A series never mixes machine identities (host + CPU + BLAS core + compiler +\n"
    "flags) unless --all-machines.\n"
    "\n"
    "  --db PATH        results database (default " BENCH_DB_DEFAULT_PATH ")\n"
    "  --variant GLOB   only variants matching GLOB (fnmatch)\n"
    "  --workload GLOB  only workload labels matching GLOB\n"
    "  --metric NAME    only this metric (default: every metric)\n"
    "  --machine NAME   only runs whose machine name or identity starts with NAME\n"
    "  --all-machines   one series across machine identities\n"
    "  --name NAME      only runs of this config name\n"
    "  --since REF      start at the commit of REF: a run id, latest, a commit, or\n"
    "                   annotation:ID (`ctbench annotate`)\n"
    "  --format F       table (default), csv, json\n"
    "  --out FILE       write there instead of standard output\n"
    "  --significance P accept a change point when p <= P (default 0.05)\n"
    "  --bonferroni     test each of the m timing series at P / m, so that the chance\n"
    "                   of any false change point is at most P (with many series, P\n"
    "                   per series flags about m * P unchanged series by chance)\n"
    "  --permutations R permutations per test (default 199; the smallest p is\n"
    "                   1 / (R + 1), so raise it with --bonferroni)\n"
    "  --min-size M     commits on each side of a noisy change point (default 3)\n"
    "  --seed S         seed of the permutations (default 1)\n";

static int parse_int_option(const char *name, const char *text, int min, int *value)
{
    long v;
    if (bench_parse_long(text, min, 1000000, &v) != 0) {
        bench_cli_error("history", "%s: '%s' is not an integer >= %d", name, text, min);
        return -1;
    }
    *value = (int)v;
    return 0;
}

int bench_cli_history(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"variant", required_argument, NULL, 'v'},
                                            {"workload", required_argument, NULL, 'w'},
                                            {"metric", required_argument, NULL, 'm'},
                                            {"machine", required_argument, NULL, 'M'},
                                            {"all-machines", no_argument, NULL, 'A'},
                                            {"name", required_argument, NULL, 'n'},
                                            {"since", required_argument, NULL, 's'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"significance", required_argument, NULL, 'p'},
                                            {"permutations", required_argument, NULL, 'R'},
                                            {"min-size", required_argument, NULL, 'z'},
                                            {"seed", required_argument, NULL, 'S'},
                                            {"bonferroni", no_argument, NULL, 'B'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *db_path = BENCH_DB_DEFAULT_PATH, *output = "-";
    bench_history_query q;
    bench_history h;
    bench_output out;
    bench_db db;
    ct_error err;
    int format = BENCH_HISTORY_TABLE, c, rc;

    bench_history_query_default(&q);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'v': q.variant = optarg; break;
        case 'w': q.workload = optarg; break;
        case 'm': q.metric = optarg; break;
        case 'M': q.machine = optarg; break;
        case 'A': q.all_machines = 1; break;
        case 'B': q.bonferroni = 1; break;
        case 'n': q.name = optarg; break;
        case 's': q.since = optarg; break;
        case 'o': output = optarg; break;
        case 'f':
            format = bench_history_format_find(optarg);
            if (format < 0) {
                bench_cli_error("history", "--format: '%s' is not table, csv or json", optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'p':
            if (bench_parse_double(optarg, &q.cp.significance) != 0 || !(q.cp.significance > 0) ||
                !(q.cp.significance < 1)) {
                bench_cli_error("history", "--significance: '%s' is not a level in (0, 1)", optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'R':
            if (parse_int_option("--permutations", optarg, 1, &q.cp.permutations) != 0)
                return BENCH_EXIT_ERROR;
            break;
        case 'z':
            if (parse_int_option("--min-size", optarg, 1, &q.cp.min_size) != 0)
                return BENCH_EXIT_ERROR;
            break;
        case 'S':
            if (bench_parse_u64(optarg, &q.cp.seed) != 0) {
                bench_cli_error("history", "--seed: '%s' is not a non-negative integer", optarg);
                return BENCH_EXIT_ERROR;
            }
            break;
        case 'h': fputs(history_usage, stdout); return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("history", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("history", "unknown option '%s' (try ctbench history --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (optind < argc) {
        bench_cli_error("history", "unexpected argument '%s' (try ctbench history --help)",
                        argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    rc = bench_results_open(db_path, BENCH_DB_READ, &db, &err);
    if (rc == CT_OK) {
        rc = bench_history_load(&db, &q, &h, &err);
        bench_db_close(&db);
    }
    if (rc == CT_OK && h.n == 0) {
        int runs = h.runs;
        bench_history_free(&h);
        bench_cli_error("history", "no series in %s matches (%d complete run%s selected)", db_path,
                        runs, runs == 1 ? "" : "s");
        return BENCH_EXIT_ERROR;
    }
    if (rc == CT_OK) {
        rc = bench_output_open(&out, output, &err);
        if (rc == CT_OK) {
            bench_history_write(&h, (bench_history_format)format, out.f);
            rc = bench_output_commit(&out, &err);
        }
        bench_history_free(&h);
    }
    if (rc != CT_OK) {
        bench_cli_error("history", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    return BENCH_EXIT_OK;
}
