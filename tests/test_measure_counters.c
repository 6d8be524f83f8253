/* test_harness_counters.c -- the counter back-ends on this machine: every
 * requested event yields exactly one sample with a status, missing events
 * carry a reason (on a machine without a PMU: absent, naming the missing
 * PMU), a software event counts through the per-thread event sets inside
 * OpenMP regions, nothing crashes across thread counts, and the `none`
 * backend and a missing simulator report themselves. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters.h"
#include "testutil.h"

static int no_pmu(void)
{
    return access("/sys/bus/event_source/devices/cpu", F_OK) != 0 &&
           access("/sys/bus/event_source/devices/cpu_core", F_OK) != 0;
}

/* Some work per OpenMP thread, so a clock counter has something to count. */
static double busy(int threads)
{
    double total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        double s = 0;
        for (long i = 1; i < 3000000; i++) s += 1.0 / (double)i;
        total += s;
    }
    return total;
}

static void check_papi(void)
{
    bench_event_list cfg;
    bench_counters c;
    bench_counter_sample s[BENCH_MAX_EVENTS];
    ct_error err;
    int n, task = -1;
    static const char *const extra[] = {"NO_SUCH_EVENT_X"};

    memset(&cfg, 0, sizeof cfg);
    for (int i = 0; i < bench_counters_auto_count; i++)
        snprintf(cfg.names[cfg.count++], BENCH_EVENT_NAME_MAX, "%s", bench_counters_auto_events[i]);
    snprintf(cfg.names[cfg.count++], BENCH_EVENT_NAME_MAX, "%s", extra[0]);
    for (int i = 0; i < bench_counters_auto_count; i++)
        if (!strcmp(bench_counters_auto_events[i], "perf::TASK-CLOCK")) task = i;
    CT_CHECK(task >= bench_counters_auto_hardware, "auto lists perf::TASK-CLOCK as software (%d)",
             task);
    ct_error_clear(&err);
    CT_CHECK(bench_counters_open(&c, BENCH_COUNTERS_PAPI, &cfg, 2, &err) == CT_OK, "papi open: %s",
             err.msg);
    CT_CHECK(c.m->describe(&c) && c.m->describe(&c)[0], "empty description");
    printf("papi: %s\n", c.m->describe(&c));
    for (int threads = 1; threads <= 2; threads++) {
        omp_set_num_threads(threads);
        c.m->start(&c);
        busy(threads);
        c.m->stop(&c);
        n = c.m->read(&c, s, BENCH_MAX_EVENTS);
        CT_CHECK(n == cfg.count, "%d samples for %d events", n, cfg.count);
        for (int i = 0; i < n; i++) {
            CT_CHECK(!strcmp(s[i].event, cfg.names[i]), "sample %d is %s", i, s[i].event);
            if (s[i].status == BENCH_CSTAT_OK || s[i].status == BENCH_CSTAT_MULTIPLEXED)
                CT_CHECK(s[i].has_value && s[i].value >= 0, "%s ok without a value", s[i].event);
            else
                CT_CHECK(!s[i].has_value && s[i].reason[0], "%s %s without a reason", s[i].event,
                         bench_counter_status_name(s[i].status));
            if (threads == 2)
                printf("  %-18s %-8s %lld %s\n", s[i].event, bench_counter_status_name(s[i].status),
                       (long long)s[i].value, s[i].reason);
        }
        if (CT_HAVE_PAPI && strstr(c.m->describe(&c), "perf_event disabled")) {
            /* libpfm4 does not know this CPU and PAPI disabled perf_event: no
             * event can count, and every one says why */
            for (int i = 0; i <= bench_counters_auto_count; i++)
                CT_CHECK(s[i].status == BENCH_CSTAT_ABSENT &&
                             strstr(s[i].reason, "component disabled"),
                         "%s with perf_event disabled: %s (%s)", s[i].event,
                         bench_counter_status_name(s[i].status), s[i].reason);
        } else if (CT_HAVE_PAPI) {
            int unknown = bench_counters_auto_count;
            /* the software events exist on every Linux perf_event: they must count
             * (task clock and page faults are never 0 for this loop), and with two
             * threads both threads' event sets add up */
            for (int i = bench_counters_auto_hardware; i < bench_counters_auto_count; i++)
                CT_CHECK(s[i].status == BENCH_CSTAT_OK && s[i].has_value,
                         "%s with %d thread(s): %s (%s)", s[i].event, threads,
                         bench_counter_status_name(s[i].status), s[i].reason);
            CT_CHECK(s[task].value > 0, "perf::TASK-CLOCK with %d thread(s) counted %lld", threads,
                     (long long)s[task].value);
            CT_CHECK(s[unknown].status == BENCH_CSTAT_ABSENT &&
                         strstr(s[unknown].reason, "no such event"),
                     "an unknown event: %s (%s)", bench_counter_status_name(s[unknown].status),
                     s[unknown].reason);
        }
        if (no_pmu()) {
            for (int i = 0; i < bench_counters_auto_hardware; i++)
                CT_CHECK(s[i].status == BENCH_CSTAT_ABSENT && strstr(s[i].reason, "PMU"),
                         "%s on a PMU-less machine: %s (%s)", s[i].event,
                         bench_counter_status_name(s[i].status), s[i].reason);
        }
    }
    if (no_pmu() && CT_HAVE_PAPI)
        CT_CHECK(strstr(c.m->describe(&c), "no CPU PMU") != NULL,
                 "description '%s' does not "
                 "name the missing PMU",
                 c.m->describe(&c));
    bench_counters_close(&c);
}

