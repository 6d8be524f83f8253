/* fuzz_seeds.c -- writes the generated seed inputs and dictionaries of the
 * fuzz targets (tests/fuzz/README.md), so no binary corpus is committed and
 * the seeds follow the code they feed.
 *
 *   fuzz_seeds OUTDIR [DATA_DIR]
 *
 * OUTDIR/npy/       hand-made .npy edge cases: format 1.0, 2.0 and 3.0
 *                   headers, other dict spellings, C and Fortran order,
 *                   <f8 <f4 <i4 <i8 |u1, 1-D, a column, an empty array; and,
 *                   with DATA_DIR, every C-order .npy file of DATA_DIR cut to its
 *                   first 4 rows with its own header text (numpy's spelling)
 * OUTDIR/sim_state/ states written by bench_sim_state_write: a small
 *                   synthetic dataset with its tree, without, and without
 *                   inducing indices
 * OUTDIR/variant/   variant names: a spread of the enumerated ones, the
 *                   baselines, other spellings and a few near misses
 * OUTDIR/config/    small configs the configs/ folder lacks: an npy source,
 *                   list continuation lines, a build sweep
 * OUTDIR/<target>.dict  libFuzzer dictionaries: the config keys and sections
 *                   (from the parser's own key table), every axis value, the
 *                   npy header words
 * Directories are made when missing, files overwritten.  Exit 0, or 1 with
 * a message (2: bad usage).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_internal.h"
#include "ct/alloc.h"
#include "ct/axes.h"
#include "ct/metric.h"
#include "ct/npy.h"
#include "ct/variant.h"
#include "ct/workload.h"
#include "sim_state.h"

static char out_dir[2048];
static int failed = 0;

static const char *out_path(const char *sub, const char *name)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, sub, name);
    return path;
}

static void make_dir(const char *sub)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/%s", out_dir, sub);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "fuzz_seeds: cannot create %s: %s\n", path, strerror(errno));
        failed = 1;
    }
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        fprintf(stderr, "fuzz_seeds: cannot write %s\n", path);
        failed = 1;
    }
}

/* ---- .npy ------------------------------------------------------------------ */

/* A .npy image: version major.0, the dict padded with spaces to a multiple of
 * 64 bytes and ended by a newline, then the data. */
static void write_npy(const char *name, int major, const char *dict, const void *data, size_t bytes)
{
    size_t len = strlen(dict), prefix = major == 1 ? 10 : 12, total = prefix + len + 1, pos;
    unsigned char *buf;
    while (total % 64) total++;
    buf = malloc(total + bytes);
    if (!buf) {
        failed = 1;
        return;
    }
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)major;
    buf[7] = 0;
    for (size_t k = 0; k < prefix - 8; k++)
        buf[8 + k] = (unsigned char)((total - prefix) >> (8 * k));
    memcpy(buf + prefix, dict, len);
    for (pos = prefix + len; pos + 1 < total; pos++) buf[pos] = ' ';
    buf[total - 1] = '\n';
    if (bytes) memcpy(buf + total, data, bytes);
    write_file(out_path("npy", name), buf, total + bytes);
    free(buf);
}

static void put_le(unsigned char *b, uint64_t v, int size)
{
    for (int k = 0; k < size; k++) b[k] = (unsigned char)(v >> (8 * k));
}

