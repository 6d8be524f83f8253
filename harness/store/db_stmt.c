/* db_stmt.c -- the few statement helpers every query of the harness uses
 * (db.h): prepare with a one-line error, bind optional values as NULL,
 * step a statement that returns nothing or one integer, read text. */
#include <math.h>

#include "db.h"

int bench_db_prepare(bench_db *db, const char *sql, sqlite3_stmt **st, ct_error *err)
{
    if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK)
        return bench_db_error(db, err, "preparing a statement");
    return CT_OK;
}

void bench_db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

void bench_db_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0) sqlite3_bind_int64(st, i, id);
    else sqlite3_bind_null(st, i);
}

void bench_db_bind_real(sqlite3_stmt *st, int i, double x)
{
    if (isnan(x)) sqlite3_bind_null(st, i);
    else sqlite3_bind_double(st, i, x);
}

void bench_db_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v, int present)
{
    if (present) sqlite3_bind_int64(st, i, v);
    else sqlite3_bind_null(st, i);
}

int bench_db_step_done(bench_db *db, sqlite3_stmt *st, const char *what, ct_error *err)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? CT_OK : bench_db_error(db, err, what);
    sqlite3_finalize(st);
    return rc;
}

int bench_db_select_id(bench_db *db, sqlite3_stmt *st, int64_t *id, const char *what, ct_error *err)
{
    int rc = sqlite3_step(st);
    *id = 0;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = CT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = CT_OK;
    } else {
        rc = bench_db_error(db, err, what);
    }
    sqlite3_finalize(st);
    return rc;
}

const char *bench_db_text(sqlite3_stmt *st, int col, const char *null_text)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : null_text;
}
