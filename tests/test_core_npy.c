/* test_core_npy.c -- the .npy reader and writer, on files written byte by byte.
 *
 * Good files: float64 and float32 (C and Fortran order), 1-D arrays, int32 /
 * int64 / uint8 index arrays, header versions 1.0, 2.0 and 3.0, unusual but
 * valid header spellings, and a save/load round trip.  Every error path:
 * missing file, bad magic, truncated header, truncated data, trailing data,
 * unsupported dtype, big-endian, 3-D, NaN, inf, index out of range, negative
 * index, wrong kind of array -- each with its status code and a message that
 * names the file.  The in-memory loaders (ct_npy_load_*_buffer) are run on
 * the bytes of every file written here and of every tests/data .npy file and
 * must give what the path loaders give: the same code, message, shape and
 * values.
 */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/npy.h"

static char dir[4096];

static const char *tmp_path(const char *name)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Write an .npy file: version major.0, a header dict text, then `bytes` of data. */
static void write_raw(const char *name, int major, const char *dict, const void *data, size_t bytes)
{
    FILE *f = fopen(tmp_path(name), "wb");
    size_t len = strlen(dict), prefix = major == 1 ? 10 : 12, total = prefix + len + 1;
    unsigned char pre[12] = {0x93, 'N', 'U', 'M', 'P', 'Y', 0, 0, 0, 0, 0, 0};
    if (!f) {
        CT_CHECK(0, "cannot write %s", name);
        return;
    }
    while (total % 64) total++;
    pre[6] = (unsigned char)major;
    pre[8] = (unsigned char)((total - prefix) & 0xff);
    pre[9] = (unsigned char)((total - prefix) >> 8);
    fwrite(pre, 1, prefix, f);
    fwrite(dict, 1, len, f);
    for (size_t s = prefix + len; s + 1 < total; s++) fputc(' ', f);
    fputc('\n', f);
    if (bytes) fwrite(data, 1, bytes, f);
    fclose(f);
}

static void write_npy(const char *name, int major, const char *descr, const char *fortran,
                      const char *shape, const void *data, size_t bytes)
{
    char dict[256];
    snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr,
             fortran, shape);
    write_raw(name, major, dict, data, bytes);
}

/* Little-endian encodings, independent of the host. */
static void put_f64(unsigned char *b, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    for (int k = 0; k < 8; k++) b[k] = (unsigned char)(u >> (8 * k));
}

static void put_f32(unsigned char *b, float v)
{
    uint32_t u;
    memcpy(&u, &v, 4);
    for (int k = 0; k < 4; k++) b[k] = (unsigned char)(u >> (8 * k));
}

static void put_int(unsigned char *b, int64_t v, int size)
{
    uint64_t u = (uint64_t)v;
    for (int k = 0; k < size; k++) b[k] = (unsigned char)(u >> (8 * k));
}

