/* test_cli_plot_select.c -- which runs `ctbench plot` draws and how
 * (issue 14), end to end on two smoke runs in one database: a full run
 * (one variant forced to fail verification) and a later `run --only
 * '*heap*'` run.
 *
 * 1. the --only glob is stored with the run (`show` prints it, `merge`
 *    copies it) and the default selection keeps the full run although the
 *    --only run is newer; a name with only --only runs falls back to the
 *    latest of them with a one-line note;
 * 2. --label FROM=TO replaces the variant's name in the TSV label column
 *    (qps and threads) and the sidecar records the mapping; `export --label`
 *    in the variant column;
 * 3. --overlay 1 2 writes DIR/smoke-run1-vs-run2_overlay.{svg,pdf,tsv,json};
 *    (also with --style paper); its TSV holds both runs' q/s per variant, equal to nq / median of the
 *    stored summaries, and ratio = qps_b / qps_a; the failed unit has no
 *    q/s and no ratio; a variant only in run 1 is marked so;
 * 4. errors: --label without '=', a variant labelled twice, --overlay with
 *    one run, an unknown run: exit 2 with one line "ctbench: plot: ...".
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "tsv.h"

#define WRONG_VARIANT "csr.bfs.cached.heap.auto.f64"
#define BOTH_VARIANT "ll.natural.cached.heap.auto.f64"
#define ONLY_A_VARIANT "ll.natural.cached.level.auto.f64"

static char *dir;

static int run(const char *env, const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s '%s' %s", dir, env ? env : "", CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static int exists(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static char *read_out(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ct_test_read_file(path);
}

/* The value of column `col` in the row whose column `key` is `value` (NULL if none). */
static const char *tsv_get(const ct_tsv *t, const char *key, const char *value, const char *col)
{
    int k = ct_tsv_col(t, key), c = ct_tsv_col(t, col);
    if (k < 0 || c < 0) return NULL;
    for (int r = 0; r < t->nrows; r++)
        if (t->cell[r][k] && !strcmp(t->cell[r][k], value)) return t->cell[r][c];
    return NULL;
}

static int tsv_has(const ct_tsv *t, const char *col, const char *value)
{
    int c = ct_tsv_col(t, col);
    for (int r = 0; c >= 0 && r < t->nrows; r++)
        if (t->cell[r][c] && !strcmp(t->cell[r][c], value)) return 1;
    return 0;
}

/* One number from the database (NAN when there is no row or it is NULL). */
static double db_number(const char *db_name, const char *sql, const char *text_param)
{
    char path[1200];
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    double v = NAN;
    snprintf(path, sizeof path, "%s/%s", dir, db_name);
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (text_param) sqlite3_bind_text(st, 1, text_param, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            v = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* q/s of a variant in a run at 2 threads, k = 10, from the stored summary. */
static double stored_qps(int run_id, const char *variant)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT r.nq * 1e9 / s.median_ns FROM result r JOIN summary s ON s.result_id = r.id "
             "JOIN variant v ON v.id = r.variant_id WHERE r.run_id = %d AND v.name = ?1 AND "
             "r.threads = 2 AND r.k = 10 AND r.valid",
             run_id);
    return db_number("db", sql, variant);
}

/* A TSV number; NAN for a missing cell. */
static double num(const char *cell)
{
    return cell ? strtod(cell, NULL) : NAN;
}

static int close_to(double got, double want)
{
    return got == got && want == want && fabs(got - want) <= 1e-6 * fabs(want);
}

/* A failure: exit code, one line "ctbench: plot: ..." mentioning needle. */
static void expect_failure(const char *args, int want_exit, const char *needle)
{
    char *log = NULL;
    int rc = run(NULL, args, &log), lines = 0;
    for (const char *p = log; p && *p; p++) lines += *p == '\n';
    CT_CHECK(rc == want_exit, "`%s`: exit %d, want %d: %s", args, rc, want_exit, log);
    CT_CHECK(lines == 1 && log && strstr(log, "ctbench: plot: ") == log,
             "`%s`: want one line 'ctbench: plot: ...', got: %s", args, log);
    CT_CHECK(log && strstr(log, needle), "`%s`: message lacks '%s': %s", args, needle, log);
    free(log);
}

