/* cli_progress.h -- how `ctbench run` shows a run while it goes (the
 * observer of runner.h): a progress line with elapsed time and ETA on a
 * terminal, or one line per setup phase and finished unit in a log. */
#ifndef BENCH_CLI_PROGRESS_H
#define BENCH_CLI_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

#include "runner.h"
#include "store.h"

typedef enum {
    BENCH_PROGRESS_AUTO,  /* bar on a terminal, lines otherwise */
    BENCH_PROGRESS_BAR,   /* one line redrawn in place */
    BENCH_PROGRESS_LINES, /* one line per setup phase and per finished unit */
    BENCH_PROGRESS_NONE
} bench_progress_mode;

typedef struct bench_progress {
    bench_progress_mode mode; /* resolved: BAR, LINES or NONE */
    FILE *out;                /* the bar: stderr; lines: stdout */
    int drawn;                /* a bar is on the screen */
    int64_t t0_ns;            /* when the run started */
    double setup_s;           /* setup phases finished so far */
    long trees_planned, trees_started;
    bench_run_pace prior; /* an earlier run of this config; run_id 0: none */
} bench_progress;

/* mode AUTO is resolved against isatty(fileno(out)) (out: stderr); the bar
 * is drawn on out, log lines go to stdout. */
void bench_progress_init(bench_progress *p, bench_progress_mode mode, FILE *out, long trees_planned,
                         const bench_run_pace *prior);

/* The observer: run rows, notes and log lines go to stdout, the bar and
 * INVALID units to stderr. */
void bench_progress_event(void *ctx, const bench_run_event *ev);

/* Take the bar off the screen (before other output). */
void bench_progress_clear(bench_progress *p);

/* Seconds left, from the samples done against the plan, the setup seen per
 * tree and the prior pace; < 0 when nothing is known yet.  Pure. */
double bench_progress_eta(const bench_progress *p, double elapsed_s, long samples_done,
                          long samples_total);

/* "3.2s", "45s", "4m05s", "1h02m" into buf; "?" for a negative. */
void bench_progress_duration(double seconds, char *buf, size_t size);

/* The estimate of a whole run from a prior pace: seconds, < 0 unknown. */
double bench_progress_estimate(const bench_run_pace *prior, long samples, long trees);

#endif
