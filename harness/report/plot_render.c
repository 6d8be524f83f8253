/* plot_render.c -- run gnuplot on a figure script and write the figure's
 * JSON sidecar (plot_render.h). */
#define _POSIX_C_SOURCE 200809L
#include "plot_render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "json.h"

const char *bench_plot_gnuplot_program(void)
{
    const char *p = getenv("CT_GNUPLOT");
    return p && *p ? p : "gnuplot";
}

int bench_plot_gnuplot_version(const char *prog, char *buf, size_t cap, ct_error *err)
{
    const char *argv[] = {prog, "-V", NULL};
    char out[256];
    bench_child child;
    bench_child_status st;
    ct_error e;

    buf[0] = '\0';
    memset(&child, 0, sizeof child);
    child.argv = argv;
    child.capture = out;
    child.capture_cap = sizeof out;
    child.timeout_s = 30;
    ct_error_clear(&e);
    if (bench_child_run(&child, &st, &e) != CT_OK)
        return ct_error_set(err, CT_ENOTSUP,
                            "%s (install gnuplot, e.g. apt-get install gnuplot-nox, or set "
                            "CT_GNUPLOT)",
                            e.msg);
    out[strcspn(out, "\r\n")] = '\0';
    if (!st.exited || st.code != 0 || strncmp(out, "gnuplot", 7) != 0)
        return ct_error_set(err, CT_ENOTSUP,
                            "%s does not answer like gnuplot (`%s -V` gave \"%.80s\", exit %d)",
                            prog, prog, out, st.exited ? st.code : -1);
    snprintf(buf, cap, "%s", out);
    return CT_OK;
}

/* gnuplot's error line ("SCRIPT" line N: message), skipping warnings; else
 * the log's last non-empty line. */
static void log_excerpt(const char *log_path, char *buf, size_t cap)
{
    FILE *in = fopen(log_path, "r");
    char line[512];
    buf[0] = '\0';
    if (!in) return;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        snprintf(buf, cap, "%.300s", line);
        if (strstr(line, " line ") && strstr(line, ": ") && !strstr(line, "warning:")) break;
    }
    fclose(in);
}

int bench_plot_gnuplot_run(const char *prog, const char *vars, const char *script,
                           const char *log_path, ct_error *err)
{
    /* -d: default settings, no ~/.gnuplot */
    const char *argv[] = {prog, "-d", "-e", vars, script, NULL};
    char excerpt[400];
    bench_child child;
    bench_child_status st;
    int rc;

    memset(&child, 0, sizeof child);
    child.argv = argv;
    child.log_path = log_path;
    child.timeout_s = 300;
    rc = bench_child_run(&child, &st, err);
    if (rc != CT_OK) return rc;
    if (st.exited && st.code == 0) return CT_OK;
    log_excerpt(log_path, excerpt, sizeof excerpt);
    if (!st.exited)
        return ct_error_set(err, CT_EIO, "gnuplot was killed running %s (log: %s)", script,
                            log_path);
    return ct_error_set(err, CT_EIO, "gnuplot failed on %s (exit %d): %s", script, st.code,
                        excerpt[0] ? excerpt : "no message");
}

