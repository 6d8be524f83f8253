/* test_report_compare.c -- the verdicts of `ctbench compare` on made-up
 * runs with known outcomes (report/compare.h): a clear regression and a
 * clear improvement, pure noise, a shift the test cannot confirm, too few
 * samples for p, the noisy paths (noisy samples, a busy run, other
 * processes' CPU), the interval rule, every metric rule (exact, tolerance,
 * ignore, scoped, prefix, recall's direction), exactness loss, changed
 * answers, changed workload data, a fixed unit, units in one run only, no
 * unit in common, and the exit code of each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "ct/rng.h"
#include "testutil.h"

/* ---- building made-up runs -------------------------------------------- */

static void unit_init(bench_unit *u, const char *variant, int threads)
{
    memset(u, 0, sizeof *u);
    snprintf(u->variant, sizeof u->variant, "%s", variant);
    snprintf(u->workload, sizeof u->workload, "normal-n2000");
    snprintf(u->build, sizeof u->build, "insertion=natural base=2");
    u->threads = threads;
    u->k = 10;
    u->nq = 64;
    snprintf(u->content_hash, sizeof u->content_hash, "00aa");
    u->exact_variant = 1;
    snprintf(u->verified, sizeof u->verified, "exact");
    u->valid = 1;
    u->recall = 1.0;
    snprintf(u->answer_hash, sizeof u->answer_hash, "1234");
}

static void add_metric(bench_unit *u, const char *name, double v)
{
    snprintf(u->metrics[u->n_metrics].name, BENCH_METRIC_NAME_MAX, "%s", name);
    u->metrics[u->n_metrics++].value = v;
}

/* n lognormal-ish samples around `median_ms`, relative spread `spread` */
static void samples(bench_unit *u, int n, double median_ms, double spread, uint64_t seed)
{
    ct_rng rng;
    ct_rng_seed(&rng, seed);
    u->samples.ns = malloc((size_t)n * sizeof(double));
    u->samples.n = n;
    for (int i = 0; i < n; i++) {
        double r = (double)ct_rng_below(&rng, 1000000) / 1e6 - 0.5; /* uniform [-0.5, 0.5) */
        u->samples.ns[i] = median_ms * 1e6 * exp(spread * r);
    }
}

/* exactly these sample values (milliseconds) */
static void values(bench_unit *u, const double *ms, int n, double scale)
{
    u->samples.ns = malloc((size_t)n * sizeof(double));
    u->samples.n = n;
    for (int i = 0; i < n; i++) u->samples.ns[i] = ms[i] * scale * 1e6;
}

static void set_init(bench_unit_set *s, bench_unit *units, int n)
{
    memset(s, 0, sizeof *s);
    snprintf(s->label, sizeof s->label, "made-up");
    snprintf(s->status, sizeof s->status, "complete");
    snprintf(s->cpu_model, sizeof s->cpu_model, "CPU");
    s->run_noisy = 0;
    s->units = units;
    s->n = n;
}

static void free_samples(bench_unit *u, int n)
{
    for (int i = 0; i < n; i++) {
        free(u[i].samples.ns);
        u[i].samples.ns = NULL;
    }
}

/* Compare one base unit with one candidate unit under rules. */
static bench_cmp_verdict one(bench_unit *b, bench_unit *c, const bench_compare_rules *rules,
                             bench_comparison *cmp)
{
    static bench_unit_set sb, sc;
    ct_error err;
    set_init(&sb, b, 1);
    set_init(&sc, c, 1);
    ct_error_clear(&err);
    if (bench_compare_runs(&sb, &sc, rules, cmp, &err) != CT_OK) {
        CT_CHECK(0, "compare failed: %s", err.msg);
        return BENCH_CMP_NOT_COMPARED;
    }
    return cmp->n == 1 ? cmp->units[0].verdict : BENCH_CMP_NOT_COMPARED;
}

/* ---- timing ------------------------------------------------------------------ */

