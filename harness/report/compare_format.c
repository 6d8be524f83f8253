/* compare_format.c -- write a comparison as a table, JSON or Markdown
 * (compare_format.h). */
#include "compare_format.h"
#include "text.h"

#include <math.h>
#include <string.h>

#include "json.h"

int bench_compare_format_find(const char *name)
{
    if (!strcmp(name, "table")) return BENCH_COMPARE_TABLE;
    if (!strcmp(name, "json")) return BENCH_COMPARE_JSON;
    if (!strcmp(name, "markdown") || !strcmp(name, "md")) return BENCH_COMPARE_MARKDOWN;
    return -1;
}

/* ---- labels ---------------------------------------------------------------- */

/* A build shown by the tokens that differ between the builds of the
 * comparison ("insertion=hilbert"), "-" for a baseline. */
typedef struct build_view {
    unsigned varying;
} build_view;

static build_view build_view_of(const bench_comparison *cmp)
{
    build_view v = {0};
    const char *first = NULL;
    for (int i = 0; i < cmp->n; i++) {
        const char *b = cmp->units[i].cand->build;
        if (!strchr(b, '=')) continue; /* a baseline */
        if (!first) {
            first = b;
            continue;
        }
        for (int j = 0; j < 16; j++) {
            char x[64] = "", y[64] = "";
            int hx = bench_text_word(first, j, x, sizeof x),
                hy = bench_text_word(b, j, y, sizeof y);
            if (hx != hy || strcmp(x, y) != 0) v.varying |= 1u << j;
        }
    }
    return v;
}

static void build_label(const build_view *v, const char *build, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    if (!strchr(build, '=')) {
        snprintf(out, size, "-");
        return;
    }
    for (int j = 0; j < 16; j++) {
        char t[64];
        if (!(v->varying & (1u << j)) || !bench_text_word(build, j, t, sizeof t)) continue;
        len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", t);
        if (len >= size) break;
    }
}

static void unit_label(const build_view *v, const bench_unit *u, char *out, size_t size)
{
    char b[128];
    build_label(v, u->build, b, sizeof b);
    if (b[0] && strcmp(b, "-") != 0) snprintf(out, size, "%s [%s]", u->variant, b);
    else snprintf(out, size, "%s", u->variant);
}

static void ratio_text(const bench_cmp_timing *t, char *out, size_t size)
{
    if (isnan(t->ratio)) snprintf(out, size, "-");
    else if (t->bounded) snprintf(out, size, "%.3f [%.3f, %.3f]", t->ratio, t->lower, t->upper);
    else snprintf(out, size, "%.3f [too few]", t->ratio);
}

static const char *side_text(const bench_unit_set *s, char *out, size_t size)
{
    if (s->is_file) {
        snprintf(out, size, "%.200s (baseline file of run %lld '%.60s', commit %.12s; no timings)",
                 s->label, (long long)s->run_id, s->name, s->git_commit);
        return out;
    }
    snprintf(out, size, "%.200s (run %lld '%.60s', commit %.12s%s, %.60s, %s)", s->label,
             (long long)s->run_id, s->name, s->git_commit, s->git_dirty == 1 ? " dirty" : "",
             s->machine[0] ? s->machine : s->cpu_model, s->status);
    return out;
}

static int changed(const bench_cmp_unit *u)
{
    return u->verdict != BENCH_CMP_SAME;
}

/* ---- table ------------------------------------------------------------------ */

