/* kernel_screen.c -- dist_screen of the kernel metric: every distance of an
 * ni x nj block from one dgemm, with a rigorous bound on how far it can be
 * from the value any kernel's dist_gather computes.
 *
 * Why: the tree build needs, at every node, only the children within the
 * covering radius, but it has to know that the others are outside.  A dgemm
 * computes the products V_i . V_j of a whole block at the machine's best
 * speed; with a bound on the difference to the kernel's own value, every
 * pair whose approximation is farther than radius + bound is certainly
 * outside, and only the few others need the kernel's exact (bit-defining)
 * value.  The approximation never enters the tree; it only proves pairs
 * irrelevant.
 *
 * The kernel computes D = sqrt(1 - |clamp rho|), rho = fl(k - dot) /
 * fl(sqrt(fl(p_i p_j))) (kernel_common.h).  Here D' is the same from the
 * dgemm product dot', the covariance k' (cov_eval_f64, compiled without
 * FMA contraction) and per-row reciprocals: rho' = fl(k' - dot') * (w_i w_j),
 * w = fl(1 / fl(sqrt(p))); D' = 0 for i == j, as in the kernel.
 * Error, with u = 2^-53, m the row length, s2 the variance (|k| <= s2),
 * N_i = an upper bound on |V_i| (the computed norm times 1 + 2 (m + 4) u),
 * S = sqrt(p_i p_j) exactly:
 *  - |dot - dot'| <= 2 gamma_m N_i N_j: both are sums of the same m products
 *    in some order, each within gamma_m sum |V_it V_jt| <= gamma_m N_i N_j of
 *    the exact value (Higham, Accuracy and Stability, 3.1; any order, with or
 *    without FMA), gamma_m = m u / (1 - m u).
 *  - |k - k'| <= 8 (dim + 16) u s2: the kernels contract the covariance
 *    differently (-ffp-contract=fast); the per-side bound (dim + 14) u s2 is
 *    derived in tests/test_kernel_conformance.c, used here with a factor 4
 *    over both sides.
 *  - rho = N_k / S (1 + t), |t| <= 5 u (four roundings) and rho' = N_s / S
 *    (1 + t'), |t'| <= 8 u (subtraction, two sqrt, two divisions, two
 *    products), with |N_k|, |N_s| <= 1.01 (s2 + N_i N_j) the exact
 *    differences of the computed k, dot; so |rho - rho'| <= E with
 *    E = [C1 s2 + C2 N_i N_j] / S, C1 = (8 (dim + 16) + 16) u,
 *    C2 = 2 gamma_m + 16 u (the clamp is 1-Lipschitz);
 *  - 1 - |rho| moves by at most E + 2 u and its sqrt by at most
 *    sqrt(E + 2 u) (|sqrt a - sqrt b| <= sqrt|a - b|), plus 2 u for the two
 *    roundings of sqrt: |D - D'| <= sqrt(E + 2 u) + 2 u.
 *  - per row, with 1/S <= w_i w_j (1 + 5 u) and sqrt subadditive,
 *    sqrt(E + 2 u) <= sqrt(C1 s2) A_i A_j + sqrt(C2) B_i B_j + sqrt(2 u),
 *    A = sqrt(w (1 + 5 u)), B = sqrt(N w (1 + 5 u)) (rounded up by 1 + 4 u):
 *    two products per pair, no square root or division.
 * bound = 2 sqrt(2) [sqrt(C1 s2) A_i A_j + sqrt(C2) B_i B_j + sqrt(2 u)]
 * + 8 u: a factor 2 sqrt(2) over the derivation, so the roundings of the
 * bound itself and of the caller's comparison cannot matter.
 * A row is unusable (its pairs get bound = +inf: nothing promised, the
 * caller computes the exact value, which is how a NaN distance still reaches
 * the build's "unusable metric value" error) when an x is beyond 1e100 (or
 * NaN), p is outside [1e-150, 1e150] (or NaN: so fl(p_i p_j) neither
 * underflows nor overflows), or N w is not finite (V non-finite or huge).
 * For usable rows every kernel value is a number in [0, 1].
 * The packed rows and the per-row terms live in the caller's work space
 * (ct_kernel_screen_work doubles), so nothing is allocated per call.
 *
 * Threads: called from serial code; one OpenMP region packs the rows, then
 * hands out slices of SLICE_ROWS rows of the block dynamically: each a
 * single-threaded dgemm (ct/blas_threads.h) and the per-pair loop over it.  The
 * approximations may depend on the slicing (dgemm's blocking); the bounds
 * hold for any blocking, and the build's result depends on neither.
 */
#include <cblas.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <string.h>

#include "ct/blas_threads.h"
#include "kernel_common.h"
#include "kernel_impl.h"

static const double UNIT = 0x1p-53;
/* Inputs beyond these make a row unusable (see the header). */
static const double X_LIMIT = 1e100;
static const double P_MIN = 1e-150, P_MAX = 1e150;
/* Rows of the block per dgemm slice (a gemm of 32 x nj x m is still efficient). */
#define SLICE_ROWS 32

/* Per-row terms of the bound and the approximation. */
typedef struct row_terms {
    double w; /* 1 / sqrt(p) */
    double a; /* A (times the pair constant on the query side) */
    double b; /* B (likewise) */
} row_terms;

/* Pack rows ids[0..count) of V into dst (count x m) and fill their terms;
 * ka, kb scale A and B (1 on one side, the constants on the other).  An
 * unusable row gets a = +inf and b = 0, so every bound of its pairs is +inf
 * (the partner's A is positive and finite, or +inf too). */
