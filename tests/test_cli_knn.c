/* test_cli_knn.c -- the `ctbench knn` contract, through the real executable.
 *
 * 1. The independent fixtures (numpy + LAPACK) are reproduced by the oracle
 *    and by tree variants, via --points/--inducing-indices/--queries, and
 *    with the fixture's own factor handed over as --v [--p].
 * 2. Predecessor mode pads with -1 and tree and oracle agree row by row.
 * 3. Every bad input gets exit 2 (or 1 for I/O), one line on stderr naming
 *    the problem, and no output file.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static char *tmpdir;

static int file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Compare a knn CSV with the fixture CSV: same rows, indices equal except
 * where the fixture distances tie within tol, distances within tol. */
static void compare_with_fixture(const char *got_path, const char *want_path, const char *what)
{
    int32_t *gq, *gi, *wq, *wi;
    int *gr, *wr;
    double *gd, *wd;
    long ng = ct_test_read_knn_csv(got_path, &gq, &gr, &gi, &gd);
    long nw = ct_test_read_knn_csv(want_path, &wq, &wr, &wi, &wd);
    long r, bad = 0;
    const double tol = 1e-9;
    CT_CHECK(ng == nw && nw > 0, "%s: %ld rows, fixture has %ld", what, ng, nw);
    if (ng != nw || nw <= 0) return;
    for (r = 0; r < nw; r++) {
        int same_index = gi[r] == wi[r];
        int tie = (r > 0 && fabs(wd[r] - wd[r - 1]) <= tol) ||
                  (r + 1 < nw && wq[r + 1] == wq[r] && fabs(wd[r + 1] - wd[r]) <= tol);
        if (gq[r] != wq[r] || gr[r] != wr[r] || fabs(gd[r] - wd[r]) > tol ||
            (!same_index && !tie)) {
            if (bad++ < 3)
                fprintf(stderr, "%s row %ld: got (%d,%d,%d,%.15g) want (%d,%d,%d,%.15g)\n", what, r,
                        gq[r], gr[r], gi[r], gd[r], wq[r], wr[r], wi[r], wd[r]);
        }
    }
    CT_CHECK(bad == 0, "%s: %ld rows differ from the fixture", what, bad);
    free(gq);
    free(gr);
    free(gi);
    free(gd);
    free(wq);
    free(wr);
    free(wi);
    free(wd);
}

/* factor: "" computes V from the inducing indices; "v" loads the fixture's V
 * and derives p; "vp" loads both V and p. */
static void fixture_case_factor(const char *name, const char *kernel_args, int k,
                                const char *variant, const char *factor)
{
    char cmd[8192], out[1024], want[1024], pts[1024], src[2200], qs[1024];
    char *log = NULL;
    int rc;
    snprintf(out, sizeof out, "%s/%s-%s-%s.csv", tmpdir, name, variant, factor);
    snprintf(pts, sizeof pts, "%s/%s_points.npy", CT_TEST_DATA, name);
    if (!strcmp(factor, "v")) snprintf(src, sizeof src, "--v %s/%s_V.npy", CT_TEST_DATA, name);
    else if (!strcmp(factor, "vp"))
        snprintf(src, sizeof src, "--v %s/%s_V.npy --p %s/%s_p.npy", CT_TEST_DATA, name,
                 CT_TEST_DATA, name);
    else snprintf(src, sizeof src, "--inducing-indices %s/%s_inducing.npy", CT_TEST_DATA, name);
    snprintf(qs, sizeof qs, "%s/%s_queries.npy", CT_TEST_DATA, name);
    snprintf(want, sizeof want, "%s/%s_knn.csv", CT_TEST_DATA, name);
    snprintf(cmd, sizeof cmd,
             "%s knn --points %s %s --queries %s %s --k %d --variant %s "
             "--verify --out %s",
             CT_BENCH_EXE, pts, src, qs, kernel_args, k, variant, out);
    rc = ct_test_run(cmd, &log);
    CT_CHECK(rc == 0, "%s with %s: exit %d: %s", name, variant, rc, log ? log : "");
    if (rc == 0) {
        char what[256];
        snprintf(what, sizeof what, "%s/%s/%s", name, variant, factor[0] ? factor : "U");
        compare_with_fixture(out, want, what);
    }
    free(log);
}

static void fixture_case(const char *name, const char *kernel_args, int k, const char *variant)
{
    fixture_case_factor(name, kernel_args, k, variant, "");
}

/* Run a command expected to fail: exit code, one stderr line mentioning
 * `needle`, and no output file. */
