/* text.h -- the two small string jobs several layers need: a bounded copy
 * that never overflows, and the j-th word of a space-separated text (build
 * texts such as "insertion=hilbert base=2 si=exact" are read word by word
 * by the tables and the comparison). */
#ifndef BENCH_TEXT_H
#define BENCH_TEXT_H

#include <stddef.h>

/* Copy src into dst (size bytes), truncated, always terminated; NULL reads
 * "unknown". */
void bench_text_copy(char *dst, size_t size, const char *src);

/* The j-th (from 0) space-separated word of s into out; 0 if there is none. */
int bench_text_word(const char *s, int j, char *out, size_t size);

#endif
