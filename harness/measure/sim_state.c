/* sim_state.c -- write and read the dataset + tree + queries file of the
 * simulated-counter child (sim_state.h).
 *
 * Layout: 8-byte magic; eight int64 scalars (n, dim, m, nq, has_tree, root,
 * si_mode, depth; the last three -1, 0, 0 without a tree); the covariance
 * struct; then every array in a fixed order, each preceded by its int64
 * element count: x, inducing (0 elements when the dataset has none, as when V
 * came from a file), V, p, queries, and with a tree its base (one double,
 * no count) and parent, level, parent_dist, si, min_index, child_offset,
 * children, insertion.
 *
 * The reader trusts nothing in the file: every scalar is range-checked, a
 * count must match the header and fit in what is left of the file before
 * anything is allocated, indices must lie in [0, n) (inducing sorted and
 * distinct), floats must be finite (p > 0), the covariance must pass
 * ct_covariance_check, the tree ct_tree_check_shape, and nothing may follow
 * the last array.  So what it accepts is safe for `sim-query` to run on, and
 * is exactly what the writer writes: tests/fuzz/fuzz_sim_state.c checks the
 * byte-for-byte round trip on every input the reader accepts.
 */
#include "sim_state.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"

#define SIM_MAX_M 65536 /* the largest m a config or a V file can give */

static const char magic[8] = {'C', 'T', 'S', 'I', 'M', '0', '0', '1'};

/* ---- writing ------------------------------------------------------------- */

static int put(FILE *f, const void *p, size_t size, size_t count)
{
    int64_t c = (int64_t)count;
    if (fwrite(&c, sizeof c, 1, f) != 1) return -1;
    if (count && fwrite(p, size, count, f) != count) return -1;
    return 0;
}

int bench_sim_state_write_stream(FILE *f, const char *name, const ct_dataset *ds,
                                 const ct_tree *tree, const int32_t *queries, int32_t nq,
                                 ct_error *err)
{
    int64_t hdr[8];
    size_t n = (size_t)ds->n;
    int bad = 0;
    hdr[0] = ds->n;
    hdr[1] = ds->dim;
    hdr[2] = ds->m;
    hdr[3] = nq;
    hdr[4] = tree != NULL;
    hdr[5] = tree ? tree->root : -1;
    hdr[6] = tree ? (int64_t)tree->si_mode : 0;
    hdr[7] = tree ? tree->depth : 0;
    bad |= fwrite(magic, 1, sizeof magic, f) != sizeof magic;
    bad |= fwrite(hdr, sizeof hdr, 1, f) != 1;
    bad |= fwrite(&ds->cov, sizeof ds->cov, 1, f) != 1;
    bad |= put(f, ds->x, sizeof *ds->x, n * (size_t)ds->dim);
    bad |= put(f, ds->inducing, sizeof *ds->inducing, ds->inducing ? (size_t)ds->m : 0);
    bad |= put(f, ds->v, sizeof *ds->v, n * (size_t)ds->m);
    bad |= put(f, ds->p, sizeof *ds->p, n);
    bad |= put(f, queries, sizeof *queries, (size_t)nq);
    if (tree) {
        size_t nc = n > 0 ? n - 1 : 0;
        bad |= fwrite(&tree->base, sizeof tree->base, 1, f) != 1;
        bad |= put(f, tree->parent, sizeof(int32_t), n);
        bad |= put(f, tree->level, sizeof(int32_t), n);
        bad |= put(f, tree->parent_dist, sizeof(double), n);
        bad |= put(f, tree->si, sizeof(double), n);
        bad |= put(f, tree->min_index, sizeof(int32_t), n);
        bad |= put(f, tree->child_offset, sizeof(int32_t), n + 1);
        bad |= put(f, tree->children, sizeof(int32_t), nc);
        bad |= put(f, tree->insertion, sizeof(int32_t), n);
    }
    if (bad) return ct_error_set(err, CT_EIO, "%s: cannot write the simulator state", name);
    return CT_OK;
}