static void expect_failure(const char *args, int want_exit, const char *needle)
{
    char cmd[4096], out[1024];
    char *log = NULL;
    int rc, lines = 0;
    const char *p;
    snprintf(out, sizeof out, "%s/fail.csv", tmpdir);
    unlink(out);
    snprintf(cmd, sizeof cmd, "%s knn %s --out %s", CT_BENCH_EXE, args, out);
    rc = ct_test_run(cmd, &log);
    for (p = log; p && *p; p++) lines += *p == '\n';
    CT_CHECK(rc == want_exit, "`knn %s`: exit %d, want %d (%s)", args, rc, want_exit, log);
    CT_CHECK(lines == 1, "`knn %s`: %d lines of output, want one: %s", args, lines, log);
    CT_CHECK(log && strstr(log, "ctbench: knn: ") == log, "`knn %s`: message not prefixed: %s",
             args, log);
    CT_CHECK(log && strstr(log, needle), "`knn %s`: message does not mention '%s': %s", args,
             needle, log);
    CT_CHECK(!file_exists(out), "`knn %s`: output file written despite failure", args);
    free(log);
}

static void write_file(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(bytes, 1, len, f);
    fclose(f);
}

/* A minimal valid .npy header for a float64 array of shape (rows, cols). */
static size_t npy_header(char *buf, long rows, long cols)
{
    char dict[128];
    int len =
        snprintf(dict, sizeof dict,
                 "{'descr': '<f8', 'fortran_order': False, 'shape': (%ld, %ld), }", rows, cols);
    int total = 10 + len + 1;
    int pad = (64 - total % 64) % 64;
    unsigned short hlen = (unsigned short)(len + pad + 1);
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = (char)(hlen & 0xff);
    buf[9] = (char)(hlen >> 8);
    memcpy(buf + 10, dict, len);
    memset(buf + 10 + len, ' ', pad);
    buf[10 + len + pad] = '\n';
    return 10 + hlen;
}

static void bad_inputs(void)
{
    char path_trunc[1024], path_nan[1024], args[3000], buf[4096];
    size_t h;
    double vals[6] = {0.1, 0.2, 0.3, NAN, 0.5, 0.6};

    /* a truncated file: header says 100 x 2, only 3 doubles follow */
    snprintf(path_trunc, sizeof path_trunc, "%s/trunc.npy", tmpdir);
    h = npy_header(buf, 100, 2);
    memcpy(buf + h, vals, 3 * sizeof(double));
    write_file(path_trunc, buf, h + 3 * sizeof(double));
    /* NaN in data */
    snprintf(path_nan, sizeof path_nan, "%s/nan.npy", tmpdir);
    h = npy_header(buf, 3, 2);
    memcpy(buf + h, vals, sizeof vals);
    write_file(path_nan, buf, h + sizeof vals);

    expect_failure("--n 100 --query-count 5 --variant csr.natural.cached.level.sse9.f64", 2,
                   "sse9");
    expect_failure("--n 100 --query-count 5 --variant nonsense", 2, "nonsense");
    expect_failure("--n 100 --query-count 5 --k 101", 2, "101");
    expect_failure("--n 100 --query-count 5 --k 0", 2, "--k");
    expect_failure("--n 100 --query-count 5 --kernel cauchy", 2, "cauchy");
    expect_failure("--n 100 --query-count 5 --frobnicate", 2, "--frobnicate");
    expect_failure("--n 100 --query-count 5 --seed", 2, "--seed");
    expect_failure("--n 100 --query-count 5 --lengthscale 1,-2", 2, "--lengthscale");
    expect_failure("--n 100", 2, "--query-count");
    expect_failure("--n 100 --query-count 5 --all-queries", 2, "exactly one");
    expect_failure("--n 100 --inducing 200 --query-count 5", 2, "200");
    snprintf(args, sizeof args, "--points %s --query-count 5", path_trunc);
    expect_failure(args, 2, "trunc.npy");
    snprintf(args, sizeof args, "--points %s --query-count 2 --k 1", path_nan);
    expect_failure(args, 2, "nan.npy");
    snprintf(args, sizeof args, "--points %s/does-not-exist.npy --query-count 2", tmpdir);
    expect_failure(args, 2, "does-not-exist.npy");
    snprintf(args, sizeof args, "--points %s/normal3d_rbf_points.npy --queries %s --k 3",
             CT_TEST_DATA, path_nan);
    expect_failure(args, 2, "nan.npy");
    { /* an output directory that does not exist: the job cannot be done, exit 2 */
        char cmd[2048];
        char *log = NULL;
        int rc;
        snprintf(cmd, sizeof cmd,
                 "%s knn --n 50 --inducing 8 --query-count 3 --k 2 --out %s/no/such/dir.csv",
                 CT_BENCH_EXE, tmpdir);
        rc = ct_test_run(cmd, &log);
        CT_CHECK(rc == 2 && log && strstr(log, "no/such/dir.csv"), "unwritable --out: exit %d: %s",
                 rc, log);
        free(log);
    }
}

