/* test_report_history.c -- the series and change points of `ctbench
 * history` (report/history.h) on made-up runs with known steps: 8 commits
 * with 2 runs each, a timing step at commit 5 (found there, with its
 * range, and nothing else flagged), a deterministic metric that changes
 * exactly at commit 6, a unit that never changes (nothing flagged), runs of
 * a second machine kept in their own series (or merged with all_machines),
 * a deterministic metric whose runs disagree (treated as noisy), the
 * Bonferroni level, an invalid
 * unit (no sample), the filters, and annotations attached to their commit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/rng.h"
#include "history.h"
#include "testutil.h"

#define COMMITS 8
#define RUNS_PER_COMMIT 2
#define MAX_RUNS 40

static ct_rng rng;

static double jitter(double spread) /* uniform in [1 - spread, 1 + spread) */
{
    return 1 + spread * (2.0 * (double)ct_rng_below(&rng, 1000000) / 1e6 - 1);
}

static void add_metric(bench_unit *u, const char *name, double v)
{
    snprintf(u->metrics[u->n_metrics].name, BENCH_METRIC_NAME_MAX, "%s", name);
    u->metrics[u->n_metrics++].value = v;
}

static void unit_init(bench_unit *u, const char *variant, double ms, double dist_evals)
{
    memset(u, 0, sizeof *u);
    snprintf(u->variant, sizeof u->variant, "%s", variant);
    snprintf(u->workload, sizeof u->workload, "normal-n2000");
    snprintf(u->build, sizeof u->build, "insertion=natural base=2");
    u->threads = 1;
    u->k = 10;
    u->nq = 64;
    u->valid = 1;
    u->samples.n = 5;
    u->samples.ns = malloc(5 * sizeof(double));
    for (int i = 0; i < 5; i++) u->samples.ns[i] = ms * 1e6 * jitter(0.05);
    add_metric(u, "dist_evals", dist_evals);
}

/* commit c (0-based) of the made-up history: its hash and time */
static void commit_of(int c, char *hash, size_t size, char *when, size_t when_size)
{
    snprintf(hash, size, "%08x%032x", 0xabc000 + c, 0x5eed);
    snprintf(when, when_size, "2026-01-%02dT10:00:00+00:00", c + 1);
}

static int n_runs;
static bench_history_run runs[MAX_RUNS];

/* Run r of commit c on `machine`: unit "tree" steps in time at commit 4
 * (x1.5) and in dist_evals at commit 5 (100 -> 120); unit "flat" never
 * changes; unit "bad" failed verification. */
static void add_run(int c, const char *machine_id, double time_scale)
{
    bench_history_run *r = &runs[n_runs];
    memset(r, 0, sizeof *r);
    r->set.run_id = n_runs + 1;
    commit_of(c, r->set.git_commit, sizeof r->set.git_commit, r->commit_time,
              sizeof r->commit_time);
    snprintf(r->started_at, sizeof r->started_at, "2026-02-01T00:00:%02dZ", n_runs);
    snprintf(r->set.machine_id, sizeof r->set.machine_id, "%s", machine_id);
    r->set.n = 3;
    r->set.units = calloc(3, sizeof(bench_unit));
    unit_init(&r->set.units[0], "tree", time_scale * (c >= 4 ? 15.0 : 10.0), c >= 5 ? 120 : 100);
    unit_init(&r->set.units[1], "flat", time_scale * 20.0, 300);
    unit_init(&r->set.units[2], "bad", 5.0, 50);
    r->set.units[2].valid = 0;
    n_runs++;
}

static void free_runs(void)
{
    for (int i = 0; i < n_runs; i++) {
        for (int u = 0; u < runs[i].set.n; u++) free(runs[i].set.units[u].samples.ns);
        free(runs[i].set.units);
    }
    n_runs = 0;
}

static const bench_history_series *find(const bench_history *h, const char *variant,
                                        const char *metric, const char *machine_id)
{
    for (int i = 0; i < h->n; i++)
        if (!strcmp(h->series[i].variant, variant) && !strcmp(h->series[i].metric, metric) &&
            !strcmp(h->series[i].machine_id, machine_id))
            return &h->series[i];
    return NULL;
}