static void write_table(const bench_comparison *cmp, int verbose, FILE *out)
{
    build_view bv = build_view_of(cmp);
    const char *workload = "";
    char side[512], label[256], ratio[64];
    int shown = 0, metric_rows = 0, verify_rows = 0;

    fprintf(out, "baseline   %s\n", side_text(cmp->base, side, sizeof side));
    fprintf(out, "candidate  %s\n", side_text(cmp->cand, side, sizeof side));
    fprintf(out, "rules      %s: timing factor %.2f, alpha %.2g, %.0f%% interval%s, gate %s\n",
            cmp->rules->path[0] ? cmp->rules->path : "built-in defaults", cmp->rules->factor,
            cmp->rules->alpha, 100 * cmp->rules->confidence,
            cmp->rules->interval ? " must clear the factor" : "",
            cmp->rules->timing_gate ? "on" : "off");
    for (int i = 0; i < cmp->n_warnings; i++) fprintf(out, "warning    %s\n", cmp->warnings[i]);

    for (int i = 0; i < cmp->n; i++) {
        const bench_cmp_unit *u = &cmp->units[i];
        if (!verbose && !changed(u)) continue;
        if (strcmp(workload, u->cand->workload) != 0) {
            workload = u->cand->workload;
            fprintf(out, "\nworkload %s\n%-52s %3s %4s %10s %10s %-26s %8s %-13s %-10s %s\n",
                    workload, "unit", "thr", "k", "base_ms", "cand_ms", "ratio [interval]", "p",
                    "timing", "metrics", "verdict");
        }
        unit_label(&bv, u->cand, label, sizeof label);
        ratio_text(&u->timing, ratio, sizeof ratio);
        fprintf(out, "%-52s %3d %4d %10.4f %10.4f %-26s %8.2g %-13s %-10s %s\n", label,
                u->cand->threads, u->cand->k, 1e3 * u->timing.base_median_s,
                1e3 * u->timing.cand_median_s, ratio, u->timing.p,
                bench_cmp_verdict_name(u->timing.verdict),
                bench_cmp_verdict_name(u->metrics_verdict), bench_cmp_verdict_name(u->verdict));
        shown++;
    }
    if (!shown) fprintf(out, "\n(no unit changed; --verbose lists them all)\n");

    for (int i = 0; i < cmp->n; i++) {
        const bench_cmp_unit *u = &cmp->units[i];
        for (int m = 0; m < u->n_metrics; m++) {
            const bench_cmp_metric *x = &u->metrics[m];
            if (x->verdict == BENCH_CMP_SAME || x->verdict == BENCH_CMP_NOT_COMPARED) continue;
            if (!metric_rows++)
                fprintf(out, "\nmetric changes\n%-52s %3s %4s %-16s %14s %14s %9s %7s  %s\n",
                        "unit", "thr", "k", "metric", "base", "cand", "change", "limit", "verdict");
            unit_label(&bv, u->cand, label, sizeof label);
            fprintf(out, "%-52s %3d %4d %-16s %14.6g %14.6g %+8.2f%% %6.2f%%  %s\n", label,
                    u->cand->threads, u->cand->k, x->name, x->base, x->cand, 100 * x->change,
                    100 * x->limit, bench_cmp_verdict_name(x->verdict));
        }
    }
    for (int i = 0; i < cmp->n; i++) {
        const bench_cmp_unit *u = &cmp->units[i];
        if (u->verification == BENCH_CMP_SAME) continue;
        if (!verify_rows++) fprintf(out, "\nverification\n");
        unit_label(&bv, u->cand, label, sizeof label);
        fprintf(out, "%-6s %s (threads %d, k %d): %s\n", bench_cmp_verdict_name(u->verification),
                label, u->cand->threads, u->cand->k, u->verification_why);
    }
    for (int i = 0; i < cmp->n; i++) {
        const bench_cmp_unit *u = &cmp->units[i];
        if (u->timing.verdict != BENCH_CMP_NOISY && u->timing.verdict != BENCH_CMP_INCONCLUSIVE)
            continue;
        if (!verbose) continue;
        unit_label(&bv, u->cand, label, sizeof label);
        fprintf(out, "timing %s %s: %s\n", bench_cmp_verdict_name(u->timing.verdict), label,
                u->timing.why);
    }
    for (int i = 0; i < cmp->n_only_base; i++)
        fprintf(out, "%sonly in the baseline: %s t=%d k=%d %s\n", i ? "" : "\n",
                cmp->only_base[i]->variant, cmp->only_base[i]->threads, cmp->only_base[i]->k,
                cmp->only_base[i]->build);
    for (int i = 0; i < cmp->n_only_cand; i++)
        fprintf(out, "%sonly in the candidate: %s t=%d k=%d %s\n", i ? "" : "\n",
                cmp->only_cand[i]->variant, cmp->only_cand[i]->threads, cmp->only_cand[i]->k,
                cmp->only_cand[i]->build);
    fprintf(out, "\n%s\n", cmp->headline);
    if (cmp->n)
        fprintf(out, "exit %d (deterministic metrics and verification: %d; timing: %d%s)\n",
                cmp->exit_code, cmp->metrics_exit, cmp->timing_exit,
                cmp->rules->timing_gate ? "" : ", gate off");
}