int bench_sim_state_write(const char *path, const ct_dataset *ds, const ct_tree *tree,
                          const int32_t *queries, int32_t nq, ct_error *err)
{
    FILE *f = fopen(path, "wb");
    int rc;
    if (!f) return ct_error_set(err, CT_EIO, "%s: cannot create the simulator state", path);
    rc = bench_sim_state_write_stream(f, path, ds, tree, queries, nq, err);
    if (fclose(f) != 0 && rc == CT_OK)
        rc = ct_error_set(err, CT_EIO, "%s: cannot write the simulator state", path);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct reader {
    FILE *f;
    const char *name;
    int64_t left; /* bytes not read yet */
} reader;

static int bad_state(reader *r, ct_error *err, const char *what)
{
    return ct_error_set(err, CT_EFORMAT, "%s: not a valid ctbench simulator state: %s", r->name,
                        what);
}

static int read_bytes(reader *r, void *p, size_t bytes)
{
    if ((uint64_t)r->left < bytes || fread(p, 1, bytes, r->f) != bytes) return -1;
    r->left -= (int64_t)bytes;
    return 0;
}

/* One array: its count must be `expect` (or 0 when zero_ok) and its bytes
 * must be in the file before it is allocated.  *p stays NULL for 0 elements
 * when zero_ok; otherwise it is allocated (at least one element). */
static int read_array(reader *r, const char *what, void **p, size_t size, size_t expect,
                      int zero_ok, ct_error *err)
{
    int64_t c;
    char why[96];
    *p = NULL;
    if (read_bytes(r, &c, sizeof c) != 0) {
        snprintf(why, sizeof why, "truncated before %s", what);
        return bad_state(r, err, why);
    }
    if (c < 0 || ((uint64_t)c != expect && !(zero_ok && c == 0))) {
        snprintf(why, sizeof why, "%s has %lld elements, expected %zu", what, (long long)c, expect);
        return bad_state(r, err, why);
    }
    if ((uint64_t)c > (uint64_t)r->left / size) {
        snprintf(why, sizeof why, "truncated in %s", what);
        return bad_state(r, err, why);
    }
    if (c == 0 && zero_ok) return CT_OK;
    *p = ct_malloc_array(c ? (size_t)c : 1, size);
    if (!*p) return ct_error_set(err, CT_ENOMEM, "%s: out of memory for %s", r->name, what);
    if (read_bytes(r, *p, (size_t)c * size) != 0) return bad_state(r, err, "read failed");
    return CT_OK;
}

static int check_finite(reader *r, const char *what, const double *v, size_t count, int positive,
                        ct_error *err)
{
    char why[96];
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(v[i]) || (positive && !(v[i] > 0.0))) {
            snprintf(why, sizeof why, "%s[%zu] = %g is not %s", what, i, v[i],
                     positive ? "finite and > 0" : "finite");
            return bad_state(r, err, why);
        }
    }
    return CT_OK;
}

static int check_indices(reader *r, const char *what, const int32_t *v, size_t count, int32_t n,
                         int ascending, ct_error *err)
{
    char why[96];
    for (size_t i = 0; i < count; i++) {
        if (v[i] < 0 || v[i] >= n || (ascending && i > 0 && v[i] <= v[i - 1])) {
            snprintf(why, sizeof why, "%s[%zu] = %d is outside [0, %d)%s", what, i, (int)v[i],
                     (int)n, ascending ? " or not ascending" : "");
            return bad_state(r, err, why);
        }
    }
    return CT_OK;
}

/* The eight scalars and the covariance. */
static int check_header(reader *r, const int64_t *hdr, const ct_covariance *cov, ct_error *err)
{
    ct_error why;
    if (hdr[0] < 1 || hdr[0] > INT32_MAX - 1) return bad_state(r, err, "n outside [1, 2^31 - 2]");
    if (hdr[1] < 1 || hdr[1] > CT_MAX_DIM) return bad_state(r, err, "dim outside [1, 16]");
    if (hdr[2] < 1 || hdr[2] > SIM_MAX_M) return bad_state(r, err, "m outside [1, 65536]");
    if (hdr[3] < 0 || hdr[3] > INT32_MAX) return bad_state(r, err, "negative query count");
    if (hdr[4] == 0) {
        if (hdr[5] != -1 || hdr[6] != 0 || hdr[7] != 0)
            return bad_state(r, err, "tree fields set without a tree");
    } else if (hdr[4] == 1) {
        if (hdr[5] < 0 || hdr[5] >= hdr[0]) return bad_state(r, err, "tree root outside [0, n)");
        if (hdr[6] != CT_SI_SUM && hdr[6] != CT_SI_EXACT)
            return bad_state(r, err, "unknown si mode");
        if (hdr[7] < 0 || hdr[7] >= hdr[0]) return bad_state(r, err, "tree depth outside [0, n)");
    } else {
        return bad_state(r, err, "has_tree is neither 0 nor 1");
    }
    ct_error_clear(&why);
    if (cov->dim != hdr[1] || ct_covariance_check(cov, &why) != CT_OK)
        return bad_state(r, err, cov->dim != hdr[1] ? "covariance dim is not dim" : why.msg);
    return CT_OK;
}

