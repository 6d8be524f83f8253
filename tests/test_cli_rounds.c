/* test_cli_rounds.c -- speed-ups from samples of the same time window.
 *
 * An interleaved run with two builds: the baseline takes its samples in
 * both groups' rounds (R per group), every tree variant's rounds are a
 * subset of the baseline's, rounds are numbered across the run (each round
 * holds one sample of each unit in it), and `show` prints paired speed-ups
 * with an interval.  The same config run sequentially stores the baseline
 * once and marks its speed-ups '~' (not paired).  A run killed and resumed
 * numbers its new rounds after the stored ones, so no round mixes two
 * processes' samples.  And the run row carries the machine, the noise and
 * the dgemm roofline (measure/blas_rate.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;

static const char config_fmt[] =
    "[experiment]\nname = rounds\nseeds = 7\nrepetitions = %d\nwarmup = 1\nthreads = 1\n"
    "interleave = %s\n"
    "[workload]\ngenerator = uniform\nn = %d\ndim = 2\nm = 16\n"
    "[build]\ninsertion = natural,hilbert\n"
    "[variants]\nvariants = csr.natural.cached.heap.auto.f64, ll.natural.indirect.level.auto.f64\n"
    "baselines = brute_blas\nspeedup_vs = brute_blas\n"
    "[query]\nk = 5\nqueries = 128\n"
    "[counters]\nbackend = none\n";

static void write_config(const char *name, int reps, const char *interleave, int n)
{
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return;
    fprintf(f, config_fmt, reps, interleave, n);
    fclose(f);
}

static int bench(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static long long sql(const char *db, const char *query)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, db);
    return ct_test_sql_int(path, query);
}

#define BASELINE                                                                       \
    "(SELECT r.id FROM result r JOIN variant v ON v.id = r.variant_id WHERE v.name = " \
    "'brute_blas' "                                                                    \
    "AND r.run_id = 1)"

static void check_interleaved(void)
{
    char *out = NULL;
    int rc;
    write_config("inter.ini", 5, "on", 2048);
    rc = bench("run inter.ini --db inter.db --no-progress", &out);
    CT_CHECK(rc == 0, "interleaved run: exit %d: %s", rc, out);
    free(out);
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM measurement WHERE phase = 'query' AND "
                             "result_id = " BASELINE) == 10,
             "the baseline has %lld samples, not 5 in each of 2 groups",
             sql("inter.db", "SELECT count(*) FROM measurement WHERE phase = 'query' AND "
                             "result_id = " BASELINE));
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                             "WHERE v.family = 'tree' AND (SELECT count(*) FROM measurement m "
                             "WHERE m.result_id = r.id AND m.phase = 'query') = 5") == 4,
             "tree variants: not 2 x 2 results of 5 samples");
    /* every tree sample's round is one of the baseline's */
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM measurement m WHERE m.phase = 'query' AND "
                             "m.round NOT IN (SELECT round FROM measurement WHERE phase = 'query' "
                             "AND result_id = " BASELINE ")") == 0,
             "a tree sample from a round the baseline did not sample");
    /* rounds across the run: 2 groups x (1 warm-up + 5) rounds, each with one
     * sample of each of its 3 units (2 tree variants + the baseline) */
    CT_CHECK(sql("inter.db", "SELECT count(DISTINCT round) FROM measurement WHERE phase IN "
                             "('warmup','query')") == 12,
             "%lld distinct rounds, not 12",
             sql("inter.db", "SELECT count(DISTINCT round) FROM measurement WHERE phase IN "
                             "('warmup','query')"));
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM (SELECT round FROM measurement WHERE phase IN "
                             "('warmup','query') GROUP BY round HAVING count(*) <> 3 OR "
                             "count(DISTINCT result_id) <> 3)") == 0,
             "a round without exactly one sample of each of its 3 units");
    rc = bench("show --db inter.db 1", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "speedup [95% CI]") && !strstr(out, "x~"),
             "show: exit %d, speed-ups not all paired: %s", rc, out);
    CT_CHECK(out && strstr(out, "x ["), "show prints no interval: %s", out);
    free(out);
    /* the run row: machine identity and noise, judged at the end */
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM run WHERE length(machine_id) = 16 AND os IS "
                             "NOT NULL AND load_start IS NOT NULL AND load_end IS NOT NULL AND "
                             "noisy IS NOT NULL AND affinity IS NOT NULL") == 1,
             "run row lacks machine or noise");
    /* a config with brute_blas measures the dgemm roofline at the workload's m */
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM run WHERE dgemm_gflops > 0 AND dgemm_shape "
                             "LIKE 'dgemm 1024x1024x16, 1 threads%'") == 1,
             "run row lacks the dgemm roofline");
    CT_CHECK(sql("inter.db", "SELECT count(*) FROM measurement WHERE phase = 'query' AND "
                             "(cpu_ns IS NULL OR ctx_switches IS NULL OR noisy IS NULL)") == 0,
             "a sample without its noise");
}