/* ---- JSON -------------------------------------------------------------------- */

static void json_side(FILE *out, const char *key, const bench_unit_set *s)
{
    fprintf(out, "  \"%s\": {\"label\": ", key);
    bench_json_string(out, s->label);
    fprintf(out, ", \"run\": %lld, \"name\": ", (long long)s->run_id);
    bench_json_string(out, s->name);
    fputs(", \"status\": ", out);
    bench_json_string(out, s->status);
    fputs(", \"commit\": ", out);
    bench_json_string(out, s->git_commit);
    fprintf(out, ", \"dirty\": %d, \"machine_id\": ", s->git_dirty);
    bench_json_string(out, s->machine_id);
    fputs(", \"machine\": ", out);
    bench_json_string(out, s->machine);
    fputs(", \"cpu\": ", out);
    bench_json_string(out, s->cpu_model);
    fprintf(out, ", \"noisy\": %d, \"schema\": %d},\n", s->run_noisy, s->schema_version);
}

static void json_num(FILE *out, const char *key, double x, const char *after)
{
    fprintf(out, "\"%s\": ", key);
    bench_json_number(out, x);
    fputs(after, out);
}

static void json_unit_key(FILE *out, const bench_unit *u)
{
    fputs("\"variant\": ", out);
    bench_json_string(out, u->variant);
    fputs(", \"workload\": ", out);
    bench_json_string(out, u->workload);
    fputs(", \"build\": ", out);
    bench_json_string(out, u->build);
    fprintf(out,
            ", \"threads\": %d, \"k\": %d, \"nq\": %d, \"predecessor\": %d, "
            "\"exclude_self\": %d",
            u->threads, u->k, u->nq, u->predecessor, u->exclude_self);
}