static void check_timing(void)
{
    bench_compare_rules r;
    bench_comparison cmp;
    bench_unit b, c;
    bench_compare_rules_default(&r);

    /* clear regression: 30% slower, 10 vs 10, 5% spread */
    unit_init(&b, "csr.bfs.cached.heap.auto.f64", 1);
    unit_init(&c, "csr.bfs.cached.heap.auto.f64", 1);
    samples(&b, 10, 10.0, 0.05, 1);
    samples(&c, 10, 13.0, 0.05, 2);
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_REGRESSED && cmp.exit_code == 1 &&
                 cmp.timing_exit == 1 && cmp.metrics_exit == 0,
             "clear regression: %s exit %d (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.exit_code, cmp.units[0].timing.why);
    CT_CHECK(cmp.units[0].timing.p < 1e-3 && fabs(cmp.units[0].timing.ratio - 1.3) < 0.05 &&
                 cmp.units[0].timing.bounded && cmp.units[0].timing.lower > 1.1 &&
                 cmp.units[0].timing.upper < 1.5,
             "ratio %g [%g, %g] p %g", cmp.units[0].timing.ratio, cmp.units[0].timing.lower,
             cmp.units[0].timing.upper, cmp.units[0].timing.p);
    CT_CHECK(strstr(cmp.headline, "REGRESSION") && strstr(cmp.headline, "1 slower"), "headline %s",
             cmp.headline);
    bench_comparison_free(&cmp);
    /* the same with the timing gate off: reported, exit 0 */
    r.timing_gate = 0;
    one(&b, &c, &r, &cmp);
    CT_CHECK(cmp.exit_code == 0 && cmp.units[0].timing.verdict == BENCH_CMP_REGRESSED,
             "gate off: exit %d", cmp.exit_code);
    bench_comparison_free(&cmp);
    r.timing_gate = 1;
    free_samples(&c, 1);

    /* clear improvement */
    samples(&c, 10, 7.0, 0.05, 3);
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_IMPROVED && cmp.exit_code == 0,
             "improvement: %s exit %d", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.exit_code);
    bench_comparison_free(&cmp);
    free_samples(&c, 1);

    /* pure noise: the same distribution, other draws */
    samples(&c, 10, 10.0, 0.05, 4);
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_SAME && cmp.exit_code == 0, "noise: %s (%s)",
             bench_cmp_verdict_name(cmp.units[0].verdict), cmp.units[0].timing.why);
    bench_comparison_free(&cmp);
    free_samples(&c, 1);

    /* beyond the factor but buried in a wide spread: not significant, same */
    free_samples(&b, 1);
    {
        static const double wb[] = {5, 8, 10, 12, 15, 20}, wc[] = {6, 9, 11.5, 14, 17, 22};
        values(&b, wb, 6, 1.0); /* medians 11 and 12.75: 1.16x, p = 0.70 */
        values(&c, wc, 6, 1.0);
    }
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_SAME && cmp.units[0].timing.p > r.alpha &&
                 strstr(cmp.units[0].timing.why, "not significant"),
             "wide spread: %s p %g (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.units[0].timing.p, cmp.units[0].timing.why);
    bench_comparison_free(&cmp);
    free_samples(&b, 1);
    free_samples(&c, 1);

    /* too few samples: 3 vs 3 can never reach p <= 0.01, however large the shift */
    samples(&b, 3, 10.0, 0.01, 7);
    samples(&c, 3, 20.0, 0.01, 8);
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_INCONCLUSIVE && cmp.exit_code == 3 &&
                 cmp.units[0].timing.min_p > r.alpha &&
                 strstr(cmp.units[0].timing.why, "too few samples") && !cmp.units[0].timing.bounded,
             "3 vs 3: %s exit %d min p %g (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.exit_code, cmp.units[0].timing.min_p, cmp.units[0].timing.why);
    bench_comparison_free(&cmp);
    free_samples(&b, 1);
    free_samples(&c, 1);

    /* the interval rule: significant and beyond the factor in the median, but the
     * interval reaches back inside it -> same; without the rule -> regressed */
    {
        /* 1.25x, exact p = 0.0019 (scipy), yet the 99 % interval starts near 1.04 */
        static const double ib[] = {10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5};
        values(&b, ib, 8, 1.0);
        values(&c, ib, 8, 1.25);
    }
    r.interval = 0;
    one(&b, &c, &r, &cmp);
    {
        bench_cmp_timing t = cmp.units[0].timing;
        bench_comparison_free(&cmp);
        if (t.verdict == BENCH_CMP_REGRESSED && t.lower < r.factor) {
            r.interval = 1;
            CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_SAME &&
                         strstr(cmp.units[0].timing.why, "interval"),
                     "interval rule: %s (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
                     cmp.units[0].timing.why);
            bench_comparison_free(&cmp);
        } else {
            CT_CHECK(0, "the interval case did not come out as intended: %s [%g, %g] p %g",
                     bench_cmp_verdict_name(t.verdict), t.lower, t.upper, t.p);
        }
    }
    r.interval = 0;
    free_samples(&b, 1);
    free_samples(&c, 1);
}

