/* compare_format.h -- a comparison (compare.h) written for people and for
 * machines: a terminal table, JSON (every number, for dashboards and
 * scripts), or Markdown fit to paste as a CI comment (the headline, a table
 * of what changed, every unit folded away in <details>). */
#ifndef BENCH_COMPARE_FORMAT_H
#define BENCH_COMPARE_FORMAT_H

#include <stdio.h>

#include "compare.h"

typedef enum bench_compare_format {
    BENCH_COMPARE_TABLE = 0,
    BENCH_COMPARE_JSON,
    BENCH_COMPARE_MARKDOWN
} bench_compare_format;

/* "table", "json", "markdown" -> the format; -1 otherwise. */
int bench_compare_format_find(const char *name);

/* verbose (table only): every unit, not just those that changed. */
void bench_comparison_write(const bench_comparison *cmp, bench_compare_format format, int verbose,
                            FILE *out);

#endif