static void npy_edge_cases(void)
{
    unsigned char b[256];
    uint64_t u;
    double d;
    float f;
    for (int e = 0; e < 6; e++) {
        d = e * 0.75 - 1.0;
        memcpy(&u, &d, 8);
        put_le(b + 8 * e, u, 8);
    }
    write_npy("f8_c_v1.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", b,
              48);
    write_npy("f8_fortran_v1.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
              b, 48);
    write_npy("f8_1d_v2.npy", 2, "{\"shape\": (6L,), \"fortran_order\": False, \"descr\": \"<f8\"}",
              b, 48);
    write_npy("f8_v3_extra_key.npy", 3,
              "{'descr':'<f8','fortran_order':False,'shape':(6,),'extra':[1, 'x)', (2,)],}", b, 48);
    write_npy("f8_column.npy", 1, "{'descr': '=f8', 'fortran_order': False, 'shape': (6, 1), }", b,
              48);
    write_npy("f8_empty.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", b, 0);
    write_npy("f8_nan.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
              "\0\0\0\0\0\0\xf8\x7f", 8);
    for (int e = 0; e < 6; e++) {
        uint32_t u32;
        f = (float)(e * 1.5 - 2.0);
        memcpy(&u32, &f, 4);
        put_le(b + 4 * e, u32, 4);
    }
    write_npy("f4_c.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", b, 24);
    write_npy("f4_fortran.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", b,
              24);
    for (int e = 0; e < 6; e++) put_le(b + 4 * e, (uint64_t)(e * 3 % 7), 4);
    write_npy("i4.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (6,), }", b, 24);
    for (int e = 0; e < 6; e++) put_le(b + 8 * e, (uint64_t)(5 - e), 8);
    write_npy("i8_v2.npy", 2, "{'descr': '<i8', 'fortran_order': False, 'shape': (6, 1), }", b, 48);
    put_le(b + 8, (uint64_t)-1, 8);
    write_npy("i8_negative.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", b,
              16);
    for (int e = 0; e < 6; e++) b[e] = (unsigned char)(e * 40);
    write_npy("u1.npy", 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 6), }", b, 6);
    write_npy("f8_bigendian.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", b,
              16);
}

/* The header text and data offset of a .npy image (format 1.0 or 2.0/3.0). */
static int npy_dict(const unsigned char *img, size_t size, char *dict, size_t dict_size,
                    size_t *data_offset, int *major)
{
    size_t prefix, hlen;
    if (size < 10 || memcmp(img, "\x93NUMPY", 6) != 0) return -1;
    *major = img[6];
    prefix = *major == 1 ? 10 : 12;
    if (size < prefix) return -1;
    hlen = *major == 1 ? (size_t)(img[8] | img[9] << 8)
                       : (size_t)img[8] | (size_t)img[9] << 8 | (size_t)img[10] << 16 |
                             (size_t)img[11] << 24;
    if (prefix + hlen > size || hlen >= dict_size) return -1;
    *data_offset = prefix + hlen;
    memcpy(dict, img + prefix, hlen);
    dict[hlen] = '\0';
    while (hlen && (dict[hlen - 1] == ' ' || dict[hlen - 1] == '\n')) dict[--hlen] = '\0';
    return 0;
}

/* DATA_DIR/name cut to its first `keep` rows, its header text kept but for
 * the first dimension: a small valid seed in numpy's own spelling. */
static void npy_slice(const char *data_dir, const char *name, long keep)
{
    char path[4200], dict[1024], cut[1100], *shape, *digits, *end;
    unsigned char *img = NULL;
    size_t size = 0, offset;
    long rows, row_bytes;
    int major;
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    f = fopen(path, "rb");
    if (f) {
        if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > 0) {
            size = (size_t)ftell(f);
            img = malloc(size);
            if (img && (fseek(f, 0, SEEK_SET) != 0 || fread(img, 1, size, f) != size)) {
                free(img);
                img = NULL;
            }
        }
        fclose(f);
    }
    if (!img) {
        fprintf(stderr, "fuzz_seeds: cannot read %s\n", path);
        failed = 1;
        return;
    }
    if (npy_dict(img, size, dict, sizeof dict, &offset, &major) != 0 ||
        strstr(dict, "True") != NULL || !(shape = strstr(dict, "'shape'")) ||
        !(digits = strchr(shape, '(')) || (rows = strtol(digits + 1, &end, 10)) <= 0 ||
        (size - offset) % (size_t)rows != 0) {
        free(img); /* Fortran order or a spelling this cut does not know: skipped */
        return;
    }
    row_bytes = (long)((size - offset) / (size_t)rows);
    if (keep > rows) keep = rows;
    snprintf(cut, sizeof cut, "%.*s%ld%s", (int)(digits + 1 - dict), dict, keep, end);
    write_npy(name, major, cut, img + offset, (size_t)(keep * row_bytes));
    free(img);
}

static void npy_slices(const char *data_dir)
{
    DIR *d = opendir(data_dir);
    struct dirent *e;
    if (!d) {
        fprintf(stderr, "fuzz_seeds: cannot list %s\n", data_dir);
        failed = 1;
        return;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".npy") == 0) npy_slice(data_dir, e->d_name, 4);
    }
    closedir(d);
}

/* ---- simulator states -------------------------------------------------------- */

