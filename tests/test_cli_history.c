/* test_cli_history.c -- `ctbench history` and `ctbench annotate` end to end,
 * with the binary, on a synthetic database: ten real runs of a tiny config,
 * then rewritten with sqlite3 into ten commits (one day apart) whose timed
 * samples are fixed values with a small known jitter, and where from the
 * sixth commit on one variant is 3x slower and does 1.5x the distance
 * evaluations (real timings on a shared machine are not asserted).
 * Checks: the timing change and the exact change are found at the sixth
 * commit with their range, and nothing else is flagged; CSV and JSON carry
 * the same; --metric and --variant filter; --machine keeps apart a run
 * moved to another machine identity; annotate by run and by commit, listed,
 * shown on the history; --since annotation:ID and --since COMMIT start
 * there (no change left to find); `plot history` draws the change point and
 * the annotation and writes the sidecar; bad inputs exit 2 with one line.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;

static const char config[] =
    "[experiment]\nname = hist\nseeds = 5\nrepetitions = 3\nwarmup = 0\nthreads = 1\n"
    "[workload]\ngenerator = normal\nn = 800\ndim = 2\nm = 16\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64, ll.natural.indirect.level.auto.f64\n"
    "[query]\nk = 3\nqueries = 16\n"
    "[counters]\nbackend = none\n";

#define SLOW "csr.bfs.cached.heap.auto.f64"
#define RUNS 10
#define STEP_RUN 6 /* the first run (= commit) of the new regime */

static int bench(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static int shell(const char *script, char **out)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s", dir, script);
    return ct_test_run(cmd, out);
}

static int count(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, what)) != NULL; p += strlen(what)) n++;
    return n;
}

static void make_history(void)
{
    char *out = NULL, sql[4096];
    FILE *f;
    char path[1200];
    int rc;
    snprintf(path, sizeof path, "%s/h.ini", dir);
    f = fopen(path, "w");
    if (f) {
        fputs(config, f);
        fclose(f);
    }
    for (int i = 0; i < RUNS; i++) {
        rc = bench("run h.ini --db h.db --no-progress", &out);
        CT_CHECK(rc == 0, "run %d: exit %d: %s", i, rc, out);
        free(out);
    }
    /* run i is commit i (hash c0..0i), i days after the first; samples
     * 1 ms + a jitter of 0..4%, x3 for the slow variant from STEP_RUN on */
    snprintf(sql, sizeof sql,
             "sqlite3 h.db \"UPDATE run SET git_commit = printf('c%%039x', id), commit_time = "
             "printf('2026-01-%%02dT10:00:00+00:00', id);"
             "UPDATE measurement SET wall_ns = 1000000 * (1 + 0.01 * ((id * 7) %% 5)) * "
             "(CASE WHEN result_id IN (SELECT r.id FROM result r JOIN variant v ON v.id = "
             "r.variant_id WHERE r.run_id >= %d AND v.name = '" SLOW "') THEN 3 ELSE 1 END) "
             "WHERE result_id IS NOT NULL;"
             "UPDATE summary SET dist_evals_per_query = dist_evals_per_query * 1.5 WHERE "
             "result_id IN (SELECT r.id FROM result r JOIN variant v ON v.id = r.variant_id "
             "WHERE r.run_id >= %d AND v.name = '" SLOW "')\"",
             STEP_RUN, STEP_RUN);
    rc = shell(sql, &out);
    CT_CHECK(rc == 0, "rewriting the history: %s", out);
    free(out);
}

