/* test_harness_smoke.c -- `ctbench run configs/smoke.ini` end to end into a
 * temporary database: a complete run with one verified result per
 * variant x threads x k, every repetition and warm-up kept, work counters,
 * setup phases, counter status rows (absent with a reason on a machine
 * without a PMU), show and export; then --resume (nothing twice, partial runs
 * completed), an injected wrong answer stored as failed and reported
 * INVALID, a workload from .npy files, --counters none, --dry-run and a bad
 * config; a sweep over n = 1000,1500 x insertion = natural,hilbert x si =
 * sum,exact (one result per unit and build, baselines once per workload, one
 * tree row per workload and build, shapes independent of si, every exact
 * variant verified, the n/build columns of the table and the export), and
 * the same sweep interleaved, partly run with --only and then resumed; a
 * predecessor run (queries = all) in max-min order (issue 15) where every
 * variant verifies exact, the 'ordering' phase is reported and the ordering
 * is part of the workload row (natural and maxmin: two rows). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "counters.h"
#include "ct/alloc.h"
#include "ct/npy.h"
#include "results.h"
#include "testutil.h"

static char config_path[1024];
static char *dir;

static long long q1(bench_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else fprintf(stderr, "query failed: %s: %s\n", sql, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return v;
}

static int run(const char *env, const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s '%s' %s", dir, env ? env : "", CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static int open_db(const char *name, bench_db *db)
{
    char path[1200];
    ct_error err;
    ct_error_clear(&err);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (bench_results_open(path, BENCH_DB_READ, db, &err) != CT_OK) {
        CT_CHECK(0, "cannot open %s: %s", path, err.msg);
        return -1;
    }
    return 0;
}

static int no_pmu(void)
{
    return access("/sys/bus/event_source/devices/cpu", F_OK) != 0 &&
           access("/sys/bus/event_source/devices/cpu_core", F_OK) != 0;
}

static void check_full_run(const bench_config *cfg)
{
    char args[2048], *out = NULL, sql[512];
    bench_db db;
    long long units = (long long)cfg->n_variants * cfg->n_threads * cfg->n_ks * cfg->n_seeds;
    int rc;

    snprintf(args, sizeof args, "run '%s' --db smoke.db --no-progress", config_path);
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 0, "smoke run exited %d:\n%s", rc, out);
    CT_CHECK(out && strstr(out, "median_s") && strstr(out, "exact"), "no summary table:\n%s", out);
    if (no_pmu())
        CT_CHECK(out && strstr(out, "no CPU PMU") && strstr(out, "absent"),
                 "the output does not say that this machine has no PMU:\n%s", out);
    free(out);
    if (open_db("smoke.db", &db) != 0) return;

    CT_CHECK(q1(&db, "SELECT count(*) FROM run WHERE status = 'complete'") == 1, "run status");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result") == units, "%lld results, expected %lld",
             q1(&db, "SELECT count(*) FROM result"), units);
    /* verification: exact variants exact, approximate ones approximate, all valid */
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                     "WHERE v.exact = 1 AND (r.verified <> 'exact' OR r.recall <> 1.0)") == 0,
             "an exact variant is not verified exact");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                     "WHERE v.exact = 0 AND (r.verified <> 'approximate' OR r.recall <= 0 OR "
                     "r.recall > 1)") == 0,
             "an approximate variant is not 'approximate'");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result WHERE valid <> 1 OR answer_hash IS NULL") == 0,
             "invalid results or missing answer hashes");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result WHERE verify_queries <= 0") == 0,
             "verification sample size not stored");
    /* every sample kept, with work counters */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM result r WHERE (SELECT count(*) FROM "
             "measurement m WHERE m.result_id = r.id AND m.phase = 'query') <> %d OR (SELECT "
             "count(*) FROM measurement m WHERE m.result_id = r.id AND m.phase = 'warmup') <> %d",
             cfg->repetitions, cfg->warmup);
    CT_CHECK(q1(&db, sql) == 0, "results without all their repetitions");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase IN ('query','warmup') AND "
                     "(dist_evals <= 0 OR nq <= 0 OR wall_ns <= 0 OR v_bytes <= 0)") == 0,
             "samples without work counters");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'query' AND "
                     "verified IS NULL") == 0,
             "samples without their verification");
    CT_CHECK(q1(&db, "SELECT count(*) FROM summary") == units, "summaries");
    CT_CHECK(q1(&db, "SELECT count(*) FROM v_query_summary WHERE qps > 0 AND median_s > 0") ==
                 units,
             "the summary view");
    CT_CHECK(q1(&db, "SELECT count(*) FROM v_speedup") == units, "speed-ups against brute_blas");
    /* setup phases, once each */
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'factor'") == cfg->n_seeds &&
                 q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'build'") ==
                     cfg->n_seeds &&
                 q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'check'") == cfg->n_seeds,
             "factor/build/check phases");
    CT_CHECK(
        q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'lower'") ==
                q1(&db, "SELECT count(DISTINCT detail) FROM measurement WHERE phase = 'lower'") &&
            q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'lower'") >= 1,
        "each layout lowered exactly once");
    /* counters: one row per event per timed repetition, with a status; absent rows say why */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM counter c JOIN measurement m ON "
             "m.id = c.measurement_id WHERE m.phase = 'query' AND c.source = 'papi'");
    CT_CHECK(q1(&db, sql) == units * cfg->repetitions * bench_counters_auto_count,
             "%lld counter rows for %lld units", q1(&db, sql), units);
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE status <> 'ok' AND "
                     "(reason IS NULL OR reason = '')") == 0,
             "a missing counter without reason");
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE status = 'ok' AND value IS NULL") == 0,
             "an ok counter without a value");
    CT_CHECK(q1(&db, "SELECT count(*) FROM run WHERE papi_status IS NULL OR cpu_model IS NULL OR "
                     "blas_core IS NULL OR compiler IS NULL OR git_commit IS NULL OR "
                     "config_text = ''") == 0,
             "run fingerprint incomplete");
    if (no_pmu()) {
        CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE event NOT LIKE 'perf::%' AND "
                         "(status <> 'absent' OR reason NOT LIKE '%PMU%')") == 0,
                 "on this PMU-less machine every hardware counter must be "
                 "absent with a reason naming the missing PMU");
        /* the software events count there (perf_event's software PMU), unless
         * libpfm4 does not know the CPU and PAPI disables the whole component:
         * then they are absent and say so */
        if (q1(&db, "SELECT count(*) FROM run WHERE papi_status LIKE '%perf_event disabled%'"))
            CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE event LIKE 'perf::%' AND "
                             "(status <> 'absent' OR reason NOT LIKE '%component disabled%')") == 0,
                     "perf_event is disabled, but a software event is not absent for that reason");
        else
            CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE event = 'perf::TASK-CLOCK' AND "
                             "status = 'ok' AND value > 0") > 0,
                     "perf::TASK-CLOCK did not count on a PMU-less machine");
        CT_CHECK(q1(&db, "SELECT count(*) FROM run WHERE papi_status LIKE '%no CPU PMU%'") == 1,
                 "the run row does not record the missing PMU");
    }
    CT_CHECK(bench_db_integrity_ok(&db), "integrity_check");
    bench_db_close(&db);

    /* show and export read the same data */
    rc = run(NULL, "show --db smoke.db", &out);
    CT_CHECK(rc == 0 && strstr(out, "[complete]") && strstr(out, "brute_blas"), "show:\n%s", out);
    free(out);
    rc = run(NULL, "export --db smoke.db --format csv", &out);
    {
        static const char header[] = "run,variant,workload,threads,phase,reps,median_s,iqr_s,"
                                     "qps,dist_evals_per_query,recall,verified";
        CT_CHECK(rc == 0 && !strncmp(out, header, strlen(header)), "export csv header:\n%.300s",
                 out);
    }
    {
        long lines = 0;
        for (char *p = out; p && (p = strstr(p, ",query,")); p++) lines++;
        CT_CHECK(lines == units, "export csv: %ld query rows, expected %lld", lines, units);
    }
    free(out);
    rc = run(NULL, "export --db smoke.db --format json 1", &out);
    CT_CHECK(rc == 0 && out[0] == '[' && strstr(out, "\"median_s\": ") &&
                 strstr(out, "\"verified\": \"exact\""),
             "export json:\n%.300s", out);
    free(out);

    /* --resume of a complete run stores nothing again */
    snprintf(args, sizeof args, "run '%s' --db smoke.db --no-progress --resume", config_path);
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 0 && strstr(out, "resuming run 1"), "resume of a complete run:\n%s", out);
    free(out);
    if (open_db("smoke.db", &db) != 0) return;
    CT_CHECK(q1(&db, "SELECT count(*) FROM run") == 1 &&
                 q1(&db, "SELECT count(*) FROM result") == units,
             "resume of a complete run added rows");
    bench_db_close(&db);
}

