/* json.h -- the two JSON writers every JSON output of ctbench shares (the
 * export, the figures' sidecars, compare --format json): a string with its
 * escapes, and a number that is `null` when it is not finite (JSON has no
 * NaN or infinity). */
#ifndef BENCH_JSON_H
#define BENCH_JSON_H

#include <stdio.h>

/* "text" with \" \\ \n \t and \u00XX for the other control characters;
 * NULL is written as "". */
void bench_json_string(FILE *out, const char *s);

/* %.9g, or null for NaN and infinities. */
void bench_json_number(FILE *out, double x);

#endif