static void check_good_files(void)
{
    const double vals[6] = {1.5, -2.25, 3.0, 0.1, 1e300, -0.0};
    unsigned char buf[256];
    ct_npy_matrix mat;
    ct_error err;
    int32_t *idx = NULL;
    int64_t count = 0;
    int rc;

    /* float64, C order, 3 x 2. */
    for (int e = 0; e < 6; e++) put_f64(buf + 8 * e, vals[e]);
    write_npy("c64.npy", 1, "<f8", "False", "(3, 2)", buf, 48);
    rc = ct_npy_load_f64(tmp_path("c64.npy"), &mat, &err);
    CT_CHECK(rc == CT_OK && mat.rows == 3 && mat.cols == 2 && mat.ndim == 2, "c64: %d %s", rc,
             err.msg);
    if (rc == CT_OK) {
        CT_CHECK(memcmp(mat.data, vals, sizeof vals) == 0, "c64 values differ");
        CT_CHECK(((uintptr_t)mat.data & 63) == 0, "data not 64-byte aligned");
    }
    ct_npy_matrix_free(&mat);

    /* float64, Fortran order 2 x 3: stored column by column. */
    {
        const double c_order[6] = {1, 2, 3, 4, 5, 6}; /* [[1,2,3],[4,5,6]] */
        const double f_order[6] = {1, 4, 2, 5, 3, 6};
        for (int e = 0; e < 6; e++) put_f64(buf + 8 * e, f_order[e]);
        write_npy("f64.npy", 1, "<f8", "True", "(2, 3)", buf, 48);
        rc = ct_npy_load_f64(tmp_path("f64.npy"), &mat, &err);
        CT_CHECK(rc == CT_OK && mat.rows == 2 && mat.cols == 3, "f64: %s", err.msg);
        if (rc == CT_OK)
            CT_CHECK(memcmp(mat.data, c_order, sizeof c_order) == 0, "fortran order not converted");
        ct_npy_matrix_free(&mat);
    }

    /* float32, C order and Fortran order, converted exactly to double. */
    {
        const float f[6] = {0.5f, -1.25f, 3.0f, 0.1f, 1e30f, -7.0f};
        for (int e = 0; e < 6; e++) put_f32(buf + 4 * e, f[e]);
        write_npy("c32.npy", 1, "<f4", "False", "(2, 3)", buf, 24);
        rc = ct_npy_load_f64(tmp_path("c32.npy"), &mat, &err);
        CT_CHECK(rc == CT_OK && mat.rows == 2 && mat.cols == 3, "c32: %s", err.msg);
        if (rc == CT_OK)
            for (int e = 0; e < 6; e++)
                CT_CHECK(mat.data[e] == (double)f[e], "c32[%d] = %.17g", e, mat.data[e]);
        ct_npy_matrix_free(&mat);
        write_npy("f32.npy", 1, "<f4", "True", "(3, 2)", buf, 24);
        rc = ct_npy_load_f64(tmp_path("f32.npy"), &mat, &err);
        CT_CHECK(rc == CT_OK && mat.rows == 3 && mat.cols == 2, "f32: %s", err.msg);
        if (rc == CT_OK)
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 2; c++)
                    CT_CHECK(mat.data[r * 2 + c] == (double)f[c * 3 + r], "f32 (%d,%d)", r, c);
        ct_npy_matrix_free(&mat);
    }

    /* 1-D float64 with a version 2.0 header and another spelling of the dict. */
    for (int e = 0; e < 5; e++) put_f64(buf + 8 * e, 10.0 + e);
    write_raw("v2.npy", 2, "{\"shape\": (5L,), \"fortran_order\": False, \"descr\": \"<f8\"}", buf,
              40);
    rc = ct_npy_load_f64(tmp_path("v2.npy"), &mat, &err);
    CT_CHECK(rc == CT_OK && mat.rows == 5 && mat.cols == 1 && mat.ndim == 1, "v2: %s", err.msg);
    if (rc == CT_OK) CT_CHECK(mat.data[4] == 14.0, "v2 value %g", mat.data[4]);
    ct_npy_matrix_free(&mat);

    /* Version 3.0, with an extra key that is ignored. */
    write_raw("v3.npy", 3,
              "{'descr':'<f8','fortran_order':False,'shape':(5,),'extra':[1, 'x)', (2,)],}", buf,
              40);
    rc = ct_npy_load_f64(tmp_path("v3.npy"), &mat, &err);
    CT_CHECK(rc == CT_OK && mat.rows == 5 && mat.ndim == 1, "v3: %s", err.msg);
    ct_npy_matrix_free(&mat);

    /* Index arrays: int32, int64 (version 2.0), uint8, and a column vector. */
    {
        const int64_t want[4] = {3, 0, 9, 3};
        for (int e = 0; e < 4; e++) put_int(buf + 4 * e, want[e], 4);
        write_npy("i32.npy", 1, "<i4", "False", "(4,)", buf, 16);
        rc = ct_npy_load_index(tmp_path("i32.npy"), 10, &idx, &count, &err);
        CT_CHECK(rc == CT_OK && count == 4, "i32: %s", err.msg);
        if (rc == CT_OK)
            for (int e = 0; e < 4; e++) CT_CHECK(idx[e] == want[e], "i32[%d] = %d", e, idx[e]);
        ct_free(idx);
        for (int e = 0; e < 4; e++) put_int(buf + 8 * e, want[e], 8);
        write_npy("i64.npy", 2, "<i8", "False", "(4, 1)", buf, 32);
        rc = ct_npy_load_index(tmp_path("i64.npy"), 10, &idx, &count, &err);
        CT_CHECK(rc == CT_OK && count == 4 && idx[2] == 9, "i64 column: %s", err.msg);
        ct_free(idx);
        for (int e = 0; e < 4; e++) buf[e] = (unsigned char)want[e];
        write_npy("u8.npy", 1, "|u1", "False", "(4,)", buf, 4);
        rc = ct_npy_load_index(tmp_path("u8.npy"), 10, &idx, &count, &err);
        CT_CHECK(rc == CT_OK && count == 4 && idx[0] == 3 && idx[2] == 9, "u8: %s", err.msg);
        ct_free(idx);
    }

    /* Round trip through the writer; the header is padded to 64 bytes. */
    {
        double m[12];
        FILE *f;
        unsigned char head[10];
        for (int e = 0; e < 12; e++) m[e] = e * 0.37 - 1.0 / 3.0;
        rc = ct_npy_save_f64(tmp_path("saved.npy"), m, 4, 3, &err);
        CT_CHECK(rc == CT_OK, "save: %s", err.msg);
        f = fopen(tmp_path("saved.npy"), "rb");
        if (f) {
            CT_CHECK(fread(head, 1, 10, f) == 10 && memcmp(head, "\x93NUMPY\x01\x00", 8) == 0 &&
                         (10 + head[8] + 256 * head[9]) % 64 == 0,
                     "saved header not numpy 1.0 / 64-aligned");
            fseek(f, 0, SEEK_END);
            CT_CHECK(ftell(f) == 10 + head[8] + 256 * head[9] + 96, "saved file size %ld",
                     ftell(f));
            fclose(f);
        }
        rc = ct_npy_load_f64(tmp_path("saved.npy"), &mat, &err);
        CT_CHECK(rc == CT_OK && mat.rows == 4 && mat.cols == 3 &&
                     memcmp(mat.data, m, sizeof m) == 0,
                 "round trip: %s", err.msg);
        ct_npy_matrix_free(&mat);
    }
}

