/* cli_plot.c -- `ctbench plot [--db PATH] [--out DIR] [--format LIST]
 * [--scripts DIR] [RUN_ID ...]`: draw the figures of stored runs with
 * gnuplot.  For each run (default: the latest complete run of every
 * experiment name) and each figure kind whose query returns rows, the kind's
 * SQL (plots/<kind>.sql) is run on the read-only database into
 * DIR/<name>_<kind>.tsv, gnuplot draws plots/<kind>.gp from it into
 * DIR/<name>_<kind>.svg and .pdf (and .png on request), and
 * DIR/<name>_<kind>.json records where the figure came from.
 *
 * Exit codes: 0 done; 1 gnuplot missing or failing, output directory not
 * writable, database unreadable, no complete run; 2 bad usage, no database
 * at PATH, not a ctbench database, unknown run id.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/alloc.h"
#include "cli.h"
#include "db.h"
#include "plot_data.h"
#include "plot_render.h"

#ifndef CT_SOURCE_DIR
#define CT_SOURCE_DIR "."
#endif

#define DEFAULT_OUT "plots/out"
#define PATH_CAP 1200
#define MAX_FORMATS 3

static const char *const plot_usage =
    "usage: ctbench plot [--db PATH] [--out DIR] [--format LIST] [--scripts DIR] [RUN_ID ...]\n"
    "\n"
    "Draw the figures of stored runs with gnuplot (default: the latest complete run\n"
    "of every experiment name).  Each figure is DIR/<name>_<kind>.svg and .pdf with\n"
    "its data (.tsv) and a sidecar (.json: run id, commit, host, estimator, SQL).\n"
    "Kinds, drawn when the run has what they show:\n"
    "  qps       queries/s per variant (median, IQR whiskers; INVALID marked)\n"
    "  recall    queries/s against recall@k (approximate variants)\n"
    "  work      distance evaluations and V bytes per query per variant\n"
    "  counters  cache misses per query: hardware (PAPI) or simulated (callgrind)\n"
    "  scaling   queries/s and distance evaluations against n (several sizes)\n"
    "  build     tree build time per build configuration (several)\n"
    "  threads   queries/s against the thread count (several)\n"
    "\n"
    "  --db PATH       results database (default " BENCH_DB_DEFAULT_PATH "), opened read-only\n"
    "  --out DIR       output directory (default " DEFAULT_OUT ", created if missing)\n"
    "  --format LIST   comma list of svg, pdf, png (default svg,pdf)\n"
    "  --scripts DIR   the .sql/.gp pairs (default $CT_PLOTS_DIR, else the source\n"
    "                  tree's plots/)\n"
    "The gnuplot program is $CT_GNUPLOT, else gnuplot on PATH (Debian: gnuplot-nox).\n";

typedef enum { EST_TIMING, EST_WORK, EST_COUNTERS, EST_BUILD } estimator_kind;

typedef struct figure_kind {
    const char *kind;
    const char *title;
    const char *skipped; /* why a run without rows has no such figure */
    estimator_kind est;
    int ctx_workload; /* the context names the main workload */
    int ctx_threads;  /* ... and the main thread count */
} figure_kind;

static const figure_kind kinds[] = {
    {"qps", "queries per second", "no results", EST_TIMING, 1, 0},
    {"recall", "speed against recall", "no approximate variant, one recall", EST_TIMING, 1, 1},
    {"work", "work per query", "no results", EST_WORK, 1, 1},
    {"counters", "cache counters per query", "no hardware or simulated counters", EST_COUNTERS, 1,
     1},
    {"scaling", "scaling with the workload size", "one workload size", EST_TIMING, 0, 1},
    {"build", "tree build time", "one build configuration", EST_BUILD, 0, 0},
    {"threads", "scaling with the thread count", "one thread count", EST_TIMING, 1, 0},
};
#define N_KINDS ((int)(sizeof kinds / sizeof kinds[0]))

typedef struct plot_options {
    const char *db_path;
    const char *out_dir;
    const char *scripts;
    const char *formats[MAX_FORMATS];
    int n_formats;
    int64_t *run_ids;
    int n_runs;
} plot_options;

