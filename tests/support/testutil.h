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

#endif
