/* publish.c -- `ctbench publish`: the static HTML site of a database
 * (publish.h): index.html with the experiments and machines, one page per
 * experiment with its latest complete run's query summary and its history
 * figures.  Plain HTML + SVG images, every database text escaped. */
#define _POSIX_C_SOURCE 200809L
#include "publish.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "history.h"
#include "history_plot.h"

#define PUBLISH_NAME_MAX 256

typedef struct experiment {
    char name[PUBLISH_NAME_MAX];
    int runs, complete, commits;
    int64_t latest; /* latest complete run made without --only (else with), 0 when none */
} experiment;

static void html(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void page_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    html(f, title);
    fputs("</title>\n<style>\n"
          "body{font-family:sans-serif;margin:2em;color:#222}\n"
          "table{border-collapse:collapse;margin:1em 0}\n"
          "th,td{border:1px solid #bbb;padding:3px 8px;text-align:left}\n"
          "th{background:#e8eef6}\ntd.num{text-align:right;font-family:monospace}\n"
          "tr.invalid td{background:#fbe3e3}\nimg{max-width:100%;border:1px solid #ddd}\n"
          "div.wide{overflow-x:auto}\n"
          "</style>\n</head>\n<body>\n",
          f);
}

static void page_end(FILE *f)
{
    fputs("</body>\n</html>\n", f);
}

static void cell_text(FILE *f, sqlite3_stmt *st, int col)
{
    fputs("<td>", f);
    html(f, bench_db_text(st, col, ""));
    fputs("</td>", f);
}

static void cell_num(FILE *f, sqlite3_stmt *st, int col, const char *fmt)
{
    fputs("<td class=\"num\">", f);
    if (sqlite3_column_type(st, col) != SQLITE_NULL)
        fprintf(f, fmt, sqlite3_column_double(st, col));
    fputs("</td>", f);
}

static int open_page(const char *dir, const char *file, bench_output *out, FILE *log, ct_error *err)
{
    char path[BENCH_OUTPUT_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return ct_error_set(err, CT_EINVAL, "the path %s/%s is too long", dir, file);
    if (log) fprintf(log, "%s\n", path);
    return bench_output_open(out, path, err);
}

static int load_experiments(bench_db *db, experiment **out, int *n, ct_error *err)
{
    static const char sql[] = "SELECT name, count(*), sum(status = 'complete'),"
                              " count(DISTINCT CASE WHEN status = 'complete' THEN git_commit END),"
                              " coalesce(max(CASE WHEN status = 'complete' AND only_glob IS NULL"
                              " THEN id END), max(CASE WHEN status = 'complete' THEN id END), 0)"
                              " FROM run GROUP BY name ORDER BY name";
    sqlite3_stmt *st;
    experiment *e = NULL;
    int rc = bench_db_prepare(db, sql, &st, err), cap = 0;
    *n = 0;
    while (rc == CT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            experiment *grown = realloc(e, (size_t)(cap = cap ? 2 * cap : 8) * sizeof *e);
            if (!grown) {
                rc = ct_error_set(err, CT_ENOMEM, "out of memory listing the experiments");
                break;
            }
            e = grown;
        }
        snprintf(e[*n].name, sizeof e[*n].name, "%s", bench_db_text(st, 0, ""));
        e[*n].runs = sqlite3_column_int(st, 1);
        e[*n].complete = sqlite3_column_int(st, 2);
        e[*n].commits = sqlite3_column_int(st, 3);
        e[*n].latest = sqlite3_column_int64(st, 4);
        (*n)++;
        rc = CT_OK;
    }
    if (rc == SQLITE_DONE) rc = CT_OK;
    else if (rc > 0) rc = bench_db_error(db, err, "listing the experiments");
    sqlite3_finalize(st);
    if (rc != CT_OK) {
        free(e);
        e = NULL;
        *n = 0;
    }
    *out = e;
    return rc;
}