static void check_partial_resume(const bench_config *cfg)
{
    char args[2048], *out = NULL;
    bench_db db;
    long long units = (long long)cfg->n_variants * cfg->n_threads * cfg->n_ks * cfg->n_seeds;
    long long first;
    int rc;
    snprintf(args, sizeof args, "run '%s' --db part.db --no-progress --only 'brute*'", config_path);
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 0, "partial run exited %d:\n%s", rc, out);
    free(out);
    if (open_db("part.db", &db) != 0) return;
    first = q1(&db, "SELECT count(*) FROM result");
    bench_db_close(&db);
    CT_CHECK(first > 0 && first < units, "--only stored %lld of %lld", first, units);
    snprintf(args, sizeof args, "run '%s' --db part.db --no-progress --resume", config_path);
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 0 && strstr(out, "resuming run 1"), "resume exited %d:\n%s", rc, out);
    free(out);
    if (open_db("part.db", &db) != 0) return;
    CT_CHECK(q1(&db, "SELECT count(*) FROM run") == 1, "resume created a new run");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result") == units, "after resume: %lld results",
             q1(&db, "SELECT count(*) FROM result"));
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'build'") == cfg->n_seeds,
             "resume stored the build twice");
    CT_CHECK(q1(&db, "SELECT status = 'complete' FROM run") == 1, "resumed run not complete");
    bench_db_close(&db);
}

