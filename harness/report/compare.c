/* compare.c -- match two runs' units and judge them (compare.h). */
#include "compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "noise.h"
#include "stats.h"
#include "stats_interval.h"
#include "stats_rank.h"

const char *bench_cmp_verdict_name(bench_cmp_verdict v)
{
    static const char *const names[] = {
        [BENCH_CMP_SAME] = "same",     [BENCH_CMP_IMPROVED] = "improved",
        [BENCH_CMP_FIXED] = "fixed",   [BENCH_CMP_INCONCLUSIVE] = "inconclusive",
        [BENCH_CMP_NOISY] = "noisy",   [BENCH_CMP_REGRESSED] = "REGRESSED",
        [BENCH_CMP_FAILED] = "FAILED", [BENCH_CMP_NOT_COMPARED] = "not compared",
    };
    if ((int)v < 0 || v > BENCH_CMP_NOT_COMPARED) return "?";
    return names[v];
}

static bench_cmp_verdict worst(bench_cmp_verdict a, bench_cmp_verdict b)
{
    if (a == BENCH_CMP_NOT_COMPARED) return b;
    if (b == BENCH_CMP_NOT_COMPARED) return a;
    return a > b ? a : b;
}

static int same_key(const bench_unit *a, const bench_unit *b)
{
    return !strcmp(a->variant, b->variant) && !strcmp(a->workload, b->workload) &&
           !strcmp(a->build, b->build) && a->threads == b->threads && a->k == b->k &&
           a->nq == b->nq && a->predecessor == b->predecessor && a->exclude_self == b->exclude_self;
}

/* ---- verification --------------------------------------------------------- */

static void judge_verification(bench_cmp_unit *cu)
{
    const bench_unit *b = cu->base, *c = cu->cand;
    cu->verification = BENCH_CMP_SAME;
    cu->verification_why[0] = '\0';
    if (strcmp(b->content_hash, c->content_hash) != 0) {
        cu->verification = BENCH_CMP_FAILED;
        snprintf(cu->verification_why, sizeof cu->verification_why,
                 "the workload's data changed (content hash %s -> %s): not comparable",
                 b->content_hash, c->content_hash);
    } else if (!c->valid) {
        cu->verification = BENCH_CMP_FAILED;
        snprintf(cu->verification_why, sizeof cu->verification_why, "%s",
                 b->valid ? "the candidate failed verification"
                          : "failed verification in both runs");
    } else if (!b->valid) {
        cu->verification = BENCH_CMP_FIXED;
        snprintf(cu->verification_why, sizeof cu->verification_why,
                 "failed verification in the baseline, passes now");
    } else if (c->exact_variant && !strcmp(b->verified, "exact") &&
               strcmp(c->verified, "exact") != 0) {
        cu->verification = BENCH_CMP_FAILED;
        snprintf(cu->verification_why, sizeof cu->verification_why,
                 "no longer exact (verified '%s')", c->verified);
    } else if (b->answer_hash[0] && c->answer_hash[0] && strcmp(b->answer_hash, c->answer_hash)) {
        cu->verification = BENCH_CMP_FAILED;
        snprintf(cu->verification_why, sizeof cu->verification_why,
                 "the answers changed (hash %s -> %s)", b->answer_hash, c->answer_hash);
    }
}

/* ---- deterministic metrics ------------------------------------------------ */

static void judge_metrics(bench_cmp_unit *cu, const bench_compare_rules *rules)
{
    const bench_unit *b = cu->base, *c = cu->cand;
    cu->n_metrics = 0;
    cu->metrics_verdict = BENCH_CMP_SAME;
    for (int i = 0; i < b->n_metrics; i++) {
        bench_cmp_metric *m = &cu->metrics[cu->n_metrics++];
        const double *cv = bench_unit_metric_value(c, b->metrics[i].name);
        const bench_metric_rule *rule =
            bench_compare_rule_for(rules, c->variant, b->metrics[i].name);
        int higher_is_better = !strcmp(b->metrics[i].name, "recall");
        double worse;
        memset(m, 0, sizeof *m);
        snprintf(m->name, sizeof m->name, "%s", b->metrics[i].name);
        m->base = b->metrics[i].value;
        m->cand = cv ? *cv : NAN;
        m->rule_line = rule ? rule->line : 0;
        m->limit = !rule || rule->kind == BENCH_RULE_EXACT ? 0.0
                   : rule->kind == BENCH_RULE_TOLERANCE    ? rule->tolerance
                                                           : NAN;
        m->change = m->base != 0 ? m->cand / m->base - 1.0 : (m->cand == 0 ? 0.0 : INFINITY);
        if (!cv || (rule && rule->kind == BENCH_RULE_IGNORE) || isnan(m->base) || isnan(m->cand)) {
            m->verdict = BENCH_CMP_NOT_COMPARED;
            continue;
        }
        if (m->base == m->cand) {
            m->verdict = BENCH_CMP_SAME;
            continue;
        }
        /* the relative worsening: positive is worse */
        worse = m->base != 0 ? (m->cand - m->base) / fabs(m->base) : (m->cand > 0 ? 1.0 : -1.0);
        if (higher_is_better) worse = -worse;
        if (worse > m->limit) m->verdict = BENCH_CMP_REGRESSED;
        else if (worse < -m->limit) m->verdict = BENCH_CMP_IMPROVED;
        else m->verdict = BENCH_CMP_SAME;
        cu->metrics_verdict = worst(cu->metrics_verdict, m->verdict);
    }
}

