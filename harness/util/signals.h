/* signals.h -- SIGINT, SIGTERM and SIGHUP become a flag the runner polls.
 *
 * The handler only records the signal in a volatile sig_atomic_t; the
 * runner checks it between repetitions and between units, drops the unit in
 * progress (nothing of it is in the database yet: a unit is written in one
 * transaction after it completed), marks the run 'interrupted' and the CLI
 * exits with 130.  A second signal while the run winds down is recorded
 * the same way and never kills the process half-way through its last
 * database update (no SA_RESETHAND), so every exit path leaves the run
 * 'complete', 'interrupted' or 'failed'.  Child processes (child.h) get the
 * signal passed on.
 */
#ifndef BENCH_SIGNALS_H
#define BENCH_SIGNALS_H

void bench_signals_install(void);
void bench_signals_restore(void);
/* The first signal received since install (SIGINT, SIGTERM or SIGHUP), 0 if none. */
int bench_signals_pending(void);

#endif
