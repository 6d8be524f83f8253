/* cli_common.c -- what every subcommand shares: the one-line error printer,
 * the version string and strict number parsing for options. */
#include "cli_common.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef CT_VERSION
#define CT_VERSION "0.0.0"
#endif
#ifndef CT_GIT_COMMIT
#define CT_GIT_COMMIT "unknown"
#endif

const char *bench_cli_version(void)
{
    return CT_VERSION " (commit " CT_GIT_COMMIT ")";
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

int bench_parse_long(const char *text, long lo, long hi, long *out)
{
    char *end;
    long v;
    if (!text || !*text) return -1;
    errno = 0;
    v = strtol(text, &end, 10);
    if (errno || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int bench_parse_u64(const char *text, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!text || !*text || text[0] == '-') return -1;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || *end) return -1;
    *out = (uint64_t)v;
    return 0;
}

int bench_parse_positive_double(const char *text, double *out)
{
    char *end;
    double v;
    if (!text || !*text) return -1;
    errno = 0;
    v = strtod(text, &end);
    if (errno || *end || !isfinite(v) || v <= 0) return -1;
    *out = v;
    return 0;
}

int bench_parse_double_list(const char *text, double *out, int max)
{
    int count = 0;
    const char *p = text;
    if (!text || !*text) return -1;
    while (*p) {
        char buf[64];
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof buf || count == max) return -1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (bench_parse_positive_double(buf, &out[count]) != 0) return -1;
        count++;
        p += len;
        if (*p == ',') {
            p++;
            if (!*p) return -1;
        }
    }
    return count;
}
