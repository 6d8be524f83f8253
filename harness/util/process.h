/* process.h -- who is writing a run, and is that process still alive?
 *
 * A process is identified by (host, boot id, pid, start time): the pid alone
 * is reused, the start time (clock ticks after boot, /proc/PID/stat field
 * 22) pins one incarnation of it, and the boot id
 * (/proc/sys/kernel/random/boot_id) one boot of the machine.  A run row
 * stores the identity of its writer; a later reader on the same host and
 * boot can then tell a live writer from a dead one exactly (SIGKILL, OOM
 * kill, power loss), without locks that a dead process could leave behind.
 */
#ifndef BENCH_PROCESS_H
#define BENCH_PROCESS_H

#include <stdint.h>

typedef struct bench_process_id {
    char host[256];
    char boot_id[64];
    int64_t pid;
    int64_t start; /* ticks after boot; 0 if unknown */
} bench_process_id;

typedef enum {
    BENCH_PROCESS_DEAD = 0,    /* same host and boot, and that process is gone */
    BENCH_PROCESS_ALIVE = 1,   /* same host and boot, the same incarnation runs */
    BENCH_PROCESS_UNKNOWN = -1 /* another host or boot, or no identity stored */
} bench_process_state;

/* The calling process. */
void bench_process_self(bench_process_id *id);

/* Is the process id (as stored) alive?  A different boot of this host
 * means dead (the machine rebooted since). */
bench_process_state bench_process_state_of(const bench_process_id *id);

#endif