/* Expect loading `name` as float64 (or as indices with bound) to fail with `code`,
 * with a message naming the file and containing `word`. */
static void expect_f64_error(const char *name, int code, const char *word)
{
    ct_npy_matrix mat;
    ct_error err;
    int rc;
    ct_error_clear(&err);
    rc = ct_npy_load_f64(tmp_path(name), &mat, &err);
    CT_CHECK(rc == code, "%s: rc %d, want %d (%s)", name, rc, code, err.msg);
    CT_CHECK(strstr(err.msg, name) != NULL, "%s: message does not name the file: %s", name,
             err.msg);
    CT_CHECK(!word || strstr(err.msg, word) != NULL, "%s: message lacks '%s': %s", name, word,
             err.msg);
    CT_CHECK(mat.data == NULL, "%s: data left allocated", name);
    if (rc == CT_OK) ct_npy_matrix_free(&mat);
    else printf("  %s -> %s\n", name, err.msg);
}

static void expect_index_error(const char *name, int64_t bound, int code, const char *word)
{
    ct_error err;
    int32_t *idx = NULL;
    int64_t count = -1;
    int rc;
    ct_error_clear(&err);
    rc = ct_npy_load_index(tmp_path(name), bound, &idx, &count, &err);
    CT_CHECK(rc == code, "%s: rc %d, want %d (%s)", name, rc, code, err.msg);
    CT_CHECK(strstr(err.msg, name) != NULL, "%s: message does not name the file: %s", name,
             err.msg);
    CT_CHECK(!word || strstr(err.msg, word) != NULL, "%s: message lacks '%s': %s", name, word,
             err.msg);
    CT_CHECK(idx == NULL && count == 0, "%s: output left set", name);
    if (rc == CT_OK) ct_free(idx);
    else printf("  %s -> %s\n", name, err.msg);
}

