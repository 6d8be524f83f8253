/* test_cli_compare.c -- `ctbench compare` end to end, with the binary:
 *   - two runs of one config on one binary: exit 0 with --timing report
 *     (timings on a shared machine are not asserted: see test_report_compare);
 *   - the candidate in another database file (DB:RUN) with one metric raised:
 *     exit 1 and the metric named; a unit that fails verification
 *     (CT_BENCH_INJECT_WRONG): exit 1, FAILED;
 *   - runs named by commit, and --name;
 *   - --format json and markdown; --out writes a file;
 *   - a baseline file: export --format baseline, compare FILE RUN (exit 0),
 *     a tampered metric (exit 1), a malformed file (exit 2);
 *   - bad inputs, exit 2 and one line each: an unknown run, a missing
 *     database, no unit in common, a database newer than the binary, an
 *     older (schema 4) database holding no runs, a bad rules file, bad options.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "results.h"
#include "testutil.h"

static char *dir;

static const char config[] =
    "[experiment]\nname = cmp\nseeds = 5\nrepetitions = 5\nwarmup = 1\nthreads = 1\n"
    "interleave = on\n"
    "[workload]\ngenerator = uniform\nn = 1500\ndim = 2\nm = 16\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64, ll.natural.indirect.level.auto.f64\n"
    "baselines = brute_blas\nspeedup_vs = brute_blas\n"
    "[query]\nk = 5\nqueries = 64\n"
    "[counters]\nbackend = none\n";

static const char other_config[] =
    "[experiment]\nname = other\nseeds = 5\nrepetitions = 2\nwarmup = 0\nthreads = 1\n"
    "[workload]\ngenerator = normal\nn = 800\ndim = 2\nm = 16\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64\n"
    "[query]\nk = 3\nqueries = 16\n"
    "[counters]\nbackend = none\n";

static void write_file(const char *name, const char *text)
{
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static int bench(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static int shell(const char *script, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s", dir, script);
    return ct_test_run(cmd, out);
}

/* One line, starting "ctbench: compare: ". */
static int one_line_error(const char *out)
{
    const char *nl;
    if (!out || strncmp(out, "ctbench: compare: ", 18) != 0) return 0;
    nl = strchr(out, '\n');
    return nl && nl[1] == '\0';
}

static void expect_error(const char *args, const char *want)
{
    char *out = NULL;
    int rc = bench(args, &out);
    CT_CHECK(rc == 2 && one_line_error(out) && out && strstr(out, want),
             "compare %s: exit %d, output '%s' (want one line with '%s')", args, rc, out ? out : "",
             want);
    free(out);
}

static void make_runs(void)
{
    char *out = NULL;
    int rc;
    write_file("cmp.ini", config);
    write_file("other.ini", other_config);
    rc = bench("run cmp.ini --db a.db --no-progress && '" CT_BENCH_EXE
               "' run cmp.ini --db a.db --no-progress && '" CT_BENCH_EXE
               "' run other.ini --db a.db --no-progress",
               &out);
    CT_CHECK(rc == 0, "runs: exit %d: %s", rc, out);
    free(out);
    /* the candidate in another file, with one metric raised */
    rc = shell("cp a.db b.db && sqlite3 b.db \"UPDATE summary SET dist_evals_per_query = "
               "dist_evals_per_query + 1 WHERE result_id = (SELECT r.id FROM result r JOIN "
               "variant v ON v.id = r.variant_id WHERE r.run_id = 2 AND v.name = "
               "'csr.bfs.cached.heap.auto.f64')\"",
               &out);
    CT_CHECK(rc == 0, "tampered copy: %s", out);
    free(out);
}

