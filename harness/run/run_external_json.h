/* run_external_json.h -- reading the few values of an external program's
 * timings.json (docs/EXTERNAL.md): a string, a number, a list of numbers
 * under a top-level key.  Deliberately small: the protocol's JSON is flat.
 * Each returns -1 when the key is absent or its value has another type. */
#ifndef BENCH_RUN_EXTERNAL_JSON_H
#define BENCH_RUN_EXTERNAL_JSON_H

#include <stddef.h>

int run_json_string(const char *text, const char *key, char *out, size_t size);
int run_json_number(const char *text, const char *key, double *out);
/* The count of numbers (at most cap stored), or -1. */
int run_json_numbers(const char *text, const char *key, double *out, int cap);

#endif
