/* status.h -- status codes and the error-message carrier of the ctbench library.
 *
 * Library functions return an int: CT_OK (0) or a negative CT_E* code.  Where a
 * caller needs to know *what* was wrong (a file name, a shape, a line), the
 * function also takes an optional `ct_error *` and writes one line into it.
 * Library code never prints and never exits; only the CLI turns a status into a
 * message and an exit code.
 */
#ifndef CT_STATUS_H
#define CT_STATUS_H

#include <stddef.h>

enum {
    CT_OK = 0,
    CT_ENOMEM = -1,    /* allocation failed */
    CT_EINVAL = -2,    /* bad argument or parameter */
    CT_EIO = -3,       /* file could not be opened/read/written */
    CT_EFORMAT = -4,   /* malformed file or config */
    CT_ENAN = -5,      /* NaN or infinity in numeric input */
    CT_ENOTSUP = -6,   /* not available on this CPU/build */
    CT_ENUMERIC = -7,  /* LAPACK failure (e.g. matrix not positive definite) */
    CT_EINTR = -8,     /* interrupted by a signal */
    CT_EDB = -9,       /* database error */
    CT_EVERIFY = -10,  /* result failed verification */
    CT_EINTERNAL = -11 /* invariant broken: a bug */
};

#define CT_ERROR_MSG_MAX 512

typedef struct ct_error {
    int code;
    char msg[CT_ERROR_MSG_MAX];
} ct_error;

/* Short fixed name of a status code ("out of memory", ...). */
const char *ct_status_str(int code);

/* Record `code` and a printf-style message in `err` (which may be NULL) and
 * return `code`, so that `return ct_error_set(err, CT_EINVAL, "...")` works. */
int ct_error_set(ct_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clear an error carrier. */
void ct_error_clear(ct_error *err);

#endif