static void check_errors(void)
{
    unsigned char buf[256];
    FILE *f;
    for (int e = 0; e < 24; e++) put_f64(buf + 8 * e, e + 0.5);

    expect_f64_error("missing.npy", CT_EIO, NULL);

    f = fopen(tmp_path("badmagic.npy"), "wb");
    if (f) {
        fputs("PK\003\004 this is a zip file, not an array", f);
        fclose(f);
    }
    expect_f64_error("badmagic.npy", CT_EFORMAT, "magic");

    /* Header length says 118 bytes but the file ends after 17 of them. */
    f = fopen(tmp_path("shorthead.npy"), "wb");
    if (f) {
        static const char head[] = "\x93NUMPY\x01\x00\x76\x00{'descr': '<f8', ";
        fwrite(head, 1, sizeof head - 1, f);
        fclose(f);
    }
    expect_f64_error("shorthead.npy", CT_EFORMAT, "truncated");

    write_npy("shortdata.npy", 1, "<f8", "False", "(2000, 2)", buf, 192);
    expect_f64_error("shortdata.npy", CT_EFORMAT, "truncated");
    {
        ct_npy_matrix mat;
        ct_error err;
        ct_npy_load_f64(tmp_path("shortdata.npy"), &mat, &err);
        CT_CHECK(strstr(err.msg, "2000x2") && strstr(err.msg, "float64") &&
                     strstr(err.msg, "32000 bytes") && strstr(err.msg, "only 192 bytes"),
                 "truncation message not specific: %s", err.msg);
    }

    write_npy("trailing.npy", 1, "<f8", "False", "(2, 2)", buf, 40);
    expect_f64_error("trailing.npy", CT_EFORMAT, "trailing");

    write_npy("complex.npy", 1, "<c16", "False", "(2,)", buf, 32);
    expect_f64_error("complex.npy", CT_EFORMAT, "dtype");
    write_npy("half.npy", 1, "<f2", "False", "(2,)", buf, 4);
    expect_f64_error("half.npy", CT_EFORMAT, "dtype");
    write_npy("bigendian.npy", 1, ">f8", "False", "(2,)", buf, 16);
    expect_f64_error("bigendian.npy", CT_EFORMAT, "big-endian");
    write_npy("threed.npy", 1, "<f8", "False", "(2, 2, 2)", buf, 64);
    expect_f64_error("threed.npy", CT_EFORMAT, "3-D");
    write_npy("ints.npy", 1, "<i8", "False", "(2,)", buf, 16);
    expect_f64_error("ints.npy", CT_EFORMAT, "float");
    write_raw("nodescr.npy", 1, "{'fortran_order': False, 'shape': (2,), }", buf, 16);
    expect_f64_error("nodescr.npy", CT_EFORMAT, "descr");
    write_raw("garbled.npy", 1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", buf,
              16);
    expect_f64_error("garbled.npy", CT_EFORMAT, "header");
    write_npy("v9.npy", 9, "<f8", "False", "(2,)", buf, 16);
    expect_f64_error("v9.npy", CT_EFORMAT, "version");

    put_f64(buf + 8 * 2, NAN);
    write_npy("nan.npy", 1, "<f8", "False", "(3, 2)", buf, 48);
    expect_f64_error("nan.npy", CT_ENAN, "(1, 0) is NaN");
    put_f64(buf + 8 * 2, 2.5);
    put_f32(buf + 4 * 3, -INFINITY);
    write_npy("inf.npy", 1, "<f4", "False", "(6,)", buf, 24);
    expect_f64_error("inf.npy", CT_ENAN, "element 3 is -inf");

    put_int(buf, 1, 4);
    put_int(buf + 4, 10, 4);
    write_npy("range.npy", 1, "<i4", "False", "(2,)", buf, 8);
    expect_index_error("range.npy", 10, CT_EINVAL, "element 1 is 10");
    put_int(buf, 2, 8);
    put_int(buf + 8, -1, 8);
    write_npy("negative.npy", 1, "<i8", "False", "(2,)", buf, 16);
    expect_index_error("negative.npy", 10, CT_EINVAL, "element 1 is -1");
    write_npy("floatidx.npy", 1, "<f8", "False", "(2,)", buf, 16);
    expect_index_error("floatidx.npy", 10, CT_EFORMAT, "integer");
    write_npy("matidx.npy", 1, "<i8", "False", "(2, 2)", buf, 32);
    expect_index_error("matidx.npy", 10, CT_EFORMAT, "1-D");
    expect_index_error("missing.npy", 10, CT_EIO, NULL);
    write_npy("bigidx.npy", 1, ">i4", "False", "(2,)", buf, 8);
    expect_index_error("bigidx.npy", 10, CT_EFORMAT, "big-endian");
}

/* The whole file, malloc'd (NULL if unreadable). */
static unsigned char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long len;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)len + 1);
        if (data && fread(data, 1, (size_t)len, f) != (size_t)len) {
            free(data);
            data = NULL;
        }
        *size = (size_t)len;
    }
    fclose(f);
    return data;
}

/* Load `path` from the file and from its bytes in memory, as float64 and as
 * indices below each bound: both must agree in everything. */
