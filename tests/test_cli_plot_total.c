/* test_cli_plot_total.c -- the `total` figure of `ctbench plot` (plots/total.sql,
 * total.gp: end-to-end time against n, issue 15) over two small runs made
 * here, in the Vecchia job's mode (predecessor, every point a query):
 *
 * 1. a run with two sizes (256 and 1024: a log2 axis), two build
 *    configurations (so a tree unit's build must be its own configuration's,
 *    not both), two tree variants sharing one layout, one with a layout of
 *    its own forced to fail verification, an f32 tree, brute_blas and
 *    brute_blas.f32 (whose float copy of V is a 'lower' phase on no tree):
 *    the total TSV holds one row per unit of the first build at the main k
 *    and thread count per size, and each row's factor_s, build_s, lower_s,
 *    query_s and total_s equal what this test computes from the database
 *    with the sqlite3 C API (the layout key taken from the variant's name),
 *    within 1e-9 relative; tree units have a build and a lowering,
 *    brute_blas neither; the failed variant is valid = 0, kind 2 and its
 *    legend says INVALID; series 0 is the fastest total at the largest n;
 *    the SVG and PDF are drawn and the SVG draws the queries-alone key;
 * 2. a run with one size reports the kind skipped ("one workload size")
 *    and writes no total TSV. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "tsv.h"

#define WRONG_VARIANT "ll.natural.indirect.level.auto.f64"

static char *dir;

static const char config_text[] =
    "[experiment]\nname = %s\nseeds = 7\nrepetitions = 3\nwarmup = 1\nthreads = 1\n"
    "interleave = off\n"
    "[workload]\nsource = synthetic\ngenerator = normal\nn = %s\ndim = 3\nm = 32\n"
    "covariance = rbf\nvariance = 1\nlengthscale = 1\n"
    "[build]\ninsertion = natural,hilbert\nbase = 2\nsi = sum\nbatch = 512\ncheck = on\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64,\n    csr.bfs.cached.level.auto.f64,\n"
    "    " WRONG_VARIANT ",\n    csr.bfs.cached.heap.auto.f32\n"
    "baselines = brute_blas,brute_blas.f32\nspeedup_vs = brute_blas\n"
    "[query]\nk = 10\nqueries = all\npredecessor = on\nexclude_self = off\nverify_queries = 64\n"
    "[counters]\nbackend = none\nevents = auto\nsim_queries = 4\n";

static int sh(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s 2>&1", dir, args);
    return ct_test_run(cmd, out);
}

static int exists(const char *rel)
{
    char path[1200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return stat(path, &sb) == 0 && sb.st_size > 0;
}

static int write_config(const char *file, const char *name, const char *sizes)
{
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, config_text, name, sizes);
    return fclose(f);
}

static int col(const ct_tsv *t, const char *name)
{
    int c = ct_tsv_col(t, name);
    CT_CHECK(c >= 0, "the total TSV has no column %s", name);
    return c;
}

/* sum(wall_ns) * 1e-9 of the measurement rows of `sql` (bound ?1..?4 as
 * given, NULL for a NULL pointer); -1 on error. */
static double seconds(sqlite3 *db, const char *sql, long long workload, const char *a,
                      const char *b)
{
    sqlite3_stmt *st = NULL;
    double s = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_int64(st, 1, workload);
    if (a) sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
    if (b) sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) s = sqlite3_column_int64(st, 0) * 1e-9;
    sqlite3_finalize(st);
    return s;
}

/* The setup key of a variant's shared layout from its name: a tree
 * topology.order.data.traversal.kernel.precision[+opt][@par] lowers
 * topology.order.data.precision; brute_blas.f32 copies V to float; others none. */
static void layout_key(const char *name, char *key, size_t cap)
{
    char part[6][64];
    int n = 0;
    const char *p = name;
    key[0] = '\0';
    if (!strcmp(name, "brute_blas.f32")) {
        snprintf(key, cap, "%s", name);
        return;
    }
    if (!strncmp(name, "brute", 5) || !strncmp(name, "external:", 9)) return;
    while (n < 6 && *p) {
        size_t len = strcspn(p, ".+@");
        snprintf(part[n++], sizeof part[0], "%.*s", (int)len, p);
        p += len;
        if (*p != '.') break;
        p++;
    }
    if (n == 6) snprintf(key, cap, "%s.%s.%s.%s", part[0], part[1], part[2], part[5]);
}

static int close_rel(double a, double b)
{
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= 1e-9 * scale + 1e-15;
}