static int write_machines(bench_db *db, FILE *f, ct_error *err)
{
    static const char sql[] =
        "SELECT coalesce(machine, ''), coalesce(machine_id, ''), host, coalesce(cpu_model, ''),"
        " count(*), max(started_at) FROM run"
        " GROUP BY machine_id, machine, host, cpu_model ORDER BY machine, machine_id, host";
    sqlite3_stmt *st;
    int rc = bench_db_prepare(db, sql, &st, err);
    if (rc != CT_OK) return rc;
    fputs("<h2>Machines</h2>\n<table>\n<tr><th>machine</th><th>identity</th><th>host</th>"
          "<th>CPU</th><th>runs</th><th>last run</th></tr>\n",
          f);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fputs("<tr>", f);
        for (int c = 0; c < 4; c++) cell_text(f, st, c);
        fprintf(f, "<td class=\"num\">%d</td>", sqlite3_column_int(st, 4));
        cell_text(f, st, 5);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    rc = rc == SQLITE_DONE ? CT_OK : bench_db_error(db, err, "listing the machines");
    sqlite3_finalize(st);
    return rc;
}

static int write_index(bench_db *db, const bench_publish_request *req, const experiment *e, int n,
                       FILE *log, ct_error *err)
{
    bench_output out;
    int rc = open_page(req->out_dir, "index.html", &out, log, err);
    if (rc != CT_OK) return rc;
    page_begin(out.f, "ctbench results");
    fputs("<h1>ctbench results</h1>\n<p>Database: <code>", out.f);
    html(out.f, req->db_path);
    fputs("</code></p>\n<h2>Experiments</h2>\n<table>\n<tr><th>experiment</th><th>runs</th>"
          "<th>complete</th><th>commits</th><th>latest complete run</th></tr>\n",
          out.f);
    for (int i = 0; i < n; i++) {
        fprintf(out.f, "<tr><td><a href=\"exp_%d.html\">", i + 1);
        html(out.f, e[i].name);
        fprintf(out.f,
                "</a></td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                "<td class=\"num\">%d</td><td class=\"num\">",
                e[i].runs, e[i].complete, e[i].commits);
        if (e[i].latest) fprintf(out.f, "%lld", (long long)e[i].latest);
        fputs("</td></tr>\n", out.f);
    }
    fputs("</table>\n", out.f);
    rc = write_machines(db, out.f, err);
    page_end(out.f);
    if (rc != CT_OK) {
        bench_output_abort(&out);
        return rc;
    }
    return bench_output_commit(&out, err);
}

