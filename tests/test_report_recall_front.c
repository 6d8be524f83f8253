/* test_report_recall_front.c -- plots/recall.sql's Pareto front on a made-up
 * slice whose front is known: points dominated by a point of higher (or
 * equal) recall and higher q/s are off it, ties at equal recall and q/s both
 * stay on it, invalid results and other thread counts are left out, the
 * baseline is named although it is off the front, and the series order is
 * the front from the highest q/s down, then the baseline.  (A real run's
 * TSV is checked against the same rule in test_cli_plot_paper.c.) */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct point {
    int id;
    const char *variant, *verified;
    double recall, qps;
    int valid, threads;
    int want_front, want_series; /* -1: not named; -2: not in the figure */
} point;

static const point points[] = {
    {1, "a", "approximate", 0.90, 5000, 1, 2, 1, 0},
    {2, "b", "approximate", 0.95, 4000, 1, 2, 1, 1},
    {3, "c", "approximate", 0.95, 3000, 1, 2, 0, -1}, /* b: same recall, faster */
    {4, "d", "approximate", 0.93, 3500, 1, 2, 0, -1}, /* b: more recall, faster */
    {5, "e", "exact", 1.0, 2000, 1, 2, 1, 2},
    {6, "f", "exact", 1.0, 2000, 1, 2, 1, 3}, /* a tie with e: both on it */
    {7, "base", "exact", 1.0, 1000, 1, 2, 0, 4},
    {8, "g", "approximate", 0.99, 9000, 0, 2, 0, -2}, /* failed verification */
    {9, "h", "approximate", 0.99, 9000, 1, 1, 0, -2}, /* another thread count */
};
#define N_POINTS ((int)(sizeof points / sizeof points[0]))

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
}

int main(void)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char path[1200], *sql;
    int seen[N_POINTS] = {0}, rows = 0;

    snprintf(path, sizeof path, "%s/plots/recall.sql", CT_SOURCE_DIR);
    sql = ct_test_read_file(path);
    CT_CHECK(sql != NULL, "cannot read %s", path);
    if (!sql) return ct_test_finish("test_report_recall_front");
    CT_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK, "sqlite3_open");
    CT_CHECK(
        exec(db, "CREATE TABLE run (id INTEGER, baseline TEXT);"
                 "INSERT INTO run VALUES (1, 'base');"
                 "CREATE TABLE slice (result_id INTEGER, variant TEXT, display TEXT, verified TEXT,"
                 " recall REAL, nq INTEGER, median_ns REAL, q1_ns REAL, q3_ns REAL,"
                 " valid INTEGER, threads INTEGER, main INTEGER);") == SQLITE_OK,
        "schema");
    for (int i = 0; i < N_POINTS; i++) {
        char ins[512];
        const point *p = &points[i];
        double med = 1000 * 1e9 / p->qps; /* nq = 1000 */
        snprintf(
            ins, sizeof ins,
            "INSERT INTO slice VALUES (%d, '%s', '%s', '%s', %.17g, 1000, %.17g, %.17g, %.17g, "
            "%d, %d, 1);",
            p->id, p->variant, p->variant, p->verified, p->recall, med, med * 0.95, med * 1.05,
            p->valid, p->threads);
        CT_CHECK(exec(db, ins) == SQLITE_OK, "insert %d", p->id);
    }
    CT_CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "prepare: %s",
             sqlite3_errmsg(db));
    if (st) {
        sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":run"), 1);
        sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":threads"), 2);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int series = -9, nnamed = -1, nfront = -1, on_front = -1, id = -1;
            const char *label = "";
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const char *name = sqlite3_column_name(st, c);
                if (!strcmp(name, "series")) series = sqlite3_column_int(st, c);
                if (!strcmp(name, "nnamed")) nnamed = sqlite3_column_int(st, c);
                if (!strcmp(name, "nfront")) nfront = sqlite3_column_int(st, c);
                if (!strcmp(name, "on_front")) on_front = sqlite3_column_int(st, c);
                if (!strcmp(name, "result_id")) id = sqlite3_column_int(st, c);
                if (!strcmp(name, "label")) label = (const char *)sqlite3_column_text(st, c);
            }
            rows++;
            CT_CHECK(nnamed == 5 && nfront == 4, "nnamed %d (want 5), nfront %d (want 4)", nnamed,
                     nfront);
            CT_CHECK(id >= 1 && id <= N_POINTS, "unknown result_id %d", id);
            if (id < 1 || id > N_POINTS) continue;
            seen[id - 1]++;
            CT_CHECK(points[id - 1].want_series != -2, "result %d should not be drawn", id);
            CT_CHECK(on_front == points[id - 1].want_front, "result %d: on_front %d, want %d", id,
                     on_front, points[id - 1].want_front);
            CT_CHECK(series == points[id - 1].want_series, "result %d: series %d, want %d", id,
                     series, points[id - 1].want_series);
            if (id == 7)
                CT_CHECK(label && strstr(label, "baseline"), "the baseline's label: %s", label);
        }
        sqlite3_finalize(st);
    }
    CT_CHECK(rows == 7, "%d rows, want the 7 valid results at 2 threads", rows);
    for (int i = 0; i < N_POINTS; i++)
        if (points[i].want_series != -2)
            CT_CHECK(seen[i] == 1, "result %d appears %d times", points[i].id, seen[i]);
    sqlite3_close(db);
    free(sql);
    return ct_test_finish("test_report_recall_front");
}