static void check_injected_failure(void)
{
    char args[2048], *out = NULL;
    bench_db db;
    int rc;
    snprintf(args, sizeof args, "run '%s' --db bad.db --no-progress --only 'csr.bfs.cached.heap*'",
             config_path);
    rc = run("CT_BENCH_INJECT_WRONG=csr.bfs.cached.heap.auto.f64", args, &out);
    CT_CHECK(rc == 1, "a failed variant must make the run exit 1, got %d:\n%s", rc, out);
    CT_CHECK(out && strstr(out, "INVALID") && strstr(out, "FAILED"),
             "the failure is not reported as INVALID:\n%s", out);
    free(out);
    if (open_db("bad.db", &db) != 0) return;
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id WHERE "
                     "v.name = 'csr.bfs.cached.heap.auto.f64' AND r.verified = 'failed' AND "
                     "r.valid = 0 AND r.note LIKE '%differ from the oracle%'") >= 1,
             "the wrong variant is not stored as failed");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement m JOIN variant v ON v.id = m.variant_id "
                     "WHERE v.name = 'csr.bfs.cached.heap.auto.f64' AND m.phase = 'query' AND "
                     "m.valid <> 0") == 0,
             "its timings are not marked invalid");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id WHERE "
                     "v.name <> 'csr.bfs.cached.heap.auto.f64' AND r.valid <> 1") == 0,
             "other variants were affected");
    CT_CHECK(q1(&db, "SELECT count(*) FROM v_speedup s JOIN variant v ON v.name = s.variant "
                     "WHERE v.name = 'csr.bfs.cached.heap.auto.f64'") == 0,
             "an invalid variant got a speed-up");
    CT_CHECK(q1(&db, "SELECT status = 'complete' FROM run") == 1, "run status");
    bench_db_close(&db);
    rc = run(NULL, "export --db bad.db --format csv", &out);
    CT_CHECK(rc == 0 && strstr(out, ",failed,"), "export does not show the failure:\n%s", out);
    free(out);
}

