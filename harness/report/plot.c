/* plot.c -- `ctbench plot`: for each selected run (default: per experiment
 * name the latest complete run made without `run --only`, else its latest
 * --only run with a note) and each figure kind whose query
 * returns rows, the kind's SQL (plots/<kind>.sql) is run on the read-only
 * database into DIR/<name>_<kind>.tsv, gnuplot draws plots/<kind>.gp from it
 * into DIR/<name>_<kind>.svg and .pdf (and .png on request), and
 * DIR/<name>_<kind>.json records where the figure came from (plot.h).
 * `--overlay A B` instead draws one figure of two runs from their two
 * slices (slice_a, slice_b; plots/overlay.sql and overlay.gp).  `--label`
 * names go into temp.label_map, read by slice.sql.
 * Scripts come from the configured location only, never from the current
 * directory.
 */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/alloc.h"
#include "files.h"
#include "plot_data.h"
#include "plot_render.h"
#include "version.h"

#ifndef CT_SOURCE_DIR
#define CT_SOURCE_DIR "."
#endif

#define PATH_CAP 1200

typedef enum { EST_TIMING, EST_WORK, EST_COUNTERS, EST_BUILD, EST_TOTAL } estimator_kind;

typedef struct figure_kind {
    const char *kind;
    const char *title;
    const char *skipped; /* why a run without rows has no such figure */
    estimator_kind est;
    int ctx_workload; /* the context names the main workload */
    int ctx_threads;  /* ... and the main thread count */
    int paper;        /* its script has a paper layout (--style paper) */
} figure_kind;

static const figure_kind kinds[] = {
    {"qps", "queries per second", "no results", EST_TIMING, 1, 0, 1},
    {"recall", "speed against recall", "no approximate variant, one recall", EST_TIMING, 1, 1, 1},
    {"work", "work per query", "no results", EST_WORK, 1, 1, 1},
    {"counters", "cache counters per query", "no hardware or simulated counters", EST_COUNTERS, 1,
     1, 1},
    {"scaling", "scaling with the workload size", "one workload size", EST_TIMING, 0, 1, 1},
    {"build", "tree build time", "one build configuration", EST_BUILD, 0, 0, 1},
    {"threads", "scaling with the thread count", "one thread count", EST_TIMING, 1, 0, 1},
    {"total", "end-to-end time against the workload size", "one workload size", EST_TOTAL, 0, 1, 1},
};
#define N_KINDS ((int)(sizeof kinds / sizeof kinds[0]))

/* Experiment names as file names: letters, digits, '.', '-', '_'. */
static void file_stem(const bench_plot_run *run, int name_clash, char *buf, size_t cap)
{
    size_t j = 0;
    for (const char *p = run->name; *p && j + 1 < cap; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-' || c == '_';
        buf[j++] = ok ? c : '_';
    }
    buf[j] = '\0';
    if (!j) snprintf(buf, cap, "run");
    if (name_clash) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "-run%lld", (long long)run->id);
    }
}

static void estimator_text(const figure_kind *fk, const bench_plot_run *run, const char *source,
                           char *buf, size_t cap)
{
    switch (fk->est) {
    case EST_TIMING:
        snprintf(buf, cap, "median of %d repetitions, error bars = IQR (q1..q3)", run->reps);
        break;
    case EST_WORK:
        snprintf(buf, cap, "median of %d repetitions (the work of a search is deterministic)",
                 run->reps);
        break;
    case EST_COUNTERS:
        if (!strcmp(source, "simulated"))
            snprintf(buf, cap,
                     "simulated (callgrind cache model): one run of the first %d "
                     "queries on 1 thread from cold caches, count / %d",
                     run->sim_nq, run->sim_nq);
        else
            snprintf(buf, cap,
                     "hardware (PAPI): median of %d repetitions of count / queries, "
                     "error bars = IQR (q1..q3)",
                     run->reps);
        break;
    case EST_BUILD:
        snprintf(buf, cap,
                 "median over the builds of a configuration (one per seed), error "
                 "bars = IQR (q1..q3)");
        break;
    case EST_TOTAL:
        snprintf(buf, cap,
                 "total = factor + tree build + layout lowering (one timing each, 0 where a "
                 "variant has none) + median of %d repetitions of the query batch",
                 run->reps);
        break;
    }
}