static void write_json(const bench_comparison *cmp, FILE *out)
{
    fputs("{\n", out);
    json_side(out, "baseline", cmp->base);
    json_side(out, "candidate", cmp->cand);
    fputs("  \"rules\": {\"path\": ", out);
    bench_json_string(out, cmp->rules->path);
    fputs(", ", out);
    json_num(out, "factor", cmp->rules->factor, ", ");
    json_num(out, "alpha", cmp->rules->alpha, ", ");
    json_num(out, "confidence", cmp->rules->confidence, ", ");
    json_num(out, "noisy_share", cmp->rules->noisy_share, ", ");
    fprintf(out, "\"interval\": %d, ", cmp->rules->interval);
    fprintf(out, "\"timing_gate\": %d},\n", cmp->rules->timing_gate);
    fprintf(out,
            "  \"exit_code\": %d, \"metrics_exit\": %d, \"timing_exit\": %d,\n  \"headline\": ",
            cmp->exit_code, cmp->metrics_exit, cmp->timing_exit);
    bench_json_string(out, cmp->headline);
    fputs(",\n  \"warnings\": [", out);
    for (int i = 0; i < cmp->n_warnings; i++) {
        if (i) fputs(", ", out);
        bench_json_string(out, cmp->warnings[i]);
    }
    fputs("],\n  \"units\": [", out);
    for (int i = 0; i < cmp->n; i++) {
        const bench_cmp_unit *u = &cmp->units[i];
        const bench_cmp_timing *t = &u->timing;
        fputs(i ? ",\n    {" : "\n    {", out);
        json_unit_key(out, u->cand);
        fputs(", \"verdict\": ", out);
        bench_json_string(out, bench_cmp_verdict_name(u->verdict));
        fputs(",\n     \"verification\": ", out);
        bench_json_string(out, bench_cmp_verdict_name(u->verification));
        fputs(", \"verification_why\": ", out);
        bench_json_string(out, u->verification_why);
        fprintf(out, ",\n     \"timing\": {\"verdict\": ");
        bench_json_string(out, bench_cmp_verdict_name(t->verdict));
        fprintf(out, ", \"n_base\": %d, \"n_cand\": %d, ", t->n_base, t->n_cand);
        json_num(out, "base_median_s", t->base_median_s, ", ");
        json_num(out, "cand_median_s", t->cand_median_s, ", ");
        json_num(out, "ratio", t->ratio, ", ");
        json_num(out, "hodges_lehmann", t->hl, ", ");
        json_num(out, "lower", t->bounded ? t->lower : NAN, ", ");
        json_num(out, "upper", t->bounded ? t->upper : NAN, ", ");
        json_num(out, "p", t->p, ", ");
        json_num(out, "min_p", t->min_p, ", ");
        json_num(out, "base_other_cpu", t->base_other, ", ");
        json_num(out, "cand_other_cpu", t->cand_other, ", ");
        fputs("\"why\": ", out);
        bench_json_string(out, t->why);
        fputs("},\n     \"metrics\": [", out);
        for (int m = 0; m < u->n_metrics; m++) {
            const bench_cmp_metric *x = &u->metrics[m];
            fputs(m ? ", {\"name\": " : "{\"name\": ", out);
            bench_json_string(out, x->name);
            fputs(", ", out);
            json_num(out, "base", x->base, ", ");
            json_num(out, "cand", x->cand, ", ");
            json_num(out, "change", x->change, ", ");
            json_num(out, "limit", x->limit, ", ");
            fputs("\"verdict\": ", out);
            bench_json_string(out, bench_cmp_verdict_name(x->verdict));
            fputc('}', out);
        }
        fputs("]}", out);
    }
    fputs("\n  ],\n  \"only_baseline\": [", out);
    for (int i = 0; i < cmp->n_only_base; i++) {
        fputs(i ? ", {" : "{", out);
        json_unit_key(out, cmp->only_base[i]);
        fputc('}', out);
    }
    fputs("],\n  \"only_candidate\": [", out);
    for (int i = 0; i < cmp->n_only_cand; i++) {
        fputs(i ? ", {" : "{", out);
        json_unit_key(out, cmp->only_cand[i]);
        fputc('}', out);
    }
    fputs("]\n}\n", out);
}

/* ---- Markdown ------------------------------------------------------------------ */

/* A table cell: '|' would end it, a newline the row. */
static void md_cell(FILE *out, const char *s)
{
    fputc(' ', out);
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n') fputc(' ', out);
        else fputc(*s, out);
    }
    fputs(" |", out);
}