static void check_selection(void)
{
    char *log = NULL, *text;
    int rc;

    rc = run(NULL, "show --db db 2", &log);
    CT_CHECK(rc == 0 && log && strstr(log, "only     the variants matching '*heap*'"),
             "show 2 does not print the --only glob: exit %d: %s", rc, log);
    free(log);
    rc = run(NULL, "show --db db 1", &log);
    CT_CHECK(rc == 0 && log && !strstr(log, "only     "), "show 1 prints an --only line: %s", log);
    free(log);

    /* the default selection: the full run 1, although run 2 is newer */
    rc = run(NULL, "plot --db db --out out", &log);
    CT_CHECK(rc == 0 && log && !strstr(log, "note:"), "plot: exit %d: %s", rc, log);
    free(log);
    text = read_out("out/smoke_qps.json");
    CT_CHECK(text && strstr(text, "\"run_ids\": [1]") && strstr(text, "\"only_glob\": null"),
             "the default plot did not draw the full run 1: %s", text);
    free(text);
    CT_CHECK(!exists("out/smoke-run2_qps.svg") && !exists("out/smoke-run1_qps.svg"),
             "the default plot drew the --only run too");

    /* only --only runs of a name: the latest of them, with a note */
    rc = run(NULL,
             "run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db2 --counters none --no-progress "
             "--only 'brute*'",
             &log);
    CT_CHECK(rc == 0, "run --only 'brute*' into db2: exit %d: %s", rc, log);
    free(log);
    rc = run(NULL, "plot --db db2 --out out2", &log);
    CT_CHECK(rc == 0 && log &&
                 strstr(log, "note: smoke has no complete run made without --only; drawing run 1 "
                             "(run --only 'brute*')"),
             "plot of a database with only an --only run: exit %d, no note: %s", rc, log);
    free(log);
    text = read_out("out2/smoke_qps.json");
    CT_CHECK(text && strstr(text, "\"only_glob\": \"brute*\""), "sidecar lacks the glob: %s", text);
    free(text);

    /* merge copies the glob */
    rc = run(NULL, "merge m.db db2", &log);
    CT_CHECK(rc == 0, "merge: exit %d: %s", rc, log);
    free(log);
    CT_CHECK(db_number("m.db", "SELECT count(*) FROM run WHERE only_glob = 'brute*'", NULL) == 1,
             "merge did not copy run.only_glob");
}

static void check_labels(void)
{
    char *log = NULL, *text;
    ct_tsv t;
    int rc = run(NULL,
                 "plot --db db --out outl --label '" BOTH_VARIANT "=LL heap' "
                 "--label brute_blas=BLAS 1",
                 &log);
    CT_CHECK(rc == 0, "plot --label: exit %d: %s", rc, log);
    free(log);
    CT_CHECK(ct_tsv_load(dir, "outl/smoke_qps.tsv", &t) == 0, "no outl/smoke_qps.tsv");
    CT_CHECK(tsv_has(&t, "label", "LL heap") && tsv_has(&t, "label", "BLAS"),
             "qps TSV lacks the labels");
    CT_CHECK(!tsv_has(&t, "label", BOTH_VARIANT) && !tsv_has(&t, "label", "brute_blas"),
             "qps TSV still names a relabelled variant");
    CT_CHECK(tsv_has(&t, "label", ONLY_A_VARIANT), "qps TSV lost an unlabelled variant");
    ct_tsv_free(&t);
    CT_CHECK(ct_tsv_load(dir, "outl/smoke_threads.tsv", &t) == 0 && tsv_has(&t, "label", "LL heap"),
             "threads TSV lacks the label");
    ct_tsv_free(&t);
    /* export --label: the variant column of a table */
    rc = run(NULL, "export --db db --format csv --table query --label '" BOTH_VARIANT "=LL heap' 1",
             &log);
    CT_CHECK(rc == 0 && log && strstr(log, ",LL heap,") && !strstr(log, "," BOTH_VARIANT ",") &&
                 strstr(log, "," ONLY_A_VARIANT ","),
             "export --label: exit %d: %.300s", rc, log);
    free(log);
    text = read_out("outl/smoke_qps.json");
    CT_CHECK(text && strstr(text, "\"labels\": {\"" BOTH_VARIANT "\": \"LL heap\", "
                                  "\"brute_blas\": \"BLAS\"}"),
             "sidecar lacks the label mapping: %s", text);
    free(text);
}

