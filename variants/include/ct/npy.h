/* npy.h -- reading NumPy .npy files (format versions 1.0, 2.0, 3.0).
 *
 * Accepts little-endian float32/float64 ('<f4', '<f8') and int32/int64
 * ('<i4', '<i8') arrays of 1 or 2 dimensions, C or Fortran order, and converts
 * them to C-order float64 or int32.  Truncated files, wrong shapes or dtypes,
 * NaN/inf in float data and out-of-range indices are clear errors.
 */
#ifndef CT_NPY_H
#define CT_NPY_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

typedef struct ct_npy_matrix {
    int64_t rows;
    int64_t cols; /* 1 for a 1-D array */
    int ndim;     /* 1 or 2 as stored */
    double *data; /* rows * cols, C order */
} ct_npy_matrix;

/* Load a 1-D or 2-D float32/float64 array as C-order float64; NaN/inf is an
 * error naming the file and the first bad element.  The caller checks shape. */
int ct_npy_load_f64(const char *path, ct_npy_matrix *out, ct_error *err);

/* Load a 1-D integer array; every value must lie in [0, bound). */
int ct_npy_load_index(const char *path, int64_t bound, int32_t **out, int64_t *count,
                      ct_error *err);

/* The same two loaders on a .npy file image in memory (`size` bytes at
 * `data`, not modified, not kept): the same checks, codes and messages, with
 * `name` where the path would be.  For callers that hold the bytes already
 * (and the fuzz targets of tests/fuzz, which must not touch the disk). */
int ct_npy_load_f64_buffer(const void *data, size_t size, const char *name, ct_npy_matrix *out,
                           ct_error *err);
int ct_npy_load_index_buffer(const void *data, size_t size, const char *name, int64_t bound,
                             int32_t **out, int64_t *count, ct_error *err);

void ct_npy_matrix_free(ct_npy_matrix *mat);

/* Write a 2-D C-order float64 array (used by tests and `ctbench` exports). */
int ct_npy_save_f64(const char *path, const double *data, int64_t rows, int64_t cols,
                    ct_error *err);

/* The same for a 1-D float64 vector, and 1-D / 2-D int64 arrays ('<i8'). */
int ct_npy_save_f64_vector(const char *path, const double *data, int64_t n, ct_error *err);
int ct_npy_save_i64_vector(const char *path, const int64_t *data, int64_t n, ct_error *err);
int ct_npy_save_i64(const char *path, const int64_t *data, int64_t rows, int64_t cols,
                    ct_error *err);

/* Load a 2-D C-order array that must have exactly dtype descr ("<i8" into
 * int64_t, "<f8" into double) and shape rows x cols, into out (rows * cols
 * elements, caller-owned).  No value checks (NaN and inf are kept).  A wrong
 * dtype or shape is CT_EFORMAT naming both ("...: shape 10x5, expected
 * 10x50").  For the outputs of external programs (docs/EXTERNAL.md). */
int ct_npy_load_exact(const char *path, const char *descr, int64_t rows, int64_t cols, void *out,
                      ct_error *err);

#endif
