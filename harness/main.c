/* main.c -- the ctbench executable: dispatches to a subcommand.
 *
 *   ctbench knn      exact k-NN for a workload with one variant, CSV out
 *   ctbench list     every variant name and whether this machine can run it
 *   ctbench run      an experiment config: sweep, verify, store in SQLite
 *   ctbench show     a stored run as a table
 *   ctbench export   stored results as CSV, JSON, Markdown or LaTeX tables
 *   ctbench plot     the figures of stored runs
 *   ctbench compare  the regression gate between two runs
 *   ctbench history  a metric over commits, with its change points
 *   ctbench annotate record an intentional change (a run or a commit)
 *   ctbench merge    copy the runs of databases into one
 * `ctbench --help` and `ctbench SUB --help` describe each.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const bench_subcommand subcommands[] = {
    {"knn", "exact k nearest neighbours of one workload with one variant (CSV out)", bench_cli_knn},
    {"list", "list every variant and whether this machine can run it", bench_cli_list},
    {"run", "run an experiment config, verify every variant, store results", bench_cli_run},
    {"show", "print a stored run as a table", bench_cli_show},
    {"export", "export stored results as CSV, JSON, Markdown or LaTeX tables", bench_cli_export},
    {"plot", "draw figures of stored runs, or a before/after overlay (gnuplot)", bench_cli_plot},
    {"compare", "compare two runs: pass, regression or inconclusive, as an exit code",
     bench_cli_compare},
    {"history", "a metric over commits per unit, with its change points", bench_cli_history},
    {"annotate", "record an intentional change for a run or commit", bench_cli_annotate},
    {"merge", "copy the runs of databases into one (idempotent)", bench_cli_merge},
    {"publish", "write a static HTML site of a database (tables, history figures)",
     bench_cli_publish},
    BENCH_EXTRA_SUBCOMMANDS};

static void usage(FILE *out)
{
    size_t i;
    fprintf(out, "usage: ctbench SUBCOMMAND [OPTIONS]\n\n"
                 "Benchmark harness for the residual-correlation cover tree.\n\n"
                 "subcommands:\n");
    for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (subcommands[i].summary)
            fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
    }
    fprintf(out, "\n`ctbench SUBCOMMAND --help` describes a subcommand.\n\n%s",
            bench_cli_exit_help);
}

/* Standard output is part of the answer (show, export -, knn --out -): a
 * write that failed (a full disk, a closed pipe) fails the command. */
static int finish_stdout(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ctbench: cannot write standard output: %s\n",
                errno ? strerror(errno) : "write error");
        return code == BENCH_EXIT_OK ? BENCH_EXIT_ERROR : code;
    }
    return code;
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 2) {
        usage(stderr);
        return BENCH_EXIT_ERROR;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return finish_stdout(BENCH_EXIT_OK);
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ctbench %s\n", bench_cli_version());
        return BENCH_EXIT_OK;
    }
    for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (!strcmp(argv[1], subcommands[i].name))
            return finish_stdout(subcommands[i].run(argc - 1, argv + 1));
    }
    fprintf(stderr, "ctbench: unknown subcommand '%s' (try ctbench --help)\n", argv[1]);
    return BENCH_EXIT_ERROR;
}
