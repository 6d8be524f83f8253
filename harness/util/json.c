/* json.c -- JSON strings and numbers (json.h). */
#include "json.h"

#include <math.h>

void bench_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", out);
        else if (*p == '\t') fputs("\\t", out);
        else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

void bench_json_number(FILE *out, double x)
{
    if (isfinite(x)) fprintf(out, "%.9g", x);
    else fputs("null", out);
}
