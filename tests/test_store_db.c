/* test_harness_db.c -- the results database: a fresh database gets the
 * current schema (tables, views, WAL, user_version); a database created at
 * an older user_version with data in it is migrated forward in place (its
 * rows kept, summaries back-filled, new column and views present); a
 * version-2 database migrates to 3 with foreign keys on (result rebuilt with
 * its ids, build in its UNIQUE key, measurement.build back-filled, table
 * tree and the new view columns); newer and foreign databases are refused;
 * read mode never creates a file; the median/quartile rule. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results.h"
#include "store.h"
#include "stats.h"
#include "testutil.h"

static long long scalar(bench_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static double scalar_d(bench_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    double v = NAN;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void check_fresh(const char *dir)
{
    char path[1200], sql[256];
    bench_db db;
    ct_error err;
    static const char *const objects[] = {
        "run",     "workload",        "variant",   "result",  "measurement",      "counter",
        "summary", "v_query_summary", "v_speedup", "v_setup", "v_counter_status", "tree",
        "v_tree"};
    /* the parent directory is created when missing */
    snprintf(path, sizeof path, "%s/sub/fresh.db", dir);
    ct_error_clear(&err);
    CT_CHECK(bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_OK, "open fresh: %s",
             err.msg);
    if (!db.h) return;
    CT_CHECK(scalar(&db, "PRAGMA user_version") == BENCH_DB_SCHEMA_VERSION,
             "fresh database at version %lld", scalar(&db, "PRAGMA user_version"));
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE name = '%s'",
                 objects[i]);
        CT_CHECK(scalar(&db, sql) == 1, "schema object %s missing", objects[i]);
    }
    {
        sqlite3_stmt *st = NULL;
        int wal = 0;
        if (sqlite3_prepare_v2(db.h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            wal = !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
        sqlite3_finalize(st);
        CT_CHECK(wal, "journal mode is not WAL");
    }
    CT_CHECK(bench_db_integrity_ok(&db), "integrity_check of a fresh database");
    bench_db_close(&db);
    /* opening again is a no-op migration */
    CT_CHECK(bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_OK, "reopen: %s", err.msg);
    bench_db_close(&db);
    CT_CHECK(bench_results_open(path, BENCH_DB_READ, &db, &err) == CT_OK, "read mode: %s", err.msg);
    bench_db_close(&db);
}

/* A version-1 database with one result of three repetitions. */
static int64_t fill_v1(bench_db *db)
{
    static const char *const sql =
        "INSERT INTO run (id, started_at, status, name, config_path, config_text, config_hash, "
        "seeds, order_seed, interleave, baseline, git_commit, host, counters_backend, "
        "ctbench_version) VALUES (1, '2026-01-01T00:00:00Z', 'complete', 'old', 'c.ini', '', "
        "'00', '1', 0, 0, 'brute_blas', 'abc', 'h', 'none', '0.0.1');"
        "INSERT INTO workload (id, label, source, n, dim, m, covariance, variance, lengthscale, "
        "content_hash) VALUES (1, 'w', 'synthetic', 10, 3, 2, 'rbf', 1, '1', '0');"
        "INSERT INTO variant (id, name, family, precision, options, exact) VALUES "
        "(1, 'brute_blas', 'brute_blas', 'f64', '', 1), (2, 'x', 'tree', 'f64', '', 1);"
        "INSERT INTO result (id, run_id, variant_id, workload_id, threads, k, nq, predecessor, "
        "exclude_self, build, verified, valid, recall, verify_queries) VALUES "
        "(1, 1, 2, 1, 2, 5, 100, 0, 0, 'b', 'exact', 1, 1.0, 10),"
        "(2, 1, 1, 1, 2, 5, 100, 0, 0, 'b', 'exact', 1, 1.0, 10);"
        "INSERT INTO measurement (run_id, workload_id, result_id, variant_id, threads, phase, "
        "repetition, wall_ns, nq, dist_evals) VALUES "
        "(1, 1, 1, 2, 2, 'query', 0, 3000, 100, 5000), (1, 1, 1, 2, 2, 'query', 1, 1000, 100, "
        "5000),"
        "(1, 1, 1, 2, 2, 'query', 2, 2000, 100, 5000), (1, 1, 2, 1, 2, 'query', 0, 8000, 100, "
        "1000),"
        "(1, 1, NULL, NULL, 2, 'build', 0, 7, NULL, NULL);"
        "INSERT INTO counter (run_id, result_id, event, source, status, reason) VALUES "
        "(1, 1, 'PAPI_TOT_CYC', 'papi', 'absent', 'no PMU');";
    ct_error err;
    ct_error_clear(&err);
    return bench_db_exec(db, sql, &err) == CT_OK ? 1 : (fprintf(stderr, "%s\n", err.msg), 0);
}

static void check_migration(const char *dir)
{
    char path[1200];
    bench_db db;
    ct_error err;
    ct_error_clear(&err);
    snprintf(path, sizeof path, "%s/old.db", dir);
    CT_CHECK(bench_db_open_raw(path, &db, &err) == CT_OK, "raw open: %s", err.msg);
    if (!db.h) return;
    CT_CHECK(bench_results_migrate(&db, 1, &err) == CT_OK, "migrate to 1: %s", err.msg);
    CT_CHECK(scalar(&db, "PRAGMA user_version") == 1, "not at version 1");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM sqlite_master WHERE name = 'summary'") == 0,
             "version 1 already has the summary table");
    CT_CHECK(fill_v1(&db) == 1, "filling the version-1 database");
    bench_db_close(&db);

    /* a normal open migrates it forward */
    CT_CHECK(bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_OK, "migrating open: %s",
             err.msg);
    if (!db.h) return;
    CT_CHECK(scalar(&db, "PRAGMA user_version") == BENCH_DB_SCHEMA_VERSION, "not migrated");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM measurement") == 5, "measurements lost");
    /* v6: the old run has no --only glob (it ran every variant of its config) */
    CT_CHECK(scalar(&db, "SELECT count(*) FROM run WHERE only_glob IS NULL") == 1,
             "run.only_glob missing or not NULL for an old run");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM counter WHERE ratio IS NULL") == 1,
             "counter.ratio missing or not NULL for old rows");
    /* medians back-filled from the raw samples: {3000, 1000, 2000} -> 2000, IQR 1000 */
    CT_CHECK(scalar_d(&db, "SELECT median_ns FROM summary WHERE result_id = 1") == 2000.0,
             "back-filled median %g",
             scalar_d(&db, "SELECT median_ns FROM summary WHERE "
                           "result_id = 1"));
    CT_CHECK(fabs(scalar_d(&db, "SELECT iqr_s FROM v_query_summary WHERE result_id = 1") - 1e-6) <
                 1e-15,
             "IQR in the view");
    CT_CHECK(fabs(scalar_d(&db, "SELECT qps FROM v_query_summary WHERE result_id = 1") - 5e7) <
                 1e-3,
             "q/s in the view");
    CT_CHECK(
        scalar_d(&db, "SELECT dist_evals_per_query FROM v_query_summary WHERE result_id = 1") ==
            50.0,
        "dist evals per query in the view");
    CT_CHECK(scalar_d(&db, "SELECT speedup FROM v_speedup WHERE result_id = 1") == 4.0,
             "speed-up against the run's baseline: %g",
             scalar_d(&db, "SELECT speedup FROM v_speedup WHERE result_id = 1"));
    CT_CHECK(scalar(&db, "SELECT count(*) FROM v_setup WHERE phase = 'build'") == 1, "v_setup");
    CT_CHECK(bench_db_integrity_ok(&db), "integrity after migration");
    bench_db_close(&db);
}

