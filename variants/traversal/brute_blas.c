/* brute_blas.c -- the blocked brute-force baseline `brute_blas` (ct/brute.h).
 *
 * What a user would run instead of a tree: for a block of QUERY_BLOCK
 * queries and a chunk of POINT_CHUNK points, one cblas_dgemm (f64) or
 * cblas_sgemm (f32) computes every V_q . V_j of the block; then, under
 * OpenMP, each query of the block turns its row of products into distances
 * (covariance k(x_q, x_j), rho = (k - V_q.V_j) / sqrt(p_q p_j), clamp,
 * sqrt(1 - |rho|)) and feeds them to its result set (result_set.h: ties by
 * the smaller index, only eligible points, d(q,q) = 0 exactly).
 *
 * Threads: the GEMM is always called from serial code, so OpenBLAS uses its
 * own thread pool for it; the fused distance/top-k loop is an OpenMP
 * parallel for over the queries of the block.  The two never nest.
 * f32 (`brute_blas.f32`, approximate): the products come from sgemm over a
 * float copy of V (ct_brute_blas_f32_copy, made by the harness before the
 * timed region and passed to ct_brute_blas_knn_f32; ct_brute_blas_knn makes
 * one per call for convenience); everything else stays float64.
 * In predecessor mode only chunks below the block's largest query index
 * are multiplied.
 * Accuracy (f64): dgemm sums the m products in its own blocked order, so
 * the distances differ from the reference metric's by rounding amplified by
 * the cancellation in k - V.V (a few 1e-8 on the gold workload, like the
 * tree kernels), within the bound ct_knn_compare allows (knn.h).  A point
 * whose x, p and V row equal the query's (a repeated location) gets the
 * reference metric's value itself, ct_metric_distance (0 for a factor from
 * ct_factor_compute), as in the kernels (kernel_common.h): dgemm's product
 * would leave d ~ 1e-5 where the oracle says 0.  Both precisions (the check
 * reads the float64 dataset).
 * Work: dist_evals = the pairs turned into distances (nq * n without
 * predecessor/exclude_self), v_bytes = dist_evals * m * element size,
 * heap_ops = result-set insertions, nodes_visited = 0.
 */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/brute.h"
#include "ct/metric.h"
#include "result_set.h"

#define QUERY_BLOCK 256
#define POINT_CHUNK 32768

/* k(x, y) as ct_covariance_eval computes it, but multiplying by precomputed
 * inverse lengthscales (as the kernels do) and inlined into the fused loop. */
static inline double covariance(const ct_covariance *cov, const double *inv_l, const double *x,
                                const double *y)
{
    double r2 = 0.0;
    for (int t = 0; t < cov->dim; t++) {
        double z = (x[t] - y[t]) * inv_l[t];
        r2 += z * z;
    }
    if (cov->kind == CT_COVARIANCE_MATERN52) {
        double a = sqrt(5.0 * r2);
        return cov->variance * (1.0 + a + a * a / 3.0) * exp(-a);
    }
    return cov->variance * exp(-r2 / 2.0);
}

/* Do points q and j have equal x, p and V (values)? */
static int same_point(const ct_dataset *ds, int32_t q, int32_t j)
{
    const size_t dim = (size_t)ds->dim, m = (size_t)ds->m;
    const double *xq = ds->x + (size_t)q * dim, *xj = ds->x + (size_t)j * dim;
    const double *vq = ds->v + (size_t)q * m, *vj = ds->v + (size_t)j * m;
    if (ds->p[q] != ds->p[j]) return 0;
    for (size_t t = 0; t < dim; t++)
        if (xq[t] != xj[t]) return 0;
    for (size_t t = 0; t < m; t++)
        if (vq[t] != vj[t]) return 0;
    return 1;
}

/* sqrt(1 - |rho|) with rho clamped to [-1, 1] (ct_metric_rho_to_distance). */
static inline double rho_distance(double k, double dot, double pq, double pj)
{
    double rho = (k - dot) / sqrt(pq * pj);
    if (rho > 1.0) rho = 1.0;
    if (rho < -1.0) rho = -1.0;
    return sqrt(1.0 - fabs(rho));
}