/* 1: every row of the two-size run against the database. */
static void check_totals(const char *tsv_rel)
{
    char dbpath[1200];
    sqlite3 *db = NULL;
    ct_tsv t;
    int c_res, c_var, c_n, c_valid, c_kind, c_f, c_b, c_l, c_q, c_tot, c_ser, c_leg;
    int tree_rows = 0, blas_rows = 0, f32_rows = 0, invalid_rows = 0;
    double best_total = INFINITY, series0_total = NAN;
    long long nmax = 0;

    CT_CHECK(ct_tsv_load(dir, tsv_rel, &t) == 0, "%s: not readable", tsv_rel);
    c_res = col(&t, "result_id");
    c_var = col(&t, "variant");
    c_n = col(&t, "n");
    c_valid = col(&t, "valid");
    c_kind = col(&t, "kind");
    c_f = col(&t, "factor_s");
    c_b = col(&t, "build_s");
    c_l = col(&t, "lower_s");
    c_q = col(&t, "query_s");
    c_tot = col(&t, "total_s");
    c_ser = col(&t, "series");
    c_leg = col(&t, "legend");
    if (c_res < 0 || c_var < 0 || c_n < 0 || c_valid < 0 || c_kind < 0 || c_f < 0 || c_b < 0 ||
        c_l < 0 || c_q < 0 || c_tot < 0 || c_ser < 0 || c_leg < 0) {
        ct_tsv_free(&t);
        return;
    }
    /* 6 variants x 2 sizes, the first build's tree units and the baselines */
    CT_CHECK(t.nrows == 12, "%s: %d rows, want 12 (6 variants x 2 sizes)", tsv_rel, t.nrows);
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    CT_CHECK(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK,
             "cannot open %s", dbpath);
    for (int i = 0; i < t.nrows; i++)
        if (atoll(t.cell[i][c_n]) > nmax) nmax = atoll(t.cell[i][c_n]);
    for (int i = 0; db && i < t.nrows; i++) {
        char **r = t.cell[i], key[256], build[256] = "", name[256] = "";
        long long rid = atoll(r[c_res]), workload = -1, valid = -1;
        double median_ns = NAN, factor, build_s, lower, total;
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(db,
                           "SELECT r.workload_id, r.build, v.name, r.valid, s.median_ns "
                           "FROM result r JOIN variant v ON v.id = r.variant_id "
                           "JOIN summary s ON s.result_id = r.id WHERE r.id = ?1",
                           -1, &st, NULL);
        sqlite3_bind_int64(st, 1, rid);
        if (st && sqlite3_step(st) == SQLITE_ROW) {
            workload = sqlite3_column_int64(st, 0);
            snprintf(build, sizeof build, "%s", (const char *)sqlite3_column_text(st, 1));
            snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(st, 2));
            valid = sqlite3_column_int64(st, 3);
            if (sqlite3_column_type(st, 4) != SQLITE_NULL) median_ns = sqlite3_column_double(st, 4);
        }
        sqlite3_finalize(st);
        CT_CHECK(workload >= 0 && !strcmp(name, r[c_var]), "row %d: result %lld is not %s", i, rid,
                 r[c_var]);
        CT_CHECK(valid == atoll(r[c_valid]), "%s: valid %s, the database says %lld", name,
                 r[c_valid], valid);
        CT_CHECK(strcmp(build, "insertion=hilbert base=2 si=sum batch=512") != 0,
                 "%s at n = %s: a unit of the second build configuration", name, r[c_n]);
        factor = seconds(db,
                         "SELECT sum(wall_ns) FROM measurement WHERE run_id = 1 AND phase = "
                         "'factor' AND workload_id = ?1",
                         workload, NULL, NULL);
        build_s = !strncmp(name, "brute", 5)
                      ? 0
                      : seconds(db,
                                "SELECT sum(wall_ns) FROM measurement WHERE run_id = 1 AND "
                                "phase = 'build' AND workload_id = ?1 AND build = ?2",
                                workload, build, NULL);
        layout_key(name, key, sizeof key);
        lower = !key[0] ? 0
                        : seconds(db,
                                  "SELECT coalesce(sum(wall_ns), 0) FROM measurement WHERE "
                                  "run_id = 1 AND phase = 'lower' AND workload_id = ?1 AND "
                                  "detail = ?2 AND (build = ?3 OR (build IS NULL AND "
                                  "?3 = 'none (baseline)'))",
                                  workload, key, build);
        total = factor + build_s + lower + median_ns * 1e-9;
        CT_CHECK(factor > 0 && build_s >= 0 && lower >= 0, "%s: factor %g build %g lower %g", name,
                 factor, build_s, lower);
        CT_CHECK(close_rel(atof(r[c_f]), factor), "%s n %s: factor_s %s, want %.10g", name, r[c_n],
                 r[c_f], factor);
        CT_CHECK(close_rel(atof(r[c_b]), build_s), "%s n %s: build_s %s, want %.10g", name, r[c_n],
                 r[c_b], build_s);
        CT_CHECK(close_rel(atof(r[c_l]), lower), "%s n %s: lower_s %s, want %.10g", name, r[c_n],
                 r[c_l], lower);
        if (valid) {
            CT_CHECK(close_rel(atof(r[c_q]), median_ns * 1e-9), "%s n %s: query_s %s, want %.10g",
                     name, r[c_n], r[c_q], median_ns * 1e-9);
            CT_CHECK(close_rel(atof(r[c_tot]), total), "%s n %s: total_s %s, want %.10g", name,
                     r[c_n], r[c_tot], total);
            if (atoll(r[c_n]) == nmax) {
                if (total < best_total) best_total = total;
                if (atoi(r[c_ser]) == 0) series0_total = total;
            }
        } else {
            invalid_rows++;
            CT_CHECK(!strcmp(name, WRONG_VARIANT) && atoi(r[c_kind]) == 2 &&
                         strstr(r[c_leg], "INVALID at n = "),
                     "%s n %s: an invalid unit with kind %s, legend '%s'", name, r[c_n], r[c_kind],
                     r[c_leg]);
        }
        if (key[0] && strncmp(name, "brute", 5) != 0) {
            tree_rows++;
            CT_CHECK(build_s > 0 && lower > 0, "%s: a tree unit without build (%g) or lower (%g)",
                     name, build_s, lower);
        }
        if (!strcmp(name, "brute_blas")) {
            blas_rows++;
            CT_CHECK(atof(r[c_b]) == 0 && atof(r[c_l]) == 0, "brute_blas: build %s, lower %s",
                     r[c_b], r[c_l]);
        }
        if (!strcmp(name, "brute_blas.f32")) {
            f32_rows++;
            CT_CHECK(lower > 0 && atof(r[c_b]) == 0, "brute_blas.f32: lower %g, build %s", lower,
                     r[c_b]);
        }
    }
    CT_CHECK(tree_rows == 8 && blas_rows == 2 && f32_rows == 2 && invalid_rows == 2,
             "%d tree rows (want 8), %d brute_blas (2), %d brute_blas.f32 (2), %d invalid (2)",
             tree_rows, blas_rows, f32_rows, invalid_rows);
    CT_CHECK(series0_total == best_total, "series 0 takes %g s at n = %lld, the fastest %g s",
             series0_total, nmax, best_total);
    sqlite3_close(db);
    ct_tsv_free(&t);
}

