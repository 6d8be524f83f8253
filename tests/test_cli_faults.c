/* test_cli_faults.c -- a run's state is always true, and outputs and exit
 * codes are honest, under the faults a careful user meets:
 *   - SIGKILL mid-run: the run reads 'dead' in show, show --runs and export,
 *     and --resume continues it to 'complete';
 *   - --resume while the first writer lives: refused with one line, exit 2,
 *     and the live writer still owns (and finishes) its run;
 *   - SIGHUP, and two SIGINTs 20 ms apart: exit 130, 'interrupted';
 *   - a write lock held past the busy timeout mid-run: the run fails with a
 *     message naming the database, and its final status still lands;
 *   - writes failing mid-run (a file-size limit as a full disk): exit 2, and
 *     the run is never left 'running' for readers;
 *   - show / export to a full device or past a file-size limit: exit 2, the
 *     reason in the message, no partial or temporary file;
 *   - knn --out through a symlink keeps the link; --out - is stdout; new
 *     files are 0666 & ~umask;
 *   - exit codes: an unknown run is 2 for show, export and plot; bad data is
 *     2 for both knn and run; a directory as config, text after a section
 *     header and a 1-D V file are one-line errors with exit 2;
 *   - the run stores the commit the binary was built from.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char dir[1024];

static const char slow_config[] =
    "[experiment]\nname = faults\nseeds = 3\nrepetitions = 40\nwarmup = 1\nthreads = 1\n"
    "[workload]\nn = 2000\ndim = 3\nm = 64\n"
    "[variants]\ntopology = all\norder = all\ndata = all\ntraversal = all\nkernel = auto\n"
    "precision = f64\nbaselines = brute_blas\n"
    "[query]\nk = 10\nqueries = 64\nverify_queries = 16\n"
    "[counters]\nbackend = none\n";

static void write_file(const char *name, const char *text)
{
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static const char *path_of(const char *name)
{
    static char path[4][1200];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 1200, "%s/%s", dir, name);
    return p;
}

/* `ctbench ARGS` in the test directory; output and exit code. */
static int bench(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

/* The same with only its standard error captured (stdout to `where`). */
static int bench_stderr(const char *args, const char *where, char **err)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && ( '%s' %s > %s )", dir, CT_BENCH_EXE, args, where);
    return ct_test_run(cmd, err);
}

/* A shell command in the test directory (CTBENCH in it is the binary). */
static int shell(const char *script, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && CTBENCH='%s' sh -c \"%s\"", dir, CT_BENCH_EXE, script);
    return ct_test_run(cmd, out);
}

static long start_run(const char *db, const char *extra, const char *log)
{
    const char *argv[8] = {CT_BENCH_EXE, "run", path_of("slow.ini"), "--db", db, "--no-progress",
                           extra,        NULL};
    return ct_test_spawn(argv, log, NULL);
}

static long long state_count(const char *db, const char *status)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM run WHERE status = '%s'", status);
    return ct_test_sql_int(db, sql);
}

static void kill_and_resume(void)
{
    const char *db = path_of("kill.db");
    char *out = NULL;
    long pid = start_run(db, NULL, path_of("kill.log"));
    int rc;
    CT_CHECK(ct_test_wait_sql(db, "SELECT count(*) FROM result", 1, pid, 60000),
             "no unit stored within 60 s");
    kill((pid_t)pid, SIGKILL);
    ct_test_wait(pid, 10000);
    CT_CHECK(state_count(db, "running") == 1, "the killed run is not stored as running");
    rc = bench("show --db kill.db", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "[dead]") && strstr(out, "is gone"),
             "show does not call the killed run dead: exit %d\n%.400s", rc, out);
    free(out);
    rc = bench("show --db=kill.db --runs", &out);
    CT_CHECK(rc == 0 && out && strstr(out, " dead "), "show --runs: exit %d\n%s", rc, out);
    free(out);
    rc = bench("export --db kill.db --format csv", &out);
    CT_CHECK(rc == 0 && out && strstr(out, ",dead\n"), "export lacks run_status dead:\n%.300s",
             out);
    free(out);
    rc = bench("run slow.ini --db kill.db --no-progress --resume --only brute_blas", &out);
    CT_CHECK(rc == 0 && out && strstr(out, "resuming run 1 (status dead)"),
             "resume of a dead run: exit %d\n%.600s", rc, out);
    free(out);
    CT_CHECK(state_count(db, "complete") == 1 &&
                 ct_test_sql_int(db, "SELECT count(*) FROM run") == 1,
             "the resumed run is not complete");
}

