/* text.c -- bounded copy and word splitting (text.h). */
#include "text.h"

#include <stdio.h>
#include <string.h>

void bench_text_copy(char *dst, size_t size, const char *src)
{
    size_t n;
    if (!size) return;
    if (!src) src = "unknown";
    n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int bench_text_word(const char *s, int j, char *out, size_t size)
{
    while (*s == ' ') s++;
    for (int i = 0; *s; i++) {
        size_t len = strcspn(s, " ");
        if (i == j) {
            snprintf(out, size, "%.*s", (int)len, s);
            return 1;
        }
        s += len;
        while (*s == ' ') s++;
    }
    return 0;
}
