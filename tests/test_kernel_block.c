/* test_kernel_block.c -- dist_block is bit-identical to dist_gather, for every kernel.
 *
 * The tree build takes its distances from dist_block and must build the same
 * tree as with dist_gather (test_tree_blocked), and the batch traversal must
 * give the heap traversal's distances; both rest on this: for every kernel
 * compiled into ct_kernel (each auto ISA build, avx2, avx512; f64 and f32)
 * that this CPU can run, on random rows with m in 1..70 and 127, 128, 129,
 * 255, 256, 257, 511, 512, 513 (every tail length of every vector width),
 * dim 1, 3 and 7, RBF and Matern 5/2, v_stride == m and padded (padding
 * NaN, so reading it poisons a result), every entry of an nq x count block
 * (nq 1, 2, 5; count 1..7, 64, and 200 rows = several cache blocks at large
 * m; ids scattered with repeats, including query rows) must equal
 * dist_gather of that query over the same ids bit for bit, and an
 * ld > count must leave the gaps untouched.  Self rows give exactly 0.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/kernel.h"
#include "ct/rng.h"
#include "testutil.h"
/* Internal list of every compiled kernel, including lower-ISA auto builds. */
#include "../variants/kernel/kernel_impl.h"

#define NROWS 256
#define MAX_COUNT 200
#define MAX_NQ 5
#define SENTINEL -12345.0

typedef struct table {
    int m, dim, stride;
    double *x, *v, *p;
    float *xf, *vf, *pf;
    ct_rows rows64, rows32;
} table;

static void table_free(table *t)
{
    ct_free(t->x);
    ct_free(t->v);
    ct_free(t->p);
    ct_free(t->xf);
    ct_free(t->vf);
    ct_free(t->pf);
    memset(t, 0, sizeof *t);
}

/* Rows with |V| < 0.8 and p = 1 - |V|^2 (so rho stays in range). */
static int table_make(table *t, int m, int dim, ct_covariance_kind kind, int padded, ct_rng *rng)
{
    ct_rows base;
    size_t nx = (size_t)NROWS * (size_t)dim, nv;
    memset(t, 0, sizeof *t);
    t->m = m;
    t->dim = dim;
    t->stride = padded ? (m + 7) / 8 * 8 : m;
    nv = (size_t)NROWS * (size_t)t->stride;
    t->x = ct_malloc_array(nx, sizeof *t->x);
    t->v = ct_malloc_array(nv, sizeof *t->v);
    t->p = ct_malloc_array(NROWS, sizeof *t->p);
    t->xf = ct_malloc_array(nx, sizeof *t->xf);
    t->vf = ct_malloc_array(nv, sizeof *t->vf);
    t->pf = ct_malloc_array(NROWS, sizeof *t->pf);
    if (!t->x || !t->v || !t->p || !t->xf || !t->vf || !t->pf) return -1;
    for (size_t i = 0; i < nx; i++) {
        t->x[i] = ct_rng_normal(rng);
        t->xf[i] = (float)t->x[i];
    }
    for (int r = 0; r < NROWS; r++) {
        double *row = t->v + (size_t)r * (size_t)t->stride, norm2 = 0.0, vv = 0.0;
        for (int j = 0; j < m; j++) {
            row[j] = ct_rng_normal(rng);
            norm2 += row[j] * row[j];
        }
        double scale = 0.8 * ct_rng_uniform(rng) / sqrt(norm2 > 0 ? norm2 : 1.0);
        for (int j = 0; j < t->stride; j++) {
            size_t o = (size_t)r * (size_t)t->stride + (size_t)j;
            t->v[o] = j < m ? row[j] * scale : NAN;
            t->vf[o] = (float)t->v[o];
            if (j < m) vv += t->v[o] * t->v[o];
        }
        t->p[r] = 1.0 - vv;
        t->pf[r] = (float)t->p[r];
    }
    memset(&base, 0, sizeof base);
    base.n = NROWS;
    base.dim = dim;
    base.m = m;
    base.v_stride = t->stride;
    base.cov.kind = kind;
    base.cov.dim = dim;
    base.cov.variance = 1.0;
    for (int d = 0; d < dim; d++) {
        base.cov.lengthscale[d] = 0.5 + ct_rng_uniform(rng);
        base.inv_lengthscale[d] = 1.0 / base.cov.lengthscale[d];
    }
    t->rows64 = base;
    t->rows64.precision = CT_PRECISION_F64;
    t->rows64.x = t->x;
    t->rows64.v = t->v;
    t->rows64.p = t->p;
    t->rows32 = base;
    t->rows32.precision = CT_PRECISION_F32;
    t->rows32.x = t->xf;
    t->rows32.v = t->vf;
    t->rows32.p = t->pf;
    return 0;
}