static void sim_states(void)
{
    ct_synthetic_spec spec;
    ct_dataset ds, bare;
    ct_tree tree;
    ct_metric_fn metric;
    ct_error err;
    int32_t order[12], q[3] = {0, 7, 7};
    memset(&spec, 0, sizeof spec);
    spec.points = CT_POINTS_NORMAL;
    spec.n = 12;
    spec.dim = 2;
    spec.m = 4;
    spec.cov.kind = CT_COVARIANCE_MATERN52;
    spec.cov.variance = 1.5;
    spec.cov.lengthscale[0] = 0.6;
    spec.cov.lengthscale[1] = 0.9;
    spec.seed = 5;
    for (int32_t i = 0; i < 12; i++) order[i] = (i * 5) % 12;
    if (ct_workload_synthesize(&spec, &ds, &err) != CT_OK) {
        fprintf(stderr, "fuzz_seeds: workload: %s\n", err.msg);
        failed = 1;
        return;
    }
    metric = ct_metric_fn_reference(&ds);
    if (ct_tree_build(&metric, ds.n, order, NULL, &tree, &err) != CT_OK) {
        fprintf(stderr, "fuzz_seeds: tree: %s\n", err.msg);
        failed = 1;
        ct_dataset_free(&ds);
        return;
    }
    bare = ds;
    bare.inducing = NULL; /* as when V came from a file */
    if (bench_sim_state_write(out_path("sim_state", "tree.state"), &ds, &tree, q, 3, &err) ||
        bench_sim_state_write(out_path("sim_state", "no_tree.state"), &ds, NULL, q, 3, &err) ||
        bench_sim_state_write(out_path("sim_state", "no_inducing.state"), &bare, &tree, q, 3,
                              &err) ||
        bench_sim_state_write(out_path("sim_state", "no_queries.state"), &ds, &tree, q, 0, &err)) {
        fprintf(stderr, "fuzz_seeds: state: %s\n", err.msg);
        failed = 1;
    }
    ct_tree_free(&tree);
    ct_dataset_free(&ds);
}

/* ---- variant names ------------------------------------------------------------ */

typedef struct spread {
    int seen;
    int written;
} spread;

static int variant_seed(const ct_variant *v, void *p)
{
    spread *s = p;
    char name[CT_VARIANT_NAME_MAX], file[32];
    if (s->seen++ % 97 != 0 && ct_variant_needs_tree(v)) return 0;
    if (ct_variant_format(v, name, sizeof name) != CT_OK) return 0;
    snprintf(file, sizeof file, "enum_%03d", s->written++);
    write_file(out_path("variant", file), name, strlen(name));
    return 0;
}

static void variant_names(void)
{
    static const char *const extra[] = {"csr.bfs.cached.heap.avx2.f32+pbound+alloc",
                                        "ll.morton.indirect.level.avx512.f64+ladder",
                                        "brute_blas.f64",
                                        "brute_blas+alloc",
                                        "brute.f32",
                                        "ll.natural.indirect.level.auto",
                                        "ll..indirect.level.auto.f64",
                                        "csr.bfs.cached.heap.auto.f64+alloc+alloc",
                                        "csr.bfs.cached.heap.auto.f64+"};
    spread s = {0, 0};
    char file[32];
    ct_variant_foreach(variant_seed, &s);
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        snprintf(file, sizeof file, "extra_%02zu", i);
        write_file(out_path("variant", file), extra[i], strlen(extra[i]));
    }
}

/* ---- configs ------------------------------------------------------------------- */

static void write_text(const char *sub, const char *name, const char *text)
{
    write_file(out_path(sub, name), text, strlen(text));
}

static void configs(void)
{
    write_text("config", "npy_source.ini",
               "[experiment]\nname = npy-seed\n[workload]\nsource = npy\npoints = p.npy\n"
               "v = v.npy\np = p1.npy\nquery_indices = q.npy\ncovariance = matern52\n"
               "lengthscale = 0.5, 2\n[variants]\nbaselines = brute\n[query]\nk = 3\n"
               "verify_queries = 0\n[counters]\nbackend = none\nevents = none\n");
    write_text("config", "continuation.ini",
               "; lists continue on indented lines\n[experiment]\nseeds = 1,\n  2, 3\n"
               "threads = 1,2\n[workload]\nn = 300,\n    500\nm = 16\n[variants]\n"
               "variants = ll.natural.indirect.level.auto.f64,\n    csr.bfs.cached.heap.auto.f64\n"
               "baselines = brute_blas\n[query]\nk = 1,5\nqueries = all\n");
    write_text("config", "build_sweep.ini",
               "[experiment]\nname = sweep\ninterleave = on\norder_seed = 3\n[workload]\n"
               "generator = clustered\nn = 1000\ndim = 4\nlengthscale = 1,2,3,4\n[build]\n"
               "insertion = natural, hilbert, morton\nbase = 1.5, 2, 4\nsi = sum, exact\n"
               "batch = 64\ncheck = off\n[variants]\ntopology = all\norder = bfs\n"
               "traversal = heap\noptions = none, pbound\nspeedup_vs = none\n[counters]\n"
               "backend = sim\nsim_queries = 4\nevents = PAPI_TOT_CYC, perf::TASK-CLOCK\n");
}

