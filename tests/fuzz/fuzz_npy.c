/* fuzz_npy.c -- fuzz target: the .npy reader (variants/core/npy_header.c,
 * npy_load.c) through its in-memory entry points, so no iteration touches
 * the disk: the input is a whole .npy file image.
 *
 * Invariants, for both loaders (float: ct_npy_load_f64_buffer, index:
 * ct_npy_load_index_buffer):
 *   - a rejection is a negative status with a message naming the file, the
 *     outputs zeroed; never CT_ENOMEM (every size is checked against the bytes
 *     present before anything is allocated, and inputs are small);
 *   - no input is both a float array and an index array;
 *   - float success: ndim 1 or 2 (cols 1 for 1-D), the bytes after the header
 *     are exactly rows * cols elements of 4 or 8 bytes, every value is
 *     finite (the loader promises to reject NaN/inf), data 64-byte aligned;
 *   - index success (bound INT64_MAX): count elements of 1, 2, 4 or 8 bytes
 *     fill the data exactly, every index >= 0; then the bound is exact: with
 *     bound = the largest index the load fails with CT_EINVAL, with the
 *     largest + 1 it succeeds with the same indices.
 */
#include <math.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/npy.h"
#include "fuzz.h"

#define NAME "fuzz.npy"

/* Bytes before the data, from the fixed prefix (the loader read it the same
 * way); -1 if the prefix is not there. */
static int64_t data_offset(const uint8_t *d, size_t size)
{
    if (size < 10 || memcmp(d, "\x93NUMPY", 6) != 0) return -1;
    if (d[6] == 1) return 10 + (int64_t)(d[8] | d[9] << 8);
    if (size < 12) return -1;
    return 12 + (int64_t)((uint32_t)d[8] | (uint32_t)d[9] << 8 | (uint32_t)d[10] << 16 |
                          (uint32_t)d[11] << 24);
}

static void check_rejection(int rc, const ct_error *err, const char *loader)
{
    FUZZ_CHECK(rc < 0 && err->code == rc, "%s: status %d, error code %d", loader, rc, err->code);
    FUZZ_CHECK(rc != CT_ENOMEM, "%s: out of memory on a small input: %s", loader, err->msg);
    FUZZ_CHECK(strncmp(err->msg, NAME ": ", strlen(NAME) + 2) == 0,
               "%s: message does not start with the file name: %s", loader, err->msg);
}

static int fills(int64_t payload, int64_t count, int itemsize)
{
    return count == 0 ? payload == 0 : payload % count == 0 && payload / count == itemsize;
}

static void check_float(const uint8_t *data, size_t size, const ct_npy_matrix *mat)
{
    int64_t payload = (int64_t)size - data_offset(data, size), count;
    FUZZ_CHECK(mat->ndim == 1 || mat->ndim == 2, "ndim %d", mat->ndim);
    FUZZ_CHECK(mat->rows >= 0 && mat->cols >= 0 && (mat->ndim == 2 || mat->cols == 1),
               "shape %lldx%lld for ndim %d", (long long)mat->rows, (long long)mat->cols,
               mat->ndim);
    count = mat->rows * mat->cols;
    FUZZ_CHECK(fills(payload, count, 4) || fills(payload, count, 8),
               "%lld data bytes for %lld float elements", (long long)payload, (long long)count);
    FUZZ_CHECK(mat->data != NULL && ((uintptr_t)mat->data & 63) == 0, "data not 64-byte aligned");
    for (int64_t e = 0; e < count; e++)
        FUZZ_CHECK(isfinite(mat->data[e]), "element %lld is %g", (long long)e, mat->data[e]);
}

static void check_index(const uint8_t *data, size_t size, const int32_t *idx, int64_t count)
{
    int64_t payload = (int64_t)size - data_offset(data, size);
    int32_t largest = -1, *again = NULL;
    int64_t again_count = -1;
    ct_error err;
    int rc;
    FUZZ_CHECK(count >= 0 && idx != NULL, "count %lld", (long long)count);
    FUZZ_CHECK(fills(payload, count, 1) || fills(payload, count, 2) || fills(payload, count, 4) ||
                   fills(payload, count, 8),
               "%lld data bytes for %lld indices", (long long)payload, (long long)count);
    for (int64_t e = 0; e < count; e++) {
        FUZZ_CHECK(idx[e] >= 0, "index %lld is %d", (long long)e, (int)idx[e]);
        if (idx[e] > largest) largest = idx[e];
    }
    if (count == 0) return;
    ct_error_clear(&err);
    rc = ct_npy_load_index_buffer(data, size, NAME, largest, &again, &again_count, &err);
    FUZZ_CHECK(rc == CT_EINVAL && again == NULL && again_count == 0,
               "bound = largest index %d accepted (rc %d)", (int)largest, rc);
    check_rejection(rc, &err, "index (bound = largest)");
    rc = ct_npy_load_index_buffer(data, size, NAME, (int64_t)largest + 1, &again, &again_count,
                                  &err);
    FUZZ_CHECK(rc == CT_OK && again_count == count &&
                   memcmp(again, idx, (size_t)count * sizeof *idx) == 0,
               "bound = largest + 1 gives another answer (rc %d: %s)", rc, err.msg);
    ct_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ct_npy_matrix mat;
    ct_error err;
    int32_t *idx = NULL;
    int64_t count = -1;
    int rf, ri;

    ct_error_clear(&err);
    rf = ct_npy_load_f64_buffer(data, size, NAME, &mat, &err);
    if (rf == CT_OK) {
        FUZZ_ACCEPTED();
        check_float(data, size, &mat);
        ct_npy_matrix_free(&mat);
    } else {
        check_rejection(rf, &err, "float");
        FUZZ_CHECK(mat.data == NULL && mat.rows == 0 && mat.cols == 0, "float output not zeroed");
    }

    ct_error_clear(&err);
    ri = ct_npy_load_index_buffer(data, size, NAME, INT64_MAX, &idx, &count, &err);
    if (ri == CT_OK) {
        FUZZ_ACCEPTED();
        FUZZ_CHECK(rf != CT_OK, "accepted both as a float array and as an index array");
        check_index(data, size, idx, count);
        ct_free(idx);
    } else {
        check_rejection(ri, &err, "index");
        FUZZ_CHECK(idx == NULL && count == 0, "index output not zeroed");
    }
    return 0;
}