/* A workload from .npy files (the independent fixture: points, V, p, queries). */
static void check_npy(void)
{
    char path[1200], args[1400], *out = NULL;
    const char *fixture = CT_TEST_DATA "/uniform2d_matern_";
    int32_t *queries = NULL;
    int64_t nq = 0;
    bench_db db;
    ct_error err;
    FILE *f;
    int rc;
    snprintf(path, sizeof path, "%s/npy.ini", dir);
    f = fopen(path, "w");
    if (!f) return;
    fprintf(f,
            "[experiment]\nname = npy\nrepetitions = 2\nthreads = 2\n"
            "[workload]\nsource = npy\npoints = %spoints.npy\nv = %sV.npy\np = %sp.npy\n"
            "query_indices = %squeries.npy\ncovariance = matern52\nvariance = 1.5\n"
            "lengthscale = 0.6,0.9\n"
            "[variants]\nvariants = csr.bfs.cached.heap.auto.f64, "
            "ll.natural.indirect.level.auto.f64\nbaselines = brute_blas\n"
            "[query]\nk = 10\nverify_queries = 0\n",
            fixture, fixture, fixture, fixture);
    fclose(f);
    snprintf(args, sizeof args, "run npy.ini --db npy.db --no-progress");
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 0, "npy run exited %d:\n%s", rc, out);
    free(out);
    ct_error_clear(&err);
    snprintf(path, sizeof path, "%squeries.npy", fixture);
    if (ct_npy_load_index(path, 2000, &queries, &nq, &err) != CT_OK) {
        CT_CHECK(0, "fixture: %s", err.msg);
        return;
    }
    ct_free(queries);
    if (open_db("npy.db", &db) != 0) return;
    CT_CHECK(q1(&db, "SELECT count(*) FROM workload WHERE source = 'npy' AND n = 2000 AND "
                     "dim = 2 AND m = 64 AND files LIKE '%uniform2d_matern_V.npy%'") == 1,
             "npy workload row");
    {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM result WHERE nq = %lld AND "
                 "verify_queries = %lld AND verified = 'exact'",
                 (long long)nq, (long long)nq);
        CT_CHECK(q1(&db, sql) == 3, "npy results not exact on all %lld fixture queries",
                 (long long)nq);
    }
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'factor'") == 0,
             "a loaded factor was timed");
    bench_db_close(&db);
}

static void check_misc(void)
{
    char args[2048], *out = NULL, path[1200];
    bench_db db;
    struct stat sb;
    int rc;
    /* --counters none: no counter rows, backend recorded */
    snprintf(args, sizeof args,
             "run '%s' --db none.db --no-progress --only brute_blas "
             "--counters none",
             config_path);
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 0, "--counters none exited %d:\n%s", rc, out);
    free(out);
    if (open_db("none.db", &db) == 0) {
        CT_CHECK(q1(&db, "SELECT count(*) FROM counter") == 0, "--counters none stored counters");
        CT_CHECK(q1(&db, "SELECT count(*) FROM run WHERE counters_backend = 'none'") == 1,
                 "backend not recorded");
        bench_db_close(&db);
    }
    /* --dry-run touches nothing */
    snprintf(args, sizeof args, "run '%s' --db dry.db --dry-run", config_path);
    rc = run(NULL, args, &out);
    snprintf(path, sizeof path, "%s/dry.db", dir);
    CT_CHECK(rc == 0 && strstr(out, "unit(s) to run") && stat(path, &sb) != 0, "--dry-run:\n%s",
             out);
    free(out);
    /* a bad config: exit 2, file:line, nothing created */
    snprintf(path, sizeof path, "%s/bad.ini", dir);
    {
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("[workload]\nn = 100\nwhat = 1\n", f);
            fclose(f);
        }
    }
    rc = run(NULL, "run bad.ini --db badcfg.db", &out);
    snprintf(path, sizeof path, "%s/badcfg.db", dir);
    CT_CHECK(rc == 2 && strstr(out, "bad.ini:3: unknown key 'what' in [workload]") &&
                 stat(path, &sb) != 0,
             "bad config: exit %d:\n%s", rc, out);
    free(out);
    /* --only matching nothing */
    snprintf(args, sizeof args, "run '%s' --db o.db --only 'nothing*'", config_path);
    rc = run(NULL, args, &out);
    CT_CHECK(rc == 2 && strstr(out, "matches none"), "--only nothing: %d\n%s", rc, out);
    free(out);
}