static void check_steps(void)
{
    bench_history_query q;
    bench_history h;
    ct_error err;
    char want_from[64], want_to[64], when[40];
    const bench_history_series *s;

    ct_rng_seed(&rng, 11);
    for (int c = 0; c < COMMITS; c++)
        for (int r = 0; r < RUNS_PER_COMMIT; r++) add_run(c, "m1", 1.0);
    bench_history_query_default(&q);
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK, "build: %s",
             err.msg);
    /* tree and flat, time and dist_evals; bad contributes nothing */
    CT_CHECK(h.n == 4 && h.runs == n_runs, "series %d, runs %d", h.n, h.runs);
    CT_CHECK(!find(&h, "bad", "time", "m1"), "an invalid unit has no series");

    s = find(&h, "tree", "time", "m1");
    CT_CHECK(s && s->n_points == COMMITS && s->n_values == COMMITS * RUNS_PER_COMMIT,
             "tree time: %d points", s ? s->n_points : -1);
    for (int p = 0; s && p < s->n_points; p++)
        CT_CHECK(s->points[p].count == RUNS_PER_COMMIT && s->points[p].first == p * RUNS_PER_COMMIT,
                 "point %d: %d samples from %d", p, s->points[p].count, s->points[p].first);
    commit_of(3, want_from, sizeof want_from, when, sizeof when);
    commit_of(4, want_to, sizeof want_to, when, sizeof when);
    CT_CHECK(s && !s->deterministic && s->n_changes == 1 && s->changes[0].position == 4 &&
                 !strcmp(s->changes[0].from_commit, want_from) &&
                 !strcmp(s->changes[0].to_commit, want_to) && s->changes[0].p_value <= 0.05 &&
                 s->changes[0].p_value > 0 && fabs(s->changes[0].rel_step - 0.5) < 0.05 &&
                 !s->changes[0].exact,
             "tree time: %d changes, first at %d, p %g, step %g", s ? s->n_changes : -1,
             s && s->n_changes ? s->changes[0].position : -1,
             s && s->n_changes ? s->changes[0].p_value : NAN,
             s && s->n_changes ? s->changes[0].rel_step : NAN);

    s = find(&h, "tree", "dist_evals", "m1");
    commit_of(5, want_to, sizeof want_to, when, sizeof when);
    CT_CHECK(s && s->deterministic && s->n_changes == 1 && s->changes[0].position == 5 &&
                 s->changes[0].exact && s->changes[0].p_value == 0 &&
                 !strcmp(s->changes[0].to_commit, want_to) &&
                 fabs(s->changes[0].rel_step - 0.2) < 1e-12 && s->changes[0].before == 100 &&
                 s->changes[0].after == 120,
             "tree dist_evals: %d changes", s ? s->n_changes : -1);

    s = find(&h, "flat", "time", "m1");
    CT_CHECK(s && s->n_changes == 0, "flat time flagged %d", s ? s->n_changes : -1);
    s = find(&h, "flat", "dist_evals", "m1");
    CT_CHECK(s && s->deterministic && s->n_changes == 0, "flat dist_evals flagged");
    bench_history_free(&h);

    /* Bonferroni over the 2 timing series: at 0.009 the step (p = 1 / 200,
     * the smallest p of 199 permutations) passes alone, not at 0.0045 */
    q.cp.significance = 0.009;
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK &&
                 (s = find(&h, "tree", "time", "m1")) && s->n_changes == 1 &&
                 s->changes[0].p_value == 1.0 / 200,
             "at 0.009: %d changes", s ? s->n_changes : -1);
    bench_history_free(&h);
    q.bonferroni = 1;
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK &&
                 (s = find(&h, "tree", "time", "m1")) && s->n_changes == 0 &&
                 (s = find(&h, "tree", "dist_evals", "m1")) && s->n_changes == 1,
             "bonferroni: the timing step is not significant at 0.009 / 2, the exact one stays");
    bench_history_free(&h);
    q.bonferroni = 0;
    q.cp.significance = 0.05;

    /* filters */
    q.variant = "fl*";
    q.metric = "dist_evals";
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK && h.n == 1 &&
                 !strcmp(h.series[0].variant, "flat"),
             "filters: %d series", h.n);
    bench_history_free(&h);
    q.variant = NULL;
    q.metric = NULL;
    q.workload = "uniform*";
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK && h.n == 0,
             "workload filter: %d series", h.n);
    bench_history_free(&h);
}

