/* test_kernel_conformance.c -- every kernel against the reference metric (checkasm style).
 *
 * For every kernel compiled into ct_kernel (each auto ISA build, avx2,
 * avx512; f64 and f32) that this CPU can run, on random rows:
 *   m in 1..33, 63, 64, 65, 127, 128, 129, 511, 512, 513; dim 1, 2, 3, 7;
 *   RBF and Matern 5/2; v_stride == m (unaligned rows) and padded to a
 *   multiple of 8 (padding filled with NaN, so reading it poisons the result);
 *   batches of 1, 7, 8, 9, 64 through dist_gather (random scattered ids with
 *   repeats) and dist_range;
 * the outputs are compared with ct_metric_distance_raw (core, strict IEEE).
 * Also: the query's own row in a batch gives exactly 0; a repeated id gives
 * bitwise the same distance; gather over first..first+count-1 equals range;
 * with self_row = -1 the query's row is computed, not forced; an f32 kernel's
 * outputs are floats converted to double.
 *
 * The error bound is the metric's rounding bound, compared in squared-distance
 * space (where the clamp and 1 - |rho| are 1-Lipschitz, so no sqrt
 * amplification near d = 0):
 *   |d_k^2 - d_ref^2| <= ct_metric_rounding_bound(cov, m, S, p_q, p_r, u)
 *     = [4 m u S + 4 (dim + 16) u s2 + 8 u (s2 + S)] / sqrt(p_q p_r) + 16 u
 * with S = sum_t |V_qt V_rt| (<= |V_q||V_r|), u the unit roundoff of the
 * kernel's precision (2^-53 or 2^-24); derivation in variants/core/metric.c.
 * It is the same bound ct_knn_compare allows between an engine and the
 * oracle (knn.h), so what this test proves of each kernel is what the
 * exactness check relies on.
 * The f32 reference is ct_metric_distance_raw on the float-rounded data
 * (x, V, p rounded to float and back, exactly), so the bound covers only the
 * kernel's float arithmetic (the reference's double error is far below it).
 * The reported max error/bound ratios show how much slack there is.
 *
 * Plus: well-conditioned data (p >= 0.5, m = 64) where every f64 kernel agrees
 * with the reference within 1e-14 absolute; residual-like datasets from
 * ct_workload_synthesize (tiny p, heavy cancellation; normal points, and the
 * duplicates / duplicates10 generators with repeated locations and 1e-12
 * near copies) where the f64 kernels stay within the bound and give points
 * at one location exactly the reference value 0; and rows identical to the
 * query's row planted in random tables, which every kernel must resolve by
 * the identical-row rule of kernel_common.h (f64: the reference value bit
 * for bit, f32: 0).  A kernel this CPU cannot run is reported and
 * skipped; the baseline auto build always runs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/kernel.h"
#include "ct/metric.h"
#include "ct/rng.h"
#include "ct/workload.h"
#include "testutil.h"
/* Internal list of every compiled kernel, including lower-ISA auto builds. */
#include "../variants/kernel/kernel_impl.h"

#define SEED 20240611u
#define NROWS 96
#define MAX_KERNELS 32
#define MAX_BATCH 64

static const double U64 = 0x1p-53;
static const double U32 = 0x1p-24;

typedef struct kstat {
    const ct_kernel *k;
    long distances;
    double max_ratio; /* max error / bound */
    int failures;
} kstat;

static kstat kernels[MAX_KERNELS];
static int nkernels;

static const char *kname(const ct_kernel *k)
{
    static char buf[8][64];
    static int slot;
    char *b = buf[slot++ % 8];
    snprintf(b, 64, "%s/%s %s", k->name, k->isa, k->precision == CT_PRECISION_F64 ? "f64" : "f32");
    return b;
}

/* A random table of NROWS rows, in f64 and f32 (plus the f32 values in double
 * for the reference).  V rows have norm < 0.7, s2 = 1, p = s2 - |V|^2 >= 0.51. */