/* The Vecchia job in miniature: predecessor queries over all points, in the
 * given ordering. */
static void write_vecchia(const char *name, const char *ordering)
{
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return;
    fprintf(f,
            "[experiment]\nname = vecchia\nseeds = 3\nrepetitions = 1\nwarmup = 0\n"
            "threads = 2\n"
            "[workload]\ngenerator = duplicates\nn = 1200\nm = 32\nordering = %s\n"
            "[variants]\nvariants = csr.bfs.cached.heap.auto.f64+pbound,\n"
            "    csr.bfs.cached.batch.auto.f64+pbound, ll.natural.indirect.level.auto.f64\n"
            "baselines = brute_blas, brute\n"
            "[query]\nk = 8\nqueries = all\npredecessor = on\nverify_queries = 0\n"
            "[counters]\nbackend = none\n",
            ordering);
    fclose(f);
}

static void check_ordering(void)
{
    char *out = NULL;
    bench_db db;
    int rc;
    write_vecchia("maxmin.ini", "maxmin");
    write_vecchia("natural.ini", "natural");
    rc = run(NULL, "run maxmin.ini --db order.db --progress lines", &out);
    CT_CHECK(rc == 0 && strstr(out, "ordering maxmin"), "maxmin run exited %d:\n%s", rc, out);
    free(out);
    rc = run(NULL, "run natural.ini --db order.db --no-progress", &out);
    CT_CHECK(rc == 0, "natural run exited %d:\n%s", rc, out);
    free(out);
    if (open_db("order.db", &db) != 0) return;
    CT_CHECK(q1(&db, "SELECT count(*) FROM workload") == 2 &&
                 q1(&db, "SELECT count(*) FROM workload WHERE label LIKE "
                         "'duplicates-n1200-%-seed3-ordering=maxmin'") == 1 &&
                 q1(&db, "SELECT count(*) FROM workload WHERE label LIKE '%ordering%'") == 1,
             "the ordering is not part of the workload row");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN workload w ON w.id = r.workload_id "
                     "WHERE w.label LIKE '%ordering=maxmin' AND r.nq = 1200 AND "
                     "r.verify_queries = 1200 AND r.verified = 'exact' AND r.predecessor = 1") == 5,
             "not every variant verified exact on the max-min workload");
    bench_db_close(&db);
}

/* Write a sweep config into the temp dir and load it. */
static int write_sweep(const char *name, int interleave, bench_config *cfg)
{
    char path[1200];
    ct_error err;
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f,
            "[experiment]\nname = sweep\nseeds = 7\nrepetitions = 2\nwarmup = 1\n"
            "threads = 2\ninterleave = %s\norder_seed = 3\n"
            "[workload]\nn = 1000,1500\nm = 32\n"
            "[build]\ninsertion = natural,hilbert\nsi = sum,exact\nbatch = 256\n"
            "[variants]\nvariants = ll.natural.indirect.level.auto.f64,\n"
            "    csr.bfs.cached.heap.auto.f64, csr.hilbert.cached.heap.auto.f32\n"
            "baselines = brute_blas\n"
            "[query]\nk = 5\nqueries = 40\nverify_queries = 0\n"
            "[counters]\nbackend = none\n",
            interleave ? "on" : "off");
    fclose(f);
    ct_error_clear(&err);
    if (bench_config_load(path, cfg, &err) != CT_OK) {
        CT_CHECK(0, "%s: %s", name, err.msg);
        return -1;
    }
    return 0;
}

