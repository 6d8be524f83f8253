/* npy_save.c -- writing 1-D and 2-D C-order float64 / int64 arrays as .npy 1.0 (npy.h).
 *
 * The header is what numpy itself writes,
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (R, C), }  (or (R,), '<i8')
 * space-padded and newline-terminated so the data starts at a multiple of 64
 * bytes.  Values are encoded little-endian byte by byte (host independent).
 */
#include "ct/npy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CHUNK 4096

/* descr '<f8' or '<i8'; ndim 1 (shape (rows,)) or 2; data 8-byte elements. */
static int save_le64(const char *path, const char *descr, const void *data, int ndim, int64_t rows,
                     int64_t cols, ct_error *err)
{
    unsigned char buf[CHUNK * 8];
    char header[256];
    FILE *f = NULL;
    int hlen, total, rc;
    size_t count, done = 0;

    if (!path || rows < 0 || cols < 0 || (cols > 0 && rows > INT64_MAX / cols) ||
        (rows * cols > 0 && !data))
        return ct_error_set(err, CT_EINVAL, "npy: bad arguments for %s", path ? path : "(null)");
    count = (size_t)(rows * cols);
    if (ndim == 1)
        hlen = snprintf(header + 10, sizeof header - 10,
                        "{'descr': '%s', 'fortran_order': False, 'shape': (%lld,), }", descr,
                        (long long)rows);
    else
        hlen = snprintf(header + 10, sizeof header - 10,
                        "{'descr': '%s', 'fortran_order': False, 'shape': (%lld, %lld), }", descr,
                        (long long)rows, (long long)cols);
    total = 10 + hlen + 1;
    while (total % 64) total++;
    memcpy(header, "\x93NUMPY\x01\x00", 8);
    header[8] = (char)((total - 10) & 0xff);
    header[9] = (char)((total - 10) >> 8);
    memset(header + 10 + hlen, ' ', (size_t)(total - 10 - hlen));
    header[total - 1] = '\n';

    f = fopen(path, "wb");
    if (!f) return ct_error_set(err, CT_EIO, "%s: cannot create: %s", path, strerror(errno));
    if (fwrite(header, 1, (size_t)total, f) != (size_t)total) goto write_error;
    while (done < count) {
        size_t n = count - done < CHUNK ? count - done : CHUNK;
        for (size_t e = 0; e < n; e++) {
            uint64_t u;
            memcpy(&u, (const unsigned char *)data + (done + e) * 8, sizeof u);
            for (int b = 0; b < 8; b++) buf[e * 8 + (size_t)b] = (unsigned char)(u >> (8 * b));
        }
        if (fwrite(buf, 8, n, f) != n) goto write_error;
        done += n;
    }
    rc = fclose(f);
    f = NULL;
    if (rc != 0) goto write_error;
    return CT_OK;

write_error:
    rc = ct_error_set(err, CT_EIO, "%s: write failed: %s", path, strerror(errno));
    if (f) fclose(f);
    return rc;
}

int ct_npy_save_f64(const char *path, const double *data, int64_t rows, int64_t cols, ct_error *err)
{
    return save_le64(path, "<f8", data, 2, rows, cols, err);
}

int ct_npy_save_f64_vector(const char *path, const double *data, int64_t n, ct_error *err)
{
    return save_le64(path, "<f8", data, 1, n, 1, err);
}

int ct_npy_save_i64_vector(const char *path, const int64_t *data, int64_t n, ct_error *err)
{
    return save_le64(path, "<i8", data, 1, n, 1, err);
}

int ct_npy_save_i64(const char *path, const int64_t *data, int64_t rows, int64_t cols,
                    ct_error *err)
{
    return save_le64(path, "<i8", data, 2, rows, cols, err);
}