/* printf at the end of buf. */
static void append(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    if (len + 1 >= cap) return;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/* The figure's context line: which workload(s), k, tree and threads it shows. */
static void context_text(const figure_kind *fk, const bench_plot_run *run, const char *source,
                         char *buf, size_t cap)
{
    int build_fig = !strcmp(fk->kind, "build");
    /* the figures against n draw the first workload of each size */
    int first_seed = !strcmp(fk->kind, "scaling") || !strcmp(fk->kind, "total");
    buf[0] = '\0';
    if (fk->ctx_workload) append(buf, cap, "workload %s (n = %d, ", run->workload, run->n);
    else if (run->n_sizes > 1)
        append(buf, cap, "%d workloads%s, n = %d .. %d (", run->n_workloads,
               run->n_workloads > run->n_sizes && first_seed ? " (the first seed of each n)" : "",
               run->n_min, run->n);
    else
        append(buf, cap, "%d workload%s, n = %d (", run->n_workloads,
               run->n_workloads == 1 ? "" : "s", run->n);
    append(buf, cap, "m = %d, d = %d, %s)", run->m, run->dim, run->covariance);
    if (!build_fig) append(buf, cap, ", k = %d", run->k);
    if (run->n_builds > 1 && !build_fig) append(buf, cap, ", tree %s", run->build);
    if (!strcmp(fk->kind, "counters") && !strcmp(source, "simulated"))
        append(buf, cap, ", 1 thread, first %d queries", run->sim_nq);
    else if (fk->ctx_threads)
        append(buf, cap, ", %d thread%s", run->threads, run->threads == 1 ? "" : "s");
}

/* The machine line: run, commit, host, CPU, date. */
static void machine_text(const bench_plot_run *run, char *buf, size_t cap)
{
    buf[0] = '\0';
    append(buf, cap, "run %lld", (long long)run->id);
    if (strcmp(run->status, "complete") != 0) append(buf, cap, " (%s)", run->status);
    append(buf, cap, ", commit %.12s%s, host %s", run->commit, run->dirty == 1 ? " (dirty)" : "",
           run->host);
    if (run->only_glob[0]) append(buf, cap, " (run --only '%s')", run->only_glob);
    if (run->cpu[0]) append(buf, cap, " (%s)", run->cpu);
    append(buf, cap, ", %.10s", run->started);
}

/* The value of `column` in the first data row of a TSV ("" if none). */
static void tsv_first_value(const char *path, const char *column, char *buf, size_t cap)
{
    FILE *in = fopen(path, "r");
    char header[1024], row[4096];
    int col = -1, i = 0;
    buf[0] = '\0';
    if (!in) return;
    if (fgets(header, sizeof header, in) && fgets(row, sizeof row, in)) {
        char *save = NULL;
        header[strcspn(header, "\r\n")] = '\0';
        row[strcspn(row, "\r\n")] = '\0';
        for (char *h = strtok_r(header, "\t", &save); h; h = strtok_r(NULL, "\t", &save), i++)
            if (!strcmp(h, column)) col = i;
        if (col >= 0) {
            char *p = row;
            for (i = 0; i < col && p; i++) {
                p = strchr(p, '\t');
                if (p) p++;
            }
            if (p) snprintf(buf, cap, "%.*s", (int)strcspn(p, "\t"), p);
        }
    }
    fclose(in);
}

typedef struct plot_env {
    bench_db *db;
    const bench_plot_request *opt;
    const char *scripts;
    const char *gnuplot;
    char gnuplot_version[128];
} plot_env;

/* The style's variables for common.gp and frame.gp (see plot.h). */
static int style_vars(const bench_plot_request *r, char *vars, size_t cap)
{
    size_t len = strlen(vars);
    double font_pt = r->font_pt > 0 ? r->font_pt : (r->paper ? 8.0 : 0.0);
    int w = snprintf(
        vars + len, cap - len, "provenance=%d; style_paper=%d; paper_w_in=%.6g; paper_h_in=%.6g; ",
        !r->no_provenance, r->paper, r->width_in > 0 ? r->width_in : 3.3, r->height_in);
    if (w < 0 || (size_t)w >= cap - len) return CT_EINVAL;
    len += (size_t)w;
    if (font_pt > 0) {
        w = snprintf(vars + len, cap - len, "font_pt_req=%.6g; ", font_pt);
        if (w < 0 || (size_t)w >= cap - len) return CT_EINVAL;
    }
    if (r->font_name && bench_plot_gp_string(vars, cap, "font_name_req", r->font_name) != CT_OK)
        return CT_EINVAL;
    return CT_OK;
}

/* The overlay's context, machine and estimator lines: both runs. */
static void overlay_texts(const bench_plot_run *a, const bench_plot_run *b, char *context,
                          size_t ccap, char *machine, size_t mcap, char *estimator, size_t ecap)
{
    char one[512];
    context[0] = '\0';
    append(context, ccap, "workload %s (n = %d, m = %d, d = %d, %s), k = %d", a->workload, a->n,
           a->m, a->dim, a->covariance, a->k);
    if (strcmp(a->workload, b->workload) != 0 || a->k != b->k)
        append(context, ccap, "; run %lld: workload %s (n = %d), k = %d", (long long)b->id,
               b->workload, b->n, b->k);
    if (a->n_builds > 1 || b->n_builds > 1) append(context, ccap, ", tree %s", a->build);
    machine_text(a, machine, mcap);
    machine_text(b, one, sizeof one);
    append(machine, mcap, " vs %s", one);
    snprintf(estimator, ecap,
             "median of %d (run %lld) and %d (run %lld) repetitions, error bars = IQR "
             "(q1..q3); ratio = q/s of run %lld / q/s of run %lld",
             a->reps, (long long)a->id, b->reps, (long long)b->id, (long long)b->id,
             (long long)a->id);
}

/* One figure of one run (or, with run_b, the overlay of run against run_b);
 * *drawn = 1 when it was drawn, 0 when it does not apply.  Returns CT_OK or
 * an error in err. */
static int draw_figure(const plot_env *env, const bench_plot_run *run, const bench_plot_run *run_b,
                       const char *stem, const figure_kind *fk, int *drawn, ct_error *err)
{
    char sql_path[PATH_CAP], gp_path[PATH_CAP], tsv[PATH_CAP], log[PATH_CAP], img[PATH_CAP];
    char json[PATH_CAP], figure[256], tsv_name[300], source[32] = "";
    char estimator[256], context[512], machine[512], vars[4096];
    char file_names[BENCH_PLOT_MAX_FORMATS][300];
    const char *files[BENCH_PLOT_MAX_FORMATS];
    char *sql = NULL;
    long rows = 0;
    int rc;
    struct stat sb;
    bench_plot_sidecar side;

    *drawn = 0;
    snprintf(sql_path, sizeof sql_path, "%s/%s.sql", env->scripts, fk->kind);
    snprintf(gp_path, sizeof gp_path, "%s/%s.gp", env->scripts, fk->kind);
    snprintf(figure, sizeof figure, "%s_%s", stem, fk->kind);
    snprintf(tsv_name, sizeof tsv_name, "%s.tsv", figure);
    snprintf(tsv, sizeof tsv, "%s/%s.tsv", env->opt->out_dir, figure);
    snprintf(log, sizeof log, "%s/%s.log", env->opt->out_dir, figure);
    snprintf(json, sizeof json, "%s/%s.json", env->opt->out_dir, figure);

    rc = bench_file_read_text(sql_path, &sql, NULL, err);
    if (rc != CT_OK) goto done;
    rc = bench_plot_query_tsv(env->db, sql, run, tsv, &rows, err);
    if (rc != CT_OK) {
        char what[CT_ERROR_MSG_MAX];
        snprintf(what, sizeof what, "%s", err->msg);
        rc = ct_error_set(err, rc, "%s: %s", sql_path, what);
        goto done;
    }
    if (rows == 0) {
        unlink(tsv);
        goto done;
    }
    if (!strcmp(fk->kind, "counters")) tsv_first_value(tsv, "source", source, sizeof source);
    if (run_b) {
        overlay_texts(run, run_b, context, sizeof context, machine, sizeof machine, estimator,
                      sizeof estimator);
    } else {
        estimator_text(fk, run, source, estimator, sizeof estimator);
        context_text(fk, run, source, context, sizeof context);
        machine_text(run, machine, sizeof machine);
    }
    for (int f = 0; f < env->opt->n_formats; f++) {
        const char *fmt = env->opt->formats[f];
        snprintf(file_names[f], sizeof file_names[f], "%s.%s", figure, fmt);
        snprintf(img, sizeof img, "%s/%s", env->opt->out_dir, file_names[f]);
        files[f] = file_names[f];
        vars[0] = '\0';
        if (bench_plot_gp_string(vars, sizeof vars, "datafile", tsv) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "output", img) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "fmt", fmt) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "plotdir", env->scripts) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "name", run->name) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "context", context) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "machine", machine) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "estimator", estimator) != CT_OK ||
            bench_plot_gp_string(vars, sizeof vars, "source", source) != CT_OK ||
            bench_plot_gp_int(vars, sizeof vars, "reps", run->reps) != CT_OK ||
            bench_plot_gp_int(vars, sizeof vars, "main_threads", run->threads) != CT_OK ||
            bench_plot_gp_int(vars, sizeof vars, "run_a", run->id) != CT_OK ||
            bench_plot_gp_int(vars, sizeof vars, "run_b", run_b ? run_b->id : 0) != CT_OK ||
            style_vars(env->opt, vars, sizeof vars) != CT_OK) {
            rc = ct_error_set(err, CT_EINVAL, "%s: the gnuplot variables are too long", figure);
            goto done;
        }
        unlink(img);
        rc = bench_plot_gnuplot_run(env->gnuplot, vars, gp_path, log, err);
        if (rc != CT_OK) goto done;
        if (stat(img, &sb) != 0 || sb.st_size == 0) {
            rc = ct_error_set(err, CT_EIO, "gnuplot wrote no %s (see %s)", img, log);
            goto done;
        }
        unlink(log); /* kept only when gnuplot failed */
    }
    memset(&side, 0, sizeof side);
    side.figure = figure;
    side.kind = fk->kind;
    side.title = fk->title;
    side.files = files;
    side.n_files = env->opt->n_formats;
    side.data_file = tsv_name;
    side.rows = rows;
    side.sql_file = sql_path;
    side.sql = sql;
    side.script = gp_path;
    side.estimator = estimator;
    side.gnuplot_version = env->gnuplot_version;
    side.tool_version = bench_version();
    side.run = run;
    side.run_b = run_b;
    side.labels = env->opt->labels;
    side.n_labels = env->opt->n_labels;
    rc = bench_plot_write_sidecar(json, &side, err);
    if (rc == CT_OK) *drawn = 1;