static void check_verdicts(void)
{
    char *out = NULL;
    int rc;
    rc = bench("compare --db a.db 1 2 --timing report", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "PASS: 3 unit(s) compared") &&
                 strstr(out, "exit 0 (deterministic metrics and verification: 0"),
             "same binary, same config: exit %d: %s", rc, out);
    free(out);
    rc = bench("compare --db a.db 1 2 --timing report --verbose", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "csr.bfs.cached.heap.auto.f64") &&
                 strstr(out, "brute_blas"),
             "--verbose lists every unit: %s", out);
    free(out);

    rc = bench("compare a.db:1 b.db:2 --timing report", &out);
    CT_CHECK(rc == 1 && out && strstr(out, "metric changes") && strstr(out, "dist_evals") &&
                 strstr(out, "REGRESSED") && strstr(out, "1 with regressed metrics"),
             "a raised metric in another file: exit %d: %s", rc, out);
    free(out);
    /* the same metric within a tolerance given in a rules file */
    write_file("loose.ini", "[metrics]\ndist_evals = 0.5\n");
    rc = bench("compare a.db:1 b.db:2 --timing report --rules loose.ini", &out);
    CT_CHECK(rc == 0, "within the tolerance: exit %d: %s", rc, out);
    free(out);

    /* a variant that fails verification in the candidate */
    rc = shell("CT_BENCH_INJECT_WRONG='csr.bfs*' '" CT_BENCH_EXE
               "' run cmp.ini --db c.db --no-progress >/dev/null 2>&1; echo $?",
               &out);
    CT_CHECK(out && atoi(out) == 1, "injected wrong answer: run exit %s", out);
    free(out);
    rc = bench("compare a.db:1 c.db:1 --timing report", &out);
    CT_CHECK(rc == 1 && out && strstr(out, "FAILED") &&
                 strstr(out, "candidate failed verification"),
             "failed verification: exit %d: %s", rc, out);
    free(out);

    /* formats */
    rc = bench("compare a.db:1 b.db:2 --timing report --format json", &out);
    CT_CHECK(rc == 1 && out && out[0] == '{' && strstr(out, "\"exit_code\": 1") &&
                 strstr(out, "\"name\": \"dist_evals\"") &&
                 strstr(out, "\"verdict\": \"REGRESSED\""),
             "json: exit %d: %.300s", rc, out);
    free(out);
    rc = bench("compare a.db:1 b.db:2 --timing report --format markdown --out report.md", &out);
    CT_CHECK(rc == 1, "markdown to a file: exit %d: %s", rc, out);
    free(out);
    {
        char path[1200], *md;
        snprintf(path, sizeof path, "%s/report.md", dir);
        md = ct_test_read_file(path);
        CT_CHECK(md && strstr(md, "### ctbench compare: REGRESSION") &&
                     strstr(md, "| verdict | unit |") && strstr(md, "<details>") &&
                     strstr(md, "dist_evals +"),
                 "markdown: %.400s", md ? md : "(none)");
        free(md);
    }
}

static void check_refs(void)
{
    char *out = NULL, sql[256], commit[64] = "";
    int rc;
    snprintf(sql, sizeof sql, "%s/a.db", dir);
    rc = shell("sqlite3 a.db 'SELECT substr(git_commit, 1, 12) FROM run WHERE id = 1'", &out);
    if (rc == 0 && out) sscanf(out, "%63s", commit);
    free(out);
    if (strlen(commit) == 12 && strspn(commit, "0123456789abcdef") == 12 &&
        strspn(commit, "0123456789") < 12) {
        char args[512];
        /* a commit names its newest complete run: with --name cmp, run 2 */
        snprintf(args, sizeof args, "compare --db a.db 1 %s --name cmp --timing report", commit);
        rc = bench(args, &out);
        CT_CHECK(rc == 0 && out && strstr(out, "candidate  a.db:2 "),
                 "commit %s --name cmp: exit %d: %s", commit, rc, out);
        free(out);
        /* without --name the newest run of the commit is 'other': nothing in common */
        snprintf(args, sizeof args, "compare --db a.db 1 commit:%s", commit);
        expect_error(args, "no unit in common");
    }
    expect_error("compare --db a.db 1 abcdef0123", "no run of commit abcdef0123");
    expect_error("compare --db a.db 1 99", "no run 99");
    expect_error("compare --db a.db 1 x-y", "is not a run id, 'latest', a commit or DB:RUN");
    expect_error("compare --db a.db latest 1 --name nosuch", "no complete run named 'nosuch'");
}