static void resume_while_alive(void)
{
    const char *db = path_of("live.db");
    char *out = NULL, *log;
    long pid = start_run(db, NULL, path_of("live.log"));
    int rc;
    CT_CHECK(ct_test_wait_sql(db, "SELECT count(*) FROM result", 1, pid, 60000),
             "no unit stored within 60 s");
    rc = bench("run slow.ini --db live.db --no-progress --resume", &out);
    CT_CHECK(rc == 2 && out && strstr(out, "not resuming run 1: it is still being written by pid"),
             "resume while alive: exit %d\n%.500s", rc, out);
    CT_CHECK(out && !strstr(out, "UNIQUE"), "raw constraint error:\n%s", out);
    free(out);
    CT_CHECK(state_count(db, "running") == 1, "the loser touched the live run");
    kill((pid_t)pid, SIGTERM);
    rc = ct_test_wait(pid, 60000);
    CT_CHECK(rc == 130, "the live writer, interrupted: exit %d", rc);
    CT_CHECK(state_count(db, "interrupted") == 1, "the owner could not mark its run");
    log = ct_test_read_file(path_of("live.log"));
    CT_CHECK(log && strstr(log, "interrupted by signal 15"), "owner's log:\n%.400s", log);
    free(log);
}

static void signals(void)
{
    static const struct {
        const char *name;
        int sig, twice;
    } cases[] = {{"hup.db", SIGHUP, 0}, {"int2.db", SIGINT, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *db = path_of(cases[i].name);
        long pid = start_run(db, NULL, path_of("sig.log"));
        int rc;
        CT_CHECK(ct_test_wait_sql(db, "SELECT count(*) FROM result", 1, pid, 60000),
                 "%s: no unit stored within 60 s", cases[i].name);
        kill((pid_t)pid, cases[i].sig);
        if (cases[i].twice) {
            ct_test_sleep_ms(20);
            kill((pid_t)pid, cases[i].sig);
        }
        rc = ct_test_wait(pid, 60000);
        CT_CHECK(rc == 130, "%s: exit %d, want 130", cases[i].name, rc);
        CT_CHECK(state_count(db, "interrupted") == 1, "%s: not marked interrupted", cases[i].name);
        CT_CHECK(ct_test_sql_int(db, "PRAGMA integrity_check") != -999, "%s: unreadable",
                 cases[i].name);
    }
}

/* Hold the write lock for `ms` from a second process (sqlite3 CLI). */
static long hold_lock(const char *db, long ms)
{
    char script[1600];
    const char *argv[4] = {"/bin/sh", "-c", script, NULL};
    snprintf(script, sizeof script,
             "printf 'BEGIN IMMEDIATE;\\n.shell sleep %.3f\\nCOMMIT;\\n' | sqlite3 '%s'",
             ms / 1000.0, db);
    return ct_test_spawn(argv, path_of("lock.log"), NULL);
}

static void lock_mid_run(void)
{
    char db[1200];
    const char *env[] = {"CT_DB_BUSY_MS=200", NULL};
    const char *argv[7] = {CT_BENCH_EXE, "run", NULL, "--db", db, "--no-progress", NULL};
    char *log, config[1200];
    long pid, locker;
    int rc;
    snprintf(db, sizeof db, "%s", path_of("lock.db"));
    snprintf(config, sizeof config, "%s", path_of("slow.ini"));
    argv[2] = config;
    pid = ct_test_spawn(argv, path_of("lockrun.log"), env);
    CT_CHECK(ct_test_wait_sql(db, "SELECT count(*) FROM result", 1, pid, 60000),
             "no unit stored within 60 s");
    locker = hold_lock(db, 3000);
    rc = ct_test_wait(pid, 90000);
    ct_test_wait(locker, 20000);
    log = ct_test_read_file(path_of("lockrun.log"));
    CT_CHECK(rc == 2, "run under a held lock: exit %d\n%.600s", rc, log);
    CT_CHECK(log && strstr(log, "database is locked") && strstr(log, db),
             "the message does not say the database is locked or name it:\n%.600s", log);
    free(log);
    CT_CHECK(state_count(db, "failed") == 1,
             "the final status did not land after the lock was released (running: %lld)",
             state_count(db, "running"));
}

static void writes_fail_mid_run(void)
{
    const char *db = path_of("full.db");
    char *out = NULL;
    int rc;
    /* 400 KiB: the schema and a few units fit, the rest does not */
    rc = shell("trap '' XFSZ; ulimit -f 800; exec \\$CTBENCH run slow.ini --db full.db "
               "--no-progress",
               &out);
    CT_CHECK(rc == 2 && out && strstr(out, "full.db"),
             "writes failing: exit %d, the message must name the database:\n%.600s", rc, out);
    free(out);
    CT_CHECK(ct_test_sql_int(db, "SELECT count(*) FROM run") == 1, "no run row");
    rc = bench("show --db full.db --runs", &out);
    CT_CHECK(rc == 0 && out && !strstr(out, " running "),
             "a run whose writes failed reads as running:\n%s", out);
    free(out);
}

static void outputs(void)
{
    char *out = NULL, *text;
    struct stat sb;
    int rc;

    /* a full device as standard output */
    rc = bench_stderr("show --db live.db", "/dev/full", &out);
    CT_CHECK(rc == 2 && out && strstr(out, "No space left on device"),
             "show > /dev/full: exit %d: %s", rc, out);
    free(out);
    rc = bench("export --db live.db --format csv --output /dev/full", &out);
    CT_CHECK(rc == 2 && out && strstr(out, "No space left on device"),
             "export --output /dev/full: exit %d: %s", rc, out);
    free(out);
    /* a file-size limit mid-write: the old file stays, no temporary file */
    write_file("old.csv", "old content\n");
    /* (immutable: no -shm file to create, so only the output meets the limit) */
    rc = shell("trap '' XFSZ; ulimit -f 1; exec \\$CTBENCH export --db 'file:live.db?immutable=1' "
               "--format json --output old.csv",
               &out);
    text = ct_test_read_file(path_of("old.csv"));
    CT_CHECK(rc == 2 && out && strstr(out, "cannot write old.csv: File too large"),
             "export past the limit: exit %d: %s", rc, out);
    CT_CHECK(text && !strcmp(text, "old content\n"), "the old file was changed: %.80s", text);
    free(text);
    free(out);
    {
        char cmd[1300];
        snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '\\.tmp\\.'", dir);
        rc = ct_test_run(cmd, &out);
        CT_CHECK(out && atoi(out) == 0, "temporary files left: %s", out);
        free(out);
    }
    /* export an existing run to a new file: 0666 & ~umask */
    rc =
        shell("umask 022; exec \\$CTBENCH export --db live.db --format csv --output new.csv", &out);
    CT_CHECK(rc == 0 && stat(path_of("new.csv"), &sb) == 0 && (sb.st_mode & 0777) == 0644,
             "export mode %o: %s", (unsigned)(sb.st_mode & 0777), out);
    free(out);
    /* knn through a symlink: the link stays, its target gets the rows */
    rc = symlink("target.csv", path_of("link.csv"));
    rc = bench("knn --n 60 --inducing 8 --query-count 2 --k 3 --out link.csv", &out);
    free(out);
    CT_CHECK(rc == 0 && lstat(path_of("link.csv"), &sb) == 0 && S_ISLNK(sb.st_mode),
             "knn --out replaced the symlink (exit %d)", rc);
    text = ct_test_read_file(path_of("target.csv"));
    CT_CHECK(text && !strncmp(text, "query,rank,index,distance\n", 26), "target: %.60s", text);
    free(text);
    rc = bench("knn --n 60 --inducing 8 --query-count 2 --k 3 --out - 2>/dev/null", &out);
    CT_CHECK(rc == 0 && out && !strncmp(out, "query,rank,index,distance\n", 26),
             "knn --out -: exit %d: %.80s", rc, out);
    free(out);
}

static void exit_codes(void)
{
    static const struct {
        const char *args, *needle;
    } cases[] = {
        {"show --db live.db 99", "no run 99"},
        {"export --db live.db --format csv 99", "no run 99"},
        {"plot --db live.db --out figs 99", "no run 99"},
        {"run .", "is a directory"},
        {"run trailing.ini --dry-run", "text after the section header [experiment]"},
        {"run v1d.ini --db v1d.db", "V must be a 2-D array"},
        {"knn --points nan.npy --query-count 2 --k 2 --out x.csv", "NaN"},
        {"run nan.ini --db nan.db", "NaN"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        int rc = bench_stderr(cases[i].args, "/dev/null", &out);
        CT_CHECK(rc == 2 && out && strstr(out, cases[i].needle) &&
                     strchr(out, '\n') == strrchr(out, '\n'),
                 "`%s`: exit %d (want 2, one line with '%s'):\n%.400s", cases[i].args, rc,
                 cases[i].needle, out);
        free(out);
    }
}

/* .npy files for the bad-data cases: a 1-D V and points with a NaN. */
static void write_npy(const char *name, const char *descr, const char *shape, const void *data,
                      size_t bytes)
{
    char header[128], path[1200];
    FILE *f;
    int len = snprintf(header, sizeof header,
                       "{'descr': '%s', 'fortran_order': False, "
                       "'shape': %s, }",
                       descr, shape);
    int pad = 64 - (10 + len + 1) % 64;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f) return;
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    fputc((10 + len + pad + 1 - 10) & 0xff, f);
    fputc(((10 + len + pad + 1 - 10) >> 8) & 0xff, f);
    fwrite(header, 1, (size_t)len, f);
    for (int i = 0; i < pad; i++) fputc(' ', f);
    fputc('\n', f);
    fwrite(data, 1, bytes, f);
    fclose(f);
}

static void bad_inputs(void)
{
    double pts[20 * 2], v[20];
    for (int i = 0; i < 40; i++) pts[i] = (double)(i * 7 % 13) / 13.0;
    for (int i = 0; i < 20; i++) v[i] = 0.1;
    write_npy("pts.npy", "<f8", "(20, 2)", pts, sizeof pts);
    write_npy("v1d.npy", "<f8", "(20,)", v, sizeof v);
    pts[7] = 0.0 / 0.0;
    write_npy("nan.npy", "<f8", "(20, 2)", pts, sizeof pts);
    write_file("v1d.ini", "[workload]\nsource = npy\npoints = pts.npy\nv = v1d.npy\n"
                          "[variants]\nbaselines = brute\n[query]\nk = 2\nqueries = 4\n");
    write_file("nan.ini", "[workload]\nsource = npy\npoints = nan.npy\n"
                          "[variants]\nbaselines = brute\n[query]\nk = 2\nqueries = 4\n");
    write_file("trailing.ini", "[experiment] trailing\nname = x\n[workload]\nn = 100\n"
                               "[variants]\nbaselines = brute\n");
}

static void built_commit(void)
{
    char *version = NULL, *head = NULL, sql[300];
    const char *commit;
    long long same;
    int rc = bench("--version", &version);
    commit = version ? strstr(version, "commit ") : NULL;
    CT_CHECK(rc == 0 && commit, "--version: %s", version ? version : "(none)");
    if (commit) {
        char prefix[13] = "";
        snprintf(prefix, sizeof prefix, "%.12s", commit + 7);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM run WHERE id = 1 AND git_commit LIKE '%s%%'", prefix);
        same = ct_test_sql_int(path_of("live.db"), sql);
        CT_CHECK(same == 1, "the run does not store the binary's commit %s", prefix);
    }
    rc = ct_test_run("git -C '" CT_SOURCE_DIR "' rev-parse HEAD 2>/dev/null", &head);
    if (rc == 0 && head && strlen(head) >= 40) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM run WHERE id = 1 AND checkout_commit = '%.40s'", head);
        CT_CHECK(ct_test_sql_int(path_of("live.db"), sql) == 1,
                 "the run does not store the checkout's HEAD %.40s", head);
    }
    free(head);
    free(version);
}

int main(void)
{
    char *tmp = ct_test_tempdir("faults");
    if (!tmp) return 1;
    snprintf(dir, sizeof dir, "%s", tmp);
    free(tmp);
    write_file("slow.ini", slow_config);
    bad_inputs();
    kill_and_resume();
    resume_while_alive();
    signals();
    lock_mid_run();
    writes_fail_mid_run();
    outputs();
    exit_codes();
    built_commit();
    if (!ct_test_failed) ct_test_rmtree(dir);
    else fprintf(stderr, "kept %s\n", dir);
    return ct_test_finish("test_cli_faults");
}
