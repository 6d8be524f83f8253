/* noise.c -- CPU accounting snapshots and the noise between two (noise.h). */
#define _POSIX_C_SOURCE 200809L
#include "noise.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static int read_proc_stat(bench_cpu_snapshot *s)
{
    FILE *f = fopen("/proc/stat", "r");
    unsigned long long v[10] = {0};
    int n;
    if (!f) return -1;
    n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
               &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
    fclose(f);
    if (n < 8) return -1;
    /* user nice system idle iowait irq softirq steal (guest, guest_nice are in user) */
    s->total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    s->idle = v[3] + v[4];
    s->steal = v[7];
    return 0;
}

void bench_cpu_snapshot_take(bench_cpu_snapshot *s)
{
    struct rusage ru;
    memset(s, 0, sizeof *s);
    s->ok = read_proc_stat(s) == 0;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        s->self_ns = ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
                     ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
        s->ctx = (int64_t)ru.ru_nvcsw + ru.ru_nivcsw;
    }
}

void bench_noise_between(const bench_cpu_snapshot *a, const bench_cpu_snapshot *b,
                         bench_sample_noise *out)
{
    long hz = sysconf(_SC_CLK_TCK);
    memset(out, 0, sizeof *out);
    out->cpu_ns = b->self_ns - a->self_ns;
    out->ctx_switches = b->ctx - a->ctx;
    out->other_cpu = NAN;
    out->steal = NAN;
    if (a->ok && b->ok && b->total > a->total && hz > 0) {
        double total = (double)(b->total - a->total);
        double busy = total - (double)(b->idle - a->idle) - (double)(b->steal - a->steal);
        double self = (double)out->cpu_ns * 1e-9 * (double)hz;
        double other = busy - self;
        out->other_cpu = other > 0 ? other / total : 0.0;
        if (out->other_cpu > 1) out->other_cpu = 1;
        out->steal = (double)(b->steal - a->steal) / total;
        /* judged only on enough ticks (4 over all CPUs: 20 ms on 2 cores) */
        out->noisy = total >= 4 &&
                     (out->other_cpu > BENCH_NOISE_OTHER_CPU || out->steal > BENCH_NOISE_STEAL);
    }
}

double bench_load_average(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double load = NAN;
    if (!f) return NAN;
    if (fscanf(f, "%lf", &load) != 1) load = NAN;
    fclose(f);
    return load;
}