static void check_buffer_matches_file(const char *path)
{
    static const int64_t bounds[3] = {10, 3000, INT64_MAX};
    size_t size = 0;
    unsigned char *bytes = slurp(path, &size);
    ct_npy_matrix a, b;
    ct_error ea, eb;
    int ra, rb;
    if (!bytes) {
        CT_CHECK(0, "cannot read %s", path);
        return;
    }
    ct_error_clear(&ea);
    ct_error_clear(&eb);
    ra = ct_npy_load_f64(path, &a, &ea);
    rb = ct_npy_load_f64_buffer(bytes, size, path, &b, &eb);
    CT_CHECK(ra == rb && strcmp(ea.msg, eb.msg) == 0, "%s as f64: file %d '%s', buffer %d '%s'",
             path, ra, ea.msg, rb, eb.msg);
    if (ra == CT_OK && rb == CT_OK)
        CT_CHECK(a.rows == b.rows && a.cols == b.cols && a.ndim == b.ndim &&
                     memcmp(a.data, b.data, (size_t)(a.rows * a.cols) * sizeof *a.data) == 0,
                 "%s: buffer loader gives other values", path);
    ct_npy_matrix_free(&a);
    ct_npy_matrix_free(&b);
    for (int k = 0; k < 3; k++) {
        int32_t *ia = NULL, *ib = NULL;
        int64_t ca = -1, cb = -1;
        ct_error_clear(&ea);
        ct_error_clear(&eb);
        ra = ct_npy_load_index(path, bounds[k], &ia, &ca, &ea);
        rb = ct_npy_load_index_buffer(bytes, size, path, bounds[k], &ib, &cb, &eb);
        CT_CHECK(ra == rb && ca == cb && strcmp(ea.msg, eb.msg) == 0,
                 "%s as index < %lld: file %d '%s', buffer %d '%s'", path, (long long)bounds[k], ra,
                 ea.msg, rb, eb.msg);
        if (ra == CT_OK && rb == CT_OK && ca == cb)
            CT_CHECK(memcmp(ia, ib, (size_t)ca * sizeof *ia) == 0,
                     "%s: buffer index loader gives other values", path);
        ct_free(ia);
        ct_free(ib);
    }
    free(bytes);
}

/* Every regular .npy file of a directory through check_buffer_matches_file;
 * returns how many. */
static int check_buffer_dir(const char *dirpath)
{
    DIR *d = opendir(dirpath);
    struct dirent *e;
    int count = 0;
    char path[8192];
    if (!d) {
        CT_CHECK(0, "cannot list %s", dirpath);
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".npy") != 0) continue;
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        check_buffer_matches_file(path);
        count++;
    }
    closedir(d);
    return count;
}

static void check_buffer_loaders(void)
{
    static const unsigned char not_npy[4] = {'P', 'K', 3, 4};
    ct_npy_matrix mat;
    ct_error err;
    int32_t *idx = (int32_t *)&err; /* must be reset to NULL */
    int64_t count = -1;
    int rc, written = check_buffer_dir(dir), fixtures = check_buffer_dir(CT_TEST_DATA);
    CT_CHECK(written >= 25, "only %d written files compared", written);
    CT_CHECK(fixtures >= 10, "only %d fixture files compared", fixtures);

    rc = ct_npy_load_f64_buffer(NULL, 0, "empty", &mat, &err);
    CT_CHECK(rc == CT_EFORMAT && strstr(err.msg, "empty: not a .npy file"), "empty buffer: %d %s",
             rc, err.msg);
    rc = ct_npy_load_f64_buffer(NULL, 16, "null", &mat, &err);
    CT_CHECK(rc == CT_EINVAL && mat.data == NULL, "NULL data: %d %s", rc, err.msg);
    rc = ct_npy_load_index_buffer(not_npy, sizeof not_npy, "zip", 10, &idx, &count, &err);
    CT_CHECK(rc == CT_EFORMAT && idx == NULL && count == 0 && strstr(err.msg, "zip: not a .npy"),
             "zip bytes as index: %d %s", rc, err.msg);
    rc = ct_npy_load_index_buffer(not_npy, sizeof not_npy, NULL, 10, &idx, &count, &err);
    CT_CHECK(rc == CT_EINVAL, "no name: %d", rc);
}

int main(void)
{
    char *d = ct_test_tempdir("npy");
    if (!d) {
        fprintf(stderr, "cannot create a temp dir\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s", d);
    check_good_files();
    check_errors();
    check_buffer_loaders();
    ct_test_rmtree(d);
    free(d);
    return ct_test_finish("test_core_npy");
}