static void check_machines(void)
{
    bench_history_query q;
    bench_history h;
    ct_error err;
    const bench_history_series *s;

    /* the same commits measured on a machine twice as slow: own series */
    for (int c = 0; c < COMMITS; c++) add_run(c, "m2", 2.0);
    bench_history_query_default(&q);
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK && h.n == 8,
             "two machines: %d series", h.n);
    s = find(&h, "flat", "time", "m2");
    CT_CHECK(s && s->n_values == COMMITS && s->n_changes == 0, "m2 flat: %d values",
             s ? s->n_values : -1);
    s = find(&h, "flat", "time", "m1");
    CT_CHECK(s && s->n_values == COMMITS * RUNS_PER_COMMIT, "m1 flat mixed with m2");
    bench_history_free(&h);

    /* merged: every commit now mixes a fast and a slow machine */
    q.all_machines = 1;
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK && h.n == 4,
             "all machines: %d series", h.n);
    s = find(&h, "flat", "time", "");
    CT_CHECK(s && s->n_values == COMMITS * (RUNS_PER_COMMIT + 1) && s->n_points == COMMITS,
             "merged flat: %d values", s ? s->n_values : -1);
    bench_history_free(&h);
}

static void check_disagreeing_runs(void)
{
    bench_history_query q;
    bench_history h;
    ct_error err;
    const bench_history_series *s;
    /* two runs of commit 2 disagree on dist_evals: not deterministic */
    runs[4].set.units[1].metrics[0].value = 301;
    bench_history_query_default(&q);
    q.metric = "dist_evals";
    q.variant = "flat";
    q.machine = NULL;
    CT_CHECK(bench_history_build(runs, n_runs, NULL, 0, &q, &h, &err) == CT_OK, "build: %s",
             err.msg);
    s = find(&h, "flat", "dist_evals", "m1");
    CT_CHECK(s && !s->deterministic && s->n_changes == 0, "disagreeing runs: deterministic %d",
             s ? s->deterministic : -1);
    bench_history_free(&h);
    runs[4].set.units[1].metrics[0].value = 300;
}

static void check_annotations(void)
{
    bench_annotation notes[2];
    bench_history_query q;
    bench_history h;
    ct_error err;
    char when[40];
    const bench_history_series *s;
    memset(notes, 0, sizeof notes);
    notes[0].id = 1;
    commit_of(4, notes[0].commit, sizeof notes[0].commit, when, sizeof when);
    notes[0].commit[12] = '\0'; /* a prefix names the commit */
    snprintf(notes[0].text, sizeof notes[0].text, "new pruning rule");
    notes[1].id = 2;
    notes[1].run_id = 13; /* commit 6's first run */
    snprintf(notes[1].text, sizeof notes[1].text, "new machine");
    bench_history_query_default(&q);
    q.metric = "time";
    q.variant = "tree";
    CT_CHECK(bench_history_build(runs, COMMITS * RUNS_PER_COMMIT, notes, 2, &q, &h, &err) ==
                     CT_OK &&
                 h.n_annotations == 2,
             "annotations: %d", h.n_annotations);
    s = find(&h, "tree", "time", "m1");
    for (int p = 0; s && p < s->n_points; p++) {
        const char *want = p == 4 ? "new pruning rule" : p == 6 ? "new machine" : NULL;
        const char *got = s->points[p].annotation;
        CT_CHECK((want == NULL && got == NULL) || (want && got && !strcmp(want, got)),
                 "point %d: annotation '%s'", p, got ? got : "(none)");
    }
    bench_history_free(&h);
}

/* runs whose commit is unknown ("") are never pooled into one position */
static void check_unknown_commits(void)
{
    bench_history_query q;
    bench_history h;
    ct_error err;
    const bench_history_series *s = NULL;
    char saved[3][sizeof runs[0].set.git_commit];
    for (int i = 0; i < 3; i++) {
        memcpy(saved[i], runs[i].set.git_commit, sizeof saved[i]);
        runs[i].set.git_commit[0] = '\0';
    }
    bench_history_query_default(&q);
    q.metric = "dist_evals";
    q.variant = "flat";
    CT_CHECK(bench_history_build(runs, 4, NULL, 0, &q, &h, &err) == CT_OK &&
                 (s = find(&h, "flat", "dist_evals", "m1")) && s->n_points == 4,
             "unknown commits: %d points", s ? s->n_points : -1);
    bench_history_free(&h);
    for (int i = 0; i < 3; i++) memcpy(runs[i].set.git_commit, saved[i], sizeof saved[i]);
}

int main(void)
{
    check_steps();
    check_machines();
    check_disagreeing_runs();
    check_annotations();
    check_unknown_commits();
    free_runs();
    return ct_test_finish("test_report_history");
}