static int read_tree(reader *r, bench_sim_state *out, const int64_t *hdr, ct_error *err)
{
    ct_tree *t = &out->tree;
    size_t n = (size_t)out->ds.n;
    ct_error why;
    int rc;
    t->n = out->ds.n;
    t->root = (int32_t)hdr[5];
    t->si_mode = (ct_si_mode)hdr[6];
    t->depth = (int32_t)hdr[7];
    if (read_bytes(r, &t->base, sizeof t->base) != 0)
        return bad_state(r, err, "truncated before the tree");
    if ((rc = read_array(r, "parent", (void **)&t->parent, sizeof(int32_t), n, 0, err)) ||
        (rc = read_array(r, "level", (void **)&t->level, sizeof(int32_t), n, 0, err)) ||
        (rc = read_array(r, "parent_dist", (void **)&t->parent_dist, sizeof(double), n, 0, err)) ||
        (rc = read_array(r, "si", (void **)&t->si, sizeof(double), n, 0, err)) ||
        (rc = read_array(r, "min_index", (void **)&t->min_index, sizeof(int32_t), n, 0, err)) ||
        (rc = read_array(r, "child_offset", (void **)&t->child_offset, sizeof(int32_t), n + 1, 0,
                         err)) ||
        (rc = read_array(r, "children", (void **)&t->children, sizeof(int32_t), n - 1, 0, err)) ||
        (rc = read_array(r, "insertion", (void **)&t->insertion, sizeof(int32_t), n, 0, err)))
        return rc;
    ct_error_clear(&why);
    if (ct_tree_check_shape(t, &why) != CT_OK) return bad_state(r, err, why.msg);
    return CT_OK;
}

int bench_sim_state_read_stream(FILE *f, const char *name, bench_sim_state *out, ct_error *err)
{
    reader r = {f, name, 0};
    char m[8];
    int64_t hdr[8];
    long start, end;
    size_t n;
    ct_dataset *ds = &out->ds;
    int rc;

    memset(out, 0, sizeof *out);
    if ((start = ftell(f)) < 0 || fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0 ||
        fseek(f, start, SEEK_SET) != 0)
        return ct_error_set(err, CT_EIO, "%s: cannot seek in the simulator state", name);
    r.left = (int64_t)end - (int64_t)start;
    if (read_bytes(&r, m, sizeof m) != 0 || memcmp(m, magic, sizeof m) != 0 ||
        read_bytes(&r, hdr, sizeof hdr) != 0 || read_bytes(&r, &ds->cov, sizeof ds->cov) != 0) {
        memset(out, 0, sizeof *out);
        return ct_error_set(err, CT_EFORMAT, "%s: not a ctbench simulator state", name);
    }
    rc = check_header(&r, hdr, &ds->cov, err);
    if (rc != CT_OK) goto fail;
    ds->n = (int32_t)hdr[0];
    ds->dim = (int)hdr[1];
    ds->m = (int)hdr[2];
    out->nq = (int32_t)hdr[3];
    n = (size_t)ds->n;
    if ((rc = read_array(&r, "x", (void **)&ds->x, sizeof(double), n * (size_t)ds->dim, 0, err)) ||
        (rc = check_finite(&r, "x", ds->x, n * (size_t)ds->dim, 0, err)) ||
        (rc = read_array(&r, "inducing", (void **)&ds->inducing, sizeof(int32_t), (size_t)ds->m, 1,
                         err)) ||
        (rc = check_indices(&r, "inducing", ds->inducing, ds->inducing ? (size_t)ds->m : 0, ds->n,
                            1, err)) ||
        (rc = read_array(&r, "V", (void **)&ds->v, sizeof(double), n * (size_t)ds->m, 0, err)) ||
        (rc = check_finite(&r, "V", ds->v, n * (size_t)ds->m, 0, err)) ||
        (rc = read_array(&r, "p", (void **)&ds->p, sizeof(double), n, 0, err)) ||
        (rc = check_finite(&r, "p", ds->p, n, 1, err)) ||
        (rc = read_array(&r, "queries", (void **)&out->queries, sizeof(int32_t), (size_t)out->nq, 0,
                         err)) ||
        (rc = check_indices(&r, "queries", out->queries, (size_t)out->nq, ds->n, 0, err)))
        goto fail;
    if (hdr[4] && (rc = read_tree(&r, out, hdr, err)) != CT_OK) goto fail;
    if (r.left != 0) {
        rc = bad_state(&r, err, "trailing bytes after the last array");
        goto fail;
    }
    out->has_tree = hdr[4] == 1;
    return CT_OK;
fail:
    bench_sim_state_free(out);
    return rc;
}

int bench_sim_state_read(const char *path, bench_sim_state *out, ct_error *err)
{
    FILE *f = fopen(path, "rb");
    int rc;
    if (!f) {
        memset(out, 0, sizeof *out);
        return ct_error_set(err, CT_EIO, "%s: cannot open the simulator state", path);
    }
    rc = bench_sim_state_read_stream(f, path, out, err);
    fclose(f);
    return rc;
}

void bench_sim_state_free(bench_sim_state *st)
{
    ct_dataset_free(&st->ds);
    ct_tree_free(&st->tree); /* also a tree read in part (no has_tree yet) */
    ct_free(st->queries);
    memset(st, 0, sizeof *st);
}
