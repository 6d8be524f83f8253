/* cli_progress.c -- the progress of `ctbench run` (cli_progress.h).
 *
 * ETA: the run's samples are counted up front (config_plan.c).  The pace
 * of a sample is the time since the run started, less the setup phases,
 * over the samples taken; with an earlier run of the same config in the
 * database its pace is the prior, weighed as 20 samples' worth, so the
 * first ETA is the earlier run's and the measured pace takes over as the
 * run goes.  Setup still to come (later workloads' factors, later builds'
 * trees) is the setup seen so far per tree (or the prior's) times the trees
 * not yet started. */
#define _POSIX_C_SOURCE 200809L
#include "cli_progress.h"

#include <string.h>
#include <unistd.h>

#include "clock.h"

#define PRIOR_WEIGHT_SAMPLES 20.0

void bench_progress_init(bench_progress *p, bench_progress_mode mode, FILE *out, long trees_planned,
                         const bench_run_pace *prior)
{
    memset(p, 0, sizeof *p);
    if (mode == BENCH_PROGRESS_AUTO)
        mode = isatty(fileno(out)) ? BENCH_PROGRESS_BAR : BENCH_PROGRESS_LINES;
    p->mode = mode;
    /* log lines go with the run's other lines on stdout: stderr stays for
     * errors, one line each (the CLI contract) */
    p->out = mode == BENCH_PROGRESS_LINES ? stdout : out;
    p->t0_ns = bench_now_ns();
    p->trees_planned = trees_planned;
    if (prior) p->prior = *prior;
}

