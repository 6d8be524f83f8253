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

static int64_t rusage_ns(const struct rusage *ru)
{
    return ((int64_t)ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000000LL +
           ((int64_t)ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1000LL;
}

void bench_cpu_snapshot_take(bench_cpu_snapshot *s)
{
    struct rusage ru;
    memset(s, 0, sizeof *s);
    s->ok = read_proc_stat(s) == 0;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        s->self_ns = rusage_ns(&ru);
        s->ctx = (int64_t)ru.ru_nvcsw + ru.ru_nivcsw;
    }
}

/* As bench_cpu_snapshot_take, with the CPU time of waited-for children. */
static void snapshot_with_children(bench_cpu_snapshot *s)
{
    struct rusage ru;
    bench_cpu_snapshot_take(s);
    if (getrusage(RUSAGE_CHILDREN, &ru) == 0) s->self_ns += rusage_ns(&ru);
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
        out->other_ticks = other;
        out->other_cpu = other > 0 ? other / total : 0.0;
        if (out->other_cpu > 1) out->other_cpu = 1;
        out->steal = (double)(b->steal - a->steal) / total;
        out->ticks = (int64_t)total;
        out->judged = total >= BENCH_NOISE_MIN_TICKS;
        out->noisy = out->judged &&
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

void bench_run_noise_begin(bench_run_noise *rn)
{
    memset(rn, 0, sizeof *rn);
    snapshot_with_children(&rn->start);
    rn->load_start = bench_load_average();
    rn->load_end = rn->other_cpu = rn->steal = NAN;
}

void bench_run_noise_sample(bench_run_noise *rn, const bench_sample_noise *sample)
{
    rn->samples_judged += sample->judged;
    rn->samples_noisy += sample->noisy;
}

void bench_run_noise_end(bench_run_noise *rn)
{
    bench_cpu_snapshot end;
    bench_sample_noise whole;
    size_t len = 0;
    snapshot_with_children(&end);
    bench_noise_between(&rn->start, &end, &whole);
    rn->load_end = bench_load_average();
    rn->other_cpu = whole.other_cpu;
    rn->steal = whole.steal;
    rn->noisy = 0;
    rn->note[0] = '\0';
    if (whole.ticks < BENCH_NOISE_RUN_MIN_TICKS) whole.judged = 0;
    if (whole.judged && whole.other_cpu > BENCH_NOISE_OTHER_CPU) {
        rn->noisy = 1;
        len += (size_t)snprintf(rn->note + len, sizeof rn->note - len,
                                "other processes used %.0f%% of the CPUs", 100 * whole.other_cpu);
    }
    if (whole.judged && whole.steal > BENCH_NOISE_RUN_STEAL && len < sizeof rn->note) {
        rn->noisy = 1;
        len +=
            (size_t)snprintf(rn->note + len, sizeof rn->note - len, "%sthe hypervisor stole %.0f%%",
                             len ? "; " : "", 100 * whole.steal);
    }
    if (rn->samples_judged > 0 &&
        (double)rn->samples_noisy > BENCH_NOISE_SAMPLE_SHARE * (double)rn->samples_judged &&
        len < sizeof rn->note) {
        rn->noisy = 1;
        snprintf(rn->note + len, sizeof rn->note - len, "%s%ld of %ld judged samples noisy",
                 len ? "; " : "", rn->samples_noisy, rn->samples_judged);
    }
}
