/* cli.h -- the subcommands of the ctbench executable.
 *
 * Each subcommand is `int bench_cli_<name>(int argc, char **argv)` and returns
 * the process exit code.  One contract for every subcommand (`ctbench
 * --help` and the README say it too):
 *   0    success
 *   1    the job was done and the answer is "bad": a variant failed
 *        verification (run, knn --verify), a regression was found (compare)
 *   2    the job could not be done: bad usage or config, bad or missing input
 *        data, an unknown run, a database or output that cannot be read or
 *        written, a missing tool (gnuplot, valgrind), out of memory
 *   3    inconclusive (compare: too few samples or a noisy machine)
 *   130  interrupted by SIGINT, SIGTERM or SIGHUP (the run is marked so)
 * Every error is one line on stderr, "ctbench: SUB: what went wrong".  Only
 * these functions (and main) print; the layers below return status codes.
 */
#ifndef BENCH_CLI_H
#define BENCH_CLI_H

#define BENCH_EXIT_OK 0
#define BENCH_EXIT_FAIL 1
#define BENCH_EXIT_ERROR 2
#define BENCH_EXIT_INCONCLUSIVE 3
#define BENCH_EXIT_INTERRUPTED 130

/* The exit code of a library status: CT_OK 0, CT_EVERIFY 1, CT_EINTR 130,
 * anything else 2. */
int bench_cli_exit_code(int status);

/* The exit-code contract as text, for every --help. */
extern const char bench_cli_exit_help[];

typedef struct bench_subcommand {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
} bench_subcommand;

int bench_cli_knn(int argc, char **argv);
int bench_cli_list(int argc, char **argv);
int bench_cli_run(int argc, char **argv);
int bench_cli_show(int argc, char **argv);
int bench_cli_export(int argc, char **argv);
int bench_cli_plot(int argc, char **argv);
int bench_cli_compare(int argc, char **argv);
int bench_cli_history(int argc, char **argv);
/* `ctbench plot history` (cli_plot_history.c), dispatched by bench_cli_plot. */
int bench_cli_plot_history(int argc, char **argv);
int bench_cli_annotate(int argc, char **argv);
int bench_cli_merge(int argc, char **argv);
int bench_cli_publish(int argc, char **argv);

/* `ctbench sim-query` (hidden): the valgrind child of `run --counters sim`
 * (cli_sim.c). */
int bench_cli_sim_query(int argc, char **argv);

/* Hidden or later subcommands, appended to main's table (a summary of NULL
 * hides a subcommand from --help). */
#define BENCH_EXTRA_SUBCOMMANDS {"sim-query", NULL, bench_cli_sim_query},

/* "0.1.0 (commit abcdef0)" */
const char *bench_cli_version(void);

/* Print "ctbench: <sub>: <message>" on stderr (one line). */
void bench_cli_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
