/* history_format.c -- `ctbench history` as a table, CSV (one row per commit
 * of a series) or JSON (history.h). */
#include <math.h>
#include <string.h>

#include "history.h"
#include "json.h"

int bench_history_format_find(const char *name)
{
    if (!strcmp(name, "table")) return BENCH_HISTORY_TABLE;
    if (!strcmp(name, "csv")) return BENCH_HISTORY_CSV;
    if (!strcmp(name, "json")) return BENCH_HISTORY_JSON;
    return -1;
}

/* the change that starts at point p, NULL when none */
static const bench_history_change *change_at(const bench_history_series *s, int p)
{
    for (int i = 0; i < s->n_changes; i++)
        if (s->changes[i].position == p) return &s->changes[i];
    return NULL;
}

static void write_step(FILE *out, double rel)
{
    if (isfinite(rel)) fprintf(out, "%+.1f%%", 100 * rel);
    else fputs("from 0", out);
}

static void write_table(const bench_history *h, FILE *out)
{
    fprintf(out,
            "history: %d run%s, %d series (a position is a commit; its runs are its samples)\n",
            h->runs, h->runs == 1 ? "" : "s", h->n);
    for (int a = 0; a < h->n_annotations; a++) {
        const bench_annotation *n = &h->annotations[a];
        fprintf(out, "annotation %lld  commit %.12s", (long long)n->id, n->commit);
        if (n->run_id) fprintf(out, " run %lld", (long long)n->run_id);
        fprintf(out, "  %s\n", n->text);
    }
    for (int i = 0; i < h->n; i++) {
        const bench_history_series *s = &h->series[i];
        fprintf(out, "\n%s  %s  [%s]  threads=%d k=%d nq=%d%s%s", s->variant, s->workload, s->build,
                s->threads, s->k, s->nq, s->predecessor ? " predecessor" : "",
                s->exclude_self ? " exclude-self" : "");
        if (s->machine_id[0])
            fprintf(out, "  machine %s%s%s%s", s->machine_id, s->machine[0] ? " (" : "", s->machine,
                    s->machine[0] ? ")" : "");
        fprintf(out, "\n  %s%s: %d commit%s, %d sample%s, %d change point%s (%s)\n", s->metric,
                strcmp(s->metric, "time") ? "" : " [ms, median per run]", s->n_points,
                s->n_points == 1 ? "" : "s", s->n_values, s->n_values == 1 ? "" : "s", s->n_changes,
                s->n_changes == 1 ? "" : "s",
                s->deterministic ? "deterministic: exact changes" : "E-divisive, permutation test");
        fprintf(out, "  %-12s  %-25s  %4s  %14s\n", "commit", "commit time", "runs", "mean");
        for (int p = 0; p < s->n_points; p++) {
            const bench_history_point *pt = &s->points[p];
            const bench_history_change *ch = change_at(s, p);
            fprintf(out, "  %-12.12s  %-25.25s  %4d  %14.6g", pt->commit, pt->commit_time,
                    pt->count, pt->mean);
            if (ch) {
                fputs("  <- CHANGE ", out);
                write_step(out, ch->rel_step);
                if (ch->exact) fputs(" exactly at this commit", out);
                else
                    fprintf(out, " in (%.12s, %.12s], p = %.3g", ch->from_commit, ch->to_commit,
                            ch->p_value);
            }
            if (pt->annotation) fprintf(out, "  [%s]", pt->annotation);
            fputc('\n', out);
        }
    }
}

