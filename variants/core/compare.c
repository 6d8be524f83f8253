/* compare.c -- tie-aware comparison of a k-NN result against the oracle (knn.h).
 *
 * Two distances a, b "agree within (tol, beta)" when
 *     |a - b| <= tol   or   |a^2 - b^2| <= beta,
 * a <= b "up to (tol, beta)" when a <= b + tol or a^2 <= b^2 + beta, and
 * a >= b likewise with the signs turned.  beta comes from the pairs involved:
 * b_j = ct_metric_distance_bound(ds, i, j), the float64 rounding bound of
 * d(i, j) on the squared scale (metric.h).  For each query i, with D = the
 * largest reference distance among the oracle's real (non-padding)
 * neighbours, B_o = the largest b over them and B_r = the largest b over the
 * result's real entries, the query is exact when
 *   (a) the result has as many real neighbours as the oracle,
 *   (b) every result index is valid, eligible, distinct, and its reference
 *       distance ref_j (recomputed with ct_metric_distance) is <= D up to
 *       (tol, b_j + B_o),
 *   (c) every oracle index missing from the result has reference distance
 *       >= D up to (tol, b_o + B_r) (so only near-ties at the k-th distance
 *       may be swapped),
 *   (d) every reported distance agrees with the reference distance of its
 *       index within (tol, b_j), and
 *   (e) the row is well formed: real entries first in non-decreasing reported
 *       distance, then padding entries with index -1 and distance +inf.
 * Why b_j + B_o in (b): a result point j not in the oracle displaced some
 * oracle point o that the engine ranked after it, so
 * ref_j^2 - b_j <= d_engine(j)^2 <= d_engine(o)^2 <= ref_o^2 + b_o <= D^2 + B_o;
 * (c) is the same chain read from the missing point's side (the displacing
 * j has ref_j >= D).  Recall is |result & oracle| / (real oracle neighbours),
 * 1 when the oracle has none, averaged over queries.  max_distance_error is
 * max |reported - reference| on the d scale over every real result entry with
 * a valid index (inf for a NaN/inf reported distance).
 * The return value says whether the comparison could be made (CT_OK, or
 * CT_EINVAL / CT_ENOMEM); whether the result is exact is in the report.
 * Bounds are computed only where a check on the d scale fails, and queries
 * are compared in parallel (OpenMP, the caller's thread count); the report
 * does not depend on the thread count (the recall is summed in query order).
 */
#include "ct/knn.h"
#include "ct/alloc.h"
#include "ct/metric.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>

typedef struct ref_entry {
    int32_t idx;
    double ref;   /* reference distance to the query */
    double bound; /* its rounding bound on the squared scale; < 0 until needed */
} ref_entry;

/* One query row being compared: bounds are computed only when a check on the
 * d scale fails (rarely), so the usual cost is one reference distance per entry. */
typedef struct row_ctx {
    const ct_dataset *ds;
    int32_t i;
    ref_entry *oset, *rset;
    int n_o, n_r;
    double b_oracle, b_result; /* max bounds over each set; < 0 until needed */
} row_ctx;

static double bound_of(const row_ctx *rc, ref_entry *e)
{
    if (e->bound < 0.0) e->bound = ct_metric_distance_bound(rc->ds, rc->i, e->idx);
    return e->bound;
}

static double max_bound(const row_ctx *rc, ref_entry *set, int n, double *cache)
{
    if (*cache < 0.0) {
        *cache = 0.0;
        for (int r = 0; r < n; r++) {
            double b = bound_of(rc, &set[r]);
            if (b > *cache) *cache = b;
        }
    }
    return *cache;
}

static int by_index(const void *a, const void *b)
{
    int32_t ia = ((const ref_entry *)a)->idx, ib = ((const ref_entry *)b)->idx;
    return (ia > ib) - (ia < ib);
}

