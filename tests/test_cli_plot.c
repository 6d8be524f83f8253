/* test_harness_plot.c -- `ctbench plot` end to end: a smoke run (with one
 * variant forced to fail verification) into a temporary database, then the
 * figures it applies to as SVG, PDF, TSV and JSON sidecar:
 *
 * 1. the figures the smoke run contains (qps, recall, work, threads) are
 *    written and non-trivial; the ones it does not (scaling, build, counters
 *    without counters) are not;
 * 2. the SVG names the variants and marks the failed one INVALID, whose TSV
 *    row carries no q/s (never a bar); the sidecar names the run id, the
 *    commit stored with the run, the estimator and the SQL;
 * 3. the database file is byte-for-byte unchanged (opened read-only);
 * 4. with simulated counters (when valgrind is here) the counters figure
 *    says "simulated"; two runs of one experiment get distinct file names;
 * 5. errors: no database (exit 2, the message says to run first), unknown
 *    or malformed run id (2), gnuplot missing (1), output directory not
 *    writable (1), unknown option (2), each one line "ctbench: plot: ...".
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define WRONG_VARIANT "csr.bfs.cached.level.auto.f64"

static char *dir;

static int run(const char *env, const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s '%s' %s", dir, env ? env : "", CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

/* A whole file, malloc'd and NUL-terminated; NULL if unreadable. */
static char *slurp(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[n] = '\0';
    fclose(f);
    if (size) *size = n;
    return buf;
}

static int exists(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static char *read_out(const char *name, long *size)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, size);
}

/* The git commit stored with a run (static buffer). */
static const char *run_commit(const char *db_name, int run_id)
{
    static char commit[64];
    char path[1200];
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    commit[0] = '\0';
    snprintf(path, sizeof path, "%s/%s", dir, db_name);
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT git_commit FROM run WHERE id = ?1", -1, &st, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_int(st, 1, run_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(commit, sizeof commit, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return commit;
}

/* An image, its data and sidecar exist and look like what they claim. */
static void check_figure(const char *stem, int run_id, const char *commit)
{
    char name[256], want[128];
    long size = 0;
    char *text;

    snprintf(name, sizeof name, "%s.svg", stem);
    text = read_out(name, &size);
    CT_CHECK(text && size > 3000 && strstr(text, "<svg") && strstr(text, "</svg>"),
             "%s: missing or not an SVG (%ld bytes)", name, size);
    free(text);

    snprintf(name, sizeof name, "%s.pdf", stem);
    text = read_out(name, &size);
    CT_CHECK(text && size > 3000 && !strncmp(text, "%PDF", 4),
             "%s: missing or not a PDF (%ld "
             "bytes)",
             name, size);
    free(text);

    snprintf(name, sizeof name, "%s.tsv", stem);
    text = read_out(name, &size);
    CT_CHECK(text && strchr(text, '\t') && strchr(text, '\n') != text + size - 1,
             "%s: missing or without data rows", name);
    free(text);

    snprintf(name, sizeof name, "%s.json", stem);
    text = read_out(name, &size);
    snprintf(want, sizeof want, "\"run_ids\": [%d]", run_id);
    CT_CHECK(text && strstr(text, want), "%s: no %s", name, want);
    snprintf(want, sizeof want, "\"git_commit\": \"%s\"", commit);
    CT_CHECK(text && commit[0] && strstr(text, want), "%s: no %s", name, want);
    CT_CHECK(text && strstr(text, "\"estimator\": \"") && strstr(text, "\"sql\": \"") &&
                 strstr(text, "SELECT") && strstr(text, "\"created_at\": \"") &&
                 strstr(text, "\"host\": \""),
             "%s: estimator, SQL, host or creation time missing", name);
    free(text);
}