/* ---- timing ---------------------------------------------------------------- */

/* Why one side's samples cannot be trusted, "" when they can. */
static void side_noise(const bench_unit_set *set, const bench_unit *u,
                       const bench_compare_rules *rules, const char *side, char *why, size_t size,
                       double *other)
{
    const bench_samples *s = &u->samples;
    double steal = bench_samples_steal_share(s);
    *other = bench_samples_other_share(s);
    why[0] = '\0';
    if (s->n > 0 && (double)s->noisy > rules->noisy_share * (double)s->n)
        snprintf(why, size, "%s: %d of %d samples noisy", side, s->noisy, s->n);
    else if (s->ticks >= BENCH_NOISE_MIN_TICKS && *other > BENCH_NOISE_OTHER_CPU)
        snprintf(why, size, "%s: other processes took %.0f%% of the CPUs during its samples", side,
                 100 * *other);
    else if (s->ticks >= BENCH_NOISE_MIN_TICKS && steal > BENCH_NOISE_STEAL)
        snprintf(why, size, "%s: the hypervisor stole %.0f%% during its samples", side,
                 100 * steal);
    else if (s->ticks < BENCH_NOISE_MIN_TICKS && set->run_noisy == 1)
        /* samples too short to judge alone: the run's verdict stands for them */
        snprintf(why, size, "%s: run flagged noisy (%.100s)", side, set->noise_note);
}

static int judge_timing(bench_cmp_unit *cu, const bench_comparison *cmp, ct_error *err)
{
    const bench_compare_rules *rules = cmp->rules;
    const bench_samples *b = &cu->base->samples, *c = &cu->cand->samples;
    bench_cmp_timing *t = &cu->timing;
    bench_stats sb, sc;
    bench_mwu_result mwu;
    bench_ratio_ci ci;
    double *tmp;
    char nb[160], nc[160];
    int rc;

    memset(t, 0, sizeof *t);
    t->n_base = b->n;
    t->n_cand = c->n;
    t->ratio = t->hl = t->lower = t->upper = t->p = t->min_p = NAN;
    if (b->n == 0 || c->n == 0 || !cu->base->valid || !cu->cand->valid) {
        t->verdict = BENCH_CMP_NOT_COMPARED;
        snprintf(t->why, sizeof t->why, "%s",
                 b->n == 0 || c->n == 0 ? "no timed samples" : "invalid: timings not reported");
        return CT_OK;
    }
    tmp = malloc((size_t)(b->n > c->n ? b->n : c->n) * sizeof *tmp);
    if (!tmp) return ct_error_set(err, CT_ENOMEM, "out of memory");
    memcpy(tmp, b->ns, (size_t)b->n * sizeof *tmp);
    bench_stats_compute(tmp, b->n, &sb);
    memcpy(tmp, c->ns, (size_t)c->n * sizeof *tmp);
    bench_stats_compute(tmp, c->n, &sc);
    free(tmp);
    t->base_median_s = sb.median * 1e-9;
    t->cand_median_s = sc.median * 1e-9;
    t->ratio = sc.median / sb.median;

    rc = bench_mwu_test(c->ns, c->n, b->ns, b->n, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &mwu, err);
    if (rc != CT_OK) return rc;
    t->p = mwu.p;
    rc = bench_mwu_min_p(c->n, b->n, BENCH_ALT_TWO_SIDED, BENCH_MWU_AUTO, &t->min_p, err);
    if (rc != CT_OK) return rc;
    if ((long)b->n * c->n <= BENCH_HL_MAX_PAIRS) {
        rc = bench_ratio_ci_hl(b->ns, b->n, c->ns, c->n, rules->confidence, &ci, err);
        if (rc != CT_OK) return rc;
        t->hl = ci.estimate;
        t->bounded = ci.bounded;
        t->lower = ci.lower;
        t->upper = ci.upper;
    }

    if (t->ratio <= rules->factor && t->ratio >= 1.0 / rules->factor) {
        t->verdict = BENCH_CMP_SAME;
        snprintf(t->why, sizeof t->why, "within the factor %.2f", rules->factor);
    } else if (t->min_p > rules->alpha) {
        t->verdict = BENCH_CMP_INCONCLUSIVE;
        snprintf(t->why, sizeof t->why,
                 "%.2fx but too few samples (%d vs %d: p >= %.2g > %.2g at best)", t->ratio, b->n,
                 c->n, t->min_p, rules->alpha);
    } else if (t->p > rules->alpha) {
        t->verdict = BENCH_CMP_SAME;
        snprintf(t->why, sizeof t->why, "%.2fx but not significant (p = %.2g > %.2g)", t->ratio,
                 t->p, rules->alpha);
    } else if (rules->interval && !(t->bounded && (t->ratio > 1 ? t->lower > rules->factor
                                                                : t->upper < 1 / rules->factor))) {
        t->verdict = BENCH_CMP_SAME;
        snprintf(t->why, sizeof t->why,
                 "%.2fx, p = %.2g, but the %.0f%% interval [%.3f, %.3f] reaches inside the "
                 "factor %.2f",
                 t->ratio, t->p, 100 * rules->confidence, t->lower, t->upper, rules->factor);
    } else {
        t->verdict = t->ratio > 1 ? BENCH_CMP_REGRESSED : BENCH_CMP_IMPROVED;
        snprintf(t->why, sizeof t->why, "%.2fx, p = %.2g <= %.2g", t->ratio, t->p, rules->alpha);
    }
    side_noise(cmp->base, cu->base, rules, "baseline", nb, sizeof nb, &t->base_other);
    side_noise(cmp->cand, cu->cand, rules, "candidate", nc, sizeof nc, &t->cand_other);
    if (nb[0] || nc[0]) {
        char said[160];
        snprintf(said, sizeof said, "%.159s", t->why);
        t->verdict = BENCH_CMP_NOISY;
        snprintf(t->why, sizeof t->why, "%s%s%s (would be: %s)", nb, nb[0] && nc[0] ? "; " : "", nc,
                 said);
    }
    return CT_OK;
}

