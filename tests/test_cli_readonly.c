/* test_harness_readonly.c -- a results database that cannot be written makes
 * `ctbench run` fail at once with one clear line and exit 2, before any
 * work, and leaves the database as it was.
 *
 * Tests run as root in CI, where chmod does not stop root from writing.  So
 * three ways that work for any user are used:
 *   - the SQLite URI "file:PATH?mode=ro": SQLite itself refuses writes;
 *   - a path whose parent is a regular file: nothing can be created there;
 *   - real permissions (a 0444 file, a 0555 directory) exercised by a
 *     process without root's override: as root we drop privileges with
 *     `setpriv --reuid=65534` (util-linux), as a normal user we run directly;
 *     skipped with a note when neither is possible.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results.h"
#include "testutil.h"

static char config_path[1024];
static char *dir;

static int make_db(const char *path)
{
    bench_db db;
    ct_error err;
    ct_error_clear(&err);
    if (bench_results_open(path, BENCH_DB_WRITE, &db, &err) != CT_OK) {
        CT_CHECK(0, "cannot create %s: %s", path, err.msg);
        return -1;
    }
    bench_db_close(&db);
    return 0;
}

static long long runs_in(const char *path)
{
    bench_db db;
    ct_error err;
    sqlite3_stmt *st = NULL;
    long long n = -1;
    ct_error_clear(&err);
    if (bench_results_open(path, BENCH_DB_READ, &db, &err) != CT_OK) return -1;
    if (sqlite3_prepare_v2(db.h, "SELECT count(*) FROM run", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!bench_db_integrity_ok(&db)) n = -2;
    bench_db_close(&db);
    return n;
}

/* Exactly one line of output, the error, and no sign of work. */
static void check_refused(int rc, const char *out, const char *db_arg, const char *why)
{
    char want[1400];
    if (!out) out = "";
    snprintf(want, sizeof want, "ctbench: run: cannot write results database %s: %s", db_arg, why);
    CT_CHECK(rc == 2, "exit %d for %s:\n%s", rc, db_arg, out);
    CT_CHECK(strstr(out, want) != NULL, "expected '%s' in:\n%s", want, out);
    CT_CHECK(strchr(out, '\n') == strrchr(out, '\n'), "more than one line:\n%s", out);
    CT_CHECK(!strstr(out, "workload") && !strstr(out, "median"), "work was done:\n%s", out);
}

static void check_uri_readonly(void)
{
    char path[1200], arg[1300], cmd[4096], *out = NULL;
    int rc;
    snprintf(path, sizeof path, "%s/ro.db", dir);
    if (make_db(path) != 0) return;
    snprintf(arg, sizeof arg, "file:%s?mode=ro", path);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run '%s' --db '%s' --no-progress", dir, CT_BENCH_EXE,
             config_path, arg);
    rc = ct_test_run(cmd, &out);
    check_refused(rc, out, arg, "attempt to write a readonly database");
    free(out);
    CT_CHECK(runs_in(path) == 0, "the read-only database changed or is corrupt");
}

static void check_parent_is_file(void)
{
    char file[1200], arg[1300], cmd[4096], *out = NULL;
    FILE *f;
    int rc;
    snprintf(file, sizeof file, "%s/plain.txt", dir);
    f = fopen(file, "w");
    if (f) {
        fputs("not a directory\n", f);
        fclose(f);
    }
    snprintf(arg, sizeof arg, "%s/results.db", file);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run '%s' --db '%s' --no-progress", dir, CT_BENCH_EXE,
             config_path, arg);
    rc = ct_test_run(cmd, &out);
    check_refused(rc, out, arg, "unable to open database file");
    free(out);
}

/* "" when we can run as an unprivileged user, else NULL.  As root: setpriv to
 * uid 65534, if that user can reach the binary and the config at all. */
static const char *unprivileged_prefix(void)
{
    static const char prefix[] = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    char cmd[3000], *out = NULL;
    int rc;
    if (geteuid() != 0) return "";
    snprintf(cmd, sizeof cmd, "%s'%s' --version && %stest -r '%s'", prefix, CT_BENCH_EXE, prefix,
             config_path);
    rc = ct_test_run(cmd, &out);
    free(out);
    return rc == 0 ? prefix : NULL;
}

static void check_permissions(void)
{
    const char *prefix = unprivileged_prefix();
    char sub[1200], path[1300], cmd[4096], *out = NULL;
    int rc;
    if (!prefix) {
        printf("note: cannot run ctbench as an unprivileged user here (no setpriv, or the build "
               "is not readable by uid 65534); file-permission cases skipped\n");
        return;
    }
    /* a 0444 database file in a writable directory... that the user cannot write */
    snprintf(sub, sizeof sub, "%s/perm", dir);
    mkdir(sub, 0755);
    chmod(dir, 0755);
    snprintf(path, sizeof path, "%s/locked-down.db", sub);
    if (make_db(path) != 0) return;
    chmod(path, 0444);
    snprintf(cmd, sizeof cmd, "cd '%s' && %s'%s' run '%s' --db '%s' --no-progress", sub, prefix,
             CT_BENCH_EXE, config_path, path);
    rc = ct_test_run(cmd, &out);
    check_refused(rc, out, path, "attempt to write a readonly database");
    free(out);
    CT_CHECK(runs_in(path) == 0, "the 0444 database changed or is corrupt");

    /* no database yet, in a directory nobody may write */
    snprintf(sub, sizeof sub, "%s/rodir", dir);
    mkdir(sub, 0555);
    chmod(sub, 0555);
    snprintf(path, sizeof path, "%s/new.db", sub);
    snprintf(cmd, sizeof cmd, "cd '%s' && %s'%s' run '%s' --db '%s' --no-progress", dir, prefix,
             CT_BENCH_EXE, config_path, path);
    rc = ct_test_run(cmd, &out);
    check_refused(rc, out, path, "unable to open database file");
    free(out);
    CT_CHECK(access(path, F_OK) != 0, "a database appeared in the read-only directory");
    chmod(sub, 0755);
}

int main(void)
{
    snprintf(config_path, sizeof config_path, "%s/configs/smoke.ini", CT_SOURCE_DIR);
    dir = ct_test_tempdir("readonly");
    if (!dir) return 1;
    check_uri_readonly();
    check_parent_is_file();
    check_permissions();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_harness_readonly");
}
