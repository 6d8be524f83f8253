/* test_cli_external.c -- external programs behind the protocol of
 * docs/EXTERNAL.md, end to end through `ctbench run`:
 *   - the numpy reference adapter is verified exact next to brute_blas and a
 *     tree variant (k-NN batch), and in predecessor mode over every point;
 *     its wall time, peak memory and own timings are stored;
 *   - every way a program can break the protocol is one stored, failed,
 *     INVALID unit with a note naming it, in one run that completes: a
 *     crash, a timeout, exit status 3, a missing file, a wrong shape, a NaN
 *     distance, an out-of-range index, malformed timings, a wrong answer
 *     claimed exact; a program that is missing or says it cannot run is
 *     'unavailable' (not a failure); a program whose distances are junk but
 *     whose indices are right is exact, with the junk counted;
 *   - the database passes integrity_check afterwards.
 * Needs /usr/bin/python3 with numpy (Debian python3-numpy); else skipped (77).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;

static void write_config(const char *name, const char *head, const char *const *modes, int n,
                         int with_numpy)
{
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return;
    fputs(head, f);
    if (with_numpy)
        fprintf(f,
                "[external:numpy]\ncommand = /usr/bin/python3 %s/adapters/numpy_brute.py\n"
                "protocol = 1\nexact = yes\ntimeout = 120\n",
                CT_SOURCE_DIR);
    for (int i = 0; i < n; i++)
        fprintf(f,
                "[external:%s]\ncommand = /usr/bin/python3 %s/external/fake_adapter.py %s {in} "
                "{out}\nprotocol = 1\nexact = yes\ntimeout = %d\n",
                modes[i], CT_TEST_DATA, modes[i], strcmp(modes[i], "timeout") ? 120 : 2);
    fprintf(f, "[external:missing_program]\ncommand = %s/no/such/program {in} {out}\nexact = yes\n",
            dir);
    fclose(f);
}

static long long sql_int(const char *db, const char *fmt, const char *name)
{
    char sql[1024];
    snprintf(sql, sizeof sql, fmt, name);
    return ct_test_sql_int(db, sql);
}

/* The note of variant NAME's unit contains `want`. */
static void check_note(const char *db, const char *name, const char *want)
{
    char cmd[2048], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"SELECT r.note FROM result r JOIN variant v ON v.id = r.variant_id "
             "WHERE v.name = '%s'\"",
             db, name);
    ct_test_run(cmd, &out);
    CT_CHECK(out && strstr(out, want), "%s: note '%s' does not say '%s'", name,
             out ? out : "(none)", want);
    free(out);
}

static const char head[] = "[experiment]\nname = external\nseeds = 3\nrepetitions = 2\n"
                           "warmup = 1\nthreads = 1\n"
                           "[workload]\nn = 1500\ndim = 3\nm = 48\n"
                           "[variants]\nvariants = csr.bfs.cached.heap.auto.f64\n"
                           "baselines = brute_blas\n"
                           "[query]\nk = 8\nqueries = 40\nverify_queries = 0\n"
                           "[counters]\nbackend = none\n";

