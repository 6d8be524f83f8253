/* test_util_process.c -- process identities (util/process.h): this process
 * is alive; a child that exited is dead; the same pid with another start
 * time is dead (pid reuse); another boot of this host is dead; another host
 * cannot be checked; no identity is unknown. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process.h"
#include "testutil.h"

int main(void)
{
    bench_process_id self, id;
    pid_t child;
    bench_process_self(&self);
    CT_CHECK(self.pid == getpid() && self.start > 0 && self.host[0] && self.boot_id[0],
             "self: pid %lld start %lld host '%s' boot '%s'", (long long)self.pid,
             (long long)self.start, self.host, self.boot_id);
    CT_CHECK(bench_process_state_of(&self) == BENCH_PROCESS_ALIVE, "self not alive");

    id = self;
    id.start = self.start + 1;
    CT_CHECK(bench_process_state_of(&id) == BENCH_PROCESS_DEAD, "another incarnation of my pid");

    child = fork();
    if (child == 0) _exit(0);
    waitpid(child, NULL, 0);
    id = self;
    id.pid = child;
    CT_CHECK(bench_process_state_of(&id) == BENCH_PROCESS_DEAD, "an exited child is not dead");

    id = self;
    snprintf(id.boot_id, sizeof id.boot_id, "00000000-0000-0000-0000-000000000000");
    CT_CHECK(bench_process_state_of(&id) == BENCH_PROCESS_DEAD, "another boot is not dead");

    id = self;
    snprintf(id.host, sizeof id.host, "elsewhere-%.200s", self.host);
    CT_CHECK(bench_process_state_of(&id) == BENCH_PROCESS_UNKNOWN, "another host is decided");

    memset(&id, 0, sizeof id);
    CT_CHECK(bench_process_state_of(&id) == BENCH_PROCESS_UNKNOWN, "no identity is decided");
    return ct_test_finish("test_util_process");
}