/* One block against per-query gathers; returns 1 if every bit agrees. */
static int check_block(const ct_kernel *k, const ct_rows *rows, int nq, int count, ct_rng *rng,
                       const char *what)
{
    static double block[MAX_NQ * (MAX_COUNT + 3)], gather[MAX_COUNT];
    ct_query_row qs[MAX_NQ];
    int32_t ids[MAX_COUNT];
    const size_t ld = (size_t)count + (size_t)(nq % 3); /* sometimes ld > count */
    int ok = 1;

    for (int i = 0; i < nq; i++) qs[i] = ct_rows_query(rows, (int32_t)ct_rng_below(rng, NROWS));
    for (int j = 0; j < count; j++) ids[j] = (int32_t)ct_rng_below(rng, NROWS);
    /* a query's own row, and a repeat, in most blocks */
    if (count > 2) ids[count / 2] = qs[nq - 1].self_row;
    if (count > 3) ids[count - 1] = ids[1];
    for (size_t c = 0; c < (size_t)nq * ld; c++) block[c] = SENTINEL;
    k->dist_block(rows, qs, nq, ids, count, block, ld);
    for (int i = 0; i < nq && ok; i++) {
        k->dist_gather(rows, &qs[i], ids, count, gather);
        for (int j = 0; j < count; j++) {
            double b = block[(size_t)i * ld + (size_t)j];
            if (memcmp(&b, &gather[j], sizeof b) != 0) {
                CT_CHECK(0, "%s/%s %s: block[%d][%d] = %.17g, gather %.17g (row %d)", k->name,
                         k->isa, what, i, j, b, gather[j], (int)ids[j]);
                ok = 0;
                break;
            }
            if (ids[j] == qs[i].self_row && b != 0.0) {
                CT_CHECK(0, "%s/%s %s: self row gives %.17g", k->name, k->isa, what, b);
                ok = 0;
            }
        }
        for (size_t j = (size_t)count; j < ld; j++)
            if (block[(size_t)i * ld + j] != SENTINEL) {
                CT_CHECK(0, "%s/%s %s: wrote past count into the ld gap", k->name, k->isa, what);
                ok = 0;
            }
    }
    return ok;
}

int main(void)
{
    static const int extra_m[] = {127, 128, 129, 255, 256, 257, 511, 512, 513};
    static const int dims[] = {1, 3, 7};
    static const int nqs[] = {1, 2, 5};
    static const int counts[] = {1, 2, 3, 4, 5, 6, 7, 64, MAX_COUNT};
    ct_rng rng;
    long blocks = 0;
    int runnable = 0;

    ct_rng_seed(&rng, 20240917u);
    for (int ki = 0; ki < ct_kernel_compiled_count(); ki++) {
        const char *why = NULL;
        const ct_kernel *k = ct_kernel_compiled_get(ki, &why);
        if (why) {
            printf("kernel %s/%s %s skipped: %s\n", k->name, k->isa,
                   k->precision == CT_PRECISION_F64 ? "f64" : "f32", why);
            continue;
        }
        runnable++;
        CT_CHECK(k->dist_block != NULL, "kernel %s/%s has no dist_block", k->name, k->isa);
        if (!k->dist_block) continue;
        for (int mi = 0; mi < 70 + (int)(sizeof extra_m / sizeof extra_m[0]); mi++) {
            int m = mi < 70 ? mi + 1 : extra_m[mi - 70];
            for (int di = 0; di < 3; di++)
                for (int kind = 0; kind < 2; kind++)
                    for (int padded = 0; padded < 2; padded++) {
                        table t;
                        char what[96];
                        int all = 1;
                        if (table_make(&t, m, dims[di], (ct_covariance_kind)kind, padded, &rng)) {
                            CT_CHECK(0, "out of memory");
                            table_free(&t);
                            continue;
                        }
                        snprintf(what, sizeof what, "%s m=%d dim=%d %s stride=%d",
                                 k->precision == CT_PRECISION_F64 ? "f64" : "f32", m, dims[di],
                                 kind ? "matern52" : "rbf", t.stride);
                        for (int a = 0; a < 3 && all; a++)
                            for (int c = 0; c < (int)(sizeof counts / sizeof counts[0]) && all;
                                 c++) {
                                /* the large counts only at a few m (time) */
                                if (counts[c] == MAX_COUNT && m % 64 != 0) continue;
                                all = check_block(
                                    k, k->precision == CT_PRECISION_F64 ? &t.rows64 : &t.rows32,
                                    nqs[a], counts[c], &rng, what);
                                blocks++;
                            }
                        if (all) CT_CHECK(1, "%s", what);
                        table_free(&t);
                    }
        }
    }
    printf("%ld blocks on %d runnable kernels\n", blocks, runnable);
    CT_CHECK(runnable > 0, "no runnable kernel");
    return ct_test_finish("test_kernel_block");
}
