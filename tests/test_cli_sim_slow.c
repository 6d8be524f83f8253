/* test_harness_sim_slow.c -- `ctbench run --counters sim`: simulated cache
 * counters (valgrind callgrind, pinned cache geometry, query region only)
 * are stored with source 'simulated', are identical across two runs of the
 * same binary on the same inputs, and differ between variants that do
 * different work (so they measure the query region, not a constant).
 * Skipped (77) without valgrind. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#include "counters.h"
#include "results.h"
#include "testutil.h"

static long long q1(bench_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* SIGKILL while the valgrind child runs: the child dies with its parent
 * (PR_SET_PDEATHSIG), and the dead run's temporary directory is removed by
 * the next simulated run. */
static void kill_during_simulation(const char *dir)
{
    char tmp[1200], db[1200], config[1200], cmd[6000], *out = NULL;
    const char *argv[10];
    const char *env[2];
    char tmpdir_env[1300];
    long pid;
    int rc;
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    snprintf(db, sizeof db, "%s/kill.db", dir);
    /* a simulation long enough (seconds under valgrind) to be killed in */
    snprintf(config, sizeof config, "%s/long.ini", dir);
    {
        FILE *f = fopen(config, "w");
        if (f) {
            fputs("[experiment]\nname = simkill\nrepetitions = 1\nwarmup = 0\n[workload]\n"
                  "n = 6000\nm = 128\n[variants]\nvariants = csr.natural.indirect.level.auto.f64\n"
                  "[query]\nk = 20\nqueries = 256\nverify_queries = 16\n[counters]\n"
                  "sim_queries = 256\n",
                  f);
            fclose(f);
        }
    }
    snprintf(tmpdir_env, sizeof tmpdir_env, "TMPDIR=%s", tmp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", tmp);
    ct_test_run(cmd, NULL);
    env[0] = tmpdir_env;
    env[1] = NULL;
    argv[0] = CT_BENCH_EXE;
    argv[1] = "run";
    argv[2] = config;
    argv[3] = "--db";
    argv[4] = db;
    argv[5] = "--no-progress";
    argv[6] = "--counters";
    argv[7] = "sim";
    argv[8] = NULL;
    pid = ct_test_spawn(argv, "/dev/null", env);
    /* wait for the child under valgrind */
    snprintf(cmd, sizeof cmd,
             "for i in $(seq 600); do pgrep -f '[s]im-query --state' "
             ">/dev/null && exit 0; sleep 0.1; done; exit 1");
    rc = ct_test_run(cmd, NULL);
    CT_CHECK(rc == 0, "no simulator child appeared");
    kill((pid_t)pid, SIGKILL);
    ct_test_wait(pid, 10000);
    snprintf(cmd, sizeof cmd,
             "for i in $(seq 10); do pgrep -f '[s]im-query --state' >/dev/null "
             "|| exit 0; sleep 0.1; done; exit 1");
    rc = ct_test_run(cmd, NULL);
    CT_CHECK(rc == 0, "the valgrind child outlived its killed parent");
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '^ctbench-sim-%ld-'", tmp, pid);
    ct_test_run(cmd, &out);
    CT_CHECK(out && atoi(out) == 1, "the killed run's temporary directory: %s", out);
    free(out);
    /* the next simulated run removes it */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && TMPDIR='%s' '%s' run '%s' --db next.db --no-progress --counters sim "
             ">/dev/null; ls '%s' | grep -c '^ctbench-sim-'",
             dir, tmp, CT_BENCH_EXE, config, tmp);
    ct_test_run(cmd, &out);
    CT_CHECK(out && atoi(out) == 0, "stale simulator directories left: %s", out);
    free(out);
}

int main(void)
{
    char reason[256], cmd[4096], path[1200], *out = NULL;
    char *dir;
    bench_db db;
    ct_error err;
    int rc;

    if (CT_TEST_SANITIZED) {
        printf("skipped: valgrind cannot run a sanitizer build\n");
        return 77;
    }
    if (bench_sim_available(reason, sizeof reason) != 0) {
        printf("skipped: %s\n", reason);
        return 77;
    }
    dir = ct_test_tempdir("sim");
    if (!dir) return 1;
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && '%s' run '%s/configs/smoke.ini' --db sim.db "
                 "--no-progress --counters sim --only 'csr.bfs.cached.*'",
                 dir, CT_BENCH_EXE, CT_SOURCE_DIR);
        rc = ct_test_run(cmd, &out);
        CT_CHECK(rc == 0 && strstr(out, "simulated counters (callgrind"),
                 "sim run %d exited "
                 "%d:\n%s",
                 i + 1, rc, out);
        free(out);
    }
    snprintf(path, sizeof path, "%s/sim.db", dir);
    ct_error_clear(&err);
    if (bench_results_open(path, BENCH_DB_READ, &db, &err) != CT_OK) {
        CT_CHECK(0, "%s", err.msg);
        return ct_test_finish("test_harness_sim_slow");
    }
    /* 3 variants x the first thread count x 9 callgrind events, per run */
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE source = 'simulated' AND run_id = 1") ==
                 27,
             "%lld simulated rows in run 1",
             q1(&db, "SELECT count(*) FROM counter WHERE "
                     "source = 'simulated' AND run_id = 1"));
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE source = 'simulated' AND (status <> 'ok' "
                     "OR value IS NULL)") == 0,
             "simulated counters not ok");
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter WHERE source = 'simulated' AND event IN "
                     "('callgrind:Ir', 'callgrind:D1mr', 'callgrind:DLmr') AND value <= 0") == 0,
             "zero instruction or miss counts");
    /* determinism: same (variant, event) -> same value in both runs */
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter a JOIN result ra ON ra.id = a.result_id "
                     "JOIN counter b ON b.event = a.event AND b.source = 'simulated' "
                     "JOIN result rb ON rb.id = b.result_id AND rb.variant_id = ra.variant_id "
                     "WHERE a.source = 'simulated' AND a.run_id = 1 AND b.run_id = 2") == 27,
             "runs do not pair up");
    CT_CHECK(q1(&db, "SELECT count(*) FROM counter a JOIN result ra ON ra.id = a.result_id "
                     "JOIN counter b ON b.event = a.event AND b.source = 'simulated' "
                     "JOIN result rb ON rb.id = b.result_id AND rb.variant_id = ra.variant_id "
                     "WHERE a.source = 'simulated' AND a.run_id = 1 AND b.run_id = 2 AND "
                     "a.value <> b.value") == 0,
             "simulated counts differ between two runs");
    /* level and heap traversals do different work: different instruction counts */
    CT_CHECK(q1(&db, "SELECT count(DISTINCT value) FROM counter WHERE source = 'simulated' AND "
                     "event = 'callgrind:Ir' AND run_id = 1") == 3,
             "instruction counts do not depend on the variant");
    bench_db_close(&db);
    kill_during_simulation(dir);
    free(dir);
    return ct_test_finish("test_harness_sim_slow");
}
