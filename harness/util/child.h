/* child.h -- the one way the harness runs another program (valgrind for the
 * simulated counters, gnuplot for the figures, external implementations).
 *
 * fork + exec, never a shell: the argument vector is passed as is.  The
 * child gets /dev/null (or a file) as stdin, its stdout (and stderr, unless
 * kept apart) in a log file or a pipe the caller reads, an optional working
 * directory and environment, and dies with its parent (PR_SET_PDEATHSIG),
 * so a killed ctbench leaves no orphan.  While waiting, a pending
 * SIGINT/SIGTERM/SIGHUP of the harness (signals.h) is passed on to the
 * child, and a timeout (if set) kills it.
 */
#ifndef BENCH_CHILD_H
#define BENCH_CHILD_H

#include <stddef.h>

#include "ct/status.h"

typedef struct bench_child {
    const char *const *argv; /* argv[0] is the program: a path, or a name looked up in PATH */
    const char *const *envp; /* NULL: inherit the environment */
    const char *cwd;         /* NULL: stay */
    const char *stdin_path;  /* NULL: /dev/null */
    const char *log_path;    /* stdout and stderr to this file (created 0644); NULL: /dev/null */
    char *capture;           /* if set: stdout into this buffer instead (stderr to log/null) */
    size_t capture_cap;
    double timeout_s; /* 0: none; else SIGKILL after that many seconds */
} bench_child;

/* What happened to the child. */
typedef struct bench_child_status {
    int exited;      /* 1: exit(code); 0: killed by signal */
    int code;        /* exit code */
    int signal;      /* the signal that killed it */
    int timed_out;   /* killed because of timeout_s */
    int interrupted; /* the harness got a signal while waiting (passed on to the child) */
    double seconds;
    long peak_rss_kb; /* of the child, from wait4 */
} bench_child_status;

/* Run and wait.  CT_OK when the child ran (whatever its exit status), else
 * CT_EIO (cannot start: "cannot run PROG: No such file or directory"). */
int bench_child_run(const bench_child *spec, bench_child_status *status, ct_error *err);

/* Absolute path of a program: name itself if it contains '/', else the
 * first executable PATH entry.  0 or -1. */
int bench_find_program(const char *name, char *out, size_t size);

#endif