/* The qps TSV row of the failed variant: kind 2 and no q/s. */
static void check_invalid_row(const char *tsv_name)
{
    char *text = read_out(tsv_name, NULL), *save = NULL;
    int col_label = -1, col_kind = -1, col_qps = -1, rows = 0, bad = 0;
    char *line = text ? strtok_r(text, "\n", &save) : NULL;
    if (line) {
        char *s2 = NULL;
        int c = 0;
        for (char *h = strtok_r(line, "\t", &s2); h; h = strtok_r(NULL, "\t", &s2), c++) {
            if (!strcmp(h, "label")) col_label = c;
            if (!strcmp(h, "kind")) col_kind = c;
            if (!strcmp(h, "qps")) col_qps = c;
        }
    }
    CT_CHECK(col_label >= 0 && col_kind >= 0 && col_qps >= 0,
             "%s: label/kind/qps columns "
             "missing",
             tsv_name);
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *fields[32], *s2 = NULL;
        int n = 0;
        for (char *f = strtok_r(line, "\t", &s2); f && n < 32; f = strtok_r(NULL, "\t", &s2))
            fields[n++] = f;
        if (col_qps >= n || col_label >= n || col_kind >= n) continue;
        if (!strcmp(fields[col_label], WRONG_VARIANT)) {
            rows++;
            if (strcmp(fields[col_kind], "2") != 0 || strcmp(fields[col_qps], "NaN") != 0) bad++;
        } else if (!strcmp(fields[col_qps], "NaN")) {
            bad++; /* a valid variant must have a value */
        }
    }
    CT_CHECK(rows > 0, "%s: no row for %s", tsv_name, WRONG_VARIANT);
    CT_CHECK(bad == 0, "%s: %d rows with a wrong kind or value", tsv_name, bad);
    free(text);
}

/* A failure: exit code, one line "ctbench: plot: ..." mentioning needle. */
static void expect_failure(const char *env, const char *args, int want_exit, const char *needle)
{
    char *log = NULL;
    int rc = run(env, args, &log), lines = 0;
    for (const char *p = log; p && *p; p++) lines += *p == '\n';
    CT_CHECK(rc == want_exit, "`plot %s`: exit %d, want %d: %s", args, rc, want_exit, log);
    CT_CHECK(lines == 1 && log && strstr(log, "ctbench: plot: ") == log,
             "`plot %s`: want one line 'ctbench: plot: ...', got: %s", args, log);
    CT_CHECK(log && strstr(log, needle), "`plot %s`: message lacks '%s': %s", args, needle, log);
    free(log);
}

