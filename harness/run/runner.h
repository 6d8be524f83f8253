/* runner.h -- the experiment sweep behind `ctbench run`.
 *
 * For each workload (one per seed and n): generate or load it and time the
 * factor; draw the query batch and the verification sample and compute the
 * oracle's answers for the sample once per k.  Then, for each build
 * configuration in turn (config.h), build its canonical tree (timed as
 * 'build', proved by the checker as 'check', its shape stored in table
 * tree), set up every shared layout once over it ('lower'), run its units
 * and free the tree.  The baselines need no tree and run once per workload,
 * with the first build's units.  Every unit (variant x threads x k) runs its
 * warm-up and R timed repetitions of the whole batch -- one after the other,
 * or interleaved across units in a seeded shuffled order per round -- with
 * counters started and stopped just inside the timed region.  Each unit's
 * answers are checked against the oracle on the sample (outside the timed
 * region) and hashed; every repetition must give the same hash.  Everything
 * of a unit is written in one transaction after it completed, so an
 * interrupt never leaves half a variant in the database.
 *
 * The runner prints nothing: what a user may want to see (the run row, setup
 * phases, each sample starting, each unit stored, notes) is reported to an
 * observer the caller supplies.
 */
#ifndef BENCH_RUNNER_H
#define BENCH_RUNNER_H

#include <stdint.h>

#include "config.h"
#include "ct/status.h"

typedef enum {
    BENCH_EV_RUN,  /* the run row exists: run_id, text = "name, commit ... on host", resumed */
    BENCH_EV_NOTE, /* text: something the user should know (counters, skipped variants) */
    BENCH_EV_PHASE_BEGIN, /* a setup phase starts: phase, detail */
    BENCH_EV_PHASE,       /* a setup phase finished: phase, detail, seconds */
    BENCH_EV_SAMPLE,      /* a sample is about to run: unit, threads, k, build, what, i, of */
    BENCH_EV_UNIT         /* a unit was stored: unit, threads, k, build, failed, note */
} bench_run_event_kind;

typedef struct bench_run_event {
    bench_run_event_kind kind;
    int64_t run_id;
    const char *text;
    int resumed;        /* BENCH_EV_RUN: an earlier run was reopened */
    const char *phase;  /* factor load oracle build check lower */
    const char *detail; /* the layout of a 'lower', the build of a 'build'; the old
                               status of a resumed run */
    double seconds;
    const char *unit; /* variant name */
    int threads, k;
    const char *build; /* build text of a tree unit when the run has several, else NULL */
    const char *what;  /* "warm-up" or "rep" */
    int i, of;         /* sample i (0-based) of `of` */
    long samples_done, samples_total; /* over the whole run (resumed units not counted) */
    long units_done, units_total;     /* likewise; units_done counts this unit on BENCH_EV_UNIT */
    int failed;
    const char *note;
} bench_run_event;

typedef struct bench_run_observer {
    void (*on_event)(void *ctx, const bench_run_event *ev);
    void *ctx;
} bench_run_observer;

typedef struct bench_run_options {
    const char *db_path;
    const char *only_glob;       /* NULL: every variant; else fnmatch on names */
    int resume;                  /* continue the newest run with the same run key */
    int counters;                /* -1: the config's backend; else a bench_counters_kind */
    bench_run_observer observer; /* may have no on_event */
    const char *self_exe;        /* binary for the sim child; NULL = /proc/self/exe */
    const char *machine;         /* --machine NAME, NULL: identity from the hardware */
    int shard_index;             /* --shard i/n: 1..shard_count; 0 = the whole grid */
    int shard_count;
} bench_run_options;

typedef struct bench_run_outcome {
    int64_t run_id; /* 0 if no run row was written */
    int units_planned;
    int units_done;
    int units_resumed; /* skipped: already stored for this run key */
    int units_failed;  /* exact variants that failed verification or errored */
    int units_approximate;
    int units_unavailable; /* external programs that cannot run here (not failures) */
    int interrupted;       /* the signal number, 0 if none */
} bench_run_outcome;

/* Run the experiment.  CT_OK; CT_EVERIFY when the run completed but some
 * variant failed; CT_EINTR when interrupted (run marked 'interrupted');
 * CT_EDB when the database cannot be written (before any work if it is
 * read-only or locked); other codes for setup failures (run marked 'failed').
 * err gets one line. */
int bench_run_experiment(const bench_config *cfg, const bench_run_options *opt,
                         bench_run_outcome *outcome, ct_error *err);

#endif
