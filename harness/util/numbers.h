/* numbers.h -- the one set of strict number parsers (config values, command
 * line options, stored text).
 *
 * Each takes the whole text: no leading or trailing junk, no empty string,
 * no sign where none is allowed, in range.  0 on success, -1 otherwise, so
 * the caller prints one line naming the key or option.
 */
#ifndef BENCH_NUMBERS_H
#define BENCH_NUMBERS_H

#include <stdint.h>

/* A decimal integer in [lo, hi]. */
int bench_parse_long(const char *text, long lo, long hi, long *out);
/* An unsigned decimal 64-bit integer (no sign). */
int bench_parse_u64(const char *text, uint64_t *out);
/* A finite number. */
int bench_parse_double(const char *text, double *out);
/* A finite number > 0. */
int bench_parse_positive_double(const char *text, double *out);
/* on/off, true/false, yes/no, 1/0 -> 1/0. */
int bench_parse_bool(const char *text, int *out);
/* A comma list of positive finite numbers (no empty item); returns the
 * count, or -1 (also when there are more than max). */
int bench_parse_double_list(const char *text, double *out, int max);

#endif