/* Expected results: tree variants once per build, baselines once per workload. */
static long long sweep_units(const bench_config *cfg)
{
    long long trees = 0;
    for (int i = 0; i < cfg->n_variants; i++) trees += cfg->variants[i].family == CT_VARIANT_TREE;
    return (trees * bench_config_n_builds(cfg) + (cfg->n_variants - trees)) * cfg->n_threads *
           cfg->n_ks * cfg->n_ns * cfg->n_seeds;
}

static void check_sweep(void)
{
    char *out = NULL;
    bench_config cfg;
    bench_db db;
    long long units, trees, builds, workloads;
    int rc;

    if (write_sweep("sweep.ini", 0, &cfg) != 0) return;
    units = sweep_units(&cfg);
    builds = bench_config_n_builds(&cfg);
    workloads = (long long)cfg.n_ns * cfg.n_seeds;
    trees = builds * workloads;
    CT_CHECK(builds == 4 && cfg.n_ns == 2 && units == 26, "sweep plan: %lld builds, %lld units",
             builds, units);
    rc = run(NULL, "run sweep.ini --db sweep.db --no-progress", &out);
    CT_CHECK(rc == 0, "sweep run exited %d:\n%s", rc, out);
    CT_CHECK(out && strstr(out, "insertion=hilbert si=exact") && strstr(out, " build ") &&
                 strstr(out, "\ntrees\n"),
             "the table lacks the build column or the trees:\n%s", out);
    free(out);
    if (open_db("sweep.db", &db) != 0) goto done;
    CT_CHECK(q1(&db, "SELECT count(*) FROM run WHERE status = 'complete'") == 1, "run status");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result") == units, "%lld results, expected %lld",
             q1(&db, "SELECT count(*) FROM result"), units);
    CT_CHECK(q1(&db, "SELECT count(*) FROM workload") == workloads &&
                 q1(&db, "SELECT count(*) FROM workload WHERE n IN (1000, 1500)") == workloads,
             "workloads of both sizes");
    /* builds: distinct texts, each workload x build has every tree unit */
    CT_CHECK(q1(&db, "SELECT count(DISTINCT build) FROM result WHERE build <> "
                     "'none (baseline)'") == builds,
             "%lld distinct builds in result",
             q1(&db, "SELECT count(DISTINCT build) FROM result WHERE build <> "
                     "'none (baseline)'"));
    CT_CHECK(q1(&db, "SELECT count(*) FROM (SELECT workload_id, build, count(*) AS c FROM result "
                     "GROUP BY workload_id, build) WHERE c <> (CASE build WHEN 'none (baseline)' "
                     "THEN 1 ELSE 3 END)") == 0,
             "a (workload, build) lacks units");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id WHERE "
                     "(v.family = 'tree') <> (r.build LIKE 'insertion=%')") == 0,
             "tree variants must carry their build, baselines none");
    /* verification: every exact variant exact on every build, all valid */
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                     "WHERE v.exact = 1 AND (r.verified <> 'exact' OR r.recall <> 1.0 OR "
                     "r.valid <> 1)") == 0,
             "an exact variant is not verified exact");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                     "WHERE v.exact = 1") == 2 * builds * workloads + workloads,
             "exact results");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result WHERE valid <> 1 OR verify_queries <> 40") == 0,
             "invalid results or partial verification");
    /* trees: one row per workload x build, sane shapes matching the workload */
    CT_CHECK(q1(&db, "SELECT count(*) FROM tree") == trees &&
                 q1(&db, "SELECT count(DISTINCT workload_id || '|' || build) FROM tree") == trees,
             "%lld tree rows, expected %lld", q1(&db, "SELECT count(*) FROM tree"), trees);
    CT_CHECK(q1(&db, "SELECT count(*) FROM tree t JOIN workload w ON w.id = t.workload_id WHERE "
                     "t.nodes <> w.n OR t.depth < 1 OR t.max_fanout < 1 OR t.leaves < 1 OR "
                     "t.leaves + t.internal <> t.nodes OR t.mean_leaf_depth <= 0 OR "
                     "t.mean_fanout < 1 OR t.build_ns <= 0 OR t.check_ns IS NULL OR "
                     "t.batch <> 256") == 0,
             "a tree row is not a tree of its workload");
    CT_CHECK(q1(&db, "SELECT count(*) FROM tree t WHERE t.build <> printf('insertion=%s base=%g "
                     "si=%s batch=%d', t.insertion, t.base, t.si, t.batch)") == 0,
             "tree columns disagree with the build text");
    /* si changes only the radii, never the shape: sum and exact trees agree */
    CT_CHECK(q1(&db, "SELECT count(*) FROM tree a JOIN tree b ON a.workload_id = b.workload_id "
                     "AND a.insertion = b.insertion AND a.si = 'sum' AND b.si = 'exact' WHERE "
                     "a.depth = b.depth AND a.max_fanout = b.max_fanout AND a.leaves = b.leaves "
                     "AND a.mean_leaf_depth = b.mean_leaf_depth") == 2 * workloads,
             "si = sum and si = exact trees differ in shape");
    CT_CHECK(q1(&db, "SELECT count(*) FROM tree t WHERE NOT EXISTS (SELECT 1 FROM result r WHERE "
                     "r.workload_id = t.workload_id AND r.build = t.build)") == 0,
             "a tree without results");
    /* build and check rows: one per tree, told apart by detail and build */
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'build'") == trees &&
                 q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'check'") == trees &&
                 q1(&db,
                    "SELECT count(*) FROM measurement m JOIN tree t ON t.run_id = m.run_id AND "
                    "t.workload_id = m.workload_id AND t.build = m.build AND "
                    "t.build = m.detail WHERE m.phase IN ('build','check')") == 2 * trees,
             "build/check rows per tree");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement m JOIN tree t ON t.run_id = m.run_id AND "
                     "t.workload_id = m.workload_id AND t.build = m.build WHERE m.phase = "
                     "'build' AND m.wall_ns = t.build_ns") == trees,
             "tree.build_ns");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'factor'") == workloads,
             "one factor per workload");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'lower'") == 3 * trees &&
                 q1(&db, "SELECT count(DISTINCT workload_id || '|' || detail || '|' || build) FROM "
                         "measurement WHERE phase = 'lower'") == 3 * trees,
             "each layout lowered once per tree");
    /* the build experiment's table from SQL: tree shape next to query work */
    CT_CHECK(q1(&db, "SELECT count(*) FROM v_tree t JOIN v_query_summary q ON q.run = t.run AND "
                     "q.workload_id = t.workload_id AND q.build = t.build WHERE "
                     "q.dist_evals_per_query > 0 AND q.n = t.n") == units - workloads,
             "v_tree x v_query_summary");
    CT_CHECK(q1(&db, "SELECT count(*) FROM v_speedup") == units &&
                 q1(&db, "SELECT count(DISTINCT result_id) FROM v_speedup") == units,
             "one speed-up against brute_blas per result (its own included)");
    bench_db_close(&db);

    rc = run(NULL, "export --db sweep.db --format csv", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "v_bytes_per_query,n,build,run_status\n") &&
                 strstr(out, ",1500,insertion=hilbert base=2 si=exact batch=256,complete\n") &&
                 strstr(out, ",1000,none (baseline),complete\n"),
             "export lacks n/build:\n%.600s", out);
    {
        long lines = 0;
        for (char *p = out; p && (p = strstr(p, ",query,")); p++) lines++;
        CT_CHECK(lines == units, "export csv: %ld query rows, expected %lld", lines, units);
    }
    free(out);
