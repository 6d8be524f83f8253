/* db.h -- an SQLite connection, its transactions, and the migration engine;
 * results.h opens a ctbench results database on top of it.
 *
 * The schema version lives in PRAGMA user_version; bench_db_schema_steps()
 * lists the migrations from version k to k+1, each applied with the version
 * bump in one transaction, so a database is always at a whole version.  The
 * connection uses WAL and a busy timeout (5 s, or CT_DB_BUSY_MS), so a second
 * writer waits and then gets a clear "database is locked" error.  Opening for
 * writing proves that the database can be written (schema migrated inside a
 * write transaction) before the caller does any work, so a read-only or locked
 * database fails up front, never half-way through a run.  Migrations run with
 * foreign-key enforcement off (a step may rebuild a referenced table; SQLite
 * ignores the pragma inside a transaction, so it is switched around it).
 */
#ifndef BENCH_DB_H
#define BENCH_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "ct/status.h"

#define BENCH_DB_DEFAULT_BUSY_MS 5000

typedef struct bench_db {
    sqlite3 *h;
    char path[1024];
    int busy_ms;
    int in_tx;
} bench_db;

/* One migration step: SQL run in the step's transaction, then (optionally) a
 * C function for what SQL cannot do (e.g. back-filling medians). */
typedef struct bench_db_step {
    const char *sql;
    int (*fn)(bench_db *db, ct_error *err);
    const char *what;
} bench_db_step;

/* Apply steps[version .. target) (steps[k] migrates version k to k + 1) in
 * one write transaction, which doubles as the write probe even when nothing
 * is to do; a database newer than `count` steps is refused. */
int bench_db_migrate(bench_db *db, const bench_db_step *steps, int count, int target,
                     ct_error *err);

/* Open a connection with the busy timeout (SQLITE_OPEN_* flags; "file:"
 * paths are URIs).  No schema check. */
int bench_db_connect(const char *path, int flags, bench_db *db, ct_error *err);
/* The same, read-write and creating the file (tests, tools). */
int bench_db_open_raw(const char *path, bench_db *db, ct_error *err);

int bench_db_user_version(bench_db *db, int *version, ct_error *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback never fails loudly). */
int bench_db_begin(bench_db *db, ct_error *err);
int bench_db_commit(bench_db *db, ct_error *err);
void bench_db_rollback(bench_db *db);

/* fn(db, ctx, err) inside BEGIN IMMEDIATE ... COMMIT; rolled back when fn
 * or the commit fails.  The one way the harness writes a transaction. */
int bench_db_transaction(bench_db *db, int (*fn)(bench_db *db, void *ctx, ct_error *err), void *ctx,
                         ct_error *err);

/* Did the connection's last call fail because another connection holds the
 * database (SQLITE_BUSY / SQLITE_LOCKED)? */
int bench_db_busy(bench_db *db);

/* Run SQL without results. */
int bench_db_exec(bench_db *db, const char *sql, ct_error *err);

/* Fill err with "what: sqlite message" for the connection's last error and
 * return CT_EDB. */
int bench_db_error(bench_db *db, ct_error *err, const char *what);

void bench_db_close(bench_db *db);

/* db_stmt.c: statement helpers.  Prepare with a one-line error; bind
 * optional values as NULL (NULL text, id <= 0, NaN, !present); step a
 * statement that returns no row (and finalise it), or one integer (0 when
 * there is no row); a column's text or null_text. */
int bench_db_prepare(bench_db *db, const char *sql, sqlite3_stmt **st, ct_error *err);
void bench_db_bind_text(sqlite3_stmt *st, int i, const char *s);
void bench_db_bind_id(sqlite3_stmt *st, int i, int64_t id);
void bench_db_bind_real(sqlite3_stmt *st, int i, double x);
void bench_db_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v, int present);
int bench_db_step_done(bench_db *db, sqlite3_stmt *st, const char *what, ct_error *err);
int bench_db_select_id(bench_db *db, sqlite3_stmt *st, int64_t *id, const char *what,
                       ct_error *err);
const char *bench_db_text(sqlite3_stmt *st, int col, const char *null_text);

/* PRAGMA integrity_check == "ok" (1), 0 otherwise. */
int bench_db_integrity_ok(bench_db *db);

#endif
