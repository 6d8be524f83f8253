/* signals.h -- SIGINT/SIGTERM become a flag the runner polls.
 *
 * The handler only sets a volatile sig_atomic_t; the runner checks it between
 * repetitions and between variants, drops the current variant's unwritten
 * samples (nothing of it is in the database yet: a variant is written in one
 * transaction after it completed), marks the run 'interrupted' and exits with
 * 130.  The handler is installed with SA_RESETHAND, so a second Ctrl-C kills
 * the process at once (SQLite's journal still keeps the database consistent).
 */
#ifndef BENCH_SIGNALS_H
#define BENCH_SIGNALS_H

void bench_signals_install(void);
void bench_signals_restore(void);
/* The signal received (SIGINT or SIGTERM), 0 if none. */
int bench_signals_pending(void);

#endif