static void csv_text(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_number(FILE *out, double x)
{
    if (isfinite(x)) fprintf(out, "%.17g", x);
}

static void write_csv(const bench_history *h, FILE *out)
{
    fputs("variant,workload,build,threads,k,nq,predecessor,exclude_self,machine_id,metric,"
          "position,commit,commit_time,runs,mean,change,change_from,change_step,change_p,"
          "change_exact,annotation\n",
          out);
    for (int i = 0; i < h->n; i++) {
        const bench_history_series *s = &h->series[i];
        for (int p = 0; p < s->n_points; p++) {
            const bench_history_point *pt = &s->points[p];
            const bench_history_change *ch = change_at(s, p);
            csv_text(out, s->variant);
            fputc(',', out);
            csv_text(out, s->workload);
            fputc(',', out);
            csv_text(out, s->build);
            fprintf(out, ",%d,%d,%d,%d,%d,%s,%s,%d,%s,", s->threads, s->k, s->nq, s->predecessor,
                    s->exclude_self, s->machine_id, s->metric, p, pt->commit);
            csv_text(out, pt->commit_time);
            fprintf(out, ",%d,", pt->count);
            csv_number(out, pt->mean);
            fprintf(out, ",%d,%s,", ch != NULL, ch ? ch->from_commit : "");
            if (ch) csv_number(out, ch->rel_step);
            fputc(',', out);
            if (ch) csv_number(out, ch->p_value);
            fprintf(out, ",%s,", ch ? (ch->exact ? "1" : "0") : "");
            if (pt->annotation) csv_text(out, pt->annotation);
            fputc('\n', out);
        }
    }
}

static void json_key(FILE *out, const char *key)
{
    bench_json_string(out, key);
    fputc(':', out);
}

static void json_text_field(FILE *out, const char *key, const char *value, int comma)
{
    json_key(out, key);
    if (value) bench_json_string(out, value);
    else fputs("null", out);
    if (comma) fputc(',', out);
}

static void json_series(FILE *out, const bench_history_series *s)
{
    fputc('{', out);
    json_text_field(out, "variant", s->variant, 1);
    json_text_field(out, "workload", s->workload, 1);
    json_text_field(out, "build", s->build, 1);
    fprintf(out, "\"threads\":%d,\"k\":%d,\"nq\":%d,\"predecessor\":%d,\"exclude_self\":%d,",
            s->threads, s->k, s->nq, s->predecessor, s->exclude_self);
    json_text_field(out, "machine_id", s->machine_id[0] ? s->machine_id : NULL, 1);
    json_text_field(out, "machine", s->machine[0] ? s->machine : NULL, 1);
    json_text_field(out, "metric", s->metric, 1);
    fprintf(out, "\"deterministic\":%s,\"points\":[", s->deterministic ? "true" : "false");
    for (int p = 0; p < s->n_points; p++) {
        const bench_history_point *pt = &s->points[p];
        fputs(p ? ",{" : "{", out);
        json_text_field(out, "commit", pt->commit, 1);
        json_text_field(out, "commit_time", pt->commit_time[0] ? pt->commit_time : NULL, 1);
        fputs("\"runs\":[", out);
        for (int i = 0; i < pt->count; i++)
            fprintf(out, "%s%lld", i ? "," : "", (long long)s->run_ids[pt->first + i]);
        fputs("],\"values\":[", out);
        for (int i = 0; i < pt->count; i++) {
            if (i) fputc(',', out);
            bench_json_number(out, s->values[pt->first + i]);
        }
        fputs("],\"mean\":", out);
        bench_json_number(out, pt->mean);
        fputc(',', out);
        json_text_field(out, "annotation", pt->annotation, 0);
        fputc('}', out);
    }
    fputs("],\"changes\":[", out);
    for (int i = 0; i < s->n_changes; i++) {
        const bench_history_change *ch = &s->changes[i];
        fprintf(out, "%s{\"position\":%d,", i ? "," : "", ch->position);
        json_text_field(out, "from_commit", ch->from_commit, 1);
        json_text_field(out, "to_commit", ch->to_commit, 1);
        fputs("\"before\":", out);
        bench_json_number(out, ch->before);
        fputs(",\"after\":", out);
        bench_json_number(out, ch->after);
        fputs(",\"rel_step\":", out);
        bench_json_number(out, ch->rel_step);
        fputs(",\"p_value\":", out);
        bench_json_number(out, ch->p_value);
        fprintf(out, ",\"exact\":%s}", ch->exact ? "true" : "false");
    }
    fputs("]}", out);
}

static void write_json(const bench_history *h, FILE *out)
{
    fprintf(out, "{\"runs\":%d,\"annotations\":[", h->runs);
    for (int a = 0; a < h->n_annotations; a++) {
        const bench_annotation *n = &h->annotations[a];
        fprintf(out, "%s{\"id\":%lld,\"run\":", a ? "," : "", (long long)n->id);
        if (n->run_id) fprintf(out, "%lld,", (long long)n->run_id);
        else fputs("null,", out);
        json_text_field(out, "commit", n->commit[0] ? n->commit : NULL, 1);
        json_text_field(out, "created_at", n->created_at, 1);
        json_text_field(out, "text", n->text, 0);
        fputc('}', out);
    }
    fputs("],\"series\":[", out);
    for (int i = 0; i < h->n; i++) {
        if (i) fputc(',', out);
        json_series(out, &h->series[i]);
    }
    fputs("]}\n", out);
}

void bench_history_write(const bench_history *h, bench_history_format format, FILE *out)
{
    if (format == BENCH_HISTORY_CSV) write_csv(h, out);
    else if (format == BENCH_HISTORY_JSON) write_json(h, out);
    else write_table(h, out);
}