/* Parse argv; 1 = --help printed, 0 = ok, else the exit code (message printed). */
static int parse_options(int argc, char **argv, plot_options *opt)
{
    const char *format_list = "svg,pdf";
    char list[64];

    memset(opt, 0, sizeof *opt);
    opt->db_path = BENCH_DB_DEFAULT_PATH;
    opt->out_dir = DEFAULT_OUT;
    opt->run_ids = ct_malloc_array((size_t)(argc > 1 ? argc : 1), sizeof *opt->run_ids);
    if (!opt->run_ids) {
        bench_cli_error("plot", "out of memory");
        return BENCH_EXIT_FAIL;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(plot_usage, stdout);
            return 1;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--out") || !strcmp(a, "--format") ||
                   !strcmp(a, "--scripts")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                bench_cli_error("plot", "%s needs a value", a);
                return BENCH_EXIT_USAGE;
            }
            if (!strcmp(a, "--db")) opt->db_path = argv[++i];
            else if (!strcmp(a, "--out")) opt->out_dir = argv[++i];
            else if (!strcmp(a, "--format")) format_list = argv[++i];
            else opt->scripts = argv[++i];
        } else if (a[0] == '-') {
            bench_cli_error("plot", "unknown option '%s' (try ctbench plot --help)", a);
            return BENCH_EXIT_USAGE;
        } else {
            char *end;
            long long v;
            errno = 0;
            v = strtoll(a, &end, 10);
            if (*end || end == a || v <= 0 || errno) {
                bench_cli_error("plot", "RUN_ID must be a positive run id, not '%s'", a);
                return BENCH_EXIT_USAGE;
            }
            opt->run_ids[opt->n_runs++] = v;
        }
    }
    if (strlen(format_list) >= sizeof list) {
        bench_cli_error("plot", "--format: '%s' is not a list of svg, pdf, png", format_list);
        return BENCH_EXIT_USAGE;
    }
    strcpy(list, format_list);
    for (char *save = NULL, *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        static const char *const known[] = {"svg", "pdf", "png"};
        const char *match = NULL;
        for (int k = 0; k < 3; k++)
            if (!strcmp(f, known[k])) match = known[k];
        if (!match) {
            bench_cli_error("plot", "--format: '%s' is not one of svg, pdf, png", f);
            return BENCH_EXIT_USAGE;
        }
        for (int k = 0; k < opt->n_formats; k++)
            if (opt->formats[k] == match) match = NULL;
        if (match) opt->formats[opt->n_formats++] = match;
    }
    if (opt->n_formats == 0) {
        bench_cli_error("plot", "--format needs at least one of svg, pdf, png");
        return BENCH_EXIT_USAGE;
    }
    return 0;
}

/* mkdir -p; 0 or errno. */
static int make_dirs(const char *path)
{
    char buf[PATH_CAP];
    struct stat sb;
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof buf) return ENAMETOOLONG;
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return errno;
        if (stat(buf, &sb) != 0) return errno;
        if (!S_ISDIR(sb.st_mode)) return ENOTDIR;
        buf[i] = path[i];
    }
    return 0;
}

static int file_readable(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, R_OK) == 0;
}

/* The directory of the .sql/.gp pairs: --scripts, $CT_PLOTS_DIR, the source
 * tree's plots/, ./plots. */
static const char *find_scripts(const char *given)
{
    static char buf[PATH_CAP];
    const char *candidates[3];
    int n = 0;
    const char *env = getenv("CT_PLOTS_DIR");
    if (given) return given;
    if (env && *env) return env;
    candidates[n++] = CT_SOURCE_DIR "/plots";
    candidates[n++] = "plots";
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s/qps.gp", candidates[i]);
        if (file_readable(buf)) return candidates[i];
    }
    return candidates[0];
}

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
    buf[0] = '\0';
    if (fk->ctx_workload) append(buf, cap, "workload %s (n = %d, ", run->workload, run->n);
    else if (run->n_sizes > 1)
        append(buf, cap, "%d workloads%s, n = %d .. %d (", run->n_workloads,
               run->n_workloads > run->n_sizes && !strcmp(fk->kind, "scaling")
                   ? " (the first seed of each n)"
                   : "",
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
    const plot_options *opt;
    const char *scripts;
    const char *gnuplot;
    char gnuplot_version[128];
} plot_env;

/* One figure of one run; *drawn = 1 when it was drawn, 0 when it does not
 * apply.  Returns CT_OK or an error in err. */
static int draw_figure(const plot_env *env, const bench_plot_run *run, const char *stem,
                       const figure_kind *fk, int *drawn, ct_error *err)
{
    char sql_path[PATH_CAP], gp_path[PATH_CAP], tsv[PATH_CAP], log[PATH_CAP], img[PATH_CAP];
    char json[PATH_CAP], figure[256], tsv_name[300], source[32] = "";
    char estimator[256], context[512], machine[512], vars[4096];
    char file_names[MAX_FORMATS][300];
    const char *files[MAX_FORMATS];
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

    rc = bench_plot_read_text(sql_path, &sql, err);
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
    estimator_text(fk, run, source, estimator, sizeof estimator);
    context_text(fk, run, source, context, sizeof context);
    machine_text(run, machine, sizeof machine);
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
            bench_plot_gp_int(vars, sizeof vars, "main_threads", run->threads) != CT_OK) {
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
    side.tool_version = bench_cli_version();
    side.run = run;
    rc = bench_plot_write_sidecar(json, &side, err);
    if (rc == CT_OK) *drawn = 1;
done:
    ct_free(sql);
    return rc;
}