done:
    ct_free(sql);
    return rc;
}

/* Load the selected runs: the explicit ids, or per experiment name the
 * latest complete run made without --only (plot_data.h), with a note on out
 * for a name that only has --only runs. */
static int select_runs(bench_db *db, const bench_plot_request *req, FILE *note,
                       bench_plot_run **runs, int *n_runs, ct_error *err)
{
    int64_t *latest = NULL;
    const int64_t *ids = req->run_ids;
    int n = req->n_runs, rc = CT_OK;
    bench_plot_run *out;

    *runs = NULL;
    *n_runs = 0;
    if (req->overlay && n != 2)
        return ct_error_set(err, CT_EINVAL,
                            "--overlay needs exactly two runs, A (before) and B (after); got %d",
                            n);
    if (n == 0) {
        rc = bench_plot_latest_runs(db, &latest, &n, err);
        if (rc != CT_OK) return rc;
        if (n == 0)
            return ct_error_set(err, CT_EIO,
                                "%s holds no complete run (`ctbench show --db %s --runs` lists "
                                "the runs; name one as RUN_ID)",
                                db->path, db->path);
        ids = latest;
    }
    out = ct_calloc((size_t)n, sizeof *out);
    if (!out) {
        ct_free(latest);
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    }
    for (int i = 0; i < n && rc == CT_OK; i++) rc = bench_plot_run_load(db, ids[i], &out[i], err);
    for (int i = 0; rc == CT_OK && latest && i < n; i++)
        if (out[i].only_glob[0])
            fprintf(note,
                    "note: %s has no complete run made without --only; drawing run %lld "
                    "(run --only '%s')\n",
                    out[i].name, (long long)out[i].id, out[i].only_glob);
    ct_free(latest);
    if (rc != CT_OK) {
        ct_free(out);
        return rc;
    }
    *runs = out;
    *n_runs = n;
    return CT_OK;
}