static void pack_rows(const ct_rows *rows, const int32_t *ids, int count, double *dst,
                      row_terms *terms, double ka, double kb)
{
    const int m = rows->m, dim = rows->dim;
    const double *p = rows->p;
    const double grow_norm = 1.0 + 2.0 * (m + 4) * UNIT, grow = 1.0 + 5.0 * UNIT;
    const double up = 1.0 + 4.0 * UNIT;
    for (int a = 0; a < count; a++) {
        const double *v = row_v_f64(rows, ids[a]), *x = row_x_f64(rows, ids[a]);
        const double pa = p[ids[a]];
        double ss = 0.0, norm, w;
        int usable = pa >= P_MIN && pa <= P_MAX;
        memcpy(dst + (size_t)a * (size_t)m, v, (size_t)m * sizeof *v);
        for (int t = 0; t < m; t++) ss += v[t] * v[t];
        for (int t = 0; t < dim; t++) usable = usable && fabs(x[t]) <= X_LIMIT;
        norm = sqrt(ss) * grow_norm;
        w = 1.0 / sqrt(usable ? pa : 1.0);
        terms[a].w = w;
        terms[a].a = ka * sqrt(w * grow) * up;
        terms[a].b = kb * sqrt(norm * w * grow) * up;
        if (!usable || !isfinite(terms[a].a) || !isfinite(terms[a].b)) {
            terms[a].a = INFINITY; /* inf * A + 0 * B = inf for every partner */
            terms[a].b = 0.0;
        }
    }
}

/* Rows a0..a1 of the block: their dgemm slice, then approximations and bounds. */
static void screen_rows(const ct_rows *rows, const int32_t *is, int a0, int a1, const int32_t *js,
                        int nj, const double *a_rows, const row_terms *at, const double *b_rows,
                        const row_terms *bt, double k0, double *approx, double *bound)
{
    const int m = rows->m;
    cov_f64 c;

    if (a1 <= a0) return;
    /* approx first holds the products V_i . V_j */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, a1 - a0, nj, m, 1.0,
                a_rows + (size_t)a0 * (size_t)m, m, b_rows, m, 0.0,
                approx + (size_t)a0 * (size_t)nj, nj);
    cov_init_f64(&c, rows);
    for (int a = a0; a < a1; a++) {
        const int32_t i = is[a];
        const double *xi = row_x_f64(rows, i);
        const row_terms ti = at[a];
        double *ap = approx + (size_t)a * (size_t)nj, *bp = bound + (size_t)a * (size_t)nj;
        /* the covariances first (a libm call each), then the rest in a loop
         * without calls */
        for (int b = 0; b < nj; b++) bp[b] = cov_eval_f64(&c, xi, row_x_f64(rows, js[b]));
        for (int b = 0; b < nj; b++) {
            double rho = (bp[b] - ap[b]) * (ti.w * bt[b].w);
            rho = rho > 1.0 ? 1.0 : rho < -1.0 ? -1.0 : rho;
            ap[b] = sqrt(1.0 - fabs(rho));
            bp[b] = ti.a * bt[b].a + ti.b * bt[b].b + k0;
        }
        for (int b = 0; b < nj; b++)
            if (js[b] == i) {
                ap[b] = 0.0;
                bp[b] = 0.0;
            }
    }
}

size_t ct_kernel_screen_work(const ct_rows *rows, int ni, int nj)
{
    const size_t per_row = (size_t)rows->m + sizeof(row_terms) / sizeof(double);
    return ((size_t)ni + (size_t)nj) * per_row;
}

void ct_kernel_screen_f64(const ct_rows *rows, const int32_t *is, int ni, const int32_t *js, int nj,
                          double *approx, double *bound, double *work)
{
    const int m = rows->m;
    const size_t cells = (size_t)ni * (size_t)nj;
    const double gamma = m * UNIT / (1.0 - m * UNIT);
    const double c1 = (8.0 * (rows->dim + 16) + 16.0) * UNIT * rows->cov.variance;
    const double c2 = 2.0 * gamma + 16.0 * UNIT;
    const double margin = 2.0 * sqrt(2.0) * (1.0 + 8.0 * UNIT);
    const double ka = margin * sqrt(c1), kb = margin * sqrt(c2);
    const double k0 = margin * sqrt(2.0 * UNIT) + 8.0 * UNIT;
    double *a_rows = work, *b_rows = a_rows + (size_t)ni * (size_t)m;
    row_terms *at = (row_terms *)(b_rows + (size_t)nj * (size_t)m), *bt = at + ni;
    int blas_threads;

    if (ni <= 0 || nj <= 0) return;
    blas_threads = ct_blas_serial_begin();
#pragma omp parallel if (cells >= 4096)
    {
        const int nt = omp_get_num_threads(), tid = omp_get_thread_num();
        const int a0 = (int)((int64_t)ni * tid / nt), a1 = (int)((int64_t)ni * (tid + 1) / nt);
        const int b0 = (int)((int64_t)nj * tid / nt), b1 = (int)((int64_t)nj * (tid + 1) / nt);
        pack_rows(rows, is + a0, a1 - a0, a_rows + (size_t)a0 * (size_t)m, at + a0, ka, kb);
        pack_rows(rows, js + b0, b1 - b0, b_rows + (size_t)b0 * (size_t)m, bt + b0, 1.0, 1.0);
#pragma omp barrier
        /* slices of SLICE_ROWS rows, dynamically: a thread slowed down by
         * another process does not hold the others at the end */
#pragma omp for schedule(dynamic, 1)
        for (int s0 = 0; s0 < ni; s0 += SLICE_ROWS)
            screen_rows(rows, is, s0, ni - s0 < SLICE_ROWS ? ni : s0 + SLICE_ROWS, js, nj, a_rows,
                        at, b_rows, bt, k0, approx, bound);
    }
    ct_blas_serial_end(blas_threads);
}