/* Load the selected runs (explicit ids or the latest complete run per name). */
static int select_runs(bench_db *db, plot_options *opt, bench_plot_run **runs, int *n_runs)
{
    ct_error err;
    int64_t *ids = opt->run_ids;
    int n = opt->n_runs, code = BENCH_EXIT_OK;
    bench_plot_run *out;

    ct_error_clear(&err);
    *runs = NULL;
    *n_runs = 0;
    if (n == 0) {
        if (bench_plot_latest_runs(db, &ids, &n, &err) != CT_OK) {
            bench_cli_error("plot", "%s", err.msg);
            return BENCH_EXIT_FAIL;
        }
        if (n == 0) {
            bench_cli_error("plot",
                            "%s holds no complete run (`ctbench show --db %s --runs` "
                            "lists the runs; name one as RUN_ID)",
                            db->path, db->path);
            return BENCH_EXIT_FAIL;
        }
    }
    out = ct_calloc((size_t)n, sizeof *out);
    if (!out) {
        bench_cli_error("plot", "out of memory");
        code = BENCH_EXIT_FAIL;
        goto done;
    }
    for (int i = 0; i < n; i++) {
        int rc = bench_plot_run_load(db, ids[i], &out[i], &err);
        if (rc != CT_OK) {
            bench_cli_error("plot", "%s", err.msg);
            code = rc == CT_EINVAL ? BENCH_EXIT_USAGE : BENCH_EXIT_FAIL;
            ct_free(out);
            goto done;
        }
    }
    *runs = out;
    *n_runs = n;
done:
    if (ids != opt->run_ids) ct_free(ids);
    return code;
}

int bench_cli_plot(int argc, char **argv)
{
    plot_options opt;
    plot_env env;
    bench_db db;
    bench_plot_run *runs = NULL;
    ct_error err;
    int n_runs = 0, code, rc, total = 0;
    char path[PATH_CAP];

    memset(&db, 0, sizeof db);
    code = parse_options(argc, argv, &opt);
    if (code != 0) {
        ct_free(opt.run_ids);
        return code == 1 ? BENCH_EXIT_OK : code;
    }
    ct_error_clear(&err);
    rc = bench_plot_db_open(opt.db_path, &db, &err);
    if (rc != CT_OK) {
        bench_cli_error("plot", "%s", err.msg);
        code = (rc == CT_EIO || rc == CT_EFORMAT) ? BENCH_EXIT_USAGE : BENCH_EXIT_FAIL;
        goto done;
    }
    code = select_runs(&db, &opt, &runs, &n_runs);
    if (code != BENCH_EXIT_OK) goto done;

    memset(&env, 0, sizeof env);
    env.db = &db;
    env.opt = &opt;
    env.scripts = find_scripts(opt.scripts);
    env.gnuplot = bench_plot_gnuplot_program();
    for (int k = 0; k < N_KINDS; k++) {
        const char *ext[2] = {"sql", "gp"};
        for (int e = 0; e < 2; e++) {
            snprintf(path, sizeof path, "%s/%s.%s", env.scripts, kinds[k].kind, ext[e]);
            if (!file_readable(path)) {
                bench_cli_error("plot",
                                "cannot read the figure script %s (give --scripts DIR "
                                "or set CT_PLOTS_DIR)",
                                path);
                code = BENCH_EXIT_FAIL;
                goto done;
            }
        }
    }
    if (bench_plot_gnuplot_version(env.gnuplot, env.gnuplot_version, sizeof env.gnuplot_version,
                                   &err) != CT_OK) {
        bench_cli_error("plot", "%s", err.msg);
        code = BENCH_EXIT_FAIL;
        goto done;
    }
    if ((rc = make_dirs(opt.out_dir)) != 0 || access(opt.out_dir, W_OK) != 0) {
        bench_cli_error("plot", "cannot write the output directory %s: %s", opt.out_dir,
                        strerror(rc ? rc : errno));
        code = BENCH_EXIT_FAIL;
        goto done;
    }

    for (int r = 0; r < n_runs; r++) {
        char stem[128];
        int clash = 0;
        for (int o = 0; o < n_runs; o++)
            if (o != r && !strcmp(runs[o].name, runs[r].name)) clash = 1;
        file_stem(&runs[r], clash, stem, sizeof stem);
        printf("run %lld (%s, %s): %d results\n", (long long)runs[r].id, runs[r].name,
               runs[r].status, runs[r].n_results);
        for (int k = 0; k < N_KINDS; k++) {
            int drawn = 0;
            if (draw_figure(&env, &runs[r], stem, &kinds[k], &drawn, &err) != CT_OK) {
                bench_cli_error("plot", "%s", err.msg);
                code = BENCH_EXIT_FAIL;
                goto done;
            }
            if (drawn) {
                printf("  %s/%s_%s.{", opt.out_dir, stem, kinds[k].kind);
                for (int f = 0; f < opt.n_formats; f++)
                    printf("%s%s", f ? "," : "", opt.formats[f]);
                printf(",json,tsv}\n");
                total++;
            } else {
                printf("  %s_%s: skipped (%s)\n", stem, kinds[k].kind, kinds[k].skipped);
            }
        }
    }
    printf("%d figure%s in %s\n", total, total == 1 ? "" : "s", opt.out_dir);
done:
    ct_free(runs);
    ct_free(opt.run_ids);
    if (db.h) sqlite3_close_v2(db.h);
    return code;
}