/* The directory of the .sql/.gp pairs: the request's, $CT_PLOTS_DIR, the
 * installed one next to the running binary (BIN/../share/ctbench/plots, as
 * `cmake --install` lays it out), or the source tree's plots/ (a binary run
 * from its build directory); never the current directory. */
static const char *find_scripts(const char *given)
{
    static char installed[PATH_CAP + 32];
    const char *env = getenv("CT_PLOTS_DIR");
    char self[PATH_CAP], probe[PATH_CAP + 48];
    ssize_t len;
    if (given) return given;
    if (env && *env) return env;
    len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0) {
        char *slash;
        self[len] = 0;
        slash = strrchr(self, '/');
        if (slash) {
            *slash = 0;
            snprintf(installed, sizeof installed, "%s/../share/ctbench/plots", self);
            snprintf(probe, sizeof probe, "%s/common.gp", installed);
            if (bench_file_readable(probe)) return installed;
        }
    }
    return CT_SOURCE_DIR "/plots";
}

/* The overlay figure's kind: not one of kinds[] (it reads two slices). */
static const figure_kind overlay_kind = {"overlay",
                                         "before/after overlay of two runs",
                                         "no variant in either run's main slice",
                                         EST_TIMING,
                                         1,
                                         1,
                                         1};

/* Every script the request needs is readable. */
static int check_scripts(const char *scripts, int overlay, ct_error *err)
{
    char path[PATH_CAP];
    for (int k = 0; k < (overlay ? 1 : N_KINDS); k++) {
        const char *ext[2] = {"sql", "gp"};
        for (int e = 0; e < 2; e++) {
            snprintf(path, sizeof path, "%s/%s.%s", scripts,
                     overlay ? overlay_kind.kind : kinds[k].kind, ext[e]);
            if (!bench_file_readable(path))
                return ct_error_set(err, CT_EIO,
                                    "cannot read the figure script %s (give --scripts DIR or set "
                                    "CT_PLOTS_DIR)",
                                    path);
        }
    }
    return CT_OK;
}

