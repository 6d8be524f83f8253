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
 */
#include "ct/knn.h"
#include "ct/alloc.h"
#include "ct/metric.h"

#include <math.h>
#include <stdlib.h>

typedef struct ref_entry {
    int32_t idx;
    double ref;   /* reference distance to the query */
    double bound; /* its rounding bound on the squared scale */
} ref_entry;

/* a == b within (tol, beta); false for NaN. */
static int agree(double a, double b, double tol, double beta)
{
    return fabs(a - b) <= tol || fabs(a * a - b * b) <= beta;
}

/* a <= b up to (tol, beta) (a, b >= 0). */
static int at_most(double a, double b, double tol, double beta)
{
    return a <= b + tol || a * a <= b * b + beta;
}

/* a >= b up to (tol, beta) (a, b >= 0). */
static int at_least(double a, double b, double tol, double beta)
{
    return a >= b - tol || a * a >= b * b - beta;
}

static int by_index(const void *a, const void *b)
{
    int32_t ia = ((const ref_entry *)a)->idx, ib = ((const ref_entry *)b)->idx;
    return (ia > ib) - (ia < ib);
}

/* Compare one query row; returns 1 if exact.  Updates *recall, *max_err. */
static int compare_row(const ct_dataset *ds, const ct_query_spec *spec, int32_t i,
                       const int32_t *oidx, const int32_t *ridx, const double *rdist, int k,
                       double tol, ref_entry *oset, ref_entry *rset, double *recall,
                       double *max_err)
{
    int exact = 1, n_o = 0, n_r = 0, seen_pad = 0, common = 0;
    double kth = -INFINITY, prev = -INFINITY, b_oracle = 0.0, b_result = 0.0;

    for (int r = 0; r < k; r++) {
        if (oidx[r] < 0 || oidx[r] >= ds->n) continue;
        oset[n_o].idx = oidx[r];
        oset[n_o].ref = ct_metric_distance(ds, i, oidx[r]);
        oset[n_o].bound = ct_metric_distance_bound(ds, i, oidx[r]);
        if (oset[n_o].ref > kth) kth = oset[n_o].ref;
        if (oset[n_o].bound > b_oracle) b_oracle = oset[n_o].bound;
        n_o++;
    }

    for (int r = 0; r < k; r++) {
        int32_t j = ridx[r];
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
        rset[n_r].idx = j;
        rset[n_r].ref = ct_metric_distance(ds, i, j);
        rset[n_r].bound = ct_metric_distance_bound(ds, i, j);
        if (rset[n_r].bound > b_result) b_result = rset[n_r].bound;
        err = fabs(rdist[r] - rset[n_r].ref);
        if (isnan(err)) err = INFINITY;
        if (err > *max_err) *max_err = err;
        if (!agree(rdist[r], rset[n_r].ref, tol, rset[n_r].bound)) exact = 0;
        if (!at_most(rset[n_r].ref, kth, tol, rset[n_r].bound + b_oracle)) exact = 0;
        n_r++;
    }
    if (n_r != n_o) exact = 0;

    qsort(oset, (size_t)n_o, sizeof *oset, by_index);
    qsort(rset, (size_t)n_r, sizeof *rset, by_index);
    for (int r = 1; r < n_r; r++)
        if (rset[r].idx == rset[r - 1].idx) exact = 0;

    /* Merge: count common indices, check oracle entries the result lacks. */
    for (int a = 0, b = 0; a < n_o; a++) {
        while (b < n_r && rset[b].idx < oset[a].idx) b++;
        if (b < n_r && rset[b].idx == oset[a].idx) {
            common++;
        } else if (!at_least(oset[a].ref, kth, tol, oset[a].bound + b_result)) {
            exact = 0;
        }
    }
    *recall = n_o > 0 ? (double)common / (double)n_o : 1.0;
    return exact;
}

int ct_knn_compare(const ct_dataset *ds, const int32_t *queries, const ct_query_spec *spec,
                   const ct_knn_result *oracle, const ct_knn_result *result, double tol,
                   ct_compare_report *report)
{
    ref_entry *oset = NULL, *rset = NULL;
    double recall_sum = 0.0;
    int rc, k;

    if (!ds || !spec || !oracle || !result || !report || !ds->v || !ds->p) return CT_EINVAL;
    report->queries = 0;
    report->exact_queries = 0;
    report->first_bad_query = -1;
    report->recall = 0.0;
    report->max_distance_error = 0.0;
    k = oracle->k;
    if (oracle->nq != result->nq || result->k != k || spec->k != k || k < 1 || oracle->nq < 0 ||
        !(tol >= 0.0) ||
        (oracle->nq > 0 &&
         (!queries || !oracle->idx || !oracle->dist || !result->idx || !result->dist)))
        return CT_EINVAL;
    for (int32_t q = 0; q < oracle->nq; q++)
        if (queries[q] < 0 || queries[q] >= ds->n) return CT_EINVAL;

    oset = ct_malloc_array((size_t)k, sizeof *oset);
    rset = ct_malloc_array((size_t)k, sizeof *rset);
    if (!oset || !rset) {
        rc = CT_ENOMEM;
        goto cleanup;
    }
    for (int32_t q = 0; q < oracle->nq; q++) {
        size_t row = (size_t)q * (size_t)k;
        double recall = 0.0;
        int exact = compare_row(ds, spec, queries[q], oracle->idx + row, result->idx + row,
                                result->dist + row, k, tol, oset, rset, &recall,
                                &report->max_distance_error);
        recall_sum += recall;
        if (exact) {
            report->exact_queries++;
        } else if (report->first_bad_query < 0) {
            report->first_bad_query = q;
        }
    }
    report->queries = oracle->nq;
    report->recall = oracle->nq > 0 ? recall_sum / (double)oracle->nq : 1.0;
    rc = CT_OK;

cleanup:
    ct_free(oset);
    ct_free(rset);
    return rc;
}