static int check_args(const ct_dataset *ds, ct_precision precision, const int32_t *queries,
                      int32_t nq, const ct_query_spec *spec, const ct_knn_result *out,
                      ct_error *err)
{
    int rc;
    if (!ds || !out || nq < 0 || (nq > 0 && !queries))
        return ct_error_set(err, CT_EINVAL, "brute_blas: missing dataset, queries or output");
    if (!ds->v || !ds->p || !ds->x)
        return ct_error_set(err, CT_EINVAL, "brute_blas: dataset factor not computed");
    if (precision != CT_PRECISION_F64 && precision != CT_PRECISION_F32)
        return ct_error_set(err, CT_EINVAL, "brute_blas: unknown precision %d", (int)precision);
    rc = ct_query_spec_check(spec, ds->n, err);
    if (rc != CT_OK) return rc;
    for (int32_t i = 0; i < nq; i++)
        if (queries[i] < 0 || queries[i] >= ds->n)
            return ct_error_set(err, CT_EINVAL,
                                "brute_blas: query %ld is point %ld, outside [0, %ld)", (long)i,
                                (long)queries[i], (long)ds->n);
    return CT_OK;
}

/* The blocked search; vf is the float copy of V for f32, NULL for f64. */
static int brute_blas_run(const ct_dataset *ds, const float *vf, const int32_t *queries, int32_t nq,
                          const ct_query_spec *spec, ct_knn_result *out, ct_work *work,
                          ct_error *err)
{
    const int f32 = vf != NULL;
    const ct_precision precision = f32 ? CT_PRECISION_F32 : CT_PRECISION_F64;
    const size_t m = ds ? (size_t)ds->m : 0, dim = ds ? (size_t)ds->dim : 0;
    const size_t elem = f32 ? sizeof(float) : sizeof(double);
    void *vq = NULL, *g = NULL;
    rs_entry *storage = NULL;
    result_set *sets = NULL;
    uint64_t evals = 0, inserts = 0, rows = 0;
    double inv_l[CT_MAX_DIM];
    int rc, allocated = 0, k;

    rc = check_args(ds, precision, queries, nq, spec, out, err);
    if (rc != CT_OK) return rc;
    k = spec->k;
    if (!out->idx && !out->dist) {
        rc = ct_knn_result_alloc(out, nq, k);
        if (rc != CT_OK) {
            ct_error_set(err, rc, "brute_blas: out of memory for %ld x %d result", (long)nq, k);
            goto cleanup;
        }
        allocated = 1;
    } else if (out->nq != nq || out->k != k || !out->idx || !out->dist) {
        rc = ct_error_set(err, CT_EINVAL, "brute_blas: result is %ld x %d, expected %ld x %d",
                          (long)out->nq, out->k, (long)nq, k);
        goto cleanup;
    }
    vq = ct_malloc_array((size_t)QUERY_BLOCK * m, elem);
    g = ct_malloc_array((size_t)QUERY_BLOCK * POINT_CHUNK, elem);
    storage = ct_malloc_array((size_t)QUERY_BLOCK * (size_t)k, sizeof *storage);
    sets = ct_malloc_array(QUERY_BLOCK, sizeof *sets);
    if (!vq || !g || !storage || !sets) {
        rc = ct_error_set(err, CT_ENOMEM, "brute_blas: out of memory for block buffers");
        goto cleanup;
    }
    for (size_t t = 0; t < dim; t++) inv_l[t] = 1.0 / ds->cov.lengthscale[t];

    for (int32_t b0 = 0; b0 < nq; b0 += QUERY_BLOCK) {
        const int qcount = nq - b0 < QUERY_BLOCK ? (int)(nq - b0) : QUERY_BLOCK;
        int32_t end = ds->n;
        if (spec->predecessor) {
            end = 0;
            for (int t = 0; t < qcount; t++)
                if (queries[b0 + t] > end) end = queries[b0 + t];
        }
        for (int t = 0; t < qcount; t++) {
            size_t row = (size_t)queries[b0 + t] * m;
            rs_reset(&sets[t], storage + (size_t)t * (size_t)k, k);
            if (f32) memcpy((float *)vq + (size_t)t * m, vf + row, m * sizeof(float));
            else memcpy((double *)vq + (size_t)t * m, ds->v + row, m * sizeof(double));
        }
        rows += (uint64_t)end; /* the product reads each row once for the whole block */
        for (int32_t j0 = 0; j0 < end; j0 += POINT_CHUNK) {
            const int nb = end - j0 < POINT_CHUNK ? (int)(end - j0) : POINT_CHUNK;
            if (f32)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, qcount, nb, (int)m, 1.0f,
                            (const float *)vq, (int)m, vf + (size_t)j0 * m, (int)m, 0.0f,
                            (float *)g, nb);
            else
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, qcount, nb, (int)m, 1.0,
                            (const double *)vq, (int)m, ds->v + (size_t)j0 * m, (int)m, 0.0,
                            (double *)g, nb);
#pragma omp parallel for schedule(static) reduction(+ : evals, inserts)
            for (int t = 0; t < qcount; t++) {
                const int32_t q = queries[b0 + t];
                const double *xq = ds->x + (size_t)q * dim;
                const double pq = ds->p[q];
                int32_t jend = j0 + nb;
                if (spec->predecessor && q < jend) jend = q;
                for (int32_t j = j0; j < jend; j++) {
                    size_t at = (size_t)t * (size_t)nb + (size_t)(j - j0);
                    double dot, d;
                    if (j == q) {
                        if (spec->exclude_self) continue;
                        d = 0.0;
                    } else if (ds->x[(size_t)j * dim] == xq[0] && same_point(ds, q, j)) {
                        d = ct_metric_distance(ds, q, j);
                    } else {
                        dot = f32 ? (double)((const float *)g)[at] : ((const double *)g)[at];
                        d = rho_distance(covariance(&ds->cov, inv_l, xq, ds->x + (size_t)j * dim),
                                         dot, pq, ds->p[j]);
                    }
                    evals++;
                    inserts += (uint64_t)rs_insert(&sets[t], d, j);
                }
            }
        }
        for (int t = 0; t < qcount; t++)
            rs_finish(&sets[t], out->idx + (size_t)(b0 + t) * (size_t)k,
                      out->dist + (size_t)(b0 + t) * (size_t)k);
    }
    if (work) {
        work->dist_evals = evals;
        work->nodes_visited = 0;
        work->heap_ops = inserts;
        work->v_bytes = evals * (uint64_t)m * (uint64_t)elem;
        work->useful_pairs = evals; /* no pruning: every distance is one the answer needs */
        work->rows_fetched = rows;
        work->v_bytes_fetched = rows * (uint64_t)m * (uint64_t)elem;
    }
    rc = CT_OK;