/* ---- noise -------------------------------------------------------------------- */

static void check_noise(void)
{
    bench_compare_rules r;
    bench_comparison cmp;
    bench_unit b, c;
    bench_unit_set sb, sc;
    ct_error err;
    bench_compare_rules_default(&r);
    unit_init(&b, "csr.bfs.cached.heap.auto.f64", 1);
    unit_init(&c, "csr.bfs.cached.heap.auto.f64", 1);
    samples(&b, 10, 10.0, 0.05, 11);
    samples(&c, 10, 13.0, 0.05, 12);

    /* a third of the candidate's samples flagged noisy: noisy, exit 3, not 1 */
    c.samples.noisy = 4;
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_NOISY && cmp.exit_code == 3 &&
                 strstr(cmp.units[0].timing.why, "4 of 10 samples noisy") &&
                 strstr(cmp.units[0].timing.why, "would be"),
             "noisy samples: %s exit %d (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.exit_code, cmp.units[0].timing.why);
    bench_comparison_free(&cmp);
    c.samples.noisy = 2; /* 20 % <= noisy_share 25 %: judged as usual */
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_REGRESSED, "2 of 10 noisy samples: %s",
             bench_cmp_verdict_name(cmp.units[0].verdict));
    bench_comparison_free(&cmp);
    c.samples.noisy = 0;

    /* other processes' CPU over the samples, enough ticks to judge */
    b.samples.ticks = 200;
    b.samples.other_ticks = 60; /* 30 % */
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_NOISY &&
                 strstr(cmp.units[0].timing.why, "other processes took 30%"),
             "busy baseline: %s (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.units[0].timing.why);
    bench_comparison_free(&cmp);
    b.samples.other_ticks = 0;
    b.samples.steal_ticks = 40; /* 20 % stolen */
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_NOISY && strstr(cmp.units[0].timing.why, "stole"),
             "stolen baseline: %s", bench_cmp_verdict_name(cmp.units[0].verdict));
    bench_comparison_free(&cmp);
    b.samples.steal_ticks = 0;

    /* samples too short to judge alone, in a run flagged noisy */
    b.samples.ticks = 5;
    set_init(&sb, &b, 1);
    set_init(&sc, &c, 1);
    sc.run_noisy = 1;
    snprintf(sc.noise_note, sizeof sc.noise_note, "the hypervisor stole 9%%");
    ct_error_clear(&err);
    CT_CHECK(bench_compare_runs(&sb, &sc, &r, &cmp, &err) == CT_OK &&
                 cmp.units[0].verdict == BENCH_CMP_NOISY &&
                 strstr(cmp.units[0].timing.why, "run flagged noisy"),
             "noisy run: %s (%s)", bench_cmp_verdict_name(cmp.units[0].verdict),
             cmp.units[0].timing.why);
    bench_comparison_free(&cmp);
    /* ... but a unit whose own samples were long enough is judged by them */
    c.samples.ticks = 400;
    CT_CHECK(bench_compare_runs(&sb, &sc, &r, &cmp, &err) == CT_OK &&
                 cmp.units[0].verdict == BENCH_CMP_REGRESSED,
             "quiet samples in a noisy run: %s", bench_cmp_verdict_name(cmp.units[0].verdict));
    bench_comparison_free(&cmp);

    /* a deterministic regression with a noisy timing: exit 1, timing 3 */
    c.samples.ticks = 0;
    add_metric(&b, "dist_evals", 100);
    add_metric(&c, "dist_evals", 120);
    CT_CHECK(bench_compare_runs(&sb, &sc, &r, &cmp, &err) == CT_OK && cmp.exit_code == 1 &&
                 cmp.metrics_exit == 1 && cmp.timing_exit == 3,
             "metrics regressed + noisy timing: exit %d metrics %d timing %d", cmp.exit_code,
             cmp.metrics_exit, cmp.timing_exit);
    bench_comparison_free(&cmp);
    free_samples(&b, 1);
    free_samples(&c, 1);
}

