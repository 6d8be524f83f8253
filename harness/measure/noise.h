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
 *   ticks         the clock ticks (1/100 s) /proc/stat counted over all CPUs
 * A sample is noisy when other processes took more than
 * BENCH_NOISE_OTHER_CPU of the machine or the hypervisor stole more than
 * BENCH_NOISE_STEAL.  /proc/stat counts whole ticks, so a share is off by up
 * to a tick or two: a sample is judged only when it spans
 * BENCH_NOISE_MIN_TICKS (100 ms on 2 cores, so the error stays under the
 * threshold); its numbers, ticks included, are stored either way, and a
 * reader judges a unit over the sum of its samples' ticks (compare.h).
 * Per run (bench_run_noise_*): the load average at start and end, the
 * other processes' share and the steal over the whole run, and how many
 * samples were noisy (the rule is at bench_run_noise below).
 */
#ifndef BENCH_NOISE_H
#define BENCH_NOISE_H

#include <stdint.h>

#define BENCH_NOISE_OTHER_CPU 0.10 /* of the machine's CPU time */
#define BENCH_NOISE_STEAL 0.10     /* per sample: a tick of 20 is 5 % */
#define BENCH_NOISE_MIN_TICKS 20
#define BENCH_NOISE_RUN_STEAL 0.05 /* over a run of >= BENCH_NOISE_RUN_MIN_TICKS */
#define BENCH_NOISE_RUN_MIN_TICKS 100

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
    double other_cpu;   /* NaN when unknown */
    double steal;       /* NaN when unknown */
    int64_t ticks;      /* 0 when unknown */
    double other_ticks; /* busy ticks minus our own CPU time in ticks: signed, not
                           clamped, so that a sum over many short samples is unbiased */
    int judged;         /* spanned enough ticks to be judged */
    int noisy;
} bench_sample_noise;

void bench_cpu_snapshot_take(bench_cpu_snapshot *s);
/* The noise between two snapshots. */
void bench_noise_between(const bench_cpu_snapshot *a, const bench_cpu_snapshot *b,
                         bench_sample_noise *out);

/* The 1-minute load average, NaN if unreadable. */
double bench_load_average(void);

/* A whole run: snapshots at its start and end (this process and its
 * children, e.g. the simulator), and the count of judged and noisy samples.
 * The run is noisy when, over at least BENCH_NOISE_RUN_MIN_TICKS, other
 * processes took more than BENCH_NOISE_OTHER_CPU of the machine or the
 * hypervisor stole more than BENCH_NOISE_RUN_STEAL, or BENCH_NOISE_SAMPLE_SHARE of the judged
 * samples were noisy.  The load average is recorded, not judged: the
 * 1-minute average at the start still holds the build that preceded the run. */
#define BENCH_NOISE_SAMPLE_SHARE 0.25

typedef struct bench_run_noise {
    bench_cpu_snapshot start;
    double load_start, load_end;
    double other_cpu, steal; /* over the run; NaN unknown */
    long samples_judged, samples_noisy;
    int noisy;
    char note[256]; /* why it is noisy, "" when it is not */
} bench_run_noise;

void bench_run_noise_begin(bench_run_noise *rn);
void bench_run_noise_sample(bench_run_noise *rn, const bench_sample_noise *sample);
void bench_run_noise_end(bench_run_noise *rn);

#endif
