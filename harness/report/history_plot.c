/* history_plot.c -- the history figures (history_plot.h): data file,
 * gnuplot through plot_render.h, sidecar. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files.h"
#include "history_plot.h"
#include "json.h"
#include "plot_render.h"
#include "version.h"

#define PATH_CAP 4096

static void sanitize(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '-' || *s == '_'))
            *s = '_';
}

static void base_stem(const bench_history_series *s, char *buf, size_t cap)
{
    snprintf(buf, cap, "history_%s_%s_t%d_k%d_%s", s->variant, s->workload, s->threads, s->k,
             s->metric);
    sanitize(buf);
}

void bench_history_plot_stem(const bench_history *h, int i, char *buf, size_t cap)
{
    char mine[512], other[512];
    int clash = 0;
    base_stem(&h->series[i], mine, sizeof mine);
    for (int j = 0; j < h->n && !clash; j++) {
        if (j == i) continue;
        base_stem(&h->series[j], other, sizeof other);
        clash = !strcmp(mine, other);
    }
    if (clash) snprintf(buf, cap, "%s_%d", mine, i + 1);
    else snprintf(buf, cap, "%s", mine);
}

static void tsv_label(FILE *f, const char *s)
{
    if (!s || !*s) {
        fputs("-", f);
        return;
    }
    for (; *s; s++) fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

static void tsv_num(FILE *f, double x)
{
    if (isfinite(x)) fprintf(f, "%.9g", x);
    else fputs("NaN", f);
}

/* kind 0 sample, 1 commit (mean, label = short commit), 2 change (x between
 * two commits, label = step and p), 3 annotation (label = its text) */
static int write_data(const bench_history_series *s, const char *path, ct_error *err)
{
    FILE *f = fopen(path, "w");
    char label[160];
    if (!f) return ct_error_set(err, CT_EIO, "cannot write %s", path);
    fputs("kind\tpos\tvalue\tbefore\tafter\tlabel\n", f);
    for (int p = 0; p < s->n_points; p++) {
        const bench_history_point *pt = &s->points[p];
        for (int i = 0; i < pt->count; i++) {
            fprintf(f, "0\t%d\t", p);
            tsv_num(f, s->values[pt->first + i]);
            fputs("\tNaN\tNaN\t-\n", f);
        }
        fprintf(f, "1\t%d\t", p);
        tsv_num(f, pt->mean);
        fprintf(f, "\tNaN\tNaN\t%.8s\n", pt->commit[0] ? pt->commit : "?");
        if (pt->annotation) {
            fprintf(f, "3\t%d\tNaN\tNaN\tNaN\t", p);
            tsv_label(f, pt->annotation);
            fputc('\n', f);
        }
    }
    for (int i = 0; i < s->n_changes; i++) {
        const bench_history_change *ch = &s->changes[i];
        if (isfinite(ch->rel_step))
            snprintf(label, sizeof label, "%+.1f%% %s", 100 * ch->rel_step,
                     ch->exact ? "exact" : "");
        else snprintf(label, sizeof label, "from 0 %s", ch->exact ? "exact" : "");
        if (!ch->exact)
            snprintf(label + strlen(label), sizeof label - strlen(label), "p=%.2g", ch->p_value);
        fprintf(f, "2\t%g\tNaN\t", ch->position - 0.5);
        tsv_num(f, ch->before);
        fputc('\t', f);
        tsv_num(f, ch->after);
        fprintf(f, "\t%s\n", label);
    }
    if (fclose(f) != 0) return ct_error_set(err, CT_EIO, "cannot write %s", path);
    return CT_OK;
}

static void json_field(FILE *f, const char *key, const char *value)
{
    bench_json_string(f, key);
    fputc(':', f);
    bench_json_string(f, value ? value : "");
    fputc(',', f);
}

