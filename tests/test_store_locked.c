/* test_harness_locked.c -- a results database held by another writer: ctbench
 * waits for the busy timeout (CT_DB_BUSY_MS, short here), then fails with one
 * clear line and exit 2, before any work; once the other writer is gone the
 * same database takes a run. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"
#include "testutil.h"

static long long count_runs(bench_db *db)
{
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM run", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int main(void)
{
    char *dir = ct_test_tempdir("locked");
    char path[1200], cmd[4096], want[1400], *out = NULL;
    bench_db holder;
    ct_error err;
    int rc;

    if (!dir) return 1;
    snprintf(path, sizeof path, "%s/busy.db", dir);
    ct_error_clear(&err);
    if (bench_results_open(path, BENCH_DB_WRITE, &holder, &err) != CT_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    /* another writer holds the database */
    CT_CHECK(bench_db_exec(&holder, "BEGIN EXCLUSIVE", &err) == CT_OK, "BEGIN EXCLUSIVE: %s",
             err.msg);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && CT_DB_BUSY_MS=300 '%s' run '%s/configs/smoke.ini' "
             "--db '%s' --no-progress",
             dir, CT_BENCH_EXE, CT_SOURCE_DIR, path);
    rc = ct_test_run(cmd, &out);
    snprintf(want, sizeof want,
             "ctbench: run: cannot write results database %s: database is "
             "locked (another connection holds it; waited 300 ms)",
             path);
    CT_CHECK(rc == 2, "exit %d while locked:\n%s", rc, out);
    CT_CHECK(out && strstr(out, want), "expected '%s' in:\n%s", want, out);
    CT_CHECK(out && strchr(out, '\n') == strrchr(out, '\n') && !strstr(out, "median"),
             "more than the one error line:\n%s", out);
    free(out);
    bench_db_rollback(&holder);
    CT_CHECK(bench_db_integrity_ok(&holder), "integrity after the refused run");
    CT_CHECK(count_runs(&holder) == 0, "the refused run left a row");
    bench_db_close(&holder);

    /* released: the same database takes a run */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && CT_DB_BUSY_MS=300 '%s' run '%s/configs/smoke.ini' "
             "--db '%s' --no-progress --only brute_blas --counters none",
             dir, CT_BENCH_EXE, CT_SOURCE_DIR, path);
    rc = ct_test_run(cmd, &out);
    CT_CHECK(rc == 0, "exit %d after the lock was released:\n%s", rc, out);
    free(out);
    if (bench_results_open(path, BENCH_DB_READ, &holder, &err) == CT_OK) {
        CT_CHECK(count_runs(&holder) == 1, "no run stored after the lock was released");
        bench_db_close(&holder);
    }
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_harness_locked");
}