static void check_none_and_bad(void)
{
    bench_event_list cfg;
    bench_counters c;
    bench_counter_sample s[4];
    ct_error err;
    memset(&cfg, 0, sizeof cfg);
    cfg.is_auto = 1;
    ct_error_clear(&err);
    CT_CHECK(bench_counters_open(&c, BENCH_COUNTERS_NONE, &cfg, 1, &err) == CT_OK, "none: %s",
             err.msg);
    c.m->start(&c);
    c.m->stop(&c);
    CT_CHECK(c.m->read(&c, s, 4) == 0 && c.n_events == 0, "none returned samples");
    CT_CHECK(strstr(c.m->describe(&c), "disabled") != NULL, "none describe");
    bench_counters_close(&c);
    CT_CHECK(bench_counters_open(&c, (bench_counters_kind)7, &cfg, 1, &err) == CT_EINVAL &&
                 strstr(err.msg, "unknown counters backend"),
             "bad backend: %s", err.msg);
    CT_CHECK(bench_counters_kind_find("perf") < 0 &&
                 bench_counters_kind_find("sim") == BENCH_COUNTERS_SIM &&
                 !strcmp(bench_counters_kind_name(BENCH_COUNTERS_NONE), "none"),
             "counters kind names");
}

static void check_sim_missing(void)
{
    /* with no valgrind in PATH the simulator is absent, with a reason, not a failure */
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    bench_counter_sample s[BENCH_SIM_MAX_EVENTS];
    bench_sim_request req;
    char reason[256];
    ct_error err;
    int n = 0;
    memset(&req, 0, sizeof req);
    req.exe = "/nonexistent";
    req.workdir = "/tmp";
    req.state_file = "none";
    req.variant = "brute";
    req.k = 1;
    req.nq = 1;
    setenv("PATH", "/nonexistent-bin", 1);
    CT_CHECK(bench_sim_available(reason, sizeof reason) != 0 && strstr(reason, "valgrind"),
             "sim available without valgrind in PATH: %s", reason);
    ct_error_clear(&err);
    CT_CHECK(bench_sim_run(&req, s, BENCH_SIM_MAX_EVENTS, &n, &err) == CT_OK && n > 0,
             "sim run without valgrind");
    for (int i = 0; i < n; i++)
        CT_CHECK(s[i].status == BENCH_CSTAT_ABSENT && strstr(s[i].reason, "valgrind") &&
                     !strncmp(s[i].event, "callgrind:", 10),
                 "sim sample %d: %s %s", i, s[i].event, s[i].reason);
    if (old) setenv("PATH", old, 1);
    free(old);
}

int main(void)
{
    check_papi();
    check_none_and_bad();
    check_sim_missing();
    return ct_test_finish("test_harness_counters");
}
