/* test_measure_noise.c -- what disturbs a timing (measure/noise.h) and the
 * machine identity (measure/machine.c).
 *
 * The arithmetic of bench_noise_between on made-up /proc/stat snapshots
 * (other processes' share, steal, the tick threshold below which a sample
 * is not judged); then the real thing: while two child processes spin on
 * every core, a run's noise must read busy and say why.  (The opposite --
 * an idle machine reads quiet -- cannot be asserted under ctest -j2, where
 * another test may be running.)  Then the machine fields a run stores.
 */
#define _GNU_SOURCE
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "noise.h"
#include "sysinfo.h"
#include "testutil.h"

static bench_cpu_snapshot snap(uint64_t total, uint64_t idle, uint64_t steal, int64_t self_ns)
{
    bench_cpu_snapshot s;
    memset(&s, 0, sizeof s);
    s.total = total;
    s.idle = idle;
    s.steal = steal;
    s.self_ns = self_ns;
    s.ok = 1;
    return s;
}

static void check_between(void)
{
    long hz = sysconf(_SC_CLK_TCK);
    int64_t tick_ns = 1000000000LL / hz;
    bench_sample_noise n;
    /* 200 ticks: 100 idle, 60 ours, 40 someone else's, none stolen */
    bench_cpu_snapshot a = snap(1000, 500, 0, 0), b = snap(1200, 600, 0, 60 * tick_ns);
    bench_noise_between(&a, &b, &n);
    CT_CHECK(n.ticks == 200 && n.judged, "ticks %lld judged %d", (long long)n.ticks, n.judged);
    CT_CHECK(fabs(n.other_cpu - 0.20) < 1e-9 && n.steal == 0.0, "other %g steal %g", n.other_cpu,
             n.steal);
    CT_CHECK(n.noisy == 1 && n.cpu_ns == 60 * tick_ns, "noisy %d cpu %lld", n.noisy,
             (long long)n.cpu_ns);
    /* the same, all ours: quiet */
    b = snap(1200, 600, 0, 100 * tick_ns);
    bench_noise_between(&a, &b, &n);
    CT_CHECK(n.other_cpu == 0.0 && !n.noisy, "all ours: other %g noisy %d", n.other_cpu, n.noisy);
    /* the hypervisor stole 30 of 200 ticks */
    b = snap(1200, 600, 30, 70 * tick_ns);
    bench_noise_between(&a, &b, &n);
    CT_CHECK(fabs(n.steal - 0.15) < 1e-9 && n.noisy, "steal %g noisy %d", n.steal, n.noisy);
    /* too few ticks to judge: numbers stored, no verdict */
    b = snap(1000 + BENCH_NOISE_MIN_TICKS - 1, 500, 0, 0);
    bench_noise_between(&a, &b, &n);
    CT_CHECK(!n.judged && !n.noisy && n.other_cpu > 0.5, "short sample judged %d noisy %d",
             n.judged, n.noisy);
    /* no /proc/stat: unknown, never noisy */
    b.ok = 0;
    bench_noise_between(&a, &b, &n);
    CT_CHECK(isnan(n.other_cpu) && isnan(n.steal) && !n.judged && !n.noisy, "unreadable stat");
}

static void spin_until(double seconds)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do clock_gettime(CLOCK_MONOTONIC, &t);
    while ((double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec) < seconds);
}

