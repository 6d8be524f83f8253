/* clock.h -- the one clock of the harness: CLOCK_MONOTONIC in nanoseconds,
 * for every timed region and setup phase. */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H

#include <stdint.h>

int64_t bench_now_ns(void);

/* Sleep for ms milliseconds (restarted after signals). */
void bench_sleep_ms(int ms);

#endif