/* ---- the whole comparison ------------------------------------------------- */

static void warn(bench_comparison *cmp, const char *fmt, const char *a, const char *b)
{
    if (cmp->n_warnings >= 8) return;
    snprintf(cmp->warnings[cmp->n_warnings++], sizeof cmp->warnings[0], fmt, a, b);
}

static void run_warnings(bench_comparison *cmp)
{
    const bench_unit_set *b = cmp->base, *c = cmp->cand;
    if (strcmp(b->status, "complete") != 0) warn(cmp, "the baseline run is '%s'%s", b->status, "");
    if (strcmp(c->status, "complete") != 0) warn(cmp, "the candidate run is '%s'%s", c->status, "");
    if (b->is_file || c->is_file) return; /* a baseline file records no machine */
    /* what differs between the two runs' machines: timings compare it too */
    if (strcmp(b->cpu_model, c->cpu_model) != 0)
        warn(cmp, "different CPUs (%.100s vs %.100s): the timings compare the CPUs too",
             b->cpu_model, c->cpu_model);
    else if (strcmp(b->host, c->host) != 0 && !(b->machine[0] && !strcmp(b->machine, c->machine)))
        warn(cmp, "different hosts (%.100s vs %.100s)", b->host, c->host);
    if (strcmp(b->compiler, c->compiler) != 0)
        warn(cmp, "different compilers (%.100s vs %.100s)", b->compiler, c->compiler);
    if (strcmp(b->cflags, c->cflags) != 0)
        warn(cmp, "different compiler flags ('%.100s' vs '%.100s')", b->cflags, c->cflags);
    if (strcmp(b->blas_core, c->blas_core) != 0 || strcmp(b->blas_coretype, c->blas_coretype))
        warn(cmp,
             "different OpenBLAS cores (%.60s vs %.60s): the factor, and so every distance, "
             "may differ in the last bits",
             b->blas_core, c->blas_core);
    if (strcmp(b->kernel_isa, c->kernel_isa) != 0)
        warn(cmp, "different CT_KERNEL_ISA (%.40s vs %.40s): the kernels' rounding may differ",
             b->kernel_isa[0] ? b->kernel_isa : "unrecorded",
             c->kernel_isa[0] ? c->kernel_isa : "unrecorded");
}

