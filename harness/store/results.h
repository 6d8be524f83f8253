/* results.h -- open a ctbench results database: the schema of db_schema.c
 * applied through the migration engine of db.h.  The one opener of every
 * subcommand.
 *
 * WRITE creates the file (and its parent directory when that is missing),
 * switches on WAL, foreign keys and a busy timeout (5 s, or CT_DB_BUSY_MS)
 * and migrates to the current schema inside BEGIN IMMEDIATE, which proves
 * the database can be written before any work is done: a read-only or
 * locked database fails here with one line ("cannot write results database
 * PATH: attempt to write a readonly database").
 * READ opens read-only (PRAGMA query_only): a missing file is CT_EIO "no
 * results database at PATH (run `ctbench run CONFIG` first)", a directory
 * CT_EIO, a file that is not a ctbench database or is newer than this
 * binary CT_EDB; an older database is migrated first when it is writable.
 * Paths starting with "file:" are SQLite URIs (e.g. "file:x.db?mode=ro").
 */
#ifndef BENCH_RESULTS_H
#define BENCH_RESULTS_H

#include "db.h"

#define BENCH_DB_SCHEMA_VERSION 6
#define BENCH_DB_DEFAULT_PATH "results/ctbench.db"

typedef enum { BENCH_DB_READ = 0, BENCH_DB_WRITE = 1 } bench_db_mode;

int bench_results_open(const char *path, bench_db_mode mode, bench_db *db, ct_error *err);

/* The schema: steps[k] migrates version k to k + 1; *count = BENCH_DB_SCHEMA_VERSION. */
const bench_db_step *bench_schema_steps(int *count);

/* quantile(), median(), run_state() on a connection (sql_functions.c). */
int bench_sql_functions_register(bench_db *db, ct_error *err);

/* Migrate an open connection up to `target` (tests build older databases). */
int bench_results_migrate(bench_db *db, int target, ct_error *err);

#endif