/* Predecessor mode: query i sees only j < i; rows are padded with -1, and a
 * tree variant matches the oracle file byte for byte in its index column. */
static void predecessor_mode(void)
{
    char cmd[2048], brute[1024], tree[1024];
    char *log = NULL;
    int32_t *bq, *bi, *tq, *ti;
    int *br, *tr;
    double *bd, *td;
    long nb, nt, r, mismatches = 0, bad_padding = 0;
    snprintf(brute, sizeof brute, "%s/pred-brute.csv", tmpdir);
    snprintf(tree, sizeof tree, "%s/pred-tree.csv", tmpdir);
    snprintf(cmd, sizeof cmd,
             "%s knn --n 300 --dim 2 --inducing 40 --seed 7 --all-queries --k 5 "
             "--predecessor --variant brute --out %s",
             CT_BENCH_EXE, brute);
    CT_CHECK(ct_test_run(cmd, &log) == 0, "predecessor brute: %s", log);
    free(log);
    snprintf(cmd, sizeof cmd,
             "%s knn --n 300 --dim 2 --inducing 40 --seed 7 --all-queries --k 5 "
             "--predecessor --verify --out %s",
             CT_BENCH_EXE, tree);
    CT_CHECK(ct_test_run(cmd, &log) == 0, "predecessor tree: %s", log);
    free(log);
    nb = ct_test_read_knn_csv(brute, &bq, &br, &bi, &bd);
    nt = ct_test_read_knn_csv(tree, &tq, &tr, &ti, &td);
    CT_CHECK(nb == 300 * 5 && nt == nb, "predecessor rows: brute %ld tree %ld", nb, nt);
    if (nb != 300 * 5 || nt != nb) return;
    for (r = 0; r < nb; r++) {
        int q = bq[r], rank = br[r];
        int expect_pad = rank >= q; /* query q has min(k, q) neighbours */
        if (expect_pad != (bi[r] == -1)) bad_padding++;
        if (bi[r] >= q) bad_padding += bi[r] != -1;
        if (bi[r] != ti[r] && fabs(bd[r] - td[r]) > 1e-9) mismatches++;
    }
    CT_CHECK(bad_padding == 0, "predecessor padding wrong in %ld rows", bad_padding);
    CT_CHECK(mismatches == 0, "tree and oracle differ in %ld predecessor rows", mismatches);
    free(bq);
    free(br);
    free(bi);
    free(bd);
    free(tq);
    free(tr);
    free(ti);
    free(td);
}

int main(void)
{
    tmpdir = ct_test_tempdir("cli-knn");
    if (!tmpdir) {
        fprintf(stderr, "cannot create a temp dir\n");
        return 1;
    }
    fixture_case("normal3d_rbf", "--kernel rbf --variance 1 --lengthscale 1", 25, "brute");
    fixture_case("normal3d_rbf", "--kernel rbf --variance 1 --lengthscale 1", 25,
                 "ll.natural.indirect.level.auto.f64");
    fixture_case("normal3d_rbf", "--kernel rbf --variance 1 --lengthscale 1", 25,
                 "csr.bfs.cached.heap.auto.f64");
    fixture_case("uniform2d_matern", "--kernel matern52 --variance 1.5 --lengthscale 0.6,0.9", 10,
                 "brute");
    fixture_case("uniform2d_matern", "--kernel matern52 --variance 1.5 --lengthscale 0.6,0.9", 10,
                 "csr.hilbert.cached.level.auto.f64");
    /* a factor handed over by a GP pipeline: V (and p) from .npy files */
    fixture_case_factor("normal3d_rbf", "--kernel rbf --variance 1 --lengthscale 1", 25,
                        "csr.bfs.cached.heap.auto.f64+pbound", "v");
    fixture_case_factor("uniform2d_matern",
                        "--kernel matern52 --variance 1.5 --lengthscale 0.6,0.9", 10,
                        "ll.hilbert.indirect.level.avx2.f64", "vp");
    predecessor_mode();
    bad_inputs();
    ct_test_rmtree(tmpdir);
    free(tmpdir);
    return ct_test_finish("test_cli_knn");
}