static void conclude(bench_comparison *cmp)
{
    int failed = cmp->count[BENCH_CMP_FAILED], regressed = 0, timing_regressed = 0;
    int noisy = 0, inconclusive = 0, improved = 0;
    size_t len;
    for (int i = 0; i < cmp->n; i++) {
        const bench_cmp_unit *u = &cmp->units[i];
        if (u->metrics_verdict == BENCH_CMP_REGRESSED) regressed++;
        if (u->metrics_verdict == BENCH_CMP_IMPROVED) improved++;
        if (u->timing.verdict == BENCH_CMP_REGRESSED) timing_regressed++;
        if (u->timing.verdict == BENCH_CMP_NOISY) noisy++;
        if (u->timing.verdict == BENCH_CMP_INCONCLUSIVE) inconclusive++;
    }
    cmp->metrics_exit = failed || regressed ? 1 : 0;
    cmp->timing_exit = timing_regressed ? 1 : noisy || inconclusive ? 3 : 0;
    if (!cmp->rules->timing_gate) cmp->timing_exit = 0;
    cmp->exit_code = cmp->metrics_exit || cmp->timing_exit == 1 ? 1 : cmp->timing_exit;
    snprintf(cmp->headline, sizeof cmp->headline, "%s: %d unit(s) compared",
             cmp->exit_code == 0   ? "PASS"
             : cmp->exit_code == 1 ? "REGRESSION"
                                   : "INCONCLUSIVE",
             cmp->n);
    len = strlen(cmp->headline);
#define ADD(cond, ...)                                                                             \
    do {                                                                                           \
        if ((cond) && len < sizeof cmp->headline)                                                  \
            len += (size_t)snprintf(cmp->headline + len, sizeof cmp->headline - len, __VA_ARGS__); \
    } while (0)
    ADD(failed, "; %d failed verification or changed answers", failed);
    ADD(regressed, "; %d with regressed metrics", regressed);
    ADD(timing_regressed, "; %d slower%s", timing_regressed,
        cmp->rules->timing_gate ? "" : " (timing gate off)");
    ADD(noisy, "; %d timing(s) noisy", noisy);
    ADD(inconclusive, "; %d timing(s) inconclusive", inconclusive);
    ADD(improved, "; %d with improved metrics (update the baseline)", improved);
    ADD(cmp->count[BENCH_CMP_FIXED], "; %d fixed", cmp->count[BENCH_CMP_FIXED]);
    ADD(cmp->n_only_base, "; %d only in the baseline", cmp->n_only_base);
    ADD(cmp->n_only_cand, "; %d only in the candidate", cmp->n_only_cand);
#undef ADD
}

int bench_compare_runs(const bench_unit_set *base, const bench_unit_set *cand,
                       const bench_compare_rules *rules, bench_comparison *out, ct_error *err)
{
    char *matched = NULL;
    int rc = CT_OK;
    memset(out, 0, sizeof *out);
    out->base = base;
    out->cand = cand;
    out->rules = rules;
    out->units = calloc((size_t)(base->n > 0 ? base->n : 1), sizeof *out->units);
    out->only_base = calloc((size_t)(base->n > 0 ? base->n : 1), sizeof *out->only_base);
    out->only_cand = calloc((size_t)(cand->n > 0 ? cand->n : 1), sizeof *out->only_cand);
    matched = calloc((size_t)(cand->n > 0 ? cand->n : 1), 1);
    if (!out->units || !out->only_base || !out->only_cand || !matched) {
        free(matched);
        bench_comparison_free(out);
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    }
    for (int i = 0; i < base->n && rc == CT_OK; i++) {
        int j = 0;
        while (j < cand->n && (matched[j] || !same_key(&base->units[i], &cand->units[j]))) j++;
        if (j == cand->n) {
            out->only_base[out->n_only_base++] = &base->units[i];
            continue;
        }
        matched[j] = 1;
        {
            bench_cmp_unit *cu = &out->units[out->n++];
            cu->base = &base->units[i];
            cu->cand = &cand->units[j];
            judge_verification(cu);
            judge_metrics(cu, rules);
            rc = judge_timing(cu, out, err);
            cu->verdict = worst(cu->verification, cu->metrics_verdict);
            if (rules->timing_gate) cu->verdict = worst(cu->verdict, cu->timing.verdict);
            out->count[cu->verdict]++;
        }
    }
    for (int j = 0; j < cand->n; j++)
        if (!matched[j]) out->only_cand[out->n_only_cand++] = &cand->units[j];
    free(matched);
    if (rc != CT_OK) {
        bench_comparison_free(out);
        return rc;
    }
    run_warnings(out);
    if (out->n == 0) {
        out->exit_code = 2;
        snprintf(out->headline, sizeof out->headline,
                 "no unit in common (%d in the baseline, %d in the candidate): different "
                 "configs?",
                 base->n, cand->n);
        return CT_OK;
    }
    conclude(out);
    return CT_OK;
}

void bench_comparison_free(bench_comparison *cmp)
{
    free(cmp->units);
    free(cmp->only_base);
    free(cmp->only_cand);
    cmp->units = NULL;
    cmp->only_base = cmp->only_cand = NULL;
    cmp->n = cmp->n_only_base = cmp->n_only_cand = 0;
}
