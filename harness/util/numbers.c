/* numbers.c -- strict number parsing (numbers.h). */
#include "numbers.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    if (!text || !*text || text[0] == '-' || text[0] == '+') return -1;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || *end) return -1;
    *out = (uint64_t)v;
    return 0;
}

int bench_parse_double(const char *text, double *out)
{
    char *end;
    double v;
    if (!text || !*text) return -1;
    errno = 0;
    v = strtod(text, &end);
    if (errno || *end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

int bench_parse_positive_double(const char *text, double *out)
{
    double v;
    if (bench_parse_double(text, &v) != 0 || !(v > 0)) return -1;
    *out = v;
    return 0;
}

int bench_parse_bool(const char *text, int *out)
{
    static const char *const yes[] = {"on", "true", "yes", "1"};
    static const char *const no[] = {"off", "false", "no", "0"};
    if (!text) return -1;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!strcmp(text, yes[i])) return *out = 1, 0;
        if (!strcmp(text, no[i])) return *out = 0, 0;
    }
    return -1;
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