static int write_sidecar(const bench_history_series *s, const char *path, const char *stem,
                         const bench_history_plot_request *req, const char *gnuplot_version,
                         ct_error *err)
{
    FILE *f = fopen(path, "w");
    char when[40], text[4096];
    time_t now = time(NULL);
    struct tm tm;
    if (!f) return ct_error_set(err, CT_EIO, "cannot write %s", path);
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fputc('{', f);
    json_field(f, "figure", stem);
    json_field(f, "kind", "history");
    json_field(f, "variant", s->variant);
    json_field(f, "workload", s->workload);
    json_field(f, "build", s->build);
    fprintf(f, "\"threads\":%d,\"k\":%d,\"nq\":%d,", s->threads, s->k, s->nq);
    json_field(f, "machine_id", s->machine_id);
    json_field(f, "metric", s->metric);
    json_field(f, "estimator",
               !strcmp(s->metric, "time") ? "per run: median of its timed samples (ms)"
                                          : "per run: the stored value (deterministic)");
    json_field(f, "change_points",
               s->deterministic ? "exact scan (deterministic metric)"
                                : "E-divisive, permutation test (docs/STATISTICS.md 3)");
    snprintf(text, sizeof text, "%s.tsv", stem);
    json_field(f, "data", text);
    json_field(f, "database", req->db_path);
    snprintf(text, sizeof text, "ctbench history --format json%s%s", req->selector ? " " : "",
             req->selector ? req->selector : "");
    json_field(f, "command", text);
    json_field(f, "gnuplot", gnuplot_version);
    json_field(f, "ctbench", bench_version());
    json_field(f, "created", when);
    fputs("\"points\":[", f);
    for (int p = 0; p < s->n_points; p++) {
        const bench_history_point *pt = &s->points[p];
        fprintf(f, "%s{\"commit\":", p ? "," : "");
        bench_json_string(f, pt->commit);
        fputs(",\"runs\":[", f);
        for (int i = 0; i < pt->count; i++)
            fprintf(f, "%s%lld", i ? "," : "", (long long)s->run_ids[pt->first + i]);
        fputs("],\"mean\":", f);
        bench_json_number(f, pt->mean);
        fputc('}', f);
    }
    fputs("],\"changes\":[", f);
    for (int i = 0; i < s->n_changes; i++) {
        fprintf(f, "%s{\"from_commit\":", i ? "," : "");
        bench_json_string(f, s->changes[i].from_commit);
        fputs(",\"to_commit\":", f);
        bench_json_string(f, s->changes[i].to_commit);
        fputs(",\"rel_step\":", f);
        bench_json_number(f, s->changes[i].rel_step);
        fputs(",\"p_value\":", f);
        bench_json_number(f, s->changes[i].p_value);
        fprintf(f, ",\"exact\":%s}", s->changes[i].exact ? "true" : "false");
    }
    fputs("]}\n", f);
    if (fclose(f) != 0) return ct_error_set(err, CT_EIO, "cannot write %s", path);
    return CT_OK;
}

static const char *scripts_dir(const char *given)
{
    const char *env = getenv("CT_PLOTS_DIR");
    if (given) return given;
    if (env && *env) return env;
    return CT_SOURCE_DIR "/plots";
}

static int draw_one(const bench_history *h, int i, const bench_history_plot_request *req,
                    const char *prog, const char *version, const char *scripts, FILE *log,
                    ct_error *err)
{
    const bench_history_series *s = &h->series[i];
    char stem[600], data[PATH_CAP], out[PATH_CAP], script[PATH_CAP], logp[PATH_CAP];
    char vars[8192], context[1024], machine[256];
    int rc;
    bench_history_plot_stem(h, i, stem, sizeof stem);
    snprintf(data, sizeof data, "%s/%s.tsv", req->out_dir, stem);
    snprintf(script, sizeof script, "%s/history.gp", scripts);
    snprintf(logp, sizeof logp, "%s/%s.log", req->out_dir, stem);
    rc = write_data(s, data, err);
    snprintf(context, sizeof context, "%s  %s  [%s]  threads %d  k %d", s->variant, s->workload,
             s->build, s->threads, s->k);
    snprintf(machine, sizeof machine, "machine %s%s%s%s  %d commits, %d runs",
             s->machine_id[0] ? s->machine_id : "(all)", s->machine[0] ? " (" : "", s->machine,
             s->machine[0] ? ")" : "", s->n_points, s->n_values);
    for (int f = 0; rc == CT_OK && f < req->n_formats; f++) {
        snprintf(out, sizeof out, "%s/%s.%s", req->out_dir, stem, req->formats[f]);
        vars[0] = '\0';
        rc = bench_plot_gp_string(vars, sizeof vars, "datafile", data);
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "output", out);
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "fmt", req->formats[f]);
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "plotdir", scripts);
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "name", "history");
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "context", context);
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "machine", machine);
        if (rc == CT_OK) rc = bench_plot_gp_string(vars, sizeof vars, "metric", s->metric);
        if (rc == CT_OK) rc = bench_plot_gp_int(vars, sizeof vars, "exact", s->deterministic);
        if (rc != CT_OK) return ct_error_set(err, CT_EINVAL, "figure variables too long");
        rc = bench_plot_gnuplot_run(prog, vars, script, logp, err);
    }
    if (rc == CT_OK) {
        remove(logp);
        snprintf(out, sizeof out, "%s/%s.json", req->out_dir, stem);
        rc = write_sidecar(s, out, stem, req, version, err);
    }
    if (rc == CT_OK && log)
        fprintf(log, "%s/%s (%d commits, %d change point%s)\n", req->out_dir, stem, s->n_points,
                s->n_changes, s->n_changes == 1 ? "" : "s");
    return rc;
}

int bench_history_plot(const bench_history *h, const bench_history_plot_request *req, FILE *log,
                       ct_error *err)
{
    const char *prog = bench_plot_gnuplot_program();
    const char *scripts = scripts_dir(req->scripts);
    char version[128], script[PATH_CAP];
    int rc;
    snprintf(script, sizeof script, "%s/history.gp", scripts);
    if (!bench_file_readable(script))
        return ct_error_set(err, CT_EIO,
                            "cannot read the figure script %s (give --scripts DIR or set "
                            "CT_PLOTS_DIR)",
                            script);
    rc = bench_plot_gnuplot_version(prog, version, sizeof version, err);
    if (rc == CT_OK) rc = bench_mkdirs(req->out_dir, err);
    for (int i = 0; rc == CT_OK && i < h->n; i++)
        rc = draw_one(h, i, req, prog, version, scripts, log, err);
    return rc;
}