typedef struct table {
    int n, dim, m, stride;
    ct_covariance cov;
    double *x, *v, *p;    /* f64 rows */
    float *xf, *vf, *pf;  /* f32 rows */
    double *xr, *vr, *pr; /* f32 rows as double (reference for f32) */
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
    ct_free(t->xr);
    ct_free(t->vr);
    ct_free(t->pr);
    memset(t, 0, sizeof *t);
}

static int table_make(table *t, int m, int dim, ct_covariance_kind kind, int padded, ct_rng *rng)
{
    memset(t, 0, sizeof *t);
    t->n = NROWS;
    t->dim = dim;
    t->m = m;
    t->stride = padded ? (m + 7) / 8 * 8 : m;
    t->cov.kind = kind;
    t->cov.dim = dim;
    t->cov.variance = 1.0;
    for (int d = 0; d < dim; d++) t->cov.lengthscale[d] = 0.5 + 1.5 * ct_rng_uniform(rng);
    size_t nx = (size_t)t->n * dim, nv = (size_t)t->n * t->stride;
    t->x = ct_malloc_array(nx, sizeof(double));
    t->v = ct_malloc_array(nv, sizeof(double));
    t->p = ct_malloc_array(t->n, sizeof(double));
    t->xf = ct_malloc_array(nx, sizeof(float));
    t->vf = ct_malloc_array(nv, sizeof(float));
    t->pf = ct_malloc_array(t->n, sizeof(float));
    t->xr = ct_malloc_array(nx, sizeof(double));
    t->vr = ct_malloc_array(nv, sizeof(double));
    t->pr = ct_malloc_array(t->n, sizeof(double));
    if (!t->x || !t->v || !t->p || !t->xf || !t->vf || !t->pf || !t->xr || !t->vr || !t->pr)
        return -1;
    for (size_t i = 0; i < nx; i++) {
        t->x[i] = 1.5 * ct_rng_normal(rng);
        t->xf[i] = (float)t->x[i];
        t->xr[i] = t->xf[i];
    }
    for (int r = 0; r < t->n; r++) {
        double *row = t->v + (size_t)r * t->stride, norm2 = 0.0;
        for (int j = 0; j < m; j++) {
            row[j] = ct_rng_normal(rng);
            norm2 += row[j] * row[j];
        }
        double scale = 0.7 * ct_rng_uniform(rng) / sqrt(norm2 > 0 ? norm2 : 1.0);
        double vv = 0.0, vvf = 0.0;
        for (int j = 0; j < t->stride; j++) {
            size_t o = (size_t)r * t->stride + j;
            if (j < m) {
                t->v[o] = row[j] * scale;
                t->vf[o] = (float)t->v[o];
                t->vr[o] = t->vf[o];
                vv += t->v[o] * t->v[o];
                vvf += t->vr[o] * t->vr[o];
            } else {
                t->v[o] = NAN;
                t->vf[o] = NAN;
                t->vr[o] = NAN;
            }
        }
        t->p[r] = t->cov.variance - vv;
        t->pf[r] = (float)(t->cov.variance - vvf);
        t->pr[r] = t->pf[r];
    }
    ct_rows base;
    memset(&base, 0, sizeof base);
    base.n = t->n;
    base.dim = dim;
    base.m = m;
    base.v_stride = t->stride;
    base.cov = t->cov;
    for (int d = 0; d < dim; d++) base.inv_lengthscale[d] = 1.0 / t->cov.lengthscale[d];
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

/* Reference distance (and its bound) between rows q and r of the double
 * arrays x, v, p (stride `stride`). */
static double ref_dist(const ct_covariance *cov, int dim, int m, int stride, const double *x,
                       const double *v, const double *p, int32_t q, int32_t r, double u,
                       double *bnd)
{
    const double *vq = v + (size_t)q * stride, *vr = v + (size_t)r * stride;
    *bnd = ct_metric_rounding_bound(cov, m, ct_metric_abs_dot(vq, vr, m), p[q], p[r], u);
    return ct_metric_distance_raw(cov, x + (size_t)q * dim, x + (size_t)r * dim, vq, vr, m, p[q],
                                  p[r]);
}

typedef struct batch {
    int32_t q;
    int32_t self_row; /* what the query row says (q or -1) */
    int count;
    int32_t ids[MAX_BATCH]; /* the rows, for both modes */
    int range;              /* 1: ids are first..first+count-1 */
} batch;

/* Run kernel `ks` on batch b of table t and check every output. */
static void check_batch(kstat *ks, const table *t, const batch *b, const char *what)
{
    const ct_kernel *k = ks->k;
    const int f64 = k->precision == CT_PRECISION_F64;
    const ct_rows *rows = f64 ? &t->rows64 : &t->rows32;
    const double *x = f64 ? t->x : t->xr, *v = f64 ? t->v : t->vr, *p = f64 ? t->p : t->pr;
    const double u = f64 ? U64 : U32;
    double out[MAX_BATCH], out2[MAX_BATCH];
    ct_query_row q = ct_rows_query(rows, b->q);
    q.self_row = b->self_row;
    for (int i = 0; i < b->count; i++) out[i] = out2[i] = -7.0;
    if (b->range) k->dist_range(rows, &q, b->ids[0], b->count, out);
    else k->dist_gather(rows, &q, b->ids, b->count, out);

    for (int i = 0; i < b->count; i++) {
        int32_t r = b->ids[i];
        if (r == b->self_row) {
            CT_CHECK(out[i] == 0.0 && !signbit(out[i]), "%s %s: self row %d gave %.17g", kname(k),
                     what, r, out[i]);
            continue;
        }
        double bnd;
        double ref = ref_dist(&t->cov, t->dim, t->m, t->stride, x, v, p, b->q, r, u, &bnd);
        double err = fabs(out[i] * out[i] - ref * ref);
        int ok = err <= bnd && out[i] >= 0.0 && out[i] <= 1.0;
        if (!f64 && (double)(float)out[i] != out[i]) ok = 0; /* f32 math ends in a float */
        if (ok && err / bnd > ks->max_ratio) ks->max_ratio = err / bnd;
        if (!ok && ++ks->failures <= 10) /* the summary check counts the rest */
            CT_CHECK(ok,
                     "%s %s: q=%d r=%d m=%d dim=%d stride=%d cov=%d: got %.17g ref %.17g "
                     "|d^2 diff| %.3g > bound %.3g",
                     kname(k), what, b->q, r, t->m, t->dim, t->stride, (int)t->cov.kind, out[i],
                     ref, err, bnd);
        ks->distances++;
    }
    /* A repeated id gives bitwise the same distance. */
    for (int i = 1; i < b->count; i++)
        for (int j = 0; j < i; j++)
            if (b->ids[i] == b->ids[j] && memcmp(&out[i], &out[j], sizeof(double)) != 0) {
                CT_CHECK(0, "%s %s: id %d repeated at %d and %d gave %.17g and %.17g", kname(k),
                         what, b->ids[i], j, i, out[j], out[i]);
                break;
            }
    /* Gather over a contiguous run equals range, bitwise. */
    if (b->range) {
        k->dist_gather(rows, &q, b->ids, b->count, out2);
        CT_CHECK(memcmp(out, out2, (size_t)b->count * sizeof(double)) == 0,
                 "%s %s: gather over first..first+count-1 differs from range", kname(k), what);
    }
}

static void make_batch(batch *b, int n, int count, int range, ct_rng *rng)
{
    b->count = count;
    b->range = range;
    b->q = (int32_t)ct_rng_below(rng, (uint64_t)n);
    b->self_row = b->q;
    uint64_t mode = ct_rng_below(rng, 4); /* 0,1: self in batch; 2: maybe not; 3: self_row -1 */
    if (range) {
        int32_t first;
        if (mode <= 1) { /* a range containing q */
            int32_t lo = b->q - count + 1 < 0 ? 0 : b->q - count + 1;
            int32_t hi = b->q < n - count ? b->q : n - count;
            first = lo + (int32_t)ct_rng_below(rng, (uint64_t)(hi - lo + 1));
        } else {
            first = (int32_t)ct_rng_below(rng, (uint64_t)(n - count + 1));
        }
        for (int i = 0; i < count; i++) b->ids[i] = first + i;
    } else {
        for (int i = 0; i < count; i++) b->ids[i] = (int32_t)ct_rng_below(rng, (uint64_t)n);
        if (count > 1) b->ids[count - 1] = b->ids[0]; /* a repeat */
        if (count > 2) b->ids[1] = b->ids[count / 2]; /* another one */
        if (mode <= 1 || mode == 3) b->ids[ct_rng_below(rng, (uint64_t)count)] = b->q;
    }
    if (mode == 3) b->self_row = -1;
}

static void conformance_sweep(void)
{
    static const int extra_m[] = {63, 64, 65, 127, 128, 129, 511, 512, 513};
    static const int dims[] = {1, 2, 3, 7};
    static const int counts[] = {1, 7, 8, 9, 64};
    int ms[33 + 9];
    int nm = 0;
    for (int m = 1; m <= 33; m++) ms[nm++] = m;
    for (int i = 0; i < 9; i++) ms[nm++] = extra_m[i];

    ct_rng rng;
    ct_rng_seed(&rng, SEED);
    for (int im = 0; im < nm; im++)
        for (int id = 0; id < 4; id++)
            for (int kind = 0; kind < 2; kind++)
                for (int padded = 0; padded < 2; padded++) {
                    table t;
                    if (table_make(&t, ms[im], dims[id], (ct_covariance_kind)kind, padded, &rng)) {
                        CT_CHECK(0, "out of memory");
                        table_free(&t);
                        return;
                    }
                    for (int ic = 0; ic < 5; ic++)
                        for (int range = 0; range < 2; range++) {
                            batch b;
                            make_batch(&b, t.n, counts[ic], range, &rng);
                            char what[96];
                            snprintf(what, sizeof what, "%s m=%d dim=%d %s %s count=%d",
                                     range ? "range" : "gather", t.m, t.dim,
                                     kind ? "matern" : "rbf", padded ? "padded" : "stride=m",
                                     b.count);
                            for (int k = 0; k < nkernels; k++)
                                check_batch(&kernels[k], &t, &b, what);
                        }
                    table_free(&t);
                }
}

/* Well-conditioned rows: every f64 kernel within 1e-14 of the reference. */
static void well_conditioned(void)
{
    ct_rng rng;
    ct_rng_seed(&rng, SEED + 1);
    for (int kind = 0; kind < 2; kind++) {
        table t;
        if (table_make(&t, 64, 3, (ct_covariance_kind)kind, 0, &rng)) {
            CT_CHECK(0, "out of memory");
            table_free(&t);
            return;
        }
        int32_t ids[NROWS];
        double out[NROWS];
        for (int k = 0; k < nkernels; k++) {
            const ct_kernel *kr = kernels[k].k;
            if (kr->precision != CT_PRECISION_F64) continue;
            double worst = 0.0;
            for (int32_t qi = 0; qi < t.n; qi += 5) {
                ct_query_row q = ct_rows_query(&t.rows64, qi);
                for (int i = 0; i < t.n; i++) ids[i] = (i * 37 + qi) % t.n;
                kr->dist_gather(&t.rows64, &q, ids, t.n, out);
                for (int i = 0; i < t.n; i++) {
                    if (ids[i] == qi) continue;
                    double bnd;
                    double ref = ref_dist(&t.cov, 3, 64, 64, t.x, t.v, t.p, qi, ids[i], U64, &bnd);
                    double e = fabs(out[i] - ref);
                    if (e > worst) worst = e;
                }
            }
            CT_CHECK(worst <= 1e-14, "%s well-conditioned %s: max |d - d_ref| = %.3g > 1e-14",
                     kname(kr), kind ? "matern" : "rbf", worst);
            printf("  %-22s well-conditioned %-6s m=64: max |d - d_ref| = %.2g\n", kname(kr),
                   kind ? "matern" : "rbf", worst);
        }
        table_free(&t);
    }
}

/* Residual-like rows from the real factor: tiny p, heavy cancellation.  On a
 * workload with repeated locations also: a row whose x equals the query's
 * (and so, from the factor, V and p) gets exactly the reference value, which
 * is 0; near copies (1e-12 apart) stay within the bound, which is what the
 * squared scale is for (there |d - d_ref| is ~1e-5 while |d^2 - d_ref^2| is
 * a small fraction of the bound). */
static void residual_case(ct_points_kind points, int32_t n, int dim, int m, double lengthscale,
                          ct_covariance_kind kind)
{
    ct_synthetic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.points = points;
    spec.n = n;
    spec.dim = dim;
    spec.m = m;
    spec.cov.kind = kind;
    spec.cov.dim = dim;
    spec.cov.variance = 1.3;
    for (int d = 0; d < dim; d++) spec.cov.lengthscale[d] = lengthscale;
    spec.seed = SEED + 2;
    ct_dataset ds;
    memset(&ds, 0, sizeof ds);
    ct_error err;
    ct_error_clear(&err);
    int rc = ct_workload_synthesize(&spec, &ds, &err);
    CT_CHECK(rc == CT_OK, "ct_workload_synthesize: %s", err.msg);
    if (rc != CT_OK) return;
    ct_rows rows;
    rc = ct_rows_view_f64(&ds, &rows);
    CT_CHECK(rc == CT_OK, "ct_rows_view_f64 on a synthesized dataset: %d", rc);
    double pmin = INFINITY, nsmall = 0;
    for (int i = 0; i < ds.n; i++) {
        if (ds.p[i] < pmin) pmin = ds.p[i];
        if (ds.p[i] < 1e-3) nsmall++;
    }
    int32_t *ids = malloc((size_t)ds.n * sizeof *ids);
    double *out = malloc((size_t)ds.n * sizeof *out);
    for (int k = 0; rc == CT_OK && k < nkernels; k++) {
        const ct_kernel *kr = kernels[k].k;
        if (kr->precision != CT_PRECISION_F64) continue;
        double worst_ratio = 0.0, worst_abs = 0.0, near_sq = 0.0, near_abs = 0.0;
        long same = 0, near = 0;
        int bad = 0, bad_same = 0;
        for (int32_t qi = 0; qi < ds.n; qi += 7) {
            ct_query_row q = ct_rows_query(&rows, qi);
            const double *xq = ds.x + (size_t)qi * (size_t)dim;
            for (int pass = 0; pass < 2; pass++) {
                if (pass == 0) {
                    for (int i = 0; i < ds.n; i++) ids[i] = (i * 151 + qi) % ds.n;
                    kr->dist_gather(&rows, &q, ids, ds.n, out);
                } else {
                    for (int i = 0; i < ds.n; i++) ids[i] = i;
                    kr->dist_range(&rows, &q, 0, ds.n, out);
                }
                for (int i = 0; i < ds.n; i++) {
                    const double *xr = ds.x + (size_t)ids[i] * (size_t)dim;
                    double ref = ct_metric_distance(&ds, qi, ids[i]), gap = 0.0;
                    if (ids[i] == qi) {
                        if (out[i] != 0.0) bad++;
                        continue;
                    }
                    for (int t = 0; t < dim; t++)
                        if (fabs(xq[t] - xr[t]) > gap) gap = fabs(xq[t] - xr[t]);
                    if (gap == 0.0) { /* one location: the reference value, 0 */
                        same++;
                        if (memcmp(&out[i], &ref, sizeof ref) != 0 || ref != 0.0) {
                            if (bad_same++ < 5)
                                CT_CHECK(0, "%s: q=%d r=%d at one location: got %.17g, ref %.17g",
                                         kname(kr), qi, ids[i], out[i], ref);
                        }
                        continue;
                    }
                    double bnd;
                    (void)ref_dist(&ds.cov, dim, ds.m, ds.m, ds.x, ds.v, ds.p, qi, ids[i], U64,
                                   &bnd);
                    double e = fabs(out[i] * out[i] - ref * ref);
                    if (e > bnd) {
                        if (bad++ < 5)
                            CT_CHECK(0,
                                     "%s residual-like: q=%d r=%d got %.17g ref %.17g "
                                     "(|d^2 diff| %.3g > %.3g)",
                                     kname(kr), qi, ids[i], out[i], ref, e, bnd);
                    }
                    if (e / bnd > worst_ratio) worst_ratio = e / bnd;
                    if (fabs(out[i] - ref) > worst_abs) worst_abs = fabs(out[i] - ref);
                    if (gap < 1e-9) {
                        near++;
                        if (e > near_sq) near_sq = e;
                        if (fabs(out[i] - ref) > near_abs) near_abs = fabs(out[i] - ref);
                    }
                }
            }
        }
        CT_CHECK(bad == 0, "%s residual-like %s: %d distances outside the bound", kname(kr),
                 ct_points_kind_name(points), bad);
        CT_CHECK(bad_same == 0, "%s residual-like %s: %d pairs at one location not exact",
                 kname(kr), ct_points_kind_name(points), bad_same);
        printf("  %-22s residual-like %-10s %-6s n=%d m=%d (min p %.2g, %.0f%% of p < 1e-3): "
               "max |d - d_ref| = %.2g, max err/bound = %.3f",
               kname(kr), ct_points_kind_name(points), kind ? "matern" : "rbf", (int)n, m, pmin,
               100.0 * nsmall / ds.n, worst_abs, worst_ratio);
        if (same || near)
            printf("; %ld pairs at one location all exact; %ld near-copy pairs: max |d - d_ref| "
                   "%.2g, max |d^2 - d_ref^2| %.2g",
                   same, near, near_abs, near_sq);
        printf("\n");
    }
    free(ids);
    free(out);
    ct_dataset_free(&ds);
}

static void residual_like(void)
{
    for (int kind = 0; kind < 2; kind++)
        residual_case(CT_POINTS_NORMAL, 400, 3, 160, 1.0, (ct_covariance_kind)kind);
    for (int kind = 0; kind < 2; kind++)
        residual_case(CT_POINTS_DUPLICATES, 600, 2, 64, 0.3, (ct_covariance_kind)kind);
    residual_case(CT_POINTS_DUPLICATES10, 300, 2, 40, 0.3, CT_COVARIANCE_MATERN52);
}

/* Rows equal to the query's (copied bit for bit, p included) inside random
 * tables: f64 kernels return exactly ct_metric_distance_raw (the reference,
 * whose summation order need not give 0 here since these p are not the
 * factor's), f32 kernels 0 (p >= 0.51 > the floor); gather and range. */
static void identical_rows(void)
{
    ct_rng rng;
    ct_rng_seed(&rng, SEED + 3);
    for (int mi = 0; mi < 3; mi++) {
        static const int ms[] = {7, 64, 129};
        table t;
        if (table_make(&t, ms[mi], 3, (ct_covariance_kind)(mi % 2), mi == 1, &rng)) {
            CT_CHECK(0, "out of memory");
            table_free(&t);
            return;
        }
        const int32_t q = 5, copies[3] = {6, 40, 91};
        for (int c = 0; c < 3; c++) { /* rows copied in all three precisions' arrays */
            memcpy(t.x + copies[c] * t.dim, t.x + q * t.dim, (size_t)t.dim * sizeof(double));
            memcpy(t.xf + copies[c] * t.dim, t.xf + q * t.dim, (size_t)t.dim * sizeof(float));
            memcpy(t.v + (size_t)copies[c] * t.stride, t.v + (size_t)q * t.stride,
                   (size_t)t.stride * sizeof(double));
            memcpy(t.vf + (size_t)copies[c] * t.stride, t.vf + (size_t)q * t.stride,
                   (size_t)t.stride * sizeof(float));
            t.p[copies[c]] = t.p[q];
            t.pf[copies[c]] = t.pf[q];
        }
        for (int k = 0; k < nkernels; k++) {
            const ct_kernel *kr = kernels[k].k;
            const int f64 = kr->precision == CT_PRECISION_F64;
            const ct_rows *rows = f64 ? &t.rows64 : &t.rows32;
            ct_query_row qr = ct_rows_query(rows, q);
            double out[64];
            for (int range = 0; range < 2; range++) {
                int32_t first = 0, count = 64, ids[64];
                for (int i = 0; i < count; i++) ids[i] = range ? i : (i * 13 + 2) % t.n;
                ids[10] = copies[0];
                if (range) {
                    first = 30;
                    for (int i = 0; i < count; i++) ids[i] = first + i; /* holds 40 and 91 */
                    kr->dist_range(rows, &qr, first, count, out);
                } else {
                    ids[20] = copies[2];
                    kr->dist_gather(rows, &qr, ids, count, out);
                }
                for (int i = 0; i < count; i++) {
                    int copy = ids[i] == copies[0] || ids[i] == copies[1] || ids[i] == copies[2];
                    if (!copy) continue;
                    double want =
                        f64 ? ct_metric_distance_raw(&t.cov, t.x + q * t.dim, t.x + ids[i] * t.dim,
                                                     t.v + (size_t)q * t.stride,
                                                     t.v + (size_t)ids[i] * t.stride, t.m, t.p[q],
                                                     t.p[ids[i]])
                            : 0.0;
                    CT_CHECK(memcmp(&out[i], &want, sizeof want) == 0,
                             "%s m=%d %s: row %d identical to query row %d gave %.17g, want "
                             "%.17g",
                             kname(kr), t.m, range ? "range" : "gather", ids[i], q, out[i], want);
                }
            }
        }
        table_free(&t);
    }
}

int main(void)
{
    printf("test_kernel_conformance: seed %u\n", SEED);
    int have_simd = 0;
    for (int i = 0; i < ct_kernel_compiled_count(); i++) {
        const char *why = NULL;
        const ct_kernel *k = ct_kernel_compiled_get(i, &why);
        if (!k) continue;
        if (why) {
            printf("  skip %-22s: %s\n", kname(k), why);
            continue;
        }
        if (nkernels < MAX_KERNELS) {
            kernels[nkernels].k = k;
            nkernels++;
        }
        if (strcmp(k->isa, "x86-64") != 0) have_simd = 1;
    }
    CT_CHECK(nkernels >= 2, "at least the baseline auto kernels (f64, f32) must run, got %d",
             nkernels);
    if (!have_simd)
        printf("  no SIMD kernel is available (not compiled, or the CPU lacks it): "
               "only the baseline auto build was tested\n");

    conformance_sweep();
    for (int k = 0; k < nkernels; k++) {
        printf("  %-22s %8ld distances checked, max err/bound = %.3f, %d outside\n",
               kname(kernels[k].k), kernels[k].distances, kernels[k].max_ratio,
               kernels[k].failures);
        CT_CHECK(kernels[k].failures == 0, "%s: %d distances outside the bound",
                 kname(kernels[k].k), kernels[k].failures);
        CT_CHECK(kernels[k].distances > 100000, "%s: only %ld distances checked",
                 kname(kernels[k].k), kernels[k].distances);
    }
    well_conditioned();
    residual_like();
    identical_rows();
    return ct_test_finish("test_kernel_conformance");
}
