/* test_cli_merge.c -- `ctbench merge` end to end: two databases of real
 * runs (two configs, one annotated) merged into a new one: every run,
 * result, sample, summary, tree and annotation arrives once, references
 * consistent (foreign_key_check, integrity_check), the set of units of the
 * output is the union of the inputs', machine identities kept per run; a
 * unit measured in both (same commit and machine) is kept twice and
 * counted as a conflict; merging again copies nothing (idempotent, same
 * counts); a file that is not a database, a missing input and OUT as its
 * own input exit 2 with one line.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;

static const char config_a[] =
    "[experiment]\nname = a\nseeds = 5\nrepetitions = 3\nwarmup = 0\nthreads = 1\n"
    "[workload]\ngenerator = normal\nn = 800\ndim = 2\nm = 16\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64, ll.natural.indirect.level.auto.f64\n"
    "baselines = brute_blas\n"
    "[query]\nk = 3\nqueries = 16\n[counters]\nbackend = none\n";
static const char config_b[] =
    "[experiment]\nname = b\nseeds = 7\nrepetitions = 2\nwarmup = 0\nthreads = 1\n"
    "[workload]\ngenerator = uniform\nn = 600\ndim = 2\nm = 16\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64\n"
    "[query]\nk = 2\nqueries = 8\n[counters]\nbackend = none\n";

static int shell(const char *script, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s", dir, script);
    return ct_test_run(cmd, out);
}

static int bench(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

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

/* the text sqlite3 prints for `sql` on `db` */
static char *query(const char *db, const char *sql)
{
    char cmd[2048];
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "sqlite3 %s \"%s\"", db, sql);
    if (shell(cmd, &out) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static const char units_sql[] =
    "SELECT u.started_at || '|' || u.machine_id || '|' || v.name || '|' || w.label || '|' || "
    "r.build || '|' || r.threads || '|' || r.k || '|' || s.reps || '|' || "
    "(SELECT count(*) FROM measurement m WHERE m.result_id = r.id) FROM result r JOIN run u ON "
    "u.id = r.run_id JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = "
    "r.workload_id JOIN summary s ON s.result_id = r.id ORDER BY 1";

static void check_merge(void)
{
    char *out = NULL, *a, *b, *m, *counts1, *counts2;
    const char *counts_sql = "SELECT (SELECT count(*) FROM run), (SELECT count(*) FROM result), "
                             "(SELECT count(*) FROM measurement), (SELECT count(*) FROM summary), "
                             "(SELECT count(*) FROM tree), (SELECT count(*) FROM annotation), "
                             "(SELECT count(*) FROM variant), (SELECT count(*) FROM workload)";
    int rc;
    write_file("a.ini", config_a);
    write_file("b.ini", config_b);
    rc = bench("run a.ini --db a.db --no-progress > /dev/null && '" CT_BENCH_EXE
               "' run a.ini --db b.db --no-progress >/dev/null && '" CT_BENCH_EXE
               "' run b.ini --db b.db --no-progress > /dev/null && '" CT_BENCH_EXE
               "' annotate --db b.db 2 'second config'",
               &out);
    CT_CHECK(rc == 0, "runs: exit %d: %s", rc, out);
    free(out);
    rc = bench("merge m.db a.db b.db", &out);
    CT_CHECK(rc == 0 && out &&
                 strstr(out, "a.db: 1 run copied (3 results), 0 already present, 0 "
                             "conflicts\n") &&
                 strstr(out, "b.db: 2 runs copied (4 results), 0 already present, 3 conflicts\n"),
             "merge: exit %d: %s", rc, out);
    free(out);
    a = query("a.db", units_sql);
    b = query("b.db", units_sql);
    m = query("m.db", units_sql);
    /* ordered by start time, a's run first: the output is a's units then b's */
    CT_CHECK(a && b && m && strlen(m) == strlen(a) + strlen(b) && !strncmp(m, a, strlen(a)) &&
                 !strcmp(m + strlen(a), b),
             "units of the merge:\n%s\nnot those of a:\n%s\nand b:\n%s", m, a, b);
    free(a);
    free(b);
    free(m);
    out = query("m.db", "PRAGMA foreign_key_check; PRAGMA integrity_check");
    CT_CHECK(out && !strcmp(out, "ok\n"), "consistency: %s", out);
    free(out);
    out = query("m.db", "SELECT text FROM annotation a JOIN run r ON r.id = a.run_id");
    CT_CHECK(out && !strcmp(out, "second config\n"), "annotation: %s", out);
    free(out);
    counts1 = query("m.db", counts_sql);
    rc = bench("merge m.db a.db b.db", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "a.db: 0 runs copied (0 results), 1 already present") &&
                 strstr(out, "b.db: 0 runs copied (0 results), 2 already present"),
             "merge again: %s", out);
    free(out);
    counts2 = query("m.db", counts_sql);
    CT_CHECK(counts1 && counts2 && !strcmp(counts1, counts2) && !strncmp(counts1, "3|7|", 4),
             "idempotent: %s then %s", counts1, counts2);
    free(counts1);
    free(counts2);
    /* the merged database is a working one */
    rc = bench("compare m.db:1 m.db:2 --timing report", &out);
    CT_CHECK(rc == 0, "compare across merged runs: exit %d: %s", rc, out);
    free(out);
}

static void expect_error(const char *args, const char *want)
{
    char *out = NULL;
    int rc = bench(args, &out);
    CT_CHECK(rc == 2 && out && !strncmp(out, "ctbench: merge: ", 16) && strstr(out, want),
             "%s: exit %d: %s (want '%s')", args, rc, out ? out : "", want);
    free(out);
}

static void check_bad_inputs(void)
{
    write_file("junk.db", "this is not a database, not at all, no sqlite header here\n");
    expect_error("merge m.db junk.db", "junk.db");
    expect_error("merge m.db missing.db", "missing.db");
    expect_error("merge m.db m.db", "OUT itself");
    expect_error("merge m.db", "at least one IN.db");
}

int main(void)
{
    dir = ct_test_tempdir("merge");
    if (!dir) return 1;
    if (ct_test_run("command -v sqlite3 >/dev/null", NULL) != 0) {
        printf("sqlite3 shell not installed: skipped\n");
        ct_test_rmtree(dir);
        return 77;
    }
    check_merge();
    check_bad_inputs();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_merge");
}