/* The overlay of runs[0] (A) and runs[1] (B): both slices, one figure. */
static int draw_overlay(const plot_env *env, const bench_plot_run *runs, const char *slice_sql,
                        FILE *out, int *total, ct_error *err)
{
    const bench_plot_run *a = &runs[0], *b = &runs[1];
    char stem_a[128], stem_b[128], stem[320];
    int drawn = 0, rc;
    file_stem(a, 0, stem_a, sizeof stem_a);
    file_stem(b, 0, stem_b, sizeof stem_b);
    if (!strcmp(a->name, b->name))
        snprintf(stem, sizeof stem, "%s-run%lld-vs-run%lld", stem_a, (long long)a->id,
                 (long long)b->id);
    else
        snprintf(stem, sizeof stem, "%s-run%lld-vs-%s-run%lld", stem_a, (long long)a->id, stem_b,
                 (long long)b->id);
    fprintf(out, "overlay: run %lld (%s, %s) before, run %lld (%s, %s) after\n", (long long)a->id,
            a->name, a->status, (long long)b->id, b->name, b->status);
    rc = bench_plot_make_slice_as(env->db, slice_sql, a, "slice_a", err);
    if (rc == CT_OK) rc = bench_plot_make_slice_as(env->db, slice_sql, b, "slice_b", err);
    if (rc == CT_OK) rc = draw_figure(env, a, b, stem, &overlay_kind, &drawn, err);
    if (rc != CT_OK) return rc;
    if (drawn) {
        fprintf(out, "  %s/%s_overlay.{", env->opt->out_dir, stem);
        for (int f = 0; f < env->opt->n_formats; f++)
            fprintf(out, "%s%s", f ? "," : "", env->opt->formats[f]);
        fprintf(out, ",json,tsv}\n");
        (*total)++;
    } else {
        fprintf(out, "  %s_overlay: skipped (%s)\n", stem, overlay_kind.skipped);
    }
    return CT_OK;
}