/* ---- dictionaries --------------------------------------------------------------- */

static void dict_entry(FILE *f, const char *token)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)token; *c; c++) {
        if (*c == '"' || *c == '\\') fprintf(f, "\\%c", *c);
        else if (*c < 0x20 || *c >= 0x7f) fprintf(f, "\\x%02X", *c);
        else fputc(*c, f);
    }
    fputs("\"\n", f);
}

static void dict_axes(FILE *f)
{
    for (int a = 0; a < CT_AXIS_COUNT; a++)
        for (int v = 0; v < ct_axis_value_count((ct_axis)a); v++)
            dict_entry(f, ct_axis_value_name((ct_axis)a, v));
}

static FILE *open_dict(const char *name)
{
    char path[2200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "fuzz_seeds: cannot write %s\n", path);
        failed = 1;
    }
    return f;
}

static void dictionaries(void)
{
    static const char *const config_words[] = {
        "[experiment]", "[workload]", "[build]",  "[variants]", "[query]",
        "[counters]",   " = ",        "all",      "none",       "on",
        "off",          "synthetic",  "npy",      "normal",     "uniform",
        "clustered",    "rbf",        "matern52", "sum",        "exact",
        "papi",         "sim",        "auto",     "brute",      "brute_blas",
        ",\n  ",        "; ",         "# ",       "\n",         ",",
        "-1",           "0",          "1",        "65536",      "2147483646",
        "1e-300",       "16"};
    static const char *const variant_words[] = {"brute", "brute_blas", ".", "+"};
    static const char *const npy_words[] = {"\x93NUMPY\x01\x00",
                                            "\x93NUMPY\x02\x00",
                                            "\x93NUMPY\x03\x00",
                                            "{'descr': '",
                                            "', 'fortran_order': ",
                                            "False",
                                            "True",
                                            ", 'shape': (",
                                            "), }",
                                            "<f8",
                                            "<f4",
                                            "<i4",
                                            "<i8",
                                            "|u1",
                                            ">f8",
                                            "=f8",
                                            "<c16",
                                            "L",
                                            "'",
                                            "\""};
    FILE *f = open_dict("config.dict");
    if (f) {
        static const char *const keys[][2] = {
#define SEED_KEY(id, section, key) {section, key},
            BENCH_CONFIG_KEYS(SEED_KEY)
#undef SEED_KEY
        };
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) dict_entry(f, keys[i][1]);
        for (size_t i = 0; i < sizeof config_words / sizeof config_words[0]; i++)
            dict_entry(f, config_words[i]);
        dict_axes(f);
        fclose(f);
    }
    f = open_dict("variant.dict");
    if (f) {
        for (size_t i = 0; i < sizeof variant_words / sizeof variant_words[0]; i++)
            dict_entry(f, variant_words[i]);
        dict_axes(f);
        fclose(f);
    }
    f = open_dict("npy.dict");
    if (f) {
        for (size_t i = 0; i < sizeof npy_words / sizeof npy_words[0]; i++)
            dict_entry(f, npy_words[i]);
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: fuzz_seeds OUTDIR [DATA_DIR]\n");
        return 2;
    }
    snprintf(out_dir, sizeof out_dir, "%s", argv[1]);
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "fuzz_seeds: cannot create %s: %s\n", out_dir, strerror(errno));
        return 1;
    }
    make_dir("npy");
    make_dir("sim_state");
    make_dir("variant");
    make_dir("config");
    if (failed) return 1;
    npy_edge_cases();
    if (argc == 3) npy_slices(argv[2]);
    sim_states();
    variant_names();
    configs();
    dictionaries();
    return failed ? 1 : 0;
}