/* ---- deterministic metrics -------------------------------------------------------- */

static const bench_cmp_metric *metric(const bench_comparison *cmp, const char *name)
{
    for (int i = 0; i < cmp->units[0].n_metrics; i++)
        if (!strcmp(cmp->units[0].metrics[i].name, name)) return &cmp->units[0].metrics[i];
    return NULL;
}

static void check_metrics(void)
{
    bench_compare_rules r;
    bench_comparison cmp;
    bench_unit b, c;
    const bench_cmp_metric *m;
    bench_compare_rules_default(&r);
    unit_init(&b, "csr.bfs.cached.heap.auto.f64", 1);
    unit_init(&c, "csr.bfs.cached.heap.auto.f64", 1);
    add_metric(&b, "dist_evals", 200.0);
    add_metric(&c, "dist_evals", 202.0); /* +1 % */
    add_metric(&b, "nodes_visited", 50.0);
    add_metric(&c, "nodes_visited", 45.0); /* -10 % */
    add_metric(&b, "recall", 0.95);
    add_metric(&c, "recall", 0.97); /* better */
    add_metric(&b, "sim.Ir", 1000000);
    add_metric(&c, "sim.Ir", 1015000); /* +1.5 % */
    add_metric(&b, "sim.D1mr", 5000);
    add_metric(&c, "sim.D1mr", 5100); /* +2 % */
    add_metric(&b, "heap_ops", 10);   /* the candidate lacks it */

    /* default: every metric exact */
    one(&b, &c, &r, &cmp);
    CT_CHECK((m = metric(&cmp, "dist_evals")) && m->verdict == BENCH_CMP_REGRESSED &&
                 fabs(m->change - 0.01) < 1e-12,
             "exact dist_evals +1%%");
    CT_CHECK((m = metric(&cmp, "nodes_visited")) && m->verdict == BENCH_CMP_IMPROVED,
             "nodes -10%% improved");
    CT_CHECK((m = metric(&cmp, "recall")) && m->verdict == BENCH_CMP_IMPROVED,
             "recall up is better");
    CT_CHECK((m = metric(&cmp, "heap_ops")) && m->verdict == BENCH_CMP_NOT_COMPARED,
             "a metric the candidate lacks");
    CT_CHECK(cmp.units[0].metrics_verdict == BENCH_CMP_REGRESSED && cmp.exit_code == 1 &&
                 cmp.metrics_exit == 1 && cmp.timing_exit == 0,
             "metrics regressed: exit %d", cmp.exit_code);
    CT_CHECK(cmp.units[0].timing.verdict == BENCH_CMP_NOT_COMPARED, "no samples: timing %s",
             bench_cmp_verdict_name(cmp.units[0].timing.verdict));
    bench_comparison_free(&cmp);

    /* tolerances, a prefix rule, a scoped rule (later wins), ignore */
    r.n_rules = 0;
#define RULE(scope_, metric_, kind_, tol_)                    \
    do {                                                      \
        bench_metric_rule *x = &r.rules[r.n_rules++];         \
        memset(x, 0, sizeof *x);                              \
        snprintf(x->scope, sizeof x->scope, "%s", scope_);    \
        snprintf(x->metric, sizeof x->metric, "%s", metric_); \
        x->kind = kind_;                                      \
        x->tolerance = tol_;                                  \
        x->line = r.n_rules;                                  \
    } while (0)
    RULE("", "dist_evals", BENCH_RULE_TOLERANCE, 0.02);
    RULE("", "sim.*", BENCH_RULE_TOLERANCE, 0.01);
    RULE("csr.*", "sim.D1mr", BENCH_RULE_TOLERANCE, 0.03);
    RULE("ll.*", "sim.D1mr", BENCH_RULE_EXACT, 0);
    RULE("", "nodes_visited", BENCH_RULE_IGNORE, 0);
    one(&b, &c, &r, &cmp);
    CT_CHECK((m = metric(&cmp, "dist_evals")) && m->verdict == BENCH_CMP_SAME && m->limit == 0.02,
             "dist_evals within 2%%");
    CT_CHECK((m = metric(&cmp, "sim.Ir")) && m->verdict == BENCH_CMP_REGRESSED,
             "sim.Ir +1.5%% beyond the prefix rule's 1%%");
    CT_CHECK((m = metric(&cmp, "sim.D1mr")) && m->verdict == BENCH_CMP_SAME && m->limit == 0.03,
             "scoped sim.D1mr rule for csr.*: limit %g", m ? m->limit : -1);
    CT_CHECK((m = metric(&cmp, "nodes_visited")) && m->verdict == BENCH_CMP_NOT_COMPARED,
             "ignored metric");
    bench_comparison_free(&cmp);

    /* recall down is the regression; tolerance within it */
    c.metrics[2].value = 0.94;
    r.n_rules = 0;
    one(&b, &c, &r, &cmp);
    CT_CHECK((m = metric(&cmp, "recall")) && m->verdict == BENCH_CMP_REGRESSED, "recall down");
    bench_comparison_free(&cmp);
    RULE("", "recall", BENCH_RULE_TOLERANCE, 0.02);
    one(&b, &c, &r, &cmp);
    CT_CHECK((m = metric(&cmp, "recall")) && m->verdict == BENCH_CMP_SAME,
             "recall -1%% within 2%%");
    bench_comparison_free(&cmp);
#undef RULE
    /* a metric that was 0 and is not any more */
    memset(&b.metrics, 0, sizeof b.metrics);
    memset(&c.metrics, 0, sizeof c.metrics);
    b.n_metrics = c.n_metrics = 0;
    r.n_rules = 0;
    add_metric(&b, "heap_ops", 0);
    add_metric(&c, "heap_ops", 3);
    one(&b, &c, &r, &cmp);
    CT_CHECK((m = metric(&cmp, "heap_ops")) && m->verdict == BENCH_CMP_REGRESSED, "0 -> 3");
    bench_comparison_free(&cmp);
}

