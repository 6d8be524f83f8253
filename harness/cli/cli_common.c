/* cli_common.c -- what every subcommand shares: the one-line error printer
 * and the version string (cli.h).  Option values are parsed with
 * util/numbers.h. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"
#include "ct/status.h"
#include "version.h"

const char *bench_cli_version(void)
{
    return bench_version();
}

void bench_cli_error(const char *sub, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ctbench: %s: ", sub);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int bench_cli_exit_code(int status)
{
    switch (status) {
    case CT_OK: return BENCH_EXIT_OK;
    case CT_EVERIFY: return BENCH_EXIT_FAIL;
    case CT_EINTR: return BENCH_EXIT_INTERRUPTED;
    default: return BENCH_EXIT_ERROR;
    }
}

const char bench_cli_exit_help[] =
    "Exit codes: 0 success; 1 the answer is bad (a variant failed verification, a\n"
    "regression was found); 2 the job could not be done (usage, config, input data,\n"
    "unknown run, database or output, missing tool); 3 inconclusive (compare);\n"
    "130 interrupted.\n";
