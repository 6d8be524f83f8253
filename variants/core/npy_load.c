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
 * 1-D, or 2-D with a single row or column.  A file and a file image in memory
 * (the *_buffer entry points, opened with POSIX fmemopen) go through the same
 * stream code, so they accept and reject exactly the same bytes.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
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

static int open_file(const char *path, FILE **f, ct_error *err)
{
    *f = fopen(path, "rb");
    if (!*f) return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    return CT_OK;
}

static int open_buffer(const void *data, size_t size, const char *name, FILE **f, ct_error *err)
{
    static unsigned char empty[1];
    if (!data && size) return ct_error_set(err, CT_EINVAL, "%s: no data", name);
    /* mode "rb": fmemopen only reads the buffer, so casting const away is safe */
    *f = fmemopen(data ? (void *)(uintptr_t)data : empty, size, "rb");
    if (!*f)
        return ct_error_set(err, CT_EIO, "%s: cannot open the buffer: %s", name, strerror(errno));
    return CT_OK;
}

/* Read the header of the open stream `f`, check ndim and that exactly the
 * data follows.  On success f is positioned at the data and *rows, *cols are
 * set. */
static int read_array_header(FILE *f, const char *path, npy_header *h, int64_t *rows, int64_t *cols,
                             size_t *bytes, ct_error *err)
{
    long end;
    int64_t avail, count, need;
    char shape[128];
    int rc;

    rc = npy_header_read(f, path, h, err);
    if (rc != CT_OK) return rc;
    npy_shape_str(h, shape, sizeof shape);
    if (h->ndim < 1 || h->ndim > 2)
        return ct_error_set(err, CT_EFORMAT,
                            "%s: %d-D array (shape %s); only 1-D and 2-D are supported", path,
                            h->ndim, shape);
    *rows = h->shape[0];
    *cols = h->ndim == 2 ? h->shape[1] : 1;
    if (*cols != 0 && *rows > INT64_MAX / *cols) goto too_big;
    count = *rows * *cols;
    if (count > INT64_MAX / h->itemsize) goto too_big;
    need = count * h->itemsize;
    if ((uint64_t)need > SIZE_MAX / 2) goto too_big;
    if (fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0 ||
        fseek(f, (long)h->data_offset, SEEK_SET) != 0)
        return ct_error_set(err, CT_EIO, "%s: cannot seek: %s", path, strerror(errno));
    avail = (int64_t)end - h->data_offset;
    if (avail < need)
        return ct_error_set(
            err, CT_EFORMAT,
            "%s: truncated: header says %s %s (%lld bytes) but only %lld bytes follow", path, shape,
            npy_type_name(h), (long long)need, (long long)avail);
    if (avail > need)
        return ct_error_set(
            err, CT_EFORMAT, "%s: %lld bytes of trailing data after the %s %s array (%lld bytes)",
            path, (long long)(avail - need), shape, npy_type_name(h), (long long)need);
    *bytes = (size_t)need;
    return CT_OK;

too_big:
    return ct_error_set(err, CT_EFORMAT, "%s: array of shape %s is too large", path, shape);
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

/* The float loader on an open stream (closed by the caller, which zeroed out). */
static int load_f64(FILE *f, const char *path, ct_npy_matrix *out, ct_error *err)
{
    npy_header h;
    int64_t rows = 0, cols = 0;
    size_t bytes = 0, count;
    unsigned char *raw = NULL;
    double *data = NULL;
    int rc, in_place = 0;

    rc = read_array_header(f, path, &h, &rows, &cols, &bytes, err);
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
    return rc;
}

/* The index loader on an open stream (closed by the caller, which zeroed *out
 * and *count). */
static int load_index(FILE *f, const char *path, int64_t bound, int32_t **out, int64_t *count,
                      ct_error *err)
{
    npy_header h;
    int64_t rows = 0, cols = 0, n;
    size_t bytes = 0;
    unsigned char *raw = NULL;
    int32_t *idx = NULL;
    int rc;

    rc = read_array_header(f, path, &h, &rows, &cols, &bytes, err);
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
    return rc;
}

int ct_npy_load_f64(const char *path, ct_npy_matrix *out, ct_error *err)
{
    FILE *f;
    int rc;
    if (!path || !out) return ct_error_set(err, CT_EINVAL, "npy: missing path or output");
    memset(out, 0, sizeof *out);
    if ((rc = open_file(path, &f, err)) != CT_OK) return rc;
    rc = load_f64(f, path, out, err);
    fclose(f);
    return rc;
}

int ct_npy_load_f64_buffer(const void *data, size_t size, const char *name, ct_npy_matrix *out,
                           ct_error *err)
{
    FILE *f;
    int rc;
    if (!name || !out) return ct_error_set(err, CT_EINVAL, "npy: missing name or output");
    memset(out, 0, sizeof *out);
    if ((rc = open_buffer(data, size, name, &f, err)) != CT_OK) return rc;
    rc = load_f64(f, name, out, err);
    fclose(f);
    return rc;
}

int ct_npy_load_index(const char *path, int64_t bound, int32_t **out, int64_t *count, ct_error *err)
{
    FILE *f;
    int rc;
    if (!path || !out || !count) return ct_error_set(err, CT_EINVAL, "npy: missing path or output");
    *out = NULL;
    *count = 0;
    if ((rc = open_file(path, &f, err)) != CT_OK) return rc;
    rc = load_index(f, path, bound, out, count, err);
    fclose(f);
    return rc;
}

int ct_npy_load_index_buffer(const void *data, size_t size, const char *name, int64_t bound,
                             int32_t **out, int64_t *count, ct_error *err)
{
    FILE *f;
    int rc;
    if (!name || !out || !count) return ct_error_set(err, CT_EINVAL, "npy: missing name or output");
    *out = NULL;
    *count = 0;
    if ((rc = open_buffer(data, size, name, &f, err)) != CT_OK) return rc;
    rc = load_index(f, name, bound, out, count, err);
    fclose(f);
    return rc;
}

void ct_npy_matrix_free(ct_npy_matrix *mat)
{
    if (!mat) return;
    ct_free(mat->data);
    memset(mat, 0, sizeof *mat);
}

/* A 2-D C-order array of one dtype and shape, as the external-program
 * protocol asks for (docs/EXTERNAL.md): nothing converted, nothing checked
 * but the bytes' layout; NaN and inf are left to the caller. */
static int load_exact(FILE *f, const char *path, const char *descr, int64_t rows, int64_t cols,
                      void *out, ct_error *err)
{
    npy_header h;
    int64_t r = 0, c = 0;
    size_t bytes = 0;
    unsigned char *raw;
    char shape[128];
    int rc = read_array_header(f, path, &h, &r, &c, &bytes, err);
    if (rc != CT_OK) return rc;
    npy_shape_str(&h, shape, sizeof shape);
    if (strcmp(h.descr, descr) != 0)
        return ct_error_set(err, CT_EFORMAT, "%s: dtype '%s' (%s), expected '%s'", path, h.descr,
                            npy_type_name(&h), descr);
    if (h.ndim != 2 || r != rows || c != cols)
        return ct_error_set(err, CT_EFORMAT, "%s: shape %s, expected %lldx%lld", path, shape,
                            (long long)rows, (long long)cols);
    if (h.fortran_order && rows > 1 && cols > 1)
        return ct_error_set(err, CT_EFORMAT, "%s: Fortran order; expected C order", path);
    raw = ct_malloc(bytes ? bytes : 1);
    if (!raw) return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    rc = read_data(f, path, raw, bytes, err);
    if (rc == CT_OK) {
        for (size_t e = 0; e < bytes / 8; e++) {
            uint64_t u = load_le(raw + e * 8, 8);
            memcpy((unsigned char *)out + e * 8, &u, 8);
        }
    }
    ct_free(raw);
    return rc;
}

int ct_npy_load_exact(const char *path, const char *descr, int64_t rows, int64_t cols, void *out,
                      ct_error *err)
{
    FILE *f;
    int rc;
    if (!path || !descr || !out || (strcmp(descr, "<i8") != 0 && strcmp(descr, "<f8") != 0))
        return ct_error_set(err, CT_EINVAL, "npy: bad arguments");
    if ((rc = open_file(path, &f, err)) != CT_OK) return rc;
    rc = load_exact(f, path, descr, rows, cols, out, err);
    fclose(f);
    return rc;
}