int bench_plot_draw(bench_db *db, const bench_plot_request *req, FILE *out, ct_error *err)
{
    plot_env env;
    bench_plot_run *runs = NULL;
    int n_runs = 0, rc, total = 0;
    char path[PATH_CAP];

    char *slice_sql = NULL;

    rc = select_runs(db, req, out, &runs, &n_runs, err);
    if (rc != CT_OK) return rc;
    memset(&env, 0, sizeof env);
    env.db = db;
    env.opt = req;
    env.scripts = find_scripts(req->scripts);
    env.gnuplot = bench_plot_gnuplot_program();
    rc = check_scripts(env.scripts, req->overlay, err);
    if (rc == CT_OK) {
        snprintf(path, sizeof path, "%s/slice.sql", env.scripts);
        rc = bench_file_read_text(path, &slice_sql, NULL, err);
    }
    if (rc == CT_OK) rc = bench_plot_set_labels(db, req->labels, req->n_labels, err);
    if (rc == CT_OK)
        rc = bench_plot_gnuplot_version(env.gnuplot, env.gnuplot_version,
                                        sizeof env.gnuplot_version, err);
    if (rc == CT_OK) {
        ct_error e;
        ct_error_clear(&e);
        if (bench_mkdirs(req->out_dir, &e) != CT_OK || access(req->out_dir, W_OK) != 0)
            rc = ct_error_set(err, CT_EIO, "cannot write the output directory %s: %s", req->out_dir,
                              e.msg[0] ? e.msg : strerror(errno));
    }
    if (rc == CT_OK && req->overlay) rc = draw_overlay(&env, runs, slice_sql, out, &total, err);
    for (int r = 0; !req->overlay && r < n_runs && rc == CT_OK; r++) {
        char stem[128];
        int clash = 0;
        for (int o = 0; o < n_runs; o++)
            if (o != r && !strcmp(runs[o].name, runs[r].name)) clash = 1;
        file_stem(&runs[r], clash, stem, sizeof stem);
        fprintf(out, "run %lld (%s, %s): %d results", (long long)runs[r].id, runs[r].name,
                runs[r].status, runs[r].n_results);
        if (runs[r].only_glob[0]) fprintf(out, ", run --only '%s'", runs[r].only_glob);
        fputc('\n', out);
        rc = bench_plot_make_slice(db, slice_sql, &runs[r], err);
        for (int k = 0; k < N_KINDS && rc == CT_OK; k++) {
            int drawn = 0;
            if (req->paper && !kinds[k].paper) {
                fprintf(out, "  %s_%s: skipped (no paper layout yet; --style screen draws it)\n",
                        stem, kinds[k].kind);
                continue;
            }
            rc = draw_figure(&env, &runs[r], NULL, stem, &kinds[k], &drawn, err);
            if (rc != CT_OK) break;
            if (drawn) {
                fprintf(out, "  %s/%s_%s.{", req->out_dir, stem, kinds[k].kind);
                for (int f = 0; f < req->n_formats; f++)
                    fprintf(out, "%s%s", f ? "," : "", req->formats[f]);
                fprintf(out, ",json,tsv}\n");
                total++;
            } else {
                fprintf(out, "  %s_%s: skipped (%s)\n", stem, kinds[k].kind, kinds[k].skipped);
            }
        }
    }
    if (rc == CT_OK)
        fprintf(out, "%d figure%s in %s\n", total, total == 1 ? "" : "s", req->out_dir);
    ct_free(slice_sql);
    ct_free(runs);
    return rc;
}