static void check_changes(void)
{
    char *out = NULL;
    int rc = bench("history --db h.db", &out);
    CT_CHECK(rc == 0 && out, "history: exit %d: %s", rc, out);
    /* the two changes of the slow variant, both at commit 6, nothing else */
    CT_CHECK(out && count(out, "<- CHANGE") == 2, "%d changes flagged:\n%s",
             count(out, "<- CHANGE"), out);
    CT_CHECK(out && strstr(out, "c00000000000  2026-01-06") &&
                 strstr(out, "<- CHANGE +200.0% in (c00000000000, c00000000000], p = ") &&
                 strstr(out, "<- CHANGE +50.0% exactly at this commit"),
             "history table:\n%s", out);
    free(out);

    /* two timing series tested at 0.05 / 2 each: the 3x step stays */
    rc = bench("history --db h.db --bonferroni --permutations 999 --metric time", &out);
    CT_CHECK(rc == 0 && out && count(out, "<- CHANGE +200.0%") == 1 && count(out, "<- CHANGE") == 1,
             "--bonferroni:\n%s", out);
    free(out);

    rc = bench("history --db h.db --format csv --metric time", &out);
    CT_CHECK(rc == 0 && out && count(out, "\n") == 1 + 2 * RUNS, "csv: %d lines", count(out, "\n"));
    /* the flagged row: position 5, commit 6, from commit 5, step +2 */
    CT_CHECK(out && count(out, ",1,c000000000000000000000000000000000000005,2,") == 1 &&
                 strstr(out, ",dist_evals,") == NULL,
             "csv:\n%s", out);
    free(out);

    rc = bench("history --db h.db --format json --variant 'll.*' --metric dist_evals", &out);
    CT_CHECK(rc == 0 && out && count(out, "\"metric\":") == 1 && strstr(out, "\"changes\":[]") &&
                 strstr(out, "\"deterministic\":true"),
             "json of the unchanged variant:\n%s", out);
    free(out);
    rc = bench("history --db h.db --format json --variant '" SLOW "' --metric dist_evals", &out);
    CT_CHECK(rc == 0 && out &&
                 strstr(out, "\"changes\":[{\"position\":5,\"from_commit\":"
                             "\"c000000000000000000000000000000000000005\",\"to_commit\":"
                             "\"c000000000000000000000000000000000000006\"") &&
                 strstr(out, "\"rel_step\":0.5,\"p_value\":0,\"exact\":true"),
             "json:\n%s", out);
    free(out);
}

static void check_machines(void)
{
    char *out = NULL;
    int rc = shell("sqlite3 h.db \"UPDATE run SET machine_id = 'other0000000000', machine = "
                   "'box2' WHERE id = 3\"",
                   &out);
    free(out);
    rc = bench("history --db h.db --metric time --variant 'll.*' --format csv", &out);
    CT_CHECK(rc == 0 && out && count(out, ",other0000000000,") == 1 && count(out, "\n") == 1 + RUNS,
             "two machines:\n%s", out);
    free(out);
    rc =
        bench("history --db h.db --metric time --variant 'll.*' --format csv --machine box2", &out);
    CT_CHECK(rc == 0 && out && count(out, "\n") == 2, "--machine box2:\n%s", out);
    free(out);
    rc =
        bench("history --db h.db --metric time --variant 'll.*' --format csv --all-machines", &out);
    CT_CHECK(rc == 0 && out && count(out, "\n") == 1 + RUNS && count(out, ",,time,") == RUNS,
             "--all-machines:\n%s", out);
    free(out);
    shell("sqlite3 h.db \"UPDATE run SET machine_id = (SELECT machine_id FROM run WHERE id = 1), "
          "machine = NULL WHERE id = 3\"",
          NULL);
}

static void check_annotations(void)
{
    char *out = NULL;
    int rc = bench("annotate --db h.db 6 'slower heap on purpose'", &out);
    CT_CHECK(rc == 0 && out && !strcmp(out, "1\n"), "annotate run: exit %d: %s", rc, out);
    free(out);
    rc = bench("annotate --db h.db c00000000000000000000000000000000000000 'new machine'", &out);
    CT_CHECK(rc == 0 && out && !strcmp(out, "2\n"), "annotate commit: exit %d: %s", rc, out);
    free(out);
    rc = bench("annotate --db h.db --list", &out);
    CT_CHECK(rc == 0 && out && count(out, "\n") == 2 &&
                 strstr(out, "1\tc000000000000000000000000000000000000006\t6\t") &&
                 strstr(out, "2\tc00000000000000000000000000000000000000\t\t"),
             "list:\n%s", out);
    free(out);
    rc = bench("history --db h.db --metric time --variant '" SLOW "'", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "exactly") == NULL &&
                 strstr(out, "annotation 1  commit c00000000000 run 6  slower heap on purpose") &&
                 strstr(out, "[slower heap on purpose]"),
             "history with annotations:\n%s", out);
    free(out);
    /* starting at the annotated commit: no change left */
    rc = bench("history --db h.db --since annotation:1 --format json", &out);
    CT_CHECK(rc == 0 && out && count(out, "\"changes\":[]") == count(out, "\"metric\":") &&
                 count(out, "\"metric\":") > 2 &&
                 strstr(out, "\"commit\":\"c000000000000000000000000000000000000005\"") == NULL &&
                 strstr(out, "\"commit\":\"c000000000000000000000000000000000000006\""),
             "--since annotation:1:\n%s", out);
    free(out);
    rc = bench("history --db h.db --since c000000000000000000000000000000000000007 --metric time "
               "--format json",
               &out);
    CT_CHECK(rc == 0 && out && count(out, "\"commit_time\":") == 2 * (RUNS - 6),
             "--since COMMIT: %d points:\n%s", count(out, "\"commit_time\":"), out);
    free(out);
    /* compare accepts annotation:ID as a run */
    rc = bench("compare annotation:1 7 --db h.db --timing report", &out);
    CT_CHECK(rc == 0, "compare annotation:1 7: exit %d: %s", rc, out);
    free(out);
}

