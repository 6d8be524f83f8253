/* cli.h -- the subcommands of the ctbench executable.
 *
 * Each subcommand is `int bench_cli_<name>(int argc, char **argv)` and returns
 * the process exit code: 0 success, 1 a run failed (verification, database),
 * 2 bad usage or bad input, 130 interrupted.  Only these functions (and main)
 * print; the library below them returns status codes.
 */
#ifndef BENCH_CLI_H
#define BENCH_CLI_H

#define BENCH_EXIT_OK 0
#define BENCH_EXIT_FAIL 1
#define BENCH_EXIT_USAGE 2
#define BENCH_EXIT_INTERRUPTED 130

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