static void check_baseline_file(void)
{
    char *out = NULL;
    int rc;
    rc = bench("export --db a.db --format baseline 1 --output base.tsv", &out);
    CT_CHECK(rc == 0, "export baseline: exit %d: %s", rc, out);
    free(out);
    {
        char path[1200], *text;
        snprintf(path, sizeof path, "%s/base.tsv", dir);
        text = ct_test_read_file(path);
        CT_CHECK(text && !strncmp(text, "# ctbench baseline 1\n", 21) &&
                     strstr(text, "\tdist_evals=") && !strstr(text, "median"),
                 "baseline file: %.200s", text ? text : "(none)");
        free(text);
    }
    rc = bench("compare base.tsv 2 --db a.db", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "PASS: 3 unit(s)"), "file vs run: exit %d: %s", rc, out);
    free(out);
    rc = bench("compare base.tsv b.db:2", &out);
    CT_CHECK(rc == 1 && out && strstr(out, "dist_evals"), "file vs tampered run: exit %d: %s", rc,
             out);
    free(out);
    /* a tampered file: an answer hash */
    rc = shell("sed 's/\\texact\\t1\\t[0-9a-f]*\\t/\\texact\\t1\\tdeadbeef\\t/' base.tsv > "
               "changed.tsv && grep -c deadbeef changed.tsv",
               &out);
    CT_CHECK(rc == 0, "sed: %s", out);
    free(out);
    rc = bench("compare changed.tsv 2 --db a.db", &out);
    CT_CHECK(rc == 1 && out && strstr(out, "answers changed"), "changed answers in the file: %d",
             rc);
    free(out);
    write_file("broken.tsv", "# ctbench baseline 1\nvariant\tonly three\tfields\n");
    expect_error("compare broken.tsv 2 --db a.db", "broken.tsv:2: malformed unit");
}

static void check_bad_inputs(void)
{
    char *out = NULL;
    bench_db db;
    ct_error err;
    int rc;
    expect_error("compare --db nosuch.db 1 2", "no results database at nosuch.db");
    expect_error("compare --db a.db 1 3", "no unit in common");
    expect_error("compare --db a.db 1", "BASE and CAND are both needed");
    expect_error("compare --db a.db 1 2 3", "more than two runs");
    expect_error("compare --db a.db 1 2 --format xml", "--format: 'xml'");
    expect_error("compare --db a.db 1 2 --factor 0.5", "--factor");
    expect_error("compare --db a.db 1 2 --alpha 1", "--alpha");
    expect_error("compare --db a.db 1 2 --timing maybe", "--timing");
    expect_error("compare --db a.db 1 2 --bogus", "unknown option '--bogus'");
    write_file("bad-rules.ini", "[timing]\nfactor = nope\n");
    expect_error("compare --db a.db 1 2 --rules bad-rules.ini", "bad-rules.ini:2:");
    /* a database from a newer ctbench */
    rc = shell("cp a.db new.db && sqlite3 new.db 'PRAGMA user_version = 99'", &out);
    free(out);
    expect_error("compare new.db:1 a.db:2", "schema version 99 is newer");
    /* an older database (schema 4): migrated on open; it holds no runs */
    {
        char path[1200];
        snprintf(path, sizeof path, "%s/old.db", dir);
        ct_error_clear(&err);
        if (bench_db_connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db, &err) ==
            CT_OK) {
            CT_CHECK(bench_results_migrate(&db, 4, &err) == CT_OK, "schema 4: %s", err.msg);
            bench_db_close(&db);
        }
    }
    expect_error("compare old.db:latest a.db:2", "holds no runs yet");
    CT_CHECK(shell("sqlite3 old.db 'PRAGMA user_version'", &out) == 0 && out &&
                 atoi(out) == BENCH_DB_SCHEMA_VERSION,
             "the old database was not migrated: %s", out);
    free(out);
    (void)rc;
}

int main(void)
{
    dir = ct_test_tempdir("compare");
    if (!dir) return 1;
    if (ct_test_run("command -v sqlite3 >/dev/null", NULL) != 0) {
        printf("sqlite3 shell not installed: skipped\n");
        ct_test_rmtree(dir);
        return 77;
    }
    make_runs();
    check_verdicts();
    check_refs();
    check_baseline_file();
    check_bad_inputs();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_compare");
}