static void check_busy_run(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pid_t kids[64];
    int nk = 0;
    bench_run_noise rn;
    struct rusage ru0, ru1;
    struct timespec t0, t1;
    double kids_share, window;
    getrusage(RUSAGE_CHILDREN, &ru0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bench_run_noise_begin(&rn);
    for (long c = 0; c < cores && nk < 64; c++) {
        pid_t p = fork();
        if (p == 0) {
            spin_until(1.5);
            _exit(0);
        }
        if (p > 0) kids[nk++] = p;
    }
    ct_test_sleep_ms(1500);
    for (int i = 0; i < nk; i++) waitpid(kids[i], NULL, 0);
    bench_run_noise_end(&rn);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    getrusage(RUSAGE_CHILDREN, &ru1);
    window = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    kids_share = ((double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
                  1e-6 * (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) +
                  (double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                  1e-6 * (double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec)) /
                 (window * (double)cores);
    CT_CHECK(!isnan(rn.load_start) && !isnan(rn.load_end), "load average unread");
    /* waited-for children count as ours (RUSAGE_CHILDREN): a run's own
     * simulator is not noise.  Whatever else runs beside this test (ctest -j2,
     * a build), counting the children as other processes would add their whole
     * share: the other share must stay below 1 - half of it. */
    CT_CHECK(kids_share > 0.2, "the spinning children got %.2f of the machine", kids_share);
    CT_CHECK(rn.other_cpu < 1.0 - kids_share / 2,
             "our own children counted as other processes: %g with the children at %.2f (%s)",
             rn.other_cpu, kids_share, rn.note);

    /* a process that is not ours (double fork: the grandchild is never waited for) */
    bench_run_noise_begin(&rn);
    for (long c = 0; c < cores; c++) {
        pid_t p = fork();
        if (p == 0) {
            if (fork() == 0) {
                spin_until(1.5);
                _exit(0);
            }
            _exit(0);
        }
        if (p > 0) waitpid(p, NULL, 0);
    }
    ct_test_sleep_ms(1500);
    bench_run_noise_end(&rn);
    CT_CHECK(rn.noisy == 1 && strstr(rn.note, "other processes used"),
             "two spinning processes on %ld cores, yet the run reads quiet (other %g, note '%s')",
             cores, rn.other_cpu, rn.note);
    CT_CHECK(rn.other_cpu > 0.5, "other processes' share %g with every core spinning",
             rn.other_cpu);
    ct_test_sleep_ms(200); /* let the grandchildren finish */
}

static void check_sample_share(void)
{
    bench_run_noise rn;
    bench_sample_noise judged_noisy = {0}, judged_quiet = {0}, short_one = {0};
    judged_noisy.judged = judged_noisy.noisy = 1;
    judged_quiet.judged = 1;
    bench_run_noise_begin(&rn);
    for (int i = 0; i < 3; i++) bench_run_noise_sample(&rn, &judged_quiet);
    bench_run_noise_sample(&rn, &judged_noisy);
    bench_run_noise_sample(&rn, &short_one);
    CT_CHECK(rn.samples_judged == 4 && rn.samples_noisy == 1, "counted %ld judged, %ld noisy",
             rn.samples_judged, rn.samples_noisy);
    bench_run_noise_sample(&rn, &judged_noisy);
    bench_run_noise_end(&rn);
    CT_CHECK(rn.noisy && strstr(rn.note, "2 of 5 judged samples noisy"),
             "2 of 5 noisy samples: noisy %d '%s'", rn.noisy, rn.note);
}

static void check_machine(void)
{
    bench_sysinfo a, b;
    char id[17];
    bench_sysinfo_collect(&a);
    bench_sysinfo_collect(&b);
    CT_CHECK(strlen(a.machine_id) == 16 && strspn(a.machine_id, "0123456789abcdef") == 16,
             "machine id '%s'", a.machine_id);
    CT_CHECK(!strcmp(a.machine_id, b.machine_id), "identity not stable: %s vs %s", a.machine_id,
             b.machine_id);
    CT_CHECK(a.ram_bytes > 0 && a.os[0] && a.affinity[0] && a.governor[0] && a.boost[0],
             "machine fields: ram %lld os '%s' affinity '%s' governor '%s' boost '%s'", a.ram_bytes,
             a.os, a.affinity, a.governor, a.boost);
    CT_CHECK(a.machine[0] == '\0', "unnamed machine has name '%s'", a.machine);
    snprintf(id, sizeof id, "%s", a.machine_id);
    bench_machine_name(&a, "ci-runner-1");
    bench_machine_name(&b, "ci-runner-1");
    CT_CHECK(!strcmp(a.machine, "ci-runner-1") && strcmp(a.machine_id, id) != 0 &&
                 !strcmp(a.machine_id, b.machine_id),
             "named machine: '%s' %s (was %s)", a.machine, a.machine_id, id);
    bench_machine_name(&b, "ci-runner-2");
    CT_CHECK(strcmp(a.machine_id, b.machine_id) != 0, "two names, one identity");
    setenv("OMP_PROC_BIND", "close", 1);
    bench_sysinfo_collect(&a);
    CT_CHECK(strstr(a.omp_env, "OMP_PROC_BIND=close") != NULL, "omp_env '%s'", a.omp_env);
}

int main(void)
{
    check_between();
    check_sample_share();
    check_busy_run();
    check_machine();
    return ct_test_finish("test_measure_noise");
}
