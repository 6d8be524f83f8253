/* test_cli_shard.c -- `run --shard I/N` and `merge`: a sweep split into
 * shards is the whole sweep.
 *
 * A config of 6 workloads (2 seeds x 3 sizes) with tree variants and a
 * baseline is run whole, and as 3 shards into 3 databases merged into one:
 * the merged units (variant, workload, build, threads, k) are exactly the
 * whole run's, no unit is in two shards, each workload lies in one shard
 * with its baseline, every shard's run row records its shard, and the
 * resume key keeps shards apart.  Bad --shard values exit 2 with one line.
 * Then the GNU parallel recipe (.ci/shard-parallel) does the same in 2
 * shards, where `parallel` is installed (Debian package parallel; .ci/
 * install-deps installs it); without it that part is skipped and says so.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;

static const char config[] =
    "[experiment]\nname = shards\nseeds = 1,2\nrepetitions = 1\nwarmup = 0\nthreads = 1\n"
    "[workload]\ngenerator = uniform\nn = 512,1024,2048\ndim = 2\nm = 16\n"
    "[build]\ninsertion = natural\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64, ll.natural.indirect.level.auto.f64\n"
    "baselines = brute_blas\nspeedup_vs = brute_blas\n"
    "[query]\nk = 5\nqueries = 32\n[counters]\nbackend = none\n";

#define UNIT_KEYS                                                                             \
    "SELECT v.name, w.label, r.build, r.threads, r.k FROM result r JOIN variant v ON v.id = " \
    "r.variant_id JOIN workload w ON w.id = r.workload_id"

static int sh(const char *cmd, char **out)
{
    char full[4096];
    snprintf(full, sizeof full, "cd '%s' && %s", dir, cmd);
    return ct_test_run(full, out);
}

static int bench(const char *args, char **out)
{
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "'%s' %s", CT_BENCH_EXE, args);
    return sh(cmd, out);
}

static long long sql(const char *db, const char *query)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, db);
    return ct_test_sql_int(path, query);
}

/* Units in a but not in b (sqlite3 CLI, b attached); -1 on error. */
static long long units_missing(const char *a, const char *b)
{
    char cmd[2048], *out = NULL;
    long long n = -1;
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"ATTACH '%s' AS o; SELECT count(*) FROM (" UNIT_KEYS
             " EXCEPT SELECT v.name, w.label, r.build, r.threads, r.k FROM o.result r JOIN "
             "o.variant v ON v.id = r.variant_id JOIN o.workload w ON w.id = r.workload_id)\"",
             a, b);
    if (sh(cmd, &out) == 0 && out) n = atoll(out);
    free(out);
    return n;
}

static void check_same_units(const char *merged, const char *what)
{
    long long whole = sql("whole.db", "SELECT count(*) FROM result");
    CT_CHECK(whole == 18, "the whole run has %lld units, not 6 workloads x 3", whole);
    CT_CHECK(sql(merged, "SELECT count(*) FROM result") == whole,
             "%s: %lld units, the whole run %lld (overlap or a gap)", what,
             sql(merged, "SELECT count(*) FROM result"), whole);
    CT_CHECK(units_missing(merged, "whole.db") == 0 && units_missing("whole.db", merged) == 0,
             "%s: not the whole run's units (%lld extra, %lld missing)", what,
             units_missing(merged, "whole.db"), units_missing("whole.db", merged));
    CT_CHECK(sql(merged, "SELECT count(*) FROM result r JOIN variant v ON v.id = r.variant_id "
                         "WHERE v.name = 'brute_blas'") == 6,
             "%s: not one baseline per workload", what);
    CT_CHECK(sql(merged, "SELECT count(*) FROM result WHERE valid = 1") == whole,
             "%s: a unit failed verification", what);
}

