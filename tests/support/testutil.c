/* testutil.c -- assertion counting, fixture paths, temp dirs and command runs
 * for the ctest executables (see testutil.h). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long ct_test_passed = 0;
long ct_test_failed = 0;

void ct_test_fail_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    ct_test_failed++;
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int ct_test_finish(const char *test_name)
{
    printf("%s: %ld passed, %ld failed\n", test_name, ct_test_passed, ct_test_failed);
    return ct_test_failed == 0 ? 0 : 1;
}

const char *ct_test_data(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", CT_TEST_DATA_DIR, name);
    return path;
}

char *ct_test_tempdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char *path = malloc(4096);
    if (!path) return NULL;
    snprintf(path, 4096, "%s/ctbench-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    if (!mkdtemp(path)) {
        free(path);
        return NULL;
    }
    return path;
}

void ct_test_rmtree(const char *path)
{
    char cmd[4200];
    if (!path || !*path) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", path);
}

long ct_test_read_knn_csv(const char *path, int32_t **query, int **rank, int32_t **index,
                          double **distance)
{
    FILE *f = fopen(path, "r");
    char line[512];
    long cap = 1024, n = 0;
    if (!f) return -1;
    *query = malloc(cap * sizeof **query);
    *rank = malloc(cap * sizeof **rank);
    *index = malloc(cap * sizeof **index);
    *distance = malloc(cap * sizeof **distance);
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    } /* header */
    while (fgets(line, sizeof line, f)) {
        long q, r, i;
        double d;
        if (sscanf(line, "%ld,%ld,%ld,%lf", &q, &r, &i, &d) != 4) continue;
        if (n == cap) {
            cap *= 2;
            *query = realloc(*query, cap * sizeof **query);
            *rank = realloc(*rank, cap * sizeof **rank);
            *index = realloc(*index, cap * sizeof **index);
            *distance = realloc(*distance, cap * sizeof **distance);
        }
        (*query)[n] = (int32_t)q;
        (*rank)[n] = (int)r;
        (*index)[n] = (int32_t)i;
        (*distance)[n] = d;
        n++;
    }
    fclose(f);
    return n;
}

int ct_test_run(const char *command, char **output)
{
    char *cmd = malloc(strlen(command) + 16);
    FILE *pipe;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int status;
    if (!cmd || !buf) {
        free(cmd);
        free(buf);
        return -1;
    }
    sprintf(cmd, "%s 2>&1", command);
    pipe = popen(cmd, "r");
    free(cmd);
    if (!pipe) {
        free(buf);
        return -1;
    }
    for (;;) {
        size_t got;
        if (len + 1024 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        got = fread(buf + len, 1, cap - len - 1, pipe);
        if (got == 0) break;
        len += got;
    }
    buf[len] = '\0';
    status = pclose(pipe);
    if (output) *output = buf;
    else free(buf);
    if (status == -1) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

long ct_test_spawn(const char *const argv[], const char *log_path, const char *const *env_extra)
{
    pid_t pid;
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        for (int i = 0; env_extra && env_extra[i]; i++) {
            char name[256];
            const char *eq = strchr(env_extra[i], '=');
            if (!eq || (size_t)(eq - env_extra[i]) >= sizeof name) continue;
            memcpy(name, env_extra[i], (size_t)(eq - env_extra[i]));
            name[eq - env_extra[i]] = '\0';
            setenv(name, eq + 1, 1);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid > 0 ? (long)pid : -1;
}

void ct_test_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int ct_test_wait(long pid, long timeout_ms)
{
    int status = 0;
    for (long waited = 0;; waited += 10) {
        pid_t w = waitpid((pid_t)pid, &status, WNOHANG);
        if (w == (pid_t)pid) break;
        if (w < 0) return -1;
        if (waited >= timeout_ms) {
            kill((pid_t)pid, SIGKILL);
            waitpid((pid_t)pid, &status, 0);
            return -1;
        }
        ct_test_sleep_ms(10);
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

long long ct_test_sql_int(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (access(path, F_OK) != 0) return v;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 2000);
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

int ct_test_wait_sql(const char *path, const char *sql, long long want, long pid, long timeout_ms)
{
    for (long waited = 0; waited < timeout_ms; waited += 20) {
        int status;
        if (ct_test_sql_int(path, sql) >= want) return 1;
        if (pid > 0 && waitpid((pid_t)pid, &status, WNOHANG) == (pid_t)pid) {
            /* it ended: report it as ended, not reaped twice */
            return ct_test_sql_int(path, sql) >= want;
        }
        ct_test_sleep_ms(20);
    }
    return 0;
}

char *ct_test_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[size] = '\0';
    fclose(f);
    return buf;
}