static void check_sequential(void)
{
    char *out = NULL;
    int rc;
    write_config("seq.ini", 3, "off", 2048);
    rc = bench("run seq.ini --db seq.db --no-progress --machine test-box", &out);
    CT_CHECK(rc == 0, "sequential run: exit %d: %s", rc, out);
    free(out);
    CT_CHECK(sql("seq.db", "SELECT count(*) FROM measurement WHERE phase = 'query' AND "
                           "result_id = " BASELINE) == 3,
             "sequential: the baseline runs once");
    CT_CHECK(sql("seq.db", "SELECT count(*) FROM measurement WHERE round IS NOT NULL") == 0,
             "sequential samples with a round");
    CT_CHECK(sql("seq.db", "SELECT count(*) FROM run WHERE machine = 'test-box'") == 1,
             "--machine not stored");
    rc = bench("show --db seq.db 1", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "x~"), "sequential speed-ups not marked '~': %s", out);
    free(out);
}

static void check_resume(void)
{
    char db[1200], config[1200], log[1200];
    const char *argv[8];
    long pid;
    long long stored, shared;
    int rc;
    char *out = NULL;
    write_config("slow.ini", 60, "on", 4096);
    snprintf(db, sizeof db, "%s/slow.db", dir);
    snprintf(config, sizeof config, "%s/slow.ini", dir);
    snprintf(log, sizeof log, "%s/slow.log", dir);
    argv[0] = CT_BENCH_EXE;
    argv[1] = "run";
    argv[2] = config;
    argv[3] = "--db";
    argv[4] = db;
    argv[5] = "--no-progress";
    argv[6] = NULL;
    pid = ct_test_spawn(argv, log, NULL);
    CT_CHECK(pid > 0, "spawn");
    if (pid <= 0) return;
    /* the first group's 2 tree units are committed; the baseline roams on */
    CT_CHECK(ct_test_wait_sql(db, "SELECT count(*) FROM result", 2, pid, 120000),
             "no result stored before the timeout");
    kill((pid_t)pid, SIGKILL);
    ct_test_wait(pid, 10000);
    stored = ct_test_sql_int(db, "SELECT coalesce(max(id), 0) FROM result");
    CT_CHECK(stored >= 2 && stored < 5, "killed after %lld of 5 results: not mid-run", stored);
    rc = bench("run slow.ini --db slow.db --resume --no-progress", &out);
    CT_CHECK(rc == 0, "resume: exit %d: %s", rc, out);
    free(out);
    CT_CHECK(ct_test_sql_int(db, "SELECT count(*) FROM result") == 5, "%lld results after resume",
             ct_test_sql_int(db, "SELECT count(*) FROM result"));
    {
        char q[1024];
        snprintf(q, sizeof q,
                 "SELECT count(*) FROM measurement a JOIN measurement b ON a.round = b.round "
                 "WHERE a.result_id <= %lld AND b.result_id > %lld",
                 stored, stored);
        shared = ct_test_sql_int(db, q);
    }
    CT_CHECK(stored >= 2 && shared == 0,
             "%lld sample pairs share a round across the kill (results <= %lld)", shared, stored);
}

int main(void)
{
    dir = ct_test_tempdir("rounds");
    if (!dir) return 1;
    check_interleaved();
    check_sequential();
    check_resume();
    ct_test_rmtree(dir);
    return ct_test_finish("test_cli_rounds");
}
