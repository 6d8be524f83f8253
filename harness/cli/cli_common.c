/* cli_common.c -- what every subcommand shares: the one-line error printer
 * and the version string (cli.h).  Option values are parsed with
 * util/numbers.h. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"
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
