/* run_external_json.c -- the values of a flat JSON object (run_external_json.h). */
#include "run_external_json.h"

#include <stdlib.h>
#include <string.h>

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

/* The value after "key": (the first occurrence of the quoted key followed by ':'). */
static const char *value_of(const char *text, const char *key)
{
    size_t len = strlen(key);
    for (const char *p = strchr(text, '"'); p; p = strchr(p + 1, '"')) {
        const char *after;
        if (strncmp(p + 1, key, len) != 0 || p[1 + len] != '"') continue;
        after = skip_ws(p + 2 + len);
        if (*after == ':') return skip_ws(after + 1);
    }
    return NULL;
}

int run_json_string(const char *text, const char *key, char *out, size_t size)
{
    const char *p = value_of(text, key);
    size_t n = 0;
    if (!p || *p != '"' || size == 0) return -1;
    for (p++; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\' && p[1]) {
            p++;
            c = *p == 'n' ? ' ' : *p == 't' ? ' ' : *p;
        }
        if (n + 1 < size) out[n++] = c;
    }
    out[n] = '\0';
    return *p == '"' ? 0 : -1;
}

int run_json_number(const char *text, const char *key, double *out)
{
    const char *p = value_of(text, key);
    char *end;
    if (!p) return -1;
    *out = strtod(p, &end);
    return end == p ? -1 : 0;
}

int run_json_numbers(const char *text, const char *key, double *out, int cap)
{
    const char *p = value_of(text, key);
    int n = 0;
    if (!p || *p != '[') return -1;
    p = skip_ws(p + 1);
    if (*p == ']') return 0;
    for (;;) {
        char *end;
        double v = strtod(p, &end);
        if (end == p) return -1;
        if (n < cap) out[n] = v;
        n++;
        p = skip_ws(end);
        if (*p == ']') return n;
        if (*p != ',') return -1;
        p = skip_ws(p + 1);
    }
}
