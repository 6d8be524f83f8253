/* db.h -- the SQLite results database: connection, schema migrations,
 * transactions.
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

#define BENCH_DB_SCHEMA_VERSION 3
#define BENCH_DB_DEFAULT_PATH "results/ctbench.db"
#define BENCH_DB_DEFAULT_BUSY_MS 5000

typedef enum { BENCH_DB_READ = 0, BENCH_DB_WRITE = 1 } bench_db_mode;

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

/* steps[k] migrates version k to k + 1; *count = BENCH_DB_SCHEMA_VERSION. */
const bench_db_step *bench_db_schema_steps(int *count);

/* Open (creating it, and its parent directory if that is missing, in WRITE
 * mode) and migrate to the current schema.  WRITE mode fails with one line
 * ("cannot write results database PATH: attempt to write a readonly
 * database") when the file, its directory or its lock cannot be written.
 * READ mode opens read-only and needs an existing ctbench database at the
 * current version (an older one is migrated if it is writable).  Paths
 * starting with "file:" are SQLite URIs (e.g. "file:x.db?mode=ro"). */
int bench_db_open(const char *path, bench_db_mode mode, bench_db *db, ct_error *err);

/* Migrate up to `target` (<= BENCH_DB_SCHEMA_VERSION); used by open and by
 * the migration test to create older databases. */
int bench_db_migrate(bench_db *db, int target, ct_error *err);

/* Open a connection without migrating (tests, tools). */
int bench_db_open_raw(const char *path, bench_db *db, ct_error *err);

int bench_db_user_version(bench_db *db, int *version, ct_error *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback never fails loudly). */
int bench_db_begin(bench_db *db, ct_error *err);
int bench_db_commit(bench_db *db, ct_error *err);
void bench_db_rollback(bench_db *db);

/* Run SQL without results. */
int bench_db_exec(bench_db *db, const char *sql, ct_error *err);

/* Fill err with "what: sqlite message" for the connection's last error and
 * return CT_EDB. */
int bench_db_error(bench_db *db, ct_error *err, const char *what);

void bench_db_close(bench_db *db);

/* PRAGMA integrity_check == "ok" (1), 0 otherwise. */
int bench_db_integrity_ok(bench_db *db);

#endif