/* ---- verification ---------------------------------------------------------------------- */

static void check_verification(void)
{
    bench_compare_rules r;
    bench_comparison cmp;
    bench_unit b, c;
    bench_compare_rules_default(&r);
    unit_init(&b, "csr.bfs.cached.heap.auto.f64", 1);
    unit_init(&c, "csr.bfs.cached.heap.auto.f64", 1);
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_SAME && cmp.exit_code == 0, "identical units");
    bench_comparison_free(&cmp);

    snprintf(c.verified, sizeof c.verified, "approximate");
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_FAILED && cmp.exit_code == 1 &&
                 strstr(cmp.units[0].verification_why, "no longer exact"),
             "exactness lost: %s", cmp.units[0].verification_why);
    bench_comparison_free(&cmp);
    snprintf(c.verified, sizeof c.verified, "exact");

    snprintf(c.answer_hash, sizeof c.answer_hash, "9999");
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_FAILED &&
                 strstr(cmp.units[0].verification_why, "answers changed"),
             "answers changed: %s", cmp.units[0].verification_why);
    bench_comparison_free(&cmp);
    /* even with every metric ignored: answers are not a metric */
    r.n_rules = 1;
    memset(&r.rules[0], 0, sizeof r.rules[0]);
    snprintf(r.rules[0].metric, sizeof r.rules[0].metric, "*");
    r.rules[0].kind = BENCH_RULE_IGNORE;
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_FAILED, "answers changed under ignore-all rules");
    bench_comparison_free(&cmp);
    r.n_rules = 0;
    snprintf(c.answer_hash, sizeof c.answer_hash, "1234");

    c.valid = 0;
    snprintf(c.verified, sizeof c.verified, "failed");
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_FAILED &&
                 strstr(cmp.units[0].verification_why, "candidate failed verification"),
             "candidate invalid");
    bench_comparison_free(&cmp);
    /* fixed: invalid before, valid now */
    CT_CHECK(one(&c, &b, &r, &cmp) == BENCH_CMP_FIXED && cmp.exit_code == 0, "fixed: exit %d",
             cmp.exit_code);
    bench_comparison_free(&cmp);
    c.valid = 1;
    snprintf(c.verified, sizeof c.verified, "exact");

    snprintf(c.content_hash, sizeof c.content_hash, "00bb");
    CT_CHECK(one(&b, &c, &r, &cmp) == BENCH_CMP_FAILED &&
                 strstr(cmp.units[0].verification_why, "workload's data changed"),
             "workload changed: %s", cmp.units[0].verification_why);
    bench_comparison_free(&cmp);
}

