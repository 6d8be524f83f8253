/* noise.h -- what disturbs a timing, measured around every sample and over
 * a whole run, so a busy CI machine is seen in the data instead of guessed.
 *
 * Per sample (bench_noise_begin / bench_noise_end around the timed region):
 *   cpu_ns        CPU time of this process (all its threads, getrusage)
 *   ctx_switches  its voluntary + involuntary context switches
 *   other_cpu     the share of the machine's CPU time that other processes
 *                 used meanwhile: (busy jiffies of /proc/stat - our own CPU
 *                 time) / all jiffies, in [0, 1]
 *   steal         the share stolen by the hypervisor (/proc/stat steal)
 * A sample is noisy when other processes took more than
 * BENCH_NOISE_OTHER_CPU of the machine or the hypervisor stole more than
 * BENCH_NOISE_STEAL.  /proc/stat counts in clock ticks (1/100 s), so
 * a sample is judged only when it spans at least 4 ticks over all CPUs
 * (20 ms on 2 cores); its numbers are stored either way.
 * Per run (bench_noise_run_*): the load average at start and end and the
 * steal over the run; the run is noisy when its load average exceeded the
 * cores it used by BENCH_NOISE_LOAD or a quarter of its samples were noisy.
 */
#ifndef BENCH_NOISE_H
#define BENCH_NOISE_H

#include <stdint.h>

#define BENCH_NOISE_OTHER_CPU 0.10 /* of the machine's CPU time */
#define BENCH_NOISE_STEAL 0.05
#define BENCH_NOISE_LOAD 0.5 /* load average above the run's threads */

/* A snapshot of the machine's and this process's CPU accounting. */
typedef struct bench_cpu_snapshot {
    uint64_t total, idle, steal; /* jiffies over all CPUs (/proc/stat "cpu") */
    int64_t self_ns;             /* this process's user + system time */
    int64_t ctx;                 /* its voluntary + involuntary context switches */
    int ok;                      /* /proc/stat was read */
} bench_cpu_snapshot;

typedef struct bench_sample_noise {
    int64_t cpu_ns;
    int64_t ctx_switches;
    double other_cpu; /* NaN when unknown */
    double steal;     /* NaN when unknown */
    int noisy;
} bench_sample_noise;

void bench_cpu_snapshot_take(bench_cpu_snapshot *s);
/* The noise between two snapshots. */
void bench_noise_between(const bench_cpu_snapshot *a, const bench_cpu_snapshot *b,
                         bench_sample_noise *out);

/* The 1-minute load average, NaN if unreadable. */
double bench_load_average(void);

#endif