/* A version-2 database (summaries present) with a second workload, a
 * baseline and the tree variant on it: migrating to 3 keeps every row and
 * id, and the result key now includes build. */
static void check_migration_v2(const char *dir)
{
    char path[1200];
    bench_db db;
    ct_error err;
    ct_error_clear(&err);
    snprintf(path, sizeof path, "%s/v2.db", dir);
    CT_CHECK(bench_db_open_raw(path, &db, &err) == CT_OK, "raw open: %s", err.msg);
    if (!db.h) return;
    CT_CHECK(bench_results_migrate(&db, 2, &err) == CT_OK, "migrate to 2: %s", err.msg);
    CT_CHECK(scalar(&db, "PRAGMA user_version") == 2, "not at version 2");
    CT_CHECK(fill_v1(&db) == 1, "filling the version-2 database");
    CT_CHECK(bench_db_exec(&db,
                           "UPDATE result SET build = 'none (baseline)' WHERE id = 2;"
                           "INSERT INTO measurement (run_id, workload_id, threads, phase, detail, "
                           "repetition, wall_ns) VALUES (1, 1, 2, 'lower', 'csr.bfs.cached.f64', "
                           "0, 9), (1, 1, 2, 'factor', NULL, 0, 11);"
                           "INSERT INTO summary (result_id, reps, median_ns) VALUES (1, 3, 2000),"
                           "(2, 1, 8000);",
                           &err) == CT_OK,
             "v2 rows: %s", err.msg);
    bench_db_close(&db);

    /* the normal open (foreign keys on) migrates 2 -> 3 -> ... -> current */
    CT_CHECK(bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_OK, "migrating open: %s",
             err.msg);
    if (!db.h) return;
    CT_CHECK(scalar(&db, "PRAGMA user_version") == BENCH_DB_SCHEMA_VERSION &&
                 BENCH_DB_SCHEMA_VERSION >= 3,
             "not at the current version");
    CT_CHECK(scalar(&db, "PRAGMA foreign_keys") == 1, "foreign keys not back on after migrating");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM result") == 2 &&
                 scalar(&db, "SELECT count(*) FROM result WHERE id = 1 AND variant_id = 2 AND "
                             "build = 'b' AND recall = 1.0 AND verify_queries = 10") == 1 &&
                 scalar(&db, "SELECT count(*) FROM result WHERE id = 2 AND variant_id = 1") == 1,
             "results lost or renumbered");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM measurement") == 7 &&
                 scalar(&db, "SELECT count(*) FROM summary") == 2 &&
                 scalar(&db, "SELECT count(*) FROM counter WHERE result_id = 1") == 1,
             "rows lost in measurement/summary/counter");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM pragma_foreign_key_check") == 0,
             "foreign keys broken by the rebuild");
    CT_CHECK(bench_db_integrity_ok(&db), "integrity after migrating 2 -> 3");
    /* measurement.build back-filled for the tree's setup rows only */
    CT_CHECK(scalar(&db, "SELECT count(*) FROM measurement WHERE phase IN ('build','lower') AND "
                         "build = 'b'") == 2 &&
                 scalar(&db, "SELECT count(*) FROM measurement WHERE build IS NOT NULL") == 2 &&
                 scalar(&db, "SELECT count(*) FROM measurement WHERE phase = 'build' AND "
                             "detail = 'b'") == 1 &&
                 scalar(&db, "SELECT count(*) FROM measurement WHERE phase = 'lower' AND "
                             "detail = 'csr.bfs.cached.f64'") == 1,
             "measurement.build/detail back-fill");
    /* the views work on the old rows and have the new columns */
    CT_CHECK(scalar_d(&db, "SELECT speedup FROM v_speedup WHERE result_id = 1") == 4.0,
             "speed-up after the migration: %g",
             scalar_d(&db, "SELECT speedup FROM v_speedup WHERE result_id = 1"));
    CT_CHECK(scalar(&db, "SELECT count(*) FROM v_query_summary WHERE n = 10 AND "
                         "build IS NOT NULL") == 2,
             "v_query_summary n/build columns");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM v_setup WHERE build = 'b' AND n = 10") == 2,
             "v_setup build/n columns");
    CT_CHECK(scalar(&db, "SELECT count(*) FROM tree") == 0 &&
                 scalar(&db, "SELECT count(*) FROM v_tree") == 0,
             "tree table");

    /* the new key: the same unit over another build is a new row, the same
     * build again is refused */
    ct_error_clear(&err);
    CT_CHECK(bench_db_exec(&db,
                           "INSERT INTO result (run_id, variant_id, workload_id, threads, "
                           "k, nq, predecessor, exclude_self, build, verified, valid, "
                           "verify_queries) VALUES (1, 2, 1, 2, 5, 100, 0, 0, 'b2', "
                           "'exact', 1, 10)",
                           &err) == CT_OK,
             "a second build of the same unit refused: %s", err.msg);
    CT_CHECK(bench_db_exec(&db,
                           "INSERT INTO result (run_id, variant_id, workload_id, threads, "
                           "k, nq, predecessor, exclude_self, build, verified, valid, "
                           "verify_queries) VALUES (1, 2, 1, 2, 5, 100, 0, 0, 'b', "
                           "'exact', 1, 10)",
                           &err) == CT_EDB &&
                 strstr(err.msg, "UNIQUE"),
             "a duplicate (unit, build) accepted: '%s'", err.msg);
    {
        bench_unit_key key = {1, 2, 1, "b2", 2, 5, 0, 0};
        int exists = 0;
        CT_CHECK(bench_store_unit_exists(&db, &key, &exists, &err) == CT_OK && exists,
                 "unit with build b2 not found");
        key.build = "b3";
        CT_CHECK(bench_store_unit_exists(&db, &key, &exists, &err) == CT_OK && !exists,
                 "unit with build b3 found");
    }
    /* a tree row, and the foreign keys of the rebuilt result table still hold */
    CT_CHECK(bench_db_exec(&db,
                           "INSERT INTO tree (run_id, workload_id, build, insertion, base, "
                           "si, batch, threads, build_ns, nodes, depth, leaves, internal, "
                           "max_fanout, mean_fanout, mean_leaf_depth) VALUES (1, 1, 'b', "
                           "'natural', 2, 'sum', 512, 2, 7, 10, 3, 6, 4, 3, 2.25, 2.5)",
                           &err) == CT_OK,
             "tree row: %s", err.msg);
    CT_CHECK(scalar(&db, "SELECT count(*) FROM v_tree WHERE n = 10 AND build = 'b'") == 1,
             "v_tree");
    CT_CHECK(bench_db_exec(&db,
                           "INSERT INTO result (run_id, variant_id, workload_id, threads, "
                           "k, nq, predecessor, exclude_self, build, verified, valid, "
                           "verify_queries) VALUES (99, 2, 1, 2, 5, 100, 0, 0, 'b', "
                           "'exact', 1, 10)",
                           &err) == CT_EDB,
             "a result of a missing run accepted (foreign keys off?)");
    bench_db_close(&db);
}