int main(void)
{
    char *log = NULL, *before, *after, *text;
    char commit[64], args[2048];
    long size_before = 0, size_after = 0;
    int rc;

    if (ct_test_run("command -v gnuplot >/dev/null", NULL) != 0) {
        fprintf(stderr, "gnuplot not found (apt-get install gnuplot-nox): skipped\n");
        return 77;
    }
    dir = ct_test_tempdir("plot");
    if (!dir) return 1;

    /* a smoke run with one variant forced wrong: stored, exit 1 */
    rc = run("CT_BENCH_INJECT_WRONG='" WRONG_VARIANT "'",
             "run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters none --no-progress",
             &log);
    CT_CHECK(rc == 1 && exists("db"), "smoke run: exit %d (want 1, one INVALID): %s", rc, log);
    free(log);
    if (!exists("db")) return ct_test_finish("test_harness_plot");
    snprintf(commit, sizeof commit, "%s", run_commit("db", 1));

    /* 1-3: the default selection (latest complete run of each name) */
    before = read_out("db", &size_before);
    rc = run(NULL, "plot --db db --out out", &log);
    CT_CHECK(rc == 0, "plot: exit %d: %s", rc, log);
    free(log);
    after = read_out("db", &size_after);
    CT_CHECK(before && after && size_before == size_after &&
                 !memcmp(before, after, (size_t)size_before),
             "plot modified the database");
    free(before);
    free(after);

    check_figure("out/smoke_qps", 1, commit);
    check_figure("out/smoke_recall", 1, commit);
    check_figure("out/smoke_work", 1, commit);
    check_figure("out/smoke_threads", 1, commit);
    CT_CHECK(!exists("out/smoke_scaling.svg") && !exists("out/smoke_scaling.tsv"),
             "a scaling figure for a run with one workload size");
    CT_CHECK(!exists("out/smoke_build.svg"), "a build figure for one build configuration");
    CT_CHECK(!exists("out/smoke_counters.svg"), "a counters figure without counters");
    CT_CHECK(!exists("out/smoke_qps.png"), "a PNG without --format png");

    text = read_out("out/smoke_qps.svg", NULL);
    CT_CHECK(text && strstr(text, "csr.bfs.cached.heap.auto.f64") && strstr(text, "brute_blas") &&
                 strstr(text, "ll.natural.indirect.level.auto.f64"),
             "qps SVG lacks variant names");
    CT_CHECK(text && strstr(text, WRONG_VARIANT) && strstr(text, "INVALID"),
             "qps SVG does not mark %s INVALID", WRONG_VARIANT);
    CT_CHECK(text && strstr(text, "approx, recall"), "qps SVG does not mark approximate variants");
    CT_CHECK(text && strstr(text, "queries / s"), "qps SVG has no axis unit");
    free(text);
    text = read_out("out/smoke_work.svg", NULL);
    CT_CHECK(text && strstr(text, "distance evaluations / query"), "work SVG has no axis unit");
    free(text);
    check_invalid_row("out/smoke_qps.tsv");

    /* explicit run id and PNG */
    rc = run(NULL, "plot --db db --out out2 --format png 1", &log);
    CT_CHECK(rc == 0 && exists("out2/smoke_qps.png") && !exists("out2/smoke_qps.svg"),
             "plot --format png 1: exit %d: %s", rc, log);
    free(log);

    /* 4: simulated counters in a second run of the same experiment */
    if (!CT_TEST_SANITIZED && ct_test_run("command -v valgrind >/dev/null", NULL) == 0) {
        rc = run(NULL,
                 "run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters sim "
                 "--only 'csr.bfs.cached.heap.auto.f64*' --no-progress",
                 &log);
        CT_CHECK(rc == 0, "sim run: exit %d: %s", rc, log);
        free(log);
        rc = run(NULL, "plot --db db --out out3 1 2", &log);
        CT_CHECK(rc == 0, "plot 1 2: exit %d: %s", rc, log);
        free(log);
        check_figure("out3/smoke-run1_qps", 1, commit);
        check_figure("out3/smoke-run2_qps", 2, run_commit("db", 2));
        if (exists("out3/smoke-run2_counters.svg")) {
            text = read_out("out3/smoke-run2_counters.svg", NULL);
            CT_CHECK(text && strstr(text, "simulated") && strstr(text, "L1 data misses / query"),
                     "counters SVG does not say simulated or lacks its unit");
            free(text);
        } else {
            CT_CHECK(0, "no counters figure for a run with simulated counters");
        }
    } else {
        fprintf(stderr, "valgrind not found: simulated counters figure not tested\n");
    }

    /* 5: errors */
    expect_failure(NULL, "plot --db missing.db --out out4", 2,
                   "no results database at missing.db (run `ctbench run CONFIG` first)");
    expect_failure(NULL, "plot --db db --out out4 999", 2, "no run 999");
    expect_failure(NULL, "plot --db db --out out4 abc", 2, "RUN must be a run id");
    expect_failure(NULL, "plot --db db --bogus", 2, "--bogus");
    expect_failure("CT_GNUPLOT=/nonexistent/gnuplot", "plot --db db --out out4", 2, "gnuplot");
    CT_CHECK(!exists("out4"), "output directory created although plot failed up front");
    snprintf(args, sizeof args, "plot --db db --out db/sub");
    expect_failure(NULL, args, 2, "cannot write the output directory db/sub");

    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_harness_plot");
}