static void check_failure_paths(void)
{
    static const char *const modes[] = {"crash", "timeout", "exit3", "missing",     "shape", "nan",
                                        "range", "badjson", "wrong", "unavailable", "reused"};
    static const struct {
        const char *mode, *note;
    } notes[] = {{"crash", "killed by signal 11"},
                 {"timeout", "timed out after 2 s"},
                 {"exit3", "exit status 3; last output: fake: giving up with status 3"},
                 {"missing", "indices.npy: cannot open"},
                 {"shape", "shape 40x7, expected 40x8"},
                 {"nan", "distances.npy: NaN at query 3"},
                 {"range", "index 1000000000 at query 1"},
                 {"badjson", "no query_s list of numbers"},
                 {"wrong", "sampled queries differ from the oracle"},
                 {"unavailable", "unavailable: fake library is not installed"},
                 {"missing_program", "unavailable: cannot run"}};
    char db[1200], cmd[4096], *out = NULL, name[64];
    int n = (int)(sizeof modes / sizeof modes[0]), rc;

    write_config("fail.ini", head, modes, n, 1);
    snprintf(db, sizeof db, "%s/fail.db", dir);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run fail.ini --db fail.db --no-progress 2>&1", dir,
             CT_BENCH_EXE);
    rc = ct_test_run(cmd, &out);
    CT_CHECK(rc == 1, "a run with broken external programs exits 1, got %d:\n%s", rc,
             out ? out : "");
    CT_CHECK(out && strstr(out, "external:numpy") && strstr(out, "unavailable"),
             "the table shows numpy and the unavailable units:\n%s", out ? out : "");
    free(out);
    CT_CHECK(ct_test_sql_int(db, "SELECT count(*) FROM run WHERE status = 'complete'") == 1,
             "the run completes");
    CT_CHECK(ct_test_sql_int(db, "SELECT count(*) FROM result") == 2 + 1 + n + 1,
             "every unit is stored");
    /* the good ones */
    CT_CHECK(sql_int(db,
                     "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id WHERE "
                     "v.name IN ('external:numpy', 'external:reused', 'brute_blas', '%s') "
                     "AND r.verified = 'exact' AND r.valid = 1",
                     "csr.bfs.cached.heap.auto.f64") == 4,
             "numpy, the junk-distance program, brute_blas and the tree are exact");
    CT_CHECK(sql_int(db,
                     "SELECT count(*) FROM result_extra x JOIN result r ON r.id = x.result_id "
                     "JOIN variant v ON v.id = r.variant_id WHERE v.name = '%s' AND ("
                     "(x.name = 'wall_s' AND x.value > 0) OR (x.name = 'peak_rss_bytes' AND "
                     "x.value > 1e6) OR (x.name = 'own_build_s' AND x.value >= 0) OR "
                     "(x.name = 'own_distance_wrong' AND x.value = 0) OR (x.name = 'status' AND "
                     "x.text = 'ok'))",
                     "external:numpy") == 5,
             "numpy's wall time, peak memory, own build time, own distances and status");
    CT_CHECK(sql_int(db,
                     "SELECT count(*) FROM measurement m JOIN variant v ON v.id = m.variant_id "
                     "WHERE v.name = '%s' AND m.phase = 'query' AND m.wall_ns > 0",
                     "external:numpy") == 2,
             "numpy's two repetitions are stored as query samples");
    CT_CHECK(sql_int(db,
                     "SELECT x.value FROM result_extra x JOIN result r ON r.id = x.result_id "
                     "JOIN variant v ON v.id = r.variant_id WHERE v.name = '%s' AND "
                     "x.name = 'own_distance_wrong'",
                     "external:reused") > 0,
             "the reused distance buffer is counted as wrong own distances");
    /* the broken ones */
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        snprintf(name, sizeof name, "external:%s", notes[i].mode);
        CT_CHECK(sql_int(db,
                         "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                         "WHERE v.name = '%s' AND r.valid = 0 AND r.verified = 'failed'",
                         name) == 1,
                 "%s is stored failed and invalid", name);
        check_note(db, name, notes[i].note);
    }
    CT_CHECK(ct_test_sql_int(db, "SELECT count(*) FROM result_extra WHERE name = 'status' AND "
                                 "text = 'unavailable'") == 2,
             "two units are unavailable");
    CT_CHECK(ct_test_sql_int(db, "SELECT count(*) FROM result_extra WHERE name = 'status' AND "
                                 "text IN ('error', 'wrong')") == 9,
             "nine units are errors or wrong answers");
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA integrity_check'", db);
    ct_test_run(cmd, &out);
    CT_CHECK(out && !strncmp(out, "ok", 2), "integrity_check: %s", out ? out : "");
    free(out);
}

static void check_predecessor(void)
{
    static const char pred[] = "[experiment]\nname = external_pred\nseeds = 5\nrepetitions = 1\n"
                               "warmup = 0\nthreads = 1\n"
                               "[workload]\nn = 600\ndim = 2\nm = 32\ncovariance = matern52\n"
                               "[variants]\nbaselines = brute_blas\n"
                               "[query]\nk = 6\nqueries = all\npredecessor = on\n"
                               "verify_queries = 0\n"
                               "[counters]\nbackend = none\n";
    char db[1200], cmd[4096], *out = NULL;
    int rc;
    write_config("pred.ini", pred, NULL, 0, 1);
    snprintf(db, sizeof db, "%s/pred.db", dir);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run pred.ini --db pred.db --no-progress 2>&1", dir,
             CT_BENCH_EXE);
    rc = ct_test_run(cmd, &out);
    CT_CHECK(rc == 0,
             "predecessor run exits 0 (the missing program is only unavailable), got "
             "%d:\n%s",
             rc, out ? out : "");
    free(out);
    CT_CHECK(sql_int(db,
                     "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                     "WHERE v.name = '%s' AND r.verified = 'exact' AND r.nq = 600 "
                     "AND r.exact_queries = 600 AND r.predecessor = 1",
                     "external:numpy") == 1,
             "numpy is exact on all 600 predecessor queries (padded rows included)");
}

int main(void)
{
    char *out = NULL;
    if (ct_test_run("/usr/bin/python3 -c 'import numpy' 2>&1", &out) != 0) {
        printf("skipped: /usr/bin/python3 with numpy is missing (apt-get install "
               "python3-numpy)\n");
        free(out);
        return 77;
    }
    free(out);
    dir = ct_test_tempdir("external");
    if (!dir) return 1;
    check_failure_paths();
    check_predecessor();
    if (ct_test_failed == 0) ct_test_rmtree(dir);
    else fprintf(stderr, "kept %s for inspection\n", dir);
    free(dir);
    return ct_test_finish("test_cli_external");
}