/* ---- matching ----------------------------------------------------------------------------- */

static void check_matching(void)
{
    bench_compare_rules r;
    bench_comparison cmp;
    bench_unit b[3], c[3];
    bench_unit_set sb, sc;
    ct_error err;
    bench_compare_rules_default(&r);
    unit_init(&b[0], "csr.bfs.cached.heap.auto.f64", 1);
    unit_init(&b[1], "csr.bfs.cached.heap.auto.f64", 2);
    unit_init(&b[2], "ll.natural.indirect.level.auto.f64", 1);
    unit_init(&c[0], "csr.bfs.cached.heap.auto.f64", 2); /* order differs */
    unit_init(&c[1], "csr.bfs.cached.heap.auto.f64", 1);
    unit_init(&c[2], "csr.bfs.cached.heap.avx512.f64", 1); /* only on this machine */
    set_init(&sb, b, 3);
    set_init(&sc, c, 3);
    ct_error_clear(&err);
    CT_CHECK(bench_compare_runs(&sb, &sc, &r, &cmp, &err) == CT_OK && cmp.n == 2 &&
                 cmp.n_only_base == 1 && cmp.n_only_cand == 1 && cmp.exit_code == 0 &&
                 cmp.units[0].cand == &c[1] && cmp.units[1].cand == &c[0],
             "matching: %d matched, %d/%d only, exit %d", cmp.n, cmp.n_only_base, cmp.n_only_cand,
             cmp.exit_code);
    CT_CHECK(strstr(cmp.headline, "1 only in the baseline") &&
                 strstr(cmp.headline, "1 only in the candidate"),
             "headline %s", cmp.headline);
    bench_comparison_free(&cmp);

    /* no unit in common: exit 2 */
    snprintf(c[0].workload, sizeof c[0].workload, "other");
    snprintf(c[1].workload, sizeof c[1].workload, "other");
    CT_CHECK(bench_compare_runs(&sb, &sc, &r, &cmp, &err) == CT_OK && cmp.n == 0 &&
                 cmp.exit_code == 2 && strstr(cmp.headline, "no unit in common"),
             "nothing in common: exit %d %s", cmp.exit_code, cmp.headline);
    bench_comparison_free(&cmp);

    /* warnings: an incomplete candidate, another CPU */
    snprintf(c[0].workload, sizeof c[0].workload, "normal-n2000");
    snprintf(sc.status, sizeof sc.status, "interrupted");
    snprintf(sc.cpu_model, sizeof sc.cpu_model, "Other CPU");
    CT_CHECK(bench_compare_runs(&sb, &sc, &r, &cmp, &err) == CT_OK && cmp.n_warnings == 2 &&
                 strstr(cmp.warnings[0], "interrupted") &&
                 strstr(cmp.warnings[1], "different CPUs"),
             "warnings: %d", cmp.n_warnings);
    bench_comparison_free(&cmp);
}

int main(void)
{
    check_timing();
    check_noise();
    check_metrics();
    check_verification();
    check_matching();
    return ct_test_finish("test_report_compare");
}
