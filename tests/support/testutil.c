/* testutil.c -- assertion counting, fixture paths, temp dirs and command runs
 * for the ctest executables (see testutil.h). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