int bench_plot_gp_string(char *buf, size_t cap, const char *name, const char *value)
{
    size_t len = strlen(buf);
    int w = snprintf(buf + len, cap - len, "%s='", name);
    if (w < 0 || (size_t)w >= cap - len) return CT_EINVAL;
    len += (size_t)w;
    for (const char *p = value; *p; p++) {
        if (len + 3 >= cap) return CT_EINVAL;
        if (*p == '\'') buf[len++] = '\'';
        buf[len++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
    }
    if (len + 4 >= cap) return CT_EINVAL;
    memcpy(buf + len, "'; ", 4);
    return CT_OK;
}

int bench_plot_gp_int(char *buf, size_t cap, const char *name, long long value)
{
    size_t len = strlen(buf);
    int w = snprintf(buf + len, cap - len, "%s=%lld; ", name, value);
    return (w < 0 || (size_t)w >= cap - len) ? CT_EINVAL : CT_OK;
}

static void json_key(FILE *out, const char *key, const char *value)
{
    fprintf(out, "  \"%s\": ", key);
    bench_json_string(out, value);
    fputs(",\n", out);
}

int bench_plot_write_sidecar(const char *path, const bench_plot_sidecar *s, ct_error *err)
{
    const bench_plot_run *r = s->run;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    FILE *out = fopen(path, "w");

    if (!out) return ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(errno));
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fputs("{\n", out);
    json_key(out, "figure", s->figure);
    json_key(out, "kind", s->kind);
    json_key(out, "title", s->title);
    fputs("  \"files\": [", out);
    for (int i = 0; i < s->n_files; i++) {
        if (i) fputs(", ", out);
        bench_json_string(out, s->files[i]);
    }
    fputs("],\n", out);
    json_key(out, "data_file", s->data_file);
    fprintf(out, "  \"data_rows\": %ld,\n", s->rows);
    if (s->run_b)
        fprintf(out, "  \"run_ids\": [%lld, %lld],\n", (long long)r->id, (long long)s->run_b->id);
    else fprintf(out, "  \"run_ids\": [%lld],\n", (long long)r->id);
    if (s->run_b) {
        fprintf(out,
                "  \"overlay\": {\"before\": %lld, \"after\": %lld, \"ratio\": \"qps_b / qps_a\", "
                "\"after_experiment\": ",
                (long long)r->id, (long long)s->run_b->id);
        bench_json_string(out, s->run_b->name);
        fputs(", \"after_git_commit\": ", out);
        bench_json_string(out, s->run_b->commit);
        fputs(", \"after_host\": ", out);
        bench_json_string(out, s->run_b->host);
        fputs(", \"after_only_glob\": ", out);
        if (s->run_b->only_glob[0]) bench_json_string(out, s->run_b->only_glob);
        else fputs("null", out);
        fputs("},\n", out);
    }
    fputs("  \"only_glob\": ", out);
    if (r->only_glob[0]) bench_json_string(out, r->only_glob);
    else fputs("null", out);
    fputs(",\n  \"labels\": {", out);
    for (int i = 0; i < s->n_labels; i++) {
        fputs(i ? ", " : "", out);
        bench_json_string(out, s->labels[i].from);
        fputs(": ", out);
        bench_json_string(out, s->labels[i].to);
    }
    fputs("},\n", out);
    json_key(out, "experiment", r->name);
    json_key(out, "run_status", r->status);
    json_key(out, "run_started_at", r->started);
    json_key(out, "git_commit", r->commit);
    fprintf(out, "  \"git_dirty\": %s,\n", r->dirty < 0 ? "null" : r->dirty ? "true" : "false");
    json_key(out, "host", r->host);
    json_key(out, "cpu_model", r->cpu);
    json_key(out, "counters_backend", r->counters);
    fprintf(out, "  \"workload\": {\"id\": %lld, \"label\": ", (long long)r->workload_id);
    bench_json_string(out, r->workload);
    fprintf(out, ", \"n\": %d, \"m\": %d, \"dim\": %d, \"covariance\": ", r->n, r->m, r->dim);
    bench_json_string(out, r->covariance);
    fprintf(out, "},\n  \"k\": %d,\n  \"threads\": %d,\n  \"repetitions\": %d,\n", r->k, r->threads,
            r->reps);
    json_key(out, "build", r->build);
    json_key(out, "estimator", s->estimator);
    fprintf(out,
            "  \"parameters\": {\":run\": %lld, \":workload\": %lld, \":k\": %d, "
            "\":threads\": %d, \":build\": ",
            (long long)r->id, (long long)r->workload_id, r->k, r->threads);
    bench_json_string(out, r->build);
    fprintf(out, ", \":sim_nq\": %d},\n", r->sim_nq);
    json_key(out, "sql_file", s->sql_file);
    json_key(out, "sql", s->sql);
    json_key(out, "script", s->script);
    json_key(out, "gnuplot", s->gnuplot_version);
    json_key(out, "ctbench_version", s->tool_version);
    fprintf(out, "  \"created_at\": ");
    bench_json_string(out, now);
    fputs("\n}\n", out);
    if (fclose(out) != 0)
        return ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(errno));
    return CT_OK;
}
