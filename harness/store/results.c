/* results.c -- the one opener of a results database (results.h). */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int bench_results_migrate(bench_db *db, int target, ct_error *err)
{
    int count;
    const bench_db_step *steps = bench_schema_steps(&count);
    /* the steps may use the SQL functions (step 2's quantiles) */
    int rc = bench_sql_functions_register(db, err);
    if (rc != CT_OK) return rc;
    return bench_db_migrate(db, steps, count, target, err);
}

/* Create the parent directory of a plain path if it is missing (one level:
 * the default results/ directory of a fresh clone). */
static void make_parent(const char *path)
{
    char dir[1024];
    char *slash;
    struct stat sb;
    if (!strncmp(path, "file:", 5)) return;
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (!slash || slash == dir) return;
    *slash = '\0';
    if (stat(dir, &sb) != 0 && errno == ENOENT) mkdir(dir, 0777);
}

static int open_write(const char *path, bench_db *db, ct_error *err)
{
    ct_error e;
    int rc;
    ct_error_clear(&e);
    make_parent(path);
    rc = bench_db_connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, db, &e);
    if (rc != CT_OK) goto fail;
    if (sqlite3_db_readonly(db->h, "main") == 1) {
        rc = ct_error_set(&e, CT_EDB, "attempt to write a readonly database");
        goto fail;
    }
    /* WAL lets `show` read while a run writes; it needs the directory writable. */
    rc = bench_sql_functions_register(db, &e);
    if (rc == CT_OK) rc = bench_db_exec(db, "PRAGMA journal_mode = WAL", &e);
    if (rc == CT_OK) rc = bench_db_exec(db, "PRAGMA synchronous = NORMAL", &e);
    if (rc == CT_OK) rc = bench_db_exec(db, "PRAGMA foreign_keys = ON", &e);
    if (rc == CT_OK) rc = bench_results_migrate(db, BENCH_DB_SCHEMA_VERSION, &e);
    if (rc != CT_OK) goto fail;
    return CT_OK;
fail:
    bench_db_close(db);
    return ct_error_set(err, CT_EDB, "cannot write results database %s: %s", path, e.msg);
}

static int open_read(const char *path, bench_db *db, ct_error *err)
{
    ct_error e;
    int rc, version = 0;
    struct stat sb;
    ct_error_clear(&e);
    if (strncmp(path, "file:", 5) != 0) {
        if (stat(path, &sb) != 0)
            return ct_error_set(err, CT_EIO,
                                "no results database at %s (run `ctbench run CONFIG` "
                                "first)",
                                path);
        if (S_ISDIR(sb.st_mode))
            return ct_error_set(err, CT_EIO, "%s is a directory, not a results database", path);
    }
    rc = bench_db_connect(path, SQLITE_OPEN_READONLY, db, &e);
    if (rc == CT_OK) rc = bench_db_user_version(db, &version, &e);
    if (rc != CT_OK) goto fail;
    if (version == 0) {
        rc = ct_error_set(&e, CT_EDB, "not a ctbench database (schema version 0)");
        goto fail;
    }
    if (version > BENCH_DB_SCHEMA_VERSION) {
        rc = ct_error_set(&e, CT_EDB, "schema version %d is newer than this ctbench knows (%d)",
                          version, BENCH_DB_SCHEMA_VERSION);
        goto fail;
    }
    if (version < BENCH_DB_SCHEMA_VERSION) {
        /* an older database: migrate it if we may write it, then read it */
        bench_db_close(db);
        rc = open_write(path, db, &e);
        if (rc != CT_OK) goto fail;
        bench_db_close(db);
        rc = bench_db_connect(path, SQLITE_OPEN_READONLY, db, &e);
        if (rc != CT_OK) goto fail;
    }
    rc = bench_sql_functions_register(db, &e);
    if (rc == CT_OK) rc = bench_db_exec(db, "PRAGMA query_only = 1", &e);
    if (rc != CT_OK) goto fail;
    return CT_OK;
fail:
    bench_db_close(db);
    return ct_error_set(err, CT_EDB, "cannot read results database %s: %s", path, e.msg);
}

int bench_results_open(const char *path, bench_db_mode mode, bench_db *db, ct_error *err)
{
    return mode == BENCH_DB_WRITE ? open_write(path, db, err) : open_read(path, db, err);
}
