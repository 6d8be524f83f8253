/* test_measure_sim_state.c -- the simulator state file (harness/measure/sim_state.h).
 *
 * A small synthetic dataset with its canonical tree and a query batch is
 * written and read back, with and without the tree and without inducing
 * indices (a dataset whose V came from a file: writing it crashed before):
 * every array comes back equal, and writing what was read gives the same
 * bytes.  Then the reader must reject, with CT_EFORMAT, a message and a zeroed
 * state, every truncation of the file, a trailing byte, and one corruption
 * of each kind it checks: a query or inducing index out of range, NaN in x,
 * p = 0, a child index out of range, an unknown has_tree, and a header that
 * claims two billion points in a file of a few kilobytes (refused before any
 * allocation, so not CT_ENOMEM).
 */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/metric.h"
#include "ct/workload.h"
#include "sim_state.h"

#define N 40
#define DIM 2
#define M 6
#define NQ 5

typedef struct image {
    char *bytes;
    size_t size;
} image;

static image write_image(const ct_dataset *ds, const ct_tree *tree, const int32_t *q, int32_t nq)
{
    image im = {NULL, 0};
    ct_error err;
    FILE *f = open_memstream(&im.bytes, &im.size);
    int rc;
    if (!f) return im;
    rc = bench_sim_state_write_stream(f, "mem", ds, tree, q, nq, &err);
    fclose(f);
    CT_CHECK(rc == CT_OK, "write: %s", err.msg);
    return im;
}

static int read_image(const void *bytes, size_t size, bench_sim_state *st, ct_error *err)
{
    static char empty[1];
    FILE *f = fmemopen(size ? (void *)bytes : empty, size, "rb");
    int rc;
    if (!f) return ct_error_set(err, CT_EIO, "fmemopen failed");
    rc = bench_sim_state_read_stream(f, "state.bin", st, err);
    fclose(f);
    return rc;
}

static int state_is_zero(const bench_sim_state *st)
{
    return !st->ds.x && !st->ds.inducing && !st->ds.v && !st->ds.p && !st->queries &&
           !st->tree.parent && !st->tree.children && !st->has_tree && st->ds.n == 0;
}

/* Read must fail with CT_EFORMAT naming the file and containing `word`. */
static void expect_rejected(const char *what, const void *bytes, size_t size, const char *word)
{
    bench_sim_state st;
    ct_error err;
    int rc;
    ct_error_clear(&err);
    rc = read_image(bytes, size, &st, &err);
    CT_CHECK(rc == CT_EFORMAT, "%s: rc %d (%s)", what, rc, err.msg);
    CT_CHECK(strstr(err.msg, "state.bin") != NULL, "%s: message does not name the file: %s", what,
             err.msg);
    CT_CHECK(!word || strstr(err.msg, word) != NULL, "%s: message lacks '%s': %s", what, word,
             err.msg);
    CT_CHECK(state_is_zero(&st), "%s: state not zeroed", what);
    if (rc == CT_OK) bench_sim_state_free(&st);
    else if (word) printf("  %-18s -> %s\n", what, err.msg);
}

static int same_i32(const int32_t *a, const int32_t *b, size_t n)
{
    return (!a && !b) || (a && b && memcmp(a, b, n * sizeof *a) == 0);
}

static int same_f64(const double *a, const double *b, size_t n)
{
    return a && b && memcmp(a, b, n * sizeof *a) == 0;
}

/* Write, read back, compare, write again: the same bytes. */
static void round_trip(const char *what, const ct_dataset *ds, const ct_tree *tree,
                       const int32_t *q)
{
    image a = write_image(ds, tree, q, NQ), b;
    bench_sim_state st;
    ct_error err;
    int rc = read_image(a.bytes, a.size, &st, &err);
    CT_CHECK(rc == CT_OK, "%s: read back: %s", what, err.msg);
    if (rc == CT_OK) {
        size_t n = (size_t)ds->n;
        CT_CHECK(st.ds.n == ds->n && st.ds.dim == ds->dim && st.ds.m == ds->m && st.nq == NQ,
                 "%s: sizes", what);
        CT_CHECK(same_f64(st.ds.x, ds->x, n * DIM) && same_f64(st.ds.v, ds->v, n * M) &&
                     same_f64(st.ds.p, ds->p, n) && same_i32(st.ds.inducing, ds->inducing, M) &&
                     same_i32(st.queries, q, NQ) &&
                     memcmp(&st.ds.cov, &ds->cov, sizeof ds->cov) == 0,
                 "%s: dataset differs", what);
        CT_CHECK(st.has_tree == (tree != NULL), "%s: has_tree %d", what, st.has_tree);
        if (tree && st.has_tree)
            CT_CHECK(st.tree.root == tree->root && st.tree.depth == tree->depth &&
                         st.tree.base == tree->base && st.tree.si_mode == tree->si_mode &&
                         same_i32(st.tree.parent, tree->parent, n) &&
                         same_i32(st.tree.level, tree->level, n) &&
                         same_f64(st.tree.si, tree->si, n) &&
                         same_f64(st.tree.parent_dist, tree->parent_dist, n) &&
                         same_i32(st.tree.child_offset, tree->child_offset, n + 1) &&
                         same_i32(st.tree.children, tree->children, n - 1) &&
                         same_i32(st.tree.insertion, tree->insertion, n) &&
                         same_i32(st.tree.min_index, tree->min_index, n),
                     "%s: tree differs", what);
        b = write_image(&st.ds, st.has_tree ? &st.tree : NULL, st.queries, st.nq);
        CT_CHECK(b.size == a.size && b.bytes && memcmp(a.bytes, b.bytes, a.size) == 0,
                 "%s: writing what was read gives other bytes", what);
        free(b.bytes);
        bench_sim_state_free(&st);
    }
    free(a.bytes);
}