int main(void)
{
    char *out = NULL, *svg;
    int rc;

    if (ct_test_run("command -v gnuplot >/dev/null", NULL) != 0) {
        fprintf(stderr, "gnuplot not found (apt-get install gnuplot-nox): skipped\n");
        return 77;
    }
    dir = ct_test_tempdir("plot-total");
    if (!dir) return 1;
    CT_CHECK(write_config("two.ini", "vecchia", "256,1024") == 0 &&
                 write_config("one.ini", "single", "1024") == 0,
             "cannot write the configs");

    /* 1: the failed variant is stored INVALID and the run exits 1 */
    rc = sh("CT_BENCH_INJECT_WRONG='" WRONG_VARIANT "' '" CT_BENCH_EXE
            "' run two.ini --db db --counters none --no-progress",
            &out);
    CT_CHECK(rc == 1, "two-size run: exit %d (want 1, one variant INVALID):\n%s", rc, out);
    free(out);
    rc = sh("'" CT_BENCH_EXE "' run one.ini --db db --counters none --no-progress", &out);
    CT_CHECK(rc == 0, "one-size run: exit %d:\n%s", rc, out);
    free(out);

    rc = sh("'" CT_BENCH_EXE "' plot --db db --out out", &out);
    CT_CHECK(rc == 0, "plot: exit %d:\n%s", rc, out);
    CT_CHECK(out && strstr(out, "out/vecchia_total.{svg,pdf,json,tsv}"),
             "the two-size run has no total figure:\n%s", out);
    /* 2 */
    CT_CHECK(out && strstr(out, "single_total: skipped (one workload size)"),
             "the one-size run does not report the total figure skipped:\n%s", out);
    free(out);
    CT_CHECK(!exists("out/single_total.tsv") && !exists("out/single_total.svg"),
             "a total figure for a run with one workload size");
    CT_CHECK(exists("out/vecchia_total.svg") && exists("out/vecchia_total.pdf") &&
                 exists("out/vecchia_total.json"),
             "the total figure's SVG, PDF or sidecar is missing");
    check_totals("out/vecchia_total.tsv");
    {
        char path[1200];
        snprintf(path, sizeof path, "%s/out/vecchia_total.svg", dir);
        svg = ct_test_read_file(path);
    }
    CT_CHECK(svg && strstr(svg, "the queries alone") &&
                 strstr(svg, "csr.bfs.cached.heap.auto.f64") && strstr(svg, WRONG_VARIANT) &&
                 strstr(svg, "INVALID") && strstr(svg, "failed verification at this n") &&
                 strstr(svg, "log2 scale"),
             "the total SVG lacks the queries-alone key, a variant, INVALID or the log2 axis");
    free(svg);

    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_plot_total");
}