/* Compare one query row; returns 1 if exact.  Sets *recall, raises *max_err. */
static int compare_row(const ct_dataset *ds, const ct_query_spec *spec, int32_t i,
                       const int32_t *oidx, const int32_t *ridx, const double *rdist, int k,
                       double tol, ref_entry *oset, ref_entry *rset, double *recall,
                       double *max_err)
{
    row_ctx rc = {ds, i, oset, rset, 0, 0, -1.0, -1.0};
    int exact = 1, seen_pad = 0, common = 0;
    double kth = -INFINITY, prev = -INFINITY;

    for (int r = 0; r < k; r++) {
        if (oidx[r] < 0 || oidx[r] >= ds->n) continue;
        oset[rc.n_o].idx = oidx[r];
        oset[rc.n_o].ref = ct_metric_distance(ds, i, oidx[r]);
        oset[rc.n_o].bound = -1.0;
        if (oset[rc.n_o].ref > kth) kth = oset[rc.n_o].ref;
        rc.n_o++;
    }

    for (int r = 0; r < k; r++) {
        int32_t j = ridx[r];
        ref_entry *e = &rset[rc.n_r];
        double err;
        if (j == -1) {
            seen_pad = 1;
            if (!(isinf(rdist[r]) && rdist[r] > 0)) exact = 0;
            continue;
        }
        if (j < 0 || j >= ds->n || seen_pad) {
            exact = 0;
            if (j < 0 || j >= ds->n) continue;
        }
        if (!ct_knn_eligible(spec, i, j)) exact = 0;
        if (!(rdist[r] >= prev)) exact = 0;
        prev = rdist[r];
        e->idx = j;
        e->ref = ct_metric_distance(ds, i, j);
        e->bound = -1.0;
        err = fabs(rdist[r] - e->ref);
        if (isnan(err)) err = INFINITY;
        if (err > *max_err) *max_err = err;
        /* (d) agree within (tol, b_j) */
        if (!(err <= tol) && !(fabs(rdist[r] * rdist[r] - e->ref * e->ref) <= bound_of(&rc, e)))
            exact = 0;
        /* (b) ref_j <= D up to (tol, b_j + B_o) */
        if (!(e->ref <= kth + tol) &&
            !(e->ref * e->ref <=
              kth * kth + bound_of(&rc, e) + max_bound(&rc, oset, rc.n_o, &rc.b_oracle)))
            exact = 0;
        rc.n_r++;
    }
    if (rc.n_r != rc.n_o) exact = 0;

    qsort(oset, (size_t)rc.n_o, sizeof *oset, by_index);
    qsort(rset, (size_t)rc.n_r, sizeof *rset, by_index);
    for (int r = 1; r < rc.n_r; r++)
        if (rset[r].idx == rset[r - 1].idx) exact = 0;

    /* Merge: count common indices; (c) a missing oracle entry has ref_o >= D
     * up to (tol, b_o + B_r). */
    for (int a = 0, b = 0; a < rc.n_o; a++) {
        while (b < rc.n_r && rset[b].idx < oset[a].idx) b++;
        if (b < rc.n_r && rset[b].idx == oset[a].idx) {
            common++;
        } else if (!(oset[a].ref >= kth - tol) &&
                   !(oset[a].ref * oset[a].ref >= kth * kth - bound_of(&rc, &oset[a]) -
                                                      max_bound(&rc, rset, rc.n_r, &rc.b_result))) {
            exact = 0;
        }
    }
    *recall = rc.n_o > 0 ? (double)common / (double)rc.n_o : 1.0;
    return exact;
}

int ct_knn_compare(const ct_dataset *ds, const int32_t *queries, const ct_query_spec *spec,
                   const ct_knn_result *oracle, const ct_knn_result *result, double tol,
                   ct_compare_report *report)
{
    ref_entry *sets = NULL;
    double *recalls = NULL, recall_sum = 0.0, max_err = 0.0;
    int rc, k, nthreads = omp_get_max_threads();
    int32_t exact_count = 0, first_bad = INT32_MAX, nq;

    if (!ds || !spec || !oracle || !result || !report || !ds->v || !ds->p) return CT_EINVAL;
    report->queries = 0;
    report->exact_queries = 0;
    report->first_bad_query = -1;
    report->recall = 0.0;
    report->max_distance_error = 0.0;
    k = oracle->k;
    nq = oracle->nq;
    if (nq != result->nq || result->k != k || spec->k != k || k < 1 || nq < 0 || !(tol >= 0.0) ||
        (nq > 0 && (!queries || !oracle->idx || !oracle->dist || !result->idx || !result->dist)))
        return CT_EINVAL;
    for (int32_t q = 0; q < nq; q++)
        if (queries[q] < 0 || queries[q] >= ds->n) return CT_EINVAL;
    if (nthreads < 1) nthreads = 1;

    /* per thread: the oracle's and the result's entries of one row */
    sets = ct_malloc_array((size_t)nthreads * 2 * (size_t)k, sizeof *sets);
    recalls = ct_malloc_array(nq > 0 ? (size_t)nq : 1, sizeof *recalls);
    if (!sets || !recalls) {
        rc = CT_ENOMEM;
        goto cleanup;
    }
#pragma omp parallel num_threads(nthreads) reduction(+ : exact_count) \
    reduction(min : first_bad) reduction(max : max_err)
    {
        ref_entry *oset = sets + (size_t)omp_get_thread_num() * 2 * (size_t)k;
        ref_entry *rset = oset + k;
#pragma omp for schedule(dynamic, 4)
        for (int32_t q = 0; q < nq; q++) {
            size_t row = (size_t)q * (size_t)k;
            if (compare_row(ds, spec, queries[q], oracle->idx + row, result->idx + row,
                            result->dist + row, k, tol, oset, rset, &recalls[q], &max_err))
                exact_count++;
            else if (q < first_bad) first_bad = q;
        }
    }
    for (int32_t q = 0; q < nq; q++) recall_sum += recalls[q]; /* in query order */
    report->queries = nq;
    report->exact_queries = exact_count;
    report->first_bad_query = first_bad == INT32_MAX ? -1 : first_bad;
    report->max_distance_error = max_err;
    report->recall = nq > 0 ? recall_sum / (double)nq : 1.0;
    rc = CT_OK;

cleanup:
    ct_free(sets);
    ct_free(recalls);
    return rc;
}
