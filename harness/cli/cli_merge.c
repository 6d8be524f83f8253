/* cli_merge.c -- `ctbench merge OUT.db IN.db ...`: copy the runs of the
 * input databases into OUT (store/merge.h); idempotent. */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "merge.h"
#include "results.h"

static const char *const merge_usage =
    "usage: ctbench merge OUT.db IN.db [IN.db ...]\n"
    "\n"
    "Copy every run of each IN (shards of a sweep, databases of other machines) into\n"
    "OUT, created when missing.  Each IN is migrated to the current schema first.\n"
    "Runs OUT already has (same start, config hash, commit, host, writer, shard) are\n"
    "skipped, so merging again changes nothing.  Runs are never merged into each\n"
    "other: a unit measured in two runs stays two results (reported as a conflict\n"
    "when both have the same commit and machine), and every run keeps its machine\n"
    "identity.  One transaction per IN.  Prints one line per IN.\n";

int bench_cli_merge(int argc, char **argv)
{
    static const struct option options[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    bench_merge_stats st;
    bench_db out;
    ct_error err;
    int c, rc;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        if (c == 'h') {
            fputs(merge_usage, stdout);
            return BENCH_EXIT_OK;
        }
        bench_cli_error("merge", "unknown option '%s' (try ctbench merge --help)",
                        argv[optind - 1]);
        return BENCH_EXIT_ERROR;
    }
    if (argc - optind < 2) {
        bench_cli_error("merge", "OUT.db and at least one IN.db are needed (try ctbench merge "
                                 "--help)");
        return BENCH_EXIT_ERROR;
    }
    ct_error_clear(&err);
    rc = bench_results_open(argv[optind], BENCH_DB_WRITE, &out, &err);
    if (rc != CT_OK) {
        bench_cli_error("merge", "%s", err.msg);
        return BENCH_EXIT_ERROR;
    }
    for (int i = optind + 1; i < argc; i++) {
        if (!strcmp(argv[i], argv[optind])) {
            bench_cli_error("merge", "%s is OUT itself", argv[i]);
            rc = CT_EINVAL;
            break;
        }
        rc = bench_merge_database(&out, argv[i], &st, &err);
        if (rc != CT_OK) {
            bench_cli_error("merge", "%s: %s", argv[i], err.msg);
            break;
        }
        printf("%s: %d run%s copied (%ld results), %d already present, %ld conflict%s\n", argv[i],
               st.runs_copied, st.runs_copied == 1 ? "" : "s", st.results_copied, st.runs_present,
               st.conflicts, st.conflicts == 1 ? "" : "s");
    }
    bench_db_close(&out);
    return rc == CT_OK ? BENCH_EXIT_OK : BENCH_EXIT_ERROR;
}