static void check_refusals(const char *dir)
{
    char path[1200];
    bench_db db;
    ct_error err;
    struct stat sb;
    ct_error_clear(&err);

    /* a newer schema than this binary knows */
    snprintf(path, sizeof path, "%s/newer.db", dir);
    if (bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_OK) {
        bench_db_exec(&db, "PRAGMA user_version = 99", &err);
        bench_db_close(&db);
    }
    CT_CHECK(bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_EDB &&
                 strstr(err.msg, "newer") && strstr(err.msg, path),
             "newer schema: '%s'", err.msg);
    CT_CHECK(bench_results_open(path, BENCH_DB_READ, &db, &err) == CT_EDB &&
                 strstr(err.msg, "newer"),
             "newer schema in read mode: '%s'", err.msg);

    /* an SQLite file that is not ours */
    snprintf(path, sizeof path, "%s/foreign.db", dir);
    if (bench_db_open_raw(path, &db, &err) == CT_OK) {
        bench_db_exec(&db, "CREATE TABLE t(x)", &err);
        bench_db_close(&db);
    }
    CT_CHECK(bench_results_open(path, BENCH_DB_READ, &db, &err) == CT_EDB &&
                 strstr(err.msg, "not a ctbench database"),
             "foreign db: '%s'", err.msg);

    /* read mode on a missing file: an error, and no file appears */
    snprintf(path, sizeof path, "%s/missing.db", dir);
    CT_CHECK(bench_results_open(path, BENCH_DB_READ, &db, &err) != CT_OK &&
                 strstr(err.msg, "no results database at"),
             "missing db: '%s'", err.msg);
    CT_CHECK(stat(path, &sb) != 0, "read mode created %s", path);

    /* not a database at all */
    snprintf(path, sizeof path, "%s/text.db", dir);
    {
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("this is not a database, just text long enough to have a header ......\n"
                  "more text more text more text more text more text more text\n",
                  f);
            fclose(f);
        }
    }
    CT_CHECK(bench_results_open(path, BENCH_DB_WRITE, &db, &err) == CT_EDB &&
                 strstr(err.msg, "cannot write results database"),
             "text file: '%s'", err.msg);
}

