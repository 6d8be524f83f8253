/* testutil.h -- the few helpers every ctest executable shares.
 *
 * Plain ctest executables: CT_CHECK records a failed assertion (file:line and
 * a message) and lets the test go on, so one run reports every failure;
 * ct_test_finish() prints "N passed, N failed" and returns the exit code
 * (0 when nothing failed).  Return 77 from main to mark a test skipped.
 */
#ifndef CT_TESTUTIL_H
#define CT_TESTUTIL_H

/* 1 in the CT_SANITIZE build (ASan + UBSan), where valgrind cannot run. */
#ifndef CT_TEST_SANITIZED
#define CT_TEST_SANITIZED 0
#endif

#include <stdint.h>
#include <stdio.h>

extern long ct_test_passed;
extern long ct_test_failed;

void ct_test_fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CT_CHECK(cond, ...)                                   \
    do {                                                      \
        if (cond) {                                           \
            ct_test_passed++;                                 \
        } else {                                              \
            ct_test_fail_at(__FILE__, __LINE__, __VA_ARGS__); \
        }                                                     \
    } while (0)

/* Print the closing line and return 0 if every check passed, else 1. */
int ct_test_finish(const char *test_name);

/* CT_TEST_DATA "/" name, in a static buffer (one call at a time). */
const char *ct_test_data(const char *name);

/* A fresh empty directory under $TMPDIR (or /tmp); the path is malloc'd. */
char *ct_test_tempdir(const char *tag);

/* Remove a directory created by ct_test_tempdir and everything in it. */
void ct_test_rmtree(const char *path);

/* Read a fixture knn CSV (query,rank,index,distance) into arrays of rows.
 * Returns the number of rows or -1. Arrays are malloc'd. */
long ct_test_read_knn_csv(const char *path, int32_t **query, int **rank, int32_t **index,
                          double **distance);

/* Run a shell command, capture stdout+stderr (malloc'd, NUL-terminated) and
 * return its exit status (or -1). */
int ct_test_run(const char *command, char **output);

/* Start argv[0] (a path) in the background with stdout and stderr in
 * log_path (and env_extra's "NAME=value" entries added to the environment,
 * NULL-terminated, may be NULL).  Returns the pid, or -1. */
long ct_test_spawn(const char *const argv[], const char *log_path, const char *const *env_extra);

/* Wait for a spawned process: its exit code, 128 + the signal that killed
 * it, or -1 when it did not end within timeout_ms (it is killed then). */
int ct_test_wait(long pid, long timeout_ms);

/* Sleep for ms milliseconds. */
void ct_test_sleep_ms(long ms);

/* The integer the first column of the first row of `sql` gives on the
 * SQLite database at path (opened read-only), -999 if there is none, the
 * file does not exist or the query fails. */
long long ct_test_sql_int(const char *path, const char *sql);

/* Wait until `sql` on path gives at least `want` (or the process `pid`
 * ended, or timeout_ms passed); 1 if it did, 0 if not. */
int ct_test_wait_sql(const char *path, const char *sql, long long want, long pid, long timeout_ms);

/* The whole content of a file (malloc'd), or NULL. */
char *ct_test_read_file(const char *path);

#endif