void bench_progress_duration(double seconds, char *buf, size_t size)
{
    long s = (long)(seconds + 0.5);
    if (seconds < 0) snprintf(buf, size, "?");
    else if (seconds < 9.95) snprintf(buf, size, "%.1fs", seconds);
    else if (s < 60) snprintf(buf, size, "%lds", s);
    else if (s < 3600) snprintf(buf, size, "%ldm%02lds", s / 60, s % 60);
    else snprintf(buf, size, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
}

double bench_progress_estimate(const bench_run_pace *prior, long samples, long trees)
{
    if (!prior || !prior->run_id) return -1;
    return prior->sample_s * (double)samples + prior->setup_per_tree_s * (double)trees;
}

double bench_progress_eta(const bench_progress *p, double elapsed_s, long samples_done,
                          long samples_total)
{
    double sampling = elapsed_s - p->setup_s, pace, setup_per_tree, left;
    long trees_left = p->trees_planned - p->trees_started;
    int have_prior = p->prior.run_id != 0;

    if (sampling < 0) sampling = 0;
    if (samples_done > 0 && have_prior)
        pace = (sampling + PRIOR_WEIGHT_SAMPLES * p->prior.sample_s) /
               ((double)samples_done + PRIOR_WEIGHT_SAMPLES);
    else if (samples_done > 0) pace = sampling / (double)samples_done;
    else if (have_prior) pace = p->prior.sample_s;
    else return -1;
    if (p->trees_started > 0) setup_per_tree = p->setup_s / (double)p->trees_started;
    else setup_per_tree = have_prior ? p->prior.setup_per_tree_s : 0;
    if (trees_left < 0) trees_left = 0;
    left = pace * (double)(samples_total - samples_done) + setup_per_tree * (double)trees_left;
    return left > 0 ? left : 0;
}

void bench_progress_clear(bench_progress *p)
{
    if (!p->drawn) return;
    fprintf(p->out, "\r\033[K");
    fflush(p->out);
    p->drawn = 0;
}

static double elapsed(const bench_progress *p)
{
    return (double)(bench_now_ns() - p->t0_ns) * 1e-9;
}

/* "[12/340 3%] 1m02s, ETA 4m10s" */
static void head(const bench_progress *p, const bench_run_event *ev, char *buf, size_t size)
{
    char el[16], eta[16];
    double e = elapsed(p);
    long total = ev->samples_total > 0 ? ev->samples_total : 1;
    bench_progress_duration(e, el, sizeof el);
    bench_progress_duration(bench_progress_eta(p, e, ev->samples_done, ev->samples_total), eta,
                            sizeof eta);
    snprintf(buf, size, "[%ld/%ld %ld%%] %s elapsed, ETA %s", ev->samples_done, ev->samples_total,
             100 * ev->samples_done / total, el, eta);
}

static void unit_text(const bench_run_event *ev, char *buf, size_t size)
{
    snprintf(buf, size, "%s t=%d k=%d%s%s", ev->unit, ev->threads, ev->k, ev->build ? " " : "",
             ev->build ? ev->build : "");
}

static void phase_text(const bench_run_event *ev, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", ev->phase, ev->detail ? " " : "", ev->detail ? ev->detail : "");
}

static int is_tree_phase(const char *phase)
{
    /* one per tree: the build, or for a tree-less config the workload's factor */
    return !strcmp(phase, "build");
}

void bench_progress_event(void *ctx, const bench_run_event *ev)
{
    bench_progress *p = ctx;
    char h[96], what[512];
    switch (ev->kind) {
    case BENCH_EV_RUN:
        bench_progress_clear(p);
        if (ev->resumed)
            printf("resuming run %lld (status %s)\n", (long long)ev->run_id, ev->detail);
        printf("run %lld: %s\n", (long long)ev->run_id, ev->text);
        fflush(stdout);
        break;
    case BENCH_EV_NOTE:
        bench_progress_clear(p);
        printf("%s%s", ev->text, ev->text[0] && ev->text[strlen(ev->text) - 1] == '\n' ? "" : "\n");
        fflush(stdout);
        break;
    case BENCH_EV_PHASE_BEGIN:
        if (is_tree_phase(ev->phase)) p->trees_started++;
        if (p->mode == BENCH_PROGRESS_NONE) break;
        phase_text(ev, what, sizeof what);
        head(p, ev, h, sizeof h);
        if (p->mode == BENCH_PROGRESS_BAR) {
            fprintf(p->out, "\r\033[K%s setup: %s ...", h, what);
            p->drawn = 1;
        } else if (strcmp(ev->phase, "lower") != 0) {
            fprintf(p->out, "%s setup: %s ...\n", h, what);
        }
        fflush(p->out);
        break;
    case BENCH_EV_PHASE:
        p->setup_s += ev->seconds;
        if (p->mode == BENCH_PROGRESS_NONE) break;
        /* a log gets the long phases only; the bar shows every layout lowered */
        if (p->mode == BENCH_PROGRESS_LINES && !strcmp(ev->phase, "lower")) break;
        bench_progress_clear(p);
        phase_text(ev, what, sizeof what);
        head(p, ev, h, sizeof h);
        fprintf(p->out, "%s setup: %s %.2f s\n", h, what, ev->seconds);
        fflush(p->out);
        break;
    case BENCH_EV_SAMPLE:
        if (p->mode != BENCH_PROGRESS_BAR) break;
        unit_text(ev, what, sizeof what);
        head(p, ev, h, sizeof h);
        fprintf(p->out, "\r\033[K%s %s %s %d/%d", h, what, ev->what, ev->i + 1, ev->of);
        fflush(p->out);
        p->drawn = 1;
        break;
    case BENCH_EV_UNIT:
        bench_progress_clear(p);
        unit_text(ev, what, sizeof what);
        if (ev->failed) {
            fprintf(stderr, "ctbench: run: %s (threads %d, k %d%s%s) INVALID: %s\n", ev->unit,
                    ev->threads, ev->k, ev->build ? ", " : "", ev->build ? ev->build : "",
                    ev->note);
        } else if (p->mode == BENCH_PROGRESS_LINES) {
            head(p, ev, h, sizeof h);
            fprintf(p->out, "%s unit %ld/%ld done: %s\n", h, ev->units_done, ev->units_total, what);
            fflush(p->out);
        }
        break;
    }
}
