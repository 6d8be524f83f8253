/* sql_functions.c -- C implementations offered to SQL on every results
 * connection (registered by bench_results_open), so figure and table
 * queries never re-implement them:
 *   quantile(x, p)   aggregate: the p-quantile (type 7, stats.c) of the non-NULL x
 *   median(x)        aggregate: quantile(x, 0.5)
 *   run_state(status, writer_host, writer_boot, writer_pid, writer_start)
 *                    what a run's stored status means now (bench_run_state:
 *                    a 'running' run whose writer is gone is 'dead')
 * Only ctbench's own connections have them: the stored views do not use
 * them, so any SQLite client can still read the database. */
#include <sqlite3.h>
#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "stats.h"
#include "store.h"

typedef struct agg {
    double *v;
    int n, cap;
    double p;
    int bad_p;
} agg;

static void step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (argc == 2) {
        double p = sqlite3_value_double(argv[1]);
        if (sqlite3_value_type(argv[1]) == SQLITE_NULL || !(p >= 0 && p <= 1)) a->bad_p = 1;
        a->p = p;
    } else {
        a->p = 0.5;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    if (a->n == a->cap) {
        int cap = a->cap ? 2 * a->cap : 16;
        double *grown = sqlite3_realloc64(a->v, (sqlite3_uint64)cap * sizeof *grown);
        if (!grown) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        a->v = grown;
        a->cap = cap;
    }
    a->v[a->n++] = sqlite3_value_double(argv[0]);
}

static void final(sqlite3_context *ctx)
{
    agg *a = sqlite3_aggregate_context(ctx, 0);
    if (!a || a->n == 0) {
        sqlite3_result_null(ctx);
    } else if (a->bad_p) {
        sqlite3_result_error(ctx, "quantile(x, p): p must be a number in [0, 1]", -1);
    } else {
        bench_stats_sort(a->v, a->n);
        sqlite3_result_double(ctx, bench_stats_quantile(a->v, a->n, a->p));
    }
    if (a) sqlite3_free(a->v);
}

static void run_state(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bench_process_id w;
    const unsigned char *status = sqlite3_value_text(argv[0]);
    const unsigned char *host = sqlite3_value_text(argv[1]), *boot = sqlite3_value_text(argv[2]);
    (void)argc;
    memset(&w, 0, sizeof w);
    snprintf(w.host, sizeof w.host, "%s", host ? (const char *)host : "");
    snprintf(w.boot_id, sizeof w.boot_id, "%s", boot ? (const char *)boot : "");
    w.pid = sqlite3_value_int64(argv[3]);
    w.start = sqlite3_value_int64(argv[4]);
    sqlite3_result_text(ctx, bench_run_state(status ? (const char *)status : "", &w), -1,
                        SQLITE_TRANSIENT);
}

int bench_sql_functions_register(bench_db *db, ct_error *err)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_function(db->h, "quantile", 2, flags, NULL, NULL, step, final) !=
            SQLITE_OK ||
        sqlite3_create_function(db->h, "median", 1, flags, NULL, NULL, step, final) != SQLITE_OK ||
        sqlite3_create_function(db->h, "run_state", 5, SQLITE_UTF8, NULL, run_state, NULL, NULL) !=
            SQLITE_OK)
        return bench_db_error(db, err, "registering the SQL functions");
    return CT_OK;
}