cleanup:
    ct_free(vq);
    ct_free(g);
    ct_free(storage);
    ct_free(sets);
    if (rc != CT_OK && allocated) ct_knn_result_free(out);
    return rc;
}

int ct_brute_blas_f32_copy(const ct_dataset *ds, float **out, ct_error *err)
{
    float *vf;
    size_t count;
    *out = NULL;
    if (!ds || !ds->v || ds->n < 1 || ds->m < 1)
        return ct_error_set(err, CT_EINVAL, "brute_blas: dataset has no factor");
    count = (size_t)ds->n * (size_t)ds->m;
    vf = ct_malloc_array(count, sizeof *vf);
    if (!vf)
        return ct_error_set(err, CT_ENOMEM, "brute_blas: out of memory for the float copy of V");
    for (size_t c = 0; c < count; c++) vf[c] = (float)ds->v[c];
    *out = vf;
    return CT_OK;
}

int ct_brute_blas_knn_f32(const ct_dataset *ds, const float *v32, const int32_t *queries,
                          int32_t nq, const ct_query_spec *spec, ct_knn_result *out, ct_work *work,
                          ct_error *err)
{
    if (!v32) return ct_error_set(err, CT_EINVAL, "brute_blas.f32: no float copy of V");
    return brute_blas_run(ds, v32, queries, nq, spec, out, work, err);
}

int ct_brute_blas_knn(const ct_dataset *ds, ct_precision precision, const int32_t *queries,
                      int32_t nq, const ct_query_spec *spec, ct_knn_result *out, ct_work *work,
                      ct_error *err)
{
    float *vf = NULL;
    int rc;
    if (precision != CT_PRECISION_F32 && precision != CT_PRECISION_F64)
        return ct_error_set(err, CT_EINVAL, "brute_blas: unknown precision %d", (int)precision);
    if (precision != CT_PRECISION_F32)
        return brute_blas_run(ds, NULL, queries, nq, spec, out, work, err);
    rc = ct_brute_blas_f32_copy(ds, &vf, err);
    if (rc == CT_OK) rc = brute_blas_run(ds, vf, queries, nq, spec, out, work, err);
    ct_free(vf);
    return rc;
}