static int write_run_header(bench_db *db, int64_t run, FILE *f, ct_error *err)
{
    static const char sql[] =
        "SELECT id, started_at, finished_at, git_commit, host, coalesce(machine, ''),"
        " coalesce(cpu_model, ''), coalesce(blas_core, ''), compiler, baseline FROM run"
        " WHERE id = ?";
    static const char *const labels[] = {"run",     "started", "finished", "commit",   "host",
                                         "machine", "CPU",     "BLAS",     "compiler", "baseline"};
    sqlite3_stmt *st;
    int rc = bench_db_prepare(db, sql, &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_id(st, 1, run);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        fputs("<table>\n", f);
        for (int c = 0; c < 10; c++) {
            fputs("<tr><th>", f);
            fputs(labels[c], f);
            fputs("</th>", f);
            cell_text(f, st, c);
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
        rc = CT_OK;
    } else {
        rc = bench_db_error(db, err, "reading the run");
    }
    sqlite3_finalize(st);
    return rc;
}

static int write_summary(bench_db *db, int64_t run, FILE *f, ct_error *err)
{
    static const char sql[] =
        "SELECT q.variant, q.workload, q.build, q.n, q.threads, q.k, q.nq, q.reps,"
        " q.median_s * 1e3, q.iqr_s * 1e3, q.qps, s.speedup, q.dist_evals_per_query,"
        " q.nodes_visited_per_query, q.recall, q.verified, q.valid"
        " FROM v_query_summary q LEFT JOIN v_speedup s ON s.result_id = q.result_id"
        " WHERE q.run = ? ORDER BY q.workload, q.build, q.threads, q.k, q.median_s";
    sqlite3_stmt *st;
    int rc = bench_db_prepare(db, sql, &st, err);
    if (rc != CT_OK) return rc;
    bench_db_bind_id(st, 1, run);
    fputs("<div class=\"wide\"><table "
          "class=\"summary\">\n<tr><th>variant</th><th>workload</th><th>build</th>"
          "<th>n</th><th>threads</th><th>k</th><th>queries</th><th>reps</th>"
          "<th>median ms</th><th>IQR ms</th><th>q/s</th><th>speed-up</th>"
          "<th>dist evals/q</th><th>nodes/q</th><th>recall</th><th>verified</th></tr>\n",
          f);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int valid = sqlite3_column_int(st, 16);
        fputs(valid ? "<tr>" : "<tr class=\"invalid\">", f);
        for (int c = 0; c < 3; c++) cell_text(f, st, c);
        for (int c = 3; c < 8; c++) cell_num(f, st, c, "%.0f");
        cell_num(f, st, 8, "%.4g");
        cell_num(f, st, 9, "%.3g");
        cell_num(f, st, 10, "%.4g");
        cell_num(f, st, 11, "%.3g");
        cell_num(f, st, 12, "%.4g");
        cell_num(f, st, 13, "%.4g");
        cell_num(f, st, 14, "%.4g");
        fputs(valid ? (sqlite3_column_int(st, 15) ? "<td>yes</td>" : "<td>no</td>")
                    : "<td>INVALID</td>",
              f);
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    rc = rc == SQLITE_DONE ? CT_OK : bench_db_error(db, err, "reading the query summary");
    sqlite3_finalize(st);
    return rc;
}

static void write_changes(const bench_history_series *s, FILE *f)
{
    if (s->n_changes == 0) {
        fputs("<p>No change point.</p>\n", f);
        return;
    }
    fputs("<table>\n<tr><th>from commit</th><th>to commit</th><th>before</th><th>after</th>"
          "<th>step</th><th>p-value</th></tr>\n",
          f);
    for (int c = 0; c < s->n_changes; c++) {
        const bench_history_change *ch = &s->changes[c];
        fputs("<tr><td>", f);
        html(f, ch->from_commit);
        fputs("</td><td>", f);
        html(f, ch->to_commit);
        fprintf(f,
                "</td><td class=\"num\">%.4g</td><td class=\"num\">%.4g</td>"
                "<td class=\"num\">%+.1f%%</td><td class=\"num\">",
                ch->before, ch->after, 100 * ch->rel_step);
        if (ch->exact) fputs("exact", f);
        else fprintf(f, "%.3g", ch->p_value);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void write_annotations(const bench_history *h, FILE *f)
{
    if (h->n_annotations == 0) return;
    fputs("<h3>Annotations</h3>\n<ul>\n", f);
    for (int a = 0; a < h->n_annotations; a++) {
        const bench_annotation *note = &h->annotations[a];
        fputs("<li>", f);
        html(f, note->commit);
        fputs(": ", f);
        html(f, note->text);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static int write_history(bench_db *db, const bench_publish_request *req, const experiment *e,
                         int index, FILE *f, FILE *log, ct_error *err)
{
    bench_history_query q;
    bench_history_plot_request plot;
    bench_history h;
    char sub[BENCH_OUTPUT_PATH_MAX], selector[PUBLISH_NAME_MAX + 64], stem[512];
    ct_error perr;
    int rc, drawn;

    bench_history_query_default(&q);
    q.metric = "time";
    q.bonferroni = 1; /* many series on one page: bound the chance of any false change point */
    q.name = e->name;
    rc = bench_history_load(db, &q, &h, err);
    if (rc != CT_OK) return rc;
    fputs("<h2>History</h2>\n", f);
    if (h.n == 0) {
        fputs("<p>No series.</p>\n", f);
        bench_history_free(&h);
        return CT_OK;
    }
    snprintf(sub, sizeof sub, "%s/exp_%d", req->out_dir, index);
    memset(&plot, 0, sizeof plot);
    plot.out_dir = sub;
    plot.scripts = req->scripts;
    plot.formats[0] = "svg";
    plot.n_formats = 1;
    plot.db_path = req->db_path;
    snprintf(selector, sizeof selector, "--metric time --name %s", e->name);
    plot.selector = selector;
    ct_error_clear(&perr);
    drawn = 0;
    if (!req->no_figures) {
        rc = bench_mkdirs(sub, err);
        if (rc != CT_OK) {
            bench_history_free(&h);
            return rc;
        }
        drawn = bench_history_plot(&h, &plot, log, &perr) == CT_OK;
        if (!drawn) {
            fputs("<p class=\"error\">Figures not drawn: ", f);
            html(f, perr.msg);
            fputs("</p>\n", f);
        }
    }
    for (int i = 0; i < h.n; i++) {
        const bench_history_series *s = &h.series[i];
        fputs("<h3>", f);
        html(f, s->variant);
        fputs(" &middot; ", f);
        html(f, s->workload);
        fprintf(f, " &middot; t%d k%d &middot; ", s->threads, s->k);
        html(f, s->machine[0] ? s->machine : s->machine_id);
        fputs("</h3>\n", f);
        if (drawn) {
            bench_history_plot_stem(&h, i, stem, sizeof stem);
            fprintf(f, "<p><img src=\"exp_%d/", index);
            html(f, stem);
            fputs(".svg\" alt=\"history of ", f);
            html(f, s->variant);
            fprintf(f, "\"><br><a href=\"exp_%d/", index);
            html(f, stem);
            fprintf(f, ".json\">sidecar (.json)</a> &middot; <a href=\"exp_%d/", index);
            html(f, stem);
            fputs(".tsv\">data (.tsv)</a></p>\n", f);
        }
        write_changes(s, f);
    }
    write_annotations(&h, f);
    bench_history_free(&h);
    return CT_OK;
}

static int write_experiment(bench_db *db, const bench_publish_request *req, const experiment *e,
                            int index, FILE *log, ct_error *err)
{
    bench_output out;
    char file[64];
    int rc;
    snprintf(file, sizeof file, "exp_%d.html", index);
    rc = open_page(req->out_dir, file, &out, log, err);
    if (rc != CT_OK) return rc;
    page_begin(out.f, e->name);
    fputs("<p><a href=\"index.html\">&larr; all experiments</a></p>\n<h1>", out.f);
    html(out.f, e->name);
    fputs("</h1>\n", out.f);
    if (e->latest == 0) {
        fputs("<p>No complete run.</p>\n", out.f);
    } else {
        fputs("<h2>Latest complete run</h2>\n", out.f);
        rc = write_run_header(db, e->latest, out.f, err);
        if (rc == CT_OK) rc = write_summary(db, e->latest, out.f, err);
        if (rc == CT_OK && e->commits >= 2) rc = write_history(db, req, e, index, out.f, log, err);
    }
    page_end(out.f);
    if (rc != CT_OK) {
        bench_output_abort(&out);
        return rc;
    }
    return bench_output_commit(&out, err);
}

int bench_publish(bench_db *db, const bench_publish_request *req, FILE *log, ct_error *err)
{
    experiment *e;
    int n, rc = bench_mkdirs(req->out_dir, err);
    if (rc != CT_OK) return rc;
    rc = load_experiments(db, &e, &n, err);
    if (rc != CT_OK) return rc;
    for (int i = 0; i < n && rc == CT_OK; i++)
        rc = write_experiment(db, req, &e[i], i + 1, log, err);
    if (rc == CT_OK) rc = write_index(db, req, e, n, log, err);
    free(e);
    return rc;
}