static void check_overlay(void)
{
    char *log = NULL, *text;
    const char *stem = "outo/smoke-run1-vs-run2_overlay";
    char name[256];
    const char *ext[] = {"svg", "pdf", "tsv", "json"};
    double qa, qb, ratio;
    ct_tsv t;
    int rc = run(NULL, "plot --db db --out outo --overlay 1 2", &log);
    CT_CHECK(rc == 0, "plot --overlay 1 2: exit %d: %s", rc, log);
    free(log);
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s.%s", stem, ext[i]);
        CT_CHECK(exists(name), "no %s", name);
    }
    CT_CHECK(!exists("outo/smoke_qps.svg"), "--overlay drew the per-run figures too");
    /* the overlay has a paper layout: drawn, not skipped */
    rc = run(NULL, "plot --db db --out outp --overlay 1 2 --style paper --format pdf", &log);
    CT_CHECK(rc == 0 && exists("outp/smoke-run1-vs-run2_overlay.pdf"),
             "plot --overlay --style paper: exit %d: %s", rc, log);
    free(log);
    snprintf(name, sizeof name, "%s.tsv", stem);
    if (ct_tsv_load(dir, name, &t) != 0) return;
    /* a variant of both runs: each q/s is the stored one, the ratio B / A */
    qa = num(tsv_get(&t, "variant", BOTH_VARIANT, "qps_a"));
    qb = num(tsv_get(&t, "variant", BOTH_VARIANT, "qps_b"));
    ratio = num(tsv_get(&t, "variant", BOTH_VARIANT, "ratio"));
    CT_CHECK(close_to(qa, stored_qps(1, BOTH_VARIANT)), "qps_a %g, stored %g", qa,
             stored_qps(1, BOTH_VARIANT));
    CT_CHECK(close_to(qb, stored_qps(2, BOTH_VARIANT)), "qps_b %g, stored %g", qb,
             stored_qps(2, BOTH_VARIANT));
    CT_CHECK(close_to(ratio, qb / qa), "ratio %g, want %g", ratio, qb / qa);
    CT_CHECK(tsv_get(&t, "variant", BOTH_VARIANT, "status") &&
                 !strcmp(tsv_get(&t, "variant", BOTH_VARIANT, "status"), "both"),
             "%s not marked as in both runs", BOTH_VARIANT);
    /* the unit that failed verification in run 1: no q/s there, no ratio */
    CT_CHECK(tsv_get(&t, "variant", WRONG_VARIANT, "kind_a") &&
                 !strcmp(tsv_get(&t, "variant", WRONG_VARIANT, "kind_a"), "2") &&
                 !strcmp(tsv_get(&t, "variant", WRONG_VARIANT, "qps_a"), "NaN") &&
                 !strcmp(tsv_get(&t, "variant", WRONG_VARIANT, "ratio"), "NaN") &&
                 strcmp(tsv_get(&t, "variant", WRONG_VARIANT, "qps_b"), "NaN") != 0,
             "the failed unit of run 1 has a value or no run-2 value");
    /* a variant run 2 (--only '*heap*') lacks */
    CT_CHECK(tsv_get(&t, "variant", ONLY_A_VARIANT, "status") &&
                 !strcmp(tsv_get(&t, "variant", ONLY_A_VARIANT, "status"), "only A") &&
                 !strcmp(tsv_get(&t, "variant", ONLY_A_VARIANT, "kind_b"), "-1") &&
                 !strcmp(tsv_get(&t, "variant", ONLY_A_VARIANT, "ratio"), "NaN"),
             "%s not marked as only in run 1", ONLY_A_VARIANT);
    ct_tsv_free(&t);
    snprintf(name, sizeof name, "%s.json", stem);
    text = read_out(name);
    CT_CHECK(text && strstr(text, "\"run_ids\": [1, 2]") && strstr(text, "\"before\": 1") &&
                 strstr(text, "\"after_only_glob\": \"*heap*\""),
             "overlay sidecar: %s", text);
    free(text);
    snprintf(name, sizeof name, "%s.svg", stem);
    text = read_out(name);
    CT_CHECK(text && strstr(text, "INVALID") && strstr(text, "not in run 2") &&
                 strstr(text, "run 1 (before)") && strstr(text, "run 2 (after)"),
             "overlay SVG lacks the INVALID / not-in-run marks or the legend");
    free(text);
}

int main(void)
{
    char *log = NULL;
    int rc;

    if (ct_test_run("command -v gnuplot >/dev/null", NULL) != 0) {
        fprintf(stderr, "gnuplot not found (apt-get install gnuplot-nox): skipped\n");
        return 77;
    }
    dir = ct_test_tempdir("plotsel");
    if (!dir) return 1;
    rc = run("CT_BENCH_INJECT_WRONG='" WRONG_VARIANT "'",
             "run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters none --no-progress",
             &log);
    CT_CHECK(rc == 1, "full smoke run: exit %d (want 1, one INVALID): %s", rc, log);
    free(log);
    rc = run(NULL,
             "run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters none --no-progress "
             "--only '*heap*'",
             &log);
    CT_CHECK(rc == 0, "run --only '*heap*': exit %d: %s", rc, log);
    free(log);
    if (rc == 0) {
        check_selection();
        check_labels();
        check_overlay();
    }
    expect_failure("plot --db db --out oute --label nolabel 1", 2,
                   "--label: 'nolabel' is not FROM=TO");
    expect_failure("plot --db db --out oute --label =x 1", 2, "--label: '=x' is not FROM=TO");
    expect_failure("plot --db db --out oute --label a=b --label a=c 1", 2,
                   "--label: a is given two labels");
    expect_failure("plot --db db --out oute --overlay 1", 2, "--overlay needs exactly two runs");
    expect_failure("plot --db db --out oute --overlay 1 99", 2, "no run 99");
    CT_CHECK(!exists("oute"), "output directory created although plot failed up front");
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_plot_select");
}