/* A copy of the image with `len` bytes at `off` replaced. */
static char *patched(const image *im, size_t off, const void *with, size_t len)
{
    char *c = malloc(im->size);
    if (!c) return NULL;
    memcpy(c, im->bytes, im->size);
    if (off + len <= im->size) memcpy(c + off, with, len);
    return c;
}

static void corrupt(const char *what, const image *im, size_t off, const void *with, size_t len,
                    const char *word)
{
    char *c = patched(im, off, with, len);
    CT_CHECK(c && off + len <= im->size, "%s: offset %zu outside the image", what, off);
    if (c && off + len <= im->size) expect_rejected(what, c, im->size, word);
    free(c);
}

static void rejections(const ct_dataset *ds, const ct_tree *tree, const int32_t *q)
{
    image im = write_image(ds, tree, q, NQ);
    /* data offsets: magic, 8 scalars, covariance, then count + data per array */
    size_t head = 8 + 8 * 8 + sizeof(ct_covariance);
    size_t x = head + 8, ind = x + N * DIM * 8 + 8, v = ind + M * 4 + 8, p = v + N * M * 8 + 8;
    size_t qs = p + N * 8 + 8, base = qs + NQ * 4;
    size_t children =
        base + 8 + (8 + N * 4) * 2 + (8 + N * 8) * 2 + (8 + N * 4) + (8 + (N + 1) * 4) + 8;
    const int32_t out_of_range = N, zero_i = 0, two = 2;
    const int64_t huge = INT32_MAX - 1;
    const double nan = NAN, zero = 0.0;
    char *longer;
    int truncations_ok = 1;

    if (!im.bytes) return;
    CT_CHECK(children + (N - 1) * 4 + 8 + N * 4 == im.size, "layout assumed by the test: %zu %zu",
             children + (N - 1) * 4 + 8 + N * 4, im.size);
    /* every proper prefix */
    for (size_t len = 0; len < im.size; len++) {
        bench_sim_state st;
        ct_error err;
        int rc = read_image(im.bytes, len, &st, &err);
        if (rc != CT_EFORMAT || !state_is_zero(&st)) {
            CT_CHECK(0, "prefix of %zu bytes: rc %d (%s)", len, rc, err.msg);
            truncations_ok = 0;
            if (rc == CT_OK) bench_sim_state_free(&st);
            break;
        }
    }
    CT_CHECK(truncations_ok, "truncations");
    longer = malloc(im.size + 1);
    if (longer) {
        memcpy(longer, im.bytes, im.size);
        longer[im.size] = 0;
        expect_rejected("trailing byte", longer, im.size + 1, "trailing");
        free(longer);
    }
    corrupt("query index", &im, qs + 2 * 4, &out_of_range, 4, "queries[2]");
    corrupt("inducing index", &im, ind + (M - 1) * 4, &out_of_range, 4, "inducing[5]");
    corrupt("inducing order", &im, ind + 1 * 4, &zero_i, 4, "ascending");
    corrupt("NaN in x", &im, x + 3 * 8, &nan, 8, "x[3]");
    corrupt("p = 0", &im, p + 7 * 8, &zero, 8, "p[7]");
    corrupt("child index", &im, children + 4 * 4, &out_of_range, 4, "children[4]");
    corrupt("has_tree = 2", &im, 8 + 4 * 8, &two, 4, "has_tree");
    corrupt("two billion points", &im, 8, &huge, 8, NULL);
    {
        bench_sim_state st;
        ct_error err;
        char *c = patched(&im, 8, &huge, 8);
        int rc = c ? read_image(c, im.size, &st, &err) : CT_ENOMEM;
        CT_CHECK(rc == CT_EFORMAT && strstr(err.msg, "x has"), "huge n: rc %d (%s)", rc, err.msg);
        printf("  %-18s -> %s\n", "two billion points", err.msg);
        free(c);
    }
    free(im.bytes);
}

int main(void)
{
    ct_synthetic_spec spec;
    ct_dataset ds, no_inducing;
    ct_tree tree;
    ct_metric_fn metric;
    ct_error err;
    int32_t q[NQ], order[N];
    int rc;

    memset(&spec, 0, sizeof spec);
    spec.points = CT_POINTS_UNIFORM;
    spec.n = N;
    spec.dim = DIM;
    spec.m = M;
    spec.cov.kind = CT_COVARIANCE_RBF;
    spec.cov.variance = 1.0;
    spec.cov.lengthscale[0] = spec.cov.lengthscale[1] = 0.5;
    spec.seed = 21;
    rc = ct_workload_synthesize(&spec, &ds, &err);
    CT_CHECK(rc == CT_OK, "synthesize: %s", err.msg);
    if (rc != CT_OK) return ct_test_finish("test_measure_sim_state");
    metric = ct_metric_fn_reference(&ds);
    for (int32_t i = 0; i < N; i++) order[i] = i;
    rc = ct_tree_build(&metric, N, order, NULL, &tree, &err);
    CT_CHECK(rc == CT_OK, "build: %s", err.msg);
    if (rc != CT_OK) return ct_test_finish("test_measure_sim_state");
    CT_CHECK(ct_queries_draw(N, NQ, 23, q) == CT_OK, "queries");

    round_trip("with tree", &ds, &tree, q);
    round_trip("no tree", &ds, NULL, q);
    no_inducing = ds;
    no_inducing.inducing = NULL; /* as when V came from a file */
    round_trip("no inducing", &no_inducing, &tree, q);
    rejections(&ds, &tree, q);

    ct_tree_free(&tree);
    ct_dataset_free(&ds);
    return ct_test_finish("test_measure_sim_state");
}