static void check_stats(void)
{
    double a[] = {4, 1, 3, 2};
    double b[] = {7};
    double c[] = {5, 1, 9, 3, 7};
    bench_stats s;
    /* type-7 quantiles: h = (n-1)p, linear between order statistics */
    bench_stats_compute(a, 4, &s);
    CT_CHECK(s.median == 2.5 && s.q1 == 1.75 && s.q3 == 3.25 && s.min == 1 && s.max == 4,
             "stats of 1..4: %g %g %g", s.median, s.q1, s.q3);
    bench_stats_compute(b, 1, &s);
    CT_CHECK(s.median == 7 && s.q1 == 7 && s.q3 == 7, "stats of one sample");
    bench_stats_compute(c, 5, &s);
    CT_CHECK(s.median == 5 && s.q1 == 3 && s.q3 == 7, "stats of 1,3,5,7,9");
    bench_stats_compute(c, 0, &s);
    CT_CHECK(isnan(s.median) && s.n == 0, "stats of nothing");
}

int main(void)
{
    char *dir = ct_test_tempdir("db");
    if (!dir) {
        fprintf(stderr, "no temp dir\n");
        return 1;
    }
    check_fresh(dir);
    check_migration(dir);
    check_migration_v2(dir);
    check_refusals(dir);
    check_stats();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_harness_db");
}