done:
    bench_config_free(&cfg);
}

/* The sweep interleaved: part of it with --only, the rest with --resume. */
static void check_sweep_resume(void)
{
    char *out = NULL;
    bench_config cfg;
    bench_db db;
    long long units, trees, first;
    int rc;
    if (write_sweep("sweep_il.ini", 1, &cfg) != 0) return;
    units = sweep_units(&cfg);
    trees = (long long)bench_config_n_builds(&cfg) * cfg.n_ns * cfg.n_seeds;
    rc = run(NULL, "run sweep_il.ini --db il.db --no-progress --only 'csr.bfs*'", &out);
    CT_CHECK(rc == 0, "interleaved partial sweep exited %d:\n%s", rc, out);
    free(out);
    if (open_db("il.db", &db) != 0) goto done;
    first = q1(&db, "SELECT count(*) FROM result");
    CT_CHECK(first == trees, "--only 'csr.bfs*' stored %lld results, expected %lld", first, trees);
    bench_db_close(&db);
    rc = run(NULL, "run sweep_il.ini --db il.db --no-progress --resume", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "resuming run 1"), "resume exited %d:\n%s", rc, out);
    CT_CHECK(out && strstr(out, "0 INVALID"), "resume summary:\n%s", out);
    free(out);
    if (open_db("il.db", &db) != 0) goto done;
    CT_CHECK(q1(&db, "SELECT count(*) FROM run") == 1 &&
                 q1(&db, "SELECT status = 'complete' FROM run") == 1,
             "resume made a new run");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result") == units, "after resume: %lld results",
             q1(&db, "SELECT count(*) FROM result"));
    CT_CHECK(q1(&db, "SELECT count(*) FROM tree") == trees &&
                 q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'build'") == trees &&
                 q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'check'") == trees,
             "resume stored a tree twice");
    CT_CHECK(q1(&db, "SELECT count(*) FROM measurement WHERE phase = 'lower'") ==
                 q1(&db, "SELECT count(DISTINCT workload_id || '|' || detail || '|' || build) FROM "
                         "measurement WHERE phase = 'lower'"),
             "a layout lowered twice");
    CT_CHECK(q1(&db, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                     "WHERE v.exact = 1 AND (r.verified <> 'exact' OR r.valid <> 1)") == 0,
             "an exact variant is not verified exact");
    /* interleaving shuffles the units of one build (their samples alternate),
     * never units of different trees (one tree in memory at a time); only the
     * resumed attempt's units (not csr.bfs) are compared, as each attempt
     * numbers its samples from 0 */
    {
        static const char span[] =
            "WITH s AS (SELECT r.id, r.workload_id, r.build, min(m.seq) AS lo, max(m.seq) AS hi "
            "FROM result r JOIN measurement m ON m.result_id = r.id JOIN variant v ON "
            "v.id = r.variant_id WHERE v.name <> 'csr.bfs.cached.heap.auto.f64' GROUP BY r.id) "
            "SELECT count(*) FROM s a JOIN s b ON a.workload_id = b.workload_id AND a.id < b.id "
            "AND a.lo < b.hi AND b.lo < a.hi WHERE ";
        char sql[1024];
        snprintf(sql, sizeof sql, "%sa.build = b.build", span);
        CT_CHECK(q1(&db, sql) > 0, "no interleaved samples within a build");
        snprintf(sql, sizeof sql,
                 "%sa.build <> b.build AND a.build <> 'none (baseline)' AND "
                 "b.build <> 'none (baseline)'",
                 span);
        CT_CHECK(q1(&db, sql) == 0, "samples of different trees interleaved");
    }
    bench_db_close(&db);
done:
    bench_config_free(&cfg);
}

int main(void)
{
    bench_config cfg;
    ct_error err;
    snprintf(config_path, sizeof config_path, "%s/configs/smoke.ini", CT_SOURCE_DIR);
    ct_error_clear(&err);
    if (bench_config_load(config_path, &cfg, &err) != CT_OK) {
        fprintf(stderr, "smoke.ini: %s\n", err.msg);
        return 1;
    }
    dir = ct_test_tempdir("smoke");
    if (!dir) return 1;
    check_full_run(&cfg);
    check_partial_resume(&cfg);
    check_injected_failure();
    check_npy();
    check_misc();
    check_sweep();
    check_sweep_resume();
    check_ordering();
    bench_config_free(&cfg);
    if (ct_test_failed == 0) ct_test_rmtree(dir);
    else fprintf(stderr, "kept %s for inspection\n", dir);
    free(dir);
    return ct_test_finish("test_harness_smoke");
}
