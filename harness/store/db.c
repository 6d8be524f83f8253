/* db.c -- an SQLite connection with its busy timeout, transactions, errors
 * as one line, and the migration engine that applies a list of schema steps
 * (db.h).  Which steps, and how a results database is opened, is
 * results.c's job. */
#define _POSIX_C_SOURCE 200809L
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int bench_db_error(bench_db *db, ct_error *err, const char *what)
{
    const char *msg = db->h ? sqlite3_errmsg(db->h) : "no connection";
    int code = db->h ? sqlite3_errcode(db->h) : SQLITE_ERROR;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return ct_error_set(err, CT_EDB, "%s: %s (another connection holds it; waited %d ms)", what,
                            msg, db->busy_ms);
    return ct_error_set(err, CT_EDB, "%s: %s", what, msg);
}

int bench_db_busy(bench_db *db)
{
    int code = db->h ? sqlite3_errcode(db->h) : SQLITE_OK;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

int bench_db_exec(bench_db *db, const char *sql, ct_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int code = sqlite3_errcode(db->h);
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            ct_error_set(err, CT_EDB, "%s (another connection holds it; waited %d ms)",
                         msg ? msg : "database is locked", db->busy_ms);
        else ct_error_set(err, CT_EDB, "%s", msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return CT_EDB;
    }
    return CT_OK;
}

int bench_db_begin(bench_db *db, ct_error *err)
{
    int rc = bench_db_exec(db, "BEGIN IMMEDIATE", err);
    if (rc == CT_OK) db->in_tx = 1;
    return rc;
}

int bench_db_commit(bench_db *db, ct_error *err)
{
    int rc = bench_db_exec(db, "COMMIT", err);
    if (rc == CT_OK) db->in_tx = 0;
    else bench_db_rollback(db);
    return rc;
}

int bench_db_transaction(bench_db *db, int (*fn)(bench_db *db, void *ctx, ct_error *err), void *ctx,
                         ct_error *err)
{
    int rc = bench_db_begin(db, err);
    if (rc != CT_OK) return rc;
    rc = fn(db, ctx, err);
    if (rc != CT_OK) {
        bench_db_rollback(db);
        return rc;
    }
    return bench_db_commit(db, err);
}

void bench_db_rollback(bench_db *db)
{
    if (db->h && !sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = 0;
}

int bench_db_user_version(bench_db *db, int *version, ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return bench_db_error(db, err, "reading the schema version");
    }
    *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return CT_OK;
}

/* PRAGMA foreign_keys: 1, 0, or -1 when it cannot be read. */
static int foreign_keys(bench_db *db)
{
    sqlite3_stmt *st = NULL;
    int on = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_keys", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        on = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return on;
}

static int migrate_steps(bench_db *db, const bench_db_step *steps, int count, int target,
                         ct_error *err);

int bench_db_migrate(bench_db *db, const bench_db_step *steps, int count, int target, ct_error *err)
{
    /* a step may drop and rebuild a table others reference (3: result), which
     * enforcement would turn into an implicit DELETE; the pragma is a no-op
     * inside a transaction, so switch it off around the migration */
    int fk = foreign_keys(db), rc;
    if (fk == 1) sqlite3_exec(db->h, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    rc = migrate_steps(db, steps, count, target, err);
    if (fk == 1) sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return rc;
}

static int migrate_steps(bench_db *db, const bench_db_step *steps, int count, int target,
                         ct_error *err)
{
    int version, rc;
    char sql[64];

    if (target < 0 || target > count) target = count;
    rc = bench_db_begin(db, err); /* the write probe, even when nothing is to do */
    if (rc != CT_OK) return rc;
    rc = bench_db_user_version(db, &version, err);
    if (rc != CT_OK) goto fail;
    if (version > count) {
        rc = ct_error_set(err, CT_EDB,
                          "schema version %d is newer than this ctbench knows (%d); "
                          "use a newer ctbench",
                          version, count);
        goto fail;
    }
    for (; version < target; version++) {
        ct_error step_err;
        ct_error_clear(&step_err);
        if (steps[version].sql) {
            rc = bench_db_exec(db, steps[version].sql, &step_err);
            if (rc != CT_OK) {
                rc = ct_error_set(err, CT_EDB, "migrating schema %d -> %d (%s): %s", version,
                                  version + 1, steps[version].what, step_err.msg);
                goto fail;
            }
        }
        if (steps[version].fn) {
            rc = steps[version].fn(db, &step_err);
            if (rc != CT_OK) {
                rc = ct_error_set(err, CT_EDB, "migrating schema %d -> %d (%s): %s", version,
                                  version + 1, steps[version].what, step_err.msg);
                goto fail;
            }
        }
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
        rc = bench_db_exec(db, sql, err);
        if (rc != CT_OK) goto fail;
    }
    return bench_db_commit(db, err);
fail:
    bench_db_rollback(db);
    return rc;
}

static int busy_ms_from_env(void)
{
    const char *s = getenv("CT_DB_BUSY_MS");
    char *end;
    long v;
    if (!s || !*s) return BENCH_DB_DEFAULT_BUSY_MS;
    v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 3600000) return BENCH_DB_DEFAULT_BUSY_MS;
    return (int)v;
}

static int open_connection(const char *path, int flags, bench_db *db, ct_error *err)
{
    memset(db, 0, sizeof *db);
    snprintf(db->path, sizeof db->path, "%s", path);
    db->busy_ms = busy_ms_from_env();
    if (!strncmp(path, "file:", 5)) flags |= SQLITE_OPEN_URI;
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        int rc = ct_error_set(err, CT_EDB, "%s", db->h ? sqlite3_errmsg(db->h) : "out of memory");
        sqlite3_close(db->h);
        db->h = NULL;
        return rc;
    }
    sqlite3_extended_result_codes(db->h, 0);
    sqlite3_busy_timeout(db->h, db->busy_ms);
    return CT_OK;
}

int bench_db_connect(const char *path, int flags, bench_db *db, ct_error *err)
{
    return open_connection(path, flags, db, err);
}

int bench_db_open_raw(const char *path, bench_db *db, ct_error *err)
{
    return open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, db, err);
}

void bench_db_close(bench_db *db)
{
    if (db->h) {
        bench_db_rollback(db);
        sqlite3_close_v2(db->h);
    }
    db->h = NULL;
}

int bench_db_integrity_ok(bench_db *db)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        ok = t && !strcmp((const char *)t, "ok");
    }
    sqlite3_finalize(st);
    return ok;
}
