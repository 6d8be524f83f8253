/* test_harness_sigint.c -- SIGINT (and SIGTERM) during `ctbench run`: the
 * process exits 130 once at least one variant is stored, the run is marked
 * 'interrupted', PRAGMA integrity_check is clean, every stored variant is
 * whole (all its repetitions, warm-ups, counters and its summary) and no row
 * of the variant that was in progress exists; --resume then continues the
 * same run without storing anything twice. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "counters.h"
#include "results.h"
#include "testutil.h"

#define REPS 60
#define WARMUP 1

static const char config_text[] =
    "[experiment]\nname = sigint\nseeds = 3\nrepetitions = 60\nwarmup = 1\nthreads = 1\n"
    "[workload]\nn = 2000\ndim = 3\nm = 64\n"
    "[variants]\ntopology = all\norder = all\ndata = all\ntraversal = all\nkernel = auto\n"
    "precision = f64\nbaselines = brute_blas\n"
    "[query]\nk = 10\nqueries = 64\nverify_queries = 16\n"
    "[counters]\nevents = auto\n";

static long long q1(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Results stored so far (0 while the database does not exist yet). */
static long long stored(const char *path)
{
    sqlite3 *h = NULL;
    long long n = 0;
    if (access(path, F_OK) != 0) return 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 1000);
        n = q1(h, "SELECT count(*) FROM result");
        if (n < 0) n = 0; /* schema not there yet */
    }
    sqlite3_close(h);
    return n;
}

static void interrupt_run(const char *dir, const char *config, int sig, const char *dbname)
{
    char db[1200], log[1200], sql[600];
    pid_t pid;
    int status = 0, waited = 0;
    bench_db conn;
    ct_error err;

    snprintf(db, sizeof db, "%s/%s", dir, dbname);
    snprintf(log, sizeof log, "%s/%s.log", dir, dbname);
    pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(CT_BENCH_EXE, CT_BENCH_EXE, "run", config, "--db", db, "--no-progress", (char *)NULL);
        _exit(127);
    }
    CT_CHECK(pid > 0, "fork failed");
    if (pid <= 0) return;
    /* wait for the first whole variant (60 s at most) */
    while (stored(db) < 1 && waited < 60000) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            CT_CHECK(0, "ctbench ended (status %d) before it could be interrupted", status);
            return;
        }
        sleep_ms(20);
        waited += 20;
    }
    CT_CHECK(stored(db) >= 1, "no variant stored within 60 s");
    kill(pid, sig);
    waitpid(pid, &status, 0);
    CT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 130,
             "signal %d: exit status %d "
             "(expected 130)",
             sig, WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
    {
        char *out = NULL, cmd[1300];
        snprintf(cmd, sizeof cmd, "cat '%s'", log);
        ct_test_run(cmd, &out);
        CT_CHECK(out && strstr(out, "interrupted by signal"), "no interrupt message:\n%s", out);
        free(out);
    }

    ct_error_clear(&err);
    if (bench_results_open(db, BENCH_DB_READ, &conn, &err) != CT_OK) {
        CT_CHECK(0, "cannot open %s: %s", db, err.msg);
        return;
    }
    CT_CHECK(bench_db_integrity_ok(&conn), "integrity_check after signal %d", sig);
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM run WHERE status = 'interrupted'") == 1,
             "run not marked interrupted");
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM result") < 33, "the run was not interrupted early");
    /* every stored variant whole */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM result r WHERE "
             "(SELECT count(*) FROM measurement m WHERE m.result_id = r.id AND m.phase = 'query')"
             " <> %d OR (SELECT count(*) FROM measurement m WHERE m.result_id = r.id AND "
             "m.phase = 'warmup') <> %d OR (SELECT count(*) FROM summary s WHERE s.result_id = "
             "r.id) <> 1 OR (SELECT count(*) FROM counter c WHERE c.result_id = r.id) <> %d",
             REPS, WARMUP, REPS * bench_counters_auto_count);
    CT_CHECK(q1(conn.h, sql) == 0, "a stored variant is not whole");
    /* nothing of a variant outside its result */
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM measurement WHERE phase IN ('query','warmup') AND "
                        "(result_id IS NULL OR result_id NOT IN (SELECT id FROM result))") == 0,
             "samples of an unstored variant");
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM counter WHERE result_id IS NULL OR result_id NOT "
                        "IN (SELECT id FROM result)") == 0,
             "counters of an unstored variant");
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM measurement WHERE phase = 'query'") ==
                 q1(conn.h, "SELECT count(*) FROM result") * REPS,
             "partial repetitions stored");
    bench_db_close(&conn);
}

/* Resume the interrupted run for the baseline only (the last unit of the plan,
 * so not stored yet): same run, one more result, status complete. */
static void resume_run(const char *dir, const char *config)
{
    char db[1200], cmd[4096], *out = NULL;
    bench_db conn;
    ct_error err;
    long long before = 0;
    int rc;
    snprintf(db, sizeof db, "%s/int.db", dir);
    ct_error_clear(&err);
    if (bench_results_open(db, BENCH_DB_READ, &conn, &err) != CT_OK) return;
    before = q1(conn.h, "SELECT count(*) FROM result");
    bench_db_close(&conn);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' run '%s' --db '%s' --no-progress --resume "
             "--only brute_blas",
             dir, CT_BENCH_EXE, config, db);
    rc = ct_test_run(cmd, &out);
    CT_CHECK(rc == 0 && strstr(out, "resuming run 1 (status interrupted)"), "resume exited %d:\n%s",
             rc, out);
    free(out);
    if (bench_results_open(db, BENCH_DB_READ, &conn, &err) != CT_OK) return;
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM run") == 1, "resume made a new run");
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM result") == before + 1,
             "resume stored %lld "
             "results, expected %lld",
             q1(conn.h, "SELECT count(*) FROM result"), before + 1);
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM run WHERE status = 'complete'") == 1,
             "resumed run not complete");
    CT_CHECK(q1(conn.h, "SELECT count(*) FROM measurement WHERE phase = 'build'") == 1,
             "the setup was stored twice");
    CT_CHECK(bench_db_integrity_ok(&conn), "integrity after resume");
    bench_db_close(&conn);
}

int main(void)
{
    char *dir = ct_test_tempdir("sigint");
    char config[1200];
    FILE *f;
    if (!dir) return 1;
    snprintf(config, sizeof config, "%s/sigint.ini", dir);
    f = fopen(config, "w");
    if (!f) return 1;
    fputs(config_text, f);
    fclose(f);
    interrupt_run(dir, config, SIGINT, "int.db");
    resume_run(dir, config);
    interrupt_run(dir, config, SIGTERM, "term.db");
    if (ct_test_failed == 0) ct_test_rmtree(dir);
    else fprintf(stderr, "kept %s\n", dir);
    free(dir);
    return ct_test_finish("test_harness_sigint");
}
