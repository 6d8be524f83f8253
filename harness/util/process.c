/* process.c -- process identities and liveness (process.h). */
#define _POSIX_C_SOURCE 200809L
#include "process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Field 22 (starttime) of /proc/PID/stat; 0 if unreadable.  The command
 * name (field 2) may hold spaces and parentheses: parse after the last ')'. */
static int64_t start_ticks(int64_t pid)
{
    char path[64], buf[1024];
    FILE *f;
    size_t n;
    char *p;
    long long v = 0;
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
    f = fopen(path, "r");
    if (!f) return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    if (!p) return 0;
    /* after ')': field 3 (state) is the first; starttime is field 22 */
    for (int field = 3; field <= 22 && p; field++) p = strchr(p + 1, ' ');
    if (!p || sscanf(p + 1, "%lld", &v) != 1) return 0;
    return (int64_t)v;
}

static void boot_id(char *out, size_t size)
{
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    out[0] = '\0';
    if (!f) return;
    if (fgets(out, (int)size, f)) out[strcspn(out, "\r\n")] = '\0';
    fclose(f);
}

void bench_process_self(bench_process_id *id)
{
    memset(id, 0, sizeof *id);
    if (gethostname(id->host, sizeof id->host - 1) != 0) snprintf(id->host, sizeof id->host, "?");
    boot_id(id->boot_id, sizeof id->boot_id);
    id->pid = (int64_t)getpid();
    id->start = start_ticks(id->pid);
}

bench_process_state bench_process_state_of(const bench_process_id *id)
{
    bench_process_id self;
    if (!id || id->pid <= 0 || !id->host[0]) return BENCH_PROCESS_UNKNOWN;
    bench_process_self(&self);
    if (strcmp(self.host, id->host) != 0) return BENCH_PROCESS_UNKNOWN;
    if (id->boot_id[0] && self.boot_id[0] && strcmp(self.boot_id, id->boot_id) != 0)
        return BENCH_PROCESS_DEAD;
    if (!id->boot_id[0] || !id->start) return BENCH_PROCESS_UNKNOWN;
    return start_ticks(id->pid) == id->start ? BENCH_PROCESS_ALIVE : BENCH_PROCESS_DEAD;
}