/* plot history: the figure, its data and sidecar, with the change point and
 * the annotation drawn (skipped when gnuplot is absent) */
static void check_plot(void)
{
    char *out = NULL, *svg = NULL, *json = NULL;
    char path[1200];
    const char *stem = "fig/history_csr.bfs.cached.heap.auto.f64_normal-n800-d2-m16-rbf-s2_1-l_1-"
                       "seed5_t1_k3_time";
    int rc;
    if (ct_test_run("command -v gnuplot >/dev/null", NULL) != 0) {
        printf("gnuplot not installed: plot history not checked\n");
        return;
    }
    rc = bench("plot history --db h.db --out fig --format svg --variant '" SLOW "'", &out);
    CT_CHECK(rc == 0 && out && count(out, "\n") == 1 && strstr(out, "1 change point"),
             "plot history: exit %d: %s", rc, out);
    free(out);
    snprintf(path, sizeof path, "%s/%s.svg", dir, stem);
    CT_CHECK((svg = ct_test_read_file(path)) != NULL && strstr(svg, "<svg") &&
                 strstr(svg, "+200.0% p=") && strstr(svg, "slower heap on purpose"),
             "the svg %s lacks the change point or the annotation", path);
    snprintf(path, sizeof path, "%s/%s.json", dir, stem);
    CT_CHECK((json = ct_test_read_file(path)) != NULL &&
                 strstr(json, "\"changes\":[{\"from_commit\":"
                              "\"c000000000000000000000000000000000000005\"") &&
                 strstr(json, "\"metric\":\"time\"") && strstr(json, "\"runs\":[6]"),
             "sidecar: %s", json ? json : "(missing)");
    free(svg);
    free(json);
    rc = bench("plot history --db h.db --out fig --variant 'none*'", &out);
    CT_CHECK(rc == 2 && out && strstr(out, "no series"), "plot history, nothing: %d %s", rc, out);
    free(out);
}

static void expect_error(const char *args, const char *want)
{
    char *out = NULL;
    int rc = bench(args, &out);
    CT_CHECK(rc == 2 && out && !strncmp(out, "ctbench: ", 9) && count(out, "\n") == 1 &&
                 strstr(out, want),
             "%s: exit %d: %s (want '%s')", args, rc, out ? out : "", want);
    free(out);
}

static void check_bad_inputs(void)
{
    expect_error("history --db missing.db", "no results database");
    expect_error("history --db h.db --variant 'nothing*'", "no series");
    expect_error("history --db h.db --format xml", "--format");
    expect_error("history --db h.db --since annotation:9", "no annotation 9");
    expect_error("history --db h.db --since 999", "no run 999");
    expect_error("history --db h.db --significance 2", "--significance");
    expect_error("history --db h.db extra", "unexpected argument");
    expect_error("annotate --db h.db 6", "RUN|COMMIT and a text");
    expect_error("annotate --db h.db xyz 'text'", "not a commit");
    expect_error("annotate --db h.db 999 'text'", "no run 999");
    expect_error("annotate --db h.db 6 ''", "needs a text");
}

int main(void)
{
    dir = ct_test_tempdir("history");
    if (!dir) return 1;
    if (ct_test_run("command -v sqlite3 >/dev/null", NULL) != 0) {
        printf("sqlite3 shell not installed: skipped\n");
        ct_test_rmtree(dir);
        return 77;
    }
    make_history();
    check_changes();
    check_machines();
    check_annotations();
    check_plot();
    check_bad_inputs();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_history");
}
