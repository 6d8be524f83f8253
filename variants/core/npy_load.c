/* npy_load.c -- loading .npy arrays as C-order float64 or int32 (npy.h).
 *
 * After the header (npy_header.c) the data size is checked against what is
 * left in the file before anything large is allocated: fewer bytes than the
 * shape needs is a "truncated" error; MORE bytes (trailing garbage) is also
 * rejected (CT_EFORMAT), since it usually means the header's shape is wrong.
 * Elements are decoded byte by byte as little-endian, so the code does not
 * depend on the host's byte order; Fortran-order arrays are transposed into
 * C order.  Float arrays are checked for NaN/inf (CT_ENAN), index arrays for
 * values outside [0, bound) (CT_EINVAL); both messages name the file and the
 * first bad element.  Accepted shapes: float arrays 1-D or 2-D; index arrays
 * 1-D, or 2-D with a single row or column.
 */
#include "ct/npy.h"
#include "ct/alloc.h"
#include "npy_header.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static uint64_t load_le(const unsigned char *b, int size)
{
    uint64_t v = 0;
    for (int k = size - 1; k >= 0; k--) v = v << 8 | b[k];
    return v;
}

/* Element as double (kind 'f'). */
static double decode_float(const unsigned char *b, int size)
{
    uint64_t u = load_le(b, size);
    if (size == 4) {
        uint32_t u32 = (uint32_t)u;
        float f;
        memcpy(&f, &u32, sizeof f);
        return (double)f;
    } else {
        double d;
        memcpy(&d, &u, sizeof d);
        return d;
    }
}

/* Open `path`, read its header, check ndim and that exactly the data follows.
 * On success *f is positioned at the data and *rows, *cols are set. */
static int open_array(const char *path, FILE **f, npy_header *h, int64_t *rows, int64_t *cols,
                      size_t *bytes, ct_error *err)
{
    long end;
    int64_t avail, count, need;
    char shape[128];
    int rc;

    *f = fopen(path, "rb");
    if (!*f) return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    rc = npy_header_read(*f, path, h, err);
    if (rc != CT_OK) goto cleanup;
    npy_shape_str(h, shape, sizeof shape);
    if (h->ndim < 1 || h->ndim > 2) {
        rc = ct_error_set(err, CT_EFORMAT,
                          "%s: %d-D array (shape %s); only 1-D and 2-D are supported", path,
                          h->ndim, shape);
        goto cleanup;
    }
    *rows = h->shape[0];
    *cols = h->ndim == 2 ? h->shape[1] : 1;
    if (*cols != 0 && *rows > INT64_MAX / *cols) goto too_big;
    count = *rows * *cols;
    if (count > INT64_MAX / h->itemsize) goto too_big;
    need = count * h->itemsize;
    if ((uint64_t)need > SIZE_MAX / 2) goto too_big;
    if (fseek(*f, 0, SEEK_END) != 0 || (end = ftell(*f)) < 0 ||
        fseek(*f, (long)h->data_offset, SEEK_SET) != 0) {
        rc = ct_error_set(err, CT_EIO, "%s: cannot seek: %s", path, strerror(errno));
        goto cleanup;
    }
    avail = (int64_t)end - h->data_offset;
    if (avail < need) {
        rc =
            ct_error_set(err, CT_EFORMAT,
                         "%s: truncated: header says %s %s (%lld bytes) but only %lld bytes follow",
                         path, shape, npy_type_name(h), (long long)need, (long long)avail);
        goto cleanup;
    }
    if (avail > need) {
        rc = ct_error_set(
            err, CT_EFORMAT, "%s: %lld bytes of trailing data after the %s %s array (%lld bytes)",
            path, (long long)(avail - need), shape, npy_type_name(h), (long long)need);
        goto cleanup;
    }
    *bytes = (size_t)need;
    return CT_OK;

too_big:
    rc = ct_error_set(err, CT_EFORMAT, "%s: array of shape %s is too large", path, shape);
cleanup:
    fclose(*f);
    *f = NULL;
    return rc;
}

/* Read `bytes` bytes of data into buf. */
static int read_data(FILE *f, const char *path, void *buf, size_t bytes, ct_error *err)
{
    size_t got = bytes ? fread(buf, 1, bytes, f) : 0;
    if (got != bytes)
        return ct_error_set(err, CT_EIO, "%s: read failed after %zu of %zu data bytes", path, got,
                            bytes);
    return CT_OK;
}

