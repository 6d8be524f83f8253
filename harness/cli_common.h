/* cli_common.h -- strict option parsing shared by the subcommands.
 * Each returns 0 on success and -1 when the text is not a valid value, so the
 * caller can print one line naming the option. */
#ifndef BENCH_CLI_COMMON_H
#define BENCH_CLI_COMMON_H

#include <stdint.h>

int bench_parse_long(const char *text, long lo, long hi, long *out);
int bench_parse_u64(const char *text, uint64_t *out);
int bench_parse_positive_double(const char *text, double *out);
/* Comma list of positive doubles; returns the count or -1. */
int bench_parse_double_list(const char *text, double *out, int max);

#endif