static void md_row(FILE *out, const build_view *bv, const bench_cmp_unit *u)
{
    char label[256], ratio[64], p[32], metrics[512] = "";
    size_t len = 0;
    unit_label(bv, u->cand, label, sizeof label);
    ratio_text(&u->timing, ratio, sizeof ratio);
    snprintf(p, sizeof p, "%.2g", u->timing.p);
    for (int m = 0; m < u->n_metrics && len < sizeof metrics; m++) {
        const bench_cmp_metric *x = &u->metrics[m];
        if (x->verdict == BENCH_CMP_SAME || x->verdict == BENCH_CMP_NOT_COMPARED) continue;
        len += (size_t)snprintf(metrics + len, sizeof metrics - len, "%s%s %+.2f%%",
                                len ? ", " : "", x->name, 100 * x->change);
    }
    if (u->verification != BENCH_CMP_SAME && len < sizeof metrics)
        snprintf(metrics + len, sizeof metrics - len, "%s%s", len ? "; " : "", u->verification_why);
    fputc('|', out);
    md_cell(out, bench_cmp_verdict_name(u->verdict));
    md_cell(out, label);
    {
        char tk[32];
        snprintf(tk, sizeof tk, "%d / %d", u->cand->threads, u->cand->k);
        md_cell(out, tk);
    }
    md_cell(out, ratio);
    md_cell(out, isnan(u->timing.p) ? "-" : p);
    md_cell(out, bench_cmp_verdict_name(u->timing.verdict));
    md_cell(out, metrics[0] ? metrics : bench_cmp_verdict_name(u->metrics_verdict));
    fputc('\n', out);
}

static void md_header(FILE *out)
{
    fputs("| verdict | unit | threads / k | time ratio [interval] | p | timing | metrics |\n"
          "|---|---|---|---|---|---|---|\n",
          out);
}

static void write_markdown(const bench_comparison *cmp, FILE *out)
{
    build_view bv = build_view_of(cmp);
    int changes = 0;
    fprintf(out, "### ctbench compare: %s\n\n", cmp->headline);
    fprintf(out, "Baseline `%.12s` (%s) against candidate `%.12s` (%s); ", cmp->base->git_commit,
            cmp->base->machine[0] ? cmp->base->machine : cmp->base->cpu_model,
            cmp->cand->git_commit,
            cmp->cand->machine[0] ? cmp->cand->machine : cmp->cand->cpu_model);
    fprintf(out,
            "a timing regresses when its median ratio exceeds %.2f and a Mann-Whitney U test "
            "gives p <= %.2g. Exit %d (metrics %d, timing %d).\n\n",
            cmp->rules->factor, cmp->rules->alpha, cmp->exit_code, cmp->metrics_exit,
            cmp->timing_exit);
    for (int i = 0; i < cmp->n_warnings; i++) fprintf(out, "> **warning:** %s\n", cmp->warnings[i]);
    if (cmp->n_warnings) fputc('\n', out);
    for (int i = 0; i < cmp->n; i++)
        if (changed(&cmp->units[i])) {
            if (!changes++) md_header(out);
            md_row(out, &bv, &cmp->units[i]);
        }
    if (!changes) fputs("No unit changed.\n", out);
    fprintf(out, "\n<details><summary>all %d units</summary>\n\n", cmp->n);
    if (cmp->n) md_header(out);
    for (int i = 0; i < cmp->n; i++) md_row(out, &bv, &cmp->units[i]);
    for (int i = 0; i < cmp->n_only_base; i++)
        fprintf(out, "%sOnly in the baseline: `%s` (threads %d, k %d)\n", i ? "\n" : "\n",
                cmp->only_base[i]->variant, cmp->only_base[i]->threads, cmp->only_base[i]->k);
    for (int i = 0; i < cmp->n_only_cand; i++)
        fprintf(out, "\nOnly in the candidate: `%s` (threads %d, k %d)\n",
                cmp->only_cand[i]->variant, cmp->only_cand[i]->threads, cmp->only_cand[i]->k);
    fputs("\n</details>\n", out);
}

void bench_comparison_write(const bench_comparison *cmp, bench_compare_format format, int verbose,
                            FILE *out)
{
    switch (format) {
    case BENCH_COMPARE_JSON: write_json(cmp, out); break;
    case BENCH_COMPARE_MARKDOWN: write_markdown(cmp, out); break;
    default: write_table(cmp, verbose, out); break;
    }
}