int ct_npy_load_f64(const char *path, ct_npy_matrix *out, ct_error *err)
{
    FILE *f = NULL;
    npy_header h;
    int64_t rows = 0, cols = 0;
    size_t bytes = 0, count;
    unsigned char *raw = NULL;
    double *data = NULL;
    int rc, in_place = 0;

    if (!path || !out) return ct_error_set(err, CT_EINVAL, "npy: missing path or output");
    memset(out, 0, sizeof *out);
    rc = open_array(path, &f, &h, &rows, &cols, &bytes, err);
    if (rc != CT_OK) goto cleanup;
    if (h.kind != 'f') {
        rc = ct_error_set(err, CT_EFORMAT, "%s: dtype '%s' (%s) is not a float32/float64 array",
                          path, h.descr, npy_type_name(&h));
        goto cleanup;
    }
    count = (size_t)rows * (size_t)cols;
    data = ct_malloc_array(count, sizeof *data);
    /* float64 in C order decodes in place; anything else needs a raw buffer. */
    in_place = h.itemsize == 8 && (!h.fortran_order || h.ndim == 1);
    raw = in_place ? (unsigned char *)data : ct_malloc(bytes);
    if (!data || !raw) {
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory for %zu elements", path, count);
        goto cleanup;
    }
    rc = read_data(f, path, raw, bytes, err);
    if (rc != CT_OK) goto cleanup;
    for (size_t r = 0; r < (size_t)rows; r++) {
        for (size_t c = 0; c < (size_t)cols; c++) {
            size_t dst = r * (size_t)cols + c;
            size_t src = h.fortran_order ? c * (size_t)rows + r : dst;
            data[dst] = decode_float(raw + src * (size_t)h.itemsize, h.itemsize);
        }
    }
    for (size_t e = 0; e < count; e++) {
        if (!isfinite(data[e])) {
            const char *what = isnan(data[e]) ? "NaN" : data[e] > 0 ? "inf" : "-inf";
            if (h.ndim == 1)
                rc = ct_error_set(err, CT_ENAN, "%s: element %zu is %s", path, e, what);
            else
                rc = ct_error_set(err, CT_ENAN, "%s: element (%zu, %zu) is %s", path,
                                  e / (size_t)cols, e % (size_t)cols, what);
            goto cleanup;
        }
    }
    out->rows = rows;
    out->cols = cols;
    out->ndim = h.ndim;
    out->data = data;
    data = NULL;
    rc = CT_OK;

cleanup:
    if (!in_place) ct_free(raw);
    ct_free(data);
    if (f) fclose(f);
    return rc;
}

int ct_npy_load_index(const char *path, int64_t bound, int32_t **out, int64_t *count, ct_error *err)
{
    FILE *f = NULL;
    npy_header h;
    int64_t rows = 0, cols = 0, n;
    size_t bytes = 0;
    unsigned char *raw = NULL;
    int32_t *idx = NULL;
    int rc;

    if (!path || !out || !count) return ct_error_set(err, CT_EINVAL, "npy: missing path or output");
    *out = NULL;
    *count = 0;
    rc = open_array(path, &f, &h, &rows, &cols, &bytes, err);
    if (rc != CT_OK) goto cleanup;
    if (h.kind != 'i' && h.kind != 'u') {
        rc = ct_error_set(err, CT_EFORMAT, "%s: dtype '%s' (%s) is not an integer array", path,
                          h.descr, npy_type_name(&h));
        goto cleanup;
    }
    if (h.ndim == 2 && rows != 1 && cols != 1) {
        rc = ct_error_set(err, CT_EFORMAT,
                          "%s: index array has shape %lldx%lld; need 1-D (or one row/column)", path,
                          (long long)rows, (long long)cols);
        goto cleanup;
    }
    n = rows * cols;
    idx = ct_malloc_array((size_t)n, sizeof *idx);
    raw = ct_malloc(bytes);
    if (!idx || !raw) {
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory for %lld indices", path, (long long)n);
        goto cleanup;
    }
    rc = read_data(f, path, raw, bytes, err);
    if (rc != CT_OK) goto cleanup;
    for (int64_t e = 0; e < n; e++) {
        uint64_t u = load_le(raw + (size_t)e * (size_t)h.itemsize, h.itemsize);
        int negative = 0;
        int64_t value;
        if (h.kind == 'i' && h.itemsize < 8 && (u >> (8 * h.itemsize - 1)) & 1) {
            u |= ~(uint64_t)0 << (8 * h.itemsize); /* sign-extend */
        }
        if (h.kind == 'i') {
            memcpy(&value, &u, sizeof value);
            negative = value < 0;
        } else {
            value = u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)u;
        }
        if (negative || value >= bound || value > INT32_MAX) {
            if (h.kind == 'u' && u > (uint64_t)INT64_MAX)
                rc = ct_error_set(err, CT_EINVAL, "%s: element %lld is %llu, outside [0, %lld)",
                                  path, (long long)e, (unsigned long long)u, (long long)bound);
            else
                rc = ct_error_set(err, CT_EINVAL, "%s: element %lld is %lld, outside [0, %lld)",
                                  path, (long long)e, (long long)value, (long long)bound);
            goto cleanup;
        }
        idx[e] = (int32_t)value;
    }
    *out = idx;
    *count = n;
    idx = NULL;
    rc = CT_OK;

cleanup:
    ct_free(raw);
    ct_free(idx);
    if (f) fclose(f);
    return rc;
}

void ct_npy_matrix_free(ct_npy_matrix *mat)
{
    if (!mat) return;
    ct_free(mat->data);
    memset(mat, 0, sizeof *mat);
}