static void check_shards(void)
{
    char *out = NULL, args[256];
    int rc = bench("run shards.ini --db whole.db --no-progress", &out);
    CT_CHECK(rc == 0, "whole run: exit %d: %s", rc, out);
    free(out);
    for (int i = 1; i <= 3; i++) {
        char db[32], q[128];
        snprintf(db, sizeof db, "s%d.db", i);
        snprintf(args, sizeof args, "run shards.ini --db %s --shard %d/3 --no-progress", db, i);
        rc = bench(args, &out);
        CT_CHECK(rc == 0, "shard %d/3: exit %d: %s", i, rc, out);
        CT_CHECK(out && strstr(out, "of the grid's 6 workload(s)"), "shard %d says nothing: %s", i,
                 out);
        free(out);
        snprintf(q, sizeof q, "SELECT count(*) FROM run WHERE shard = '%d/3'", i);
        CT_CHECK(sql(db, q) == 1, "shard %d/3 not recorded in its run row", i);
        /* a workload is never split: all its units and its baseline in this shard */
        CT_CHECK(sql(db, "SELECT count(*) FROM (SELECT workload_id FROM result GROUP BY "
                         "workload_id HAVING count(*) <> 3)") == 0,
                 "shard %d/3 has part of a workload", i);
    }
    /* costs n log2 n (2048: 22528, 1024: 10240, 512: 4608) dealt largest
     * first to the least loaded shard, ties to the lower: 2048 -> 1, 2048 -> 2,
     * 1024 -> 3, 1024 -> 3 (20480), 512 -> 3 (25088), 512 -> 1 (tie of 1 and
     * 2 at 22528): workloads 2, 1, 3 = units 6, 3, 9 */
    CT_CHECK(sql("s1.db", "SELECT count(*) FROM result") == 6 &&
                 sql("s2.db", "SELECT count(*) FROM result") == 3 &&
                 sql("s3.db", "SELECT count(*) FROM result") == 9,
             "shards not balanced by cost: %lld, %lld, %lld units",
             sql("s1.db", "SELECT count(*) FROM result"),
             sql("s2.db", "SELECT count(*) FROM result"),
             sql("s3.db", "SELECT count(*) FROM result"));
    rc = bench("merge all.db s1.db s2.db s3.db", &out);
    CT_CHECK(rc == 0, "merge: exit %d: %s", rc, out);
    free(out);
    check_same_units("all.db", "3 shards merged");
    CT_CHECK(sql("all.db", "SELECT count(DISTINCT shard) FROM run") == 3,
             "the merged runs lost their shards");
    /* the resume key includes the shard: 2/3 never continues 1/3's run */
    rc = bench("run shards.ini --db s1.db --shard 2/3 --resume --no-progress", &out);
    CT_CHECK(rc == 0 && sql("s1.db", "SELECT count(*) FROM run") == 2,
             "--resume of shard 2/3 took shard 1/3's run (exit %d, %lld runs): %s", rc,
             sql("s1.db", "SELECT count(*) FROM run"), out);
    free(out);
}

static void check_bad_values(void)
{
    static const char *const bad[] = {"0/3", "4/3", "1/0", "x", "1/3x", "-1/2", "2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[256], *out = NULL;
        snprintf(args, sizeof args, "run shards.ini --db bad.db --shard '%s' --no-progress",
                 bad[i]);
        int rc = bench(args, &out);
        CT_CHECK(rc == 2 && out && strstr(out, "--shard"), "--shard %s: exit %d: %s", bad[i], rc,
                 out);
        free(out);
    }
    CT_CHECK(sql("bad.db", "SELECT count(*) FROM run") == -999, "a bad --shard wrote a database");
}

static void check_parallel(void)
{
    char cmd[2048], *out = NULL;
    if (ct_test_run("command -v parallel >/dev/null", NULL) != 0) {
        printf("skipped: GNU parallel is not installed (apt-get install parallel)\n");
        return;
    }
    snprintf(cmd, sizeof cmd, "CTBENCH='%s' bash '%s/.ci/shard-parallel' shards.ini 2 par.db",
             CT_BENCH_EXE, CT_SOURCE_DIR);
    int rc = sh(cmd, &out);
    CT_CHECK(rc == 0, "shard-parallel: exit %d: %s", rc, out);
    free(out);
    check_same_units("par.db", "GNU parallel, 2 shards");
    /* merging again changes nothing */
    snprintf(cmd, sizeof cmd, "'%s' merge par.db par.db.shards/shard-1.db par.db.shards/shard-2.db",
             CT_BENCH_EXE);
    rc = sh(cmd, &out);
    CT_CHECK(rc == 0 && sql("par.db", "SELECT count(*) FROM result") == 18,
             "a second merge changed the database (exit %d): %s", rc, out);
    free(out);
}

int main(void)
{
    char path[1200];
    FILE *f;
    dir = ct_test_tempdir("shard");
    if (!dir) return 1;
    snprintf(path, sizeof path, "%s/shards.ini", dir);
    f = fopen(path, "w");
    if (!f) return 1;
    fputs(config, f);
    fclose(f);
    check_shards();
    check_bad_values();
    check_parallel();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_shard");
}
