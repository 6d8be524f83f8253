/* knn.h -- what a k-NN query asks and what every engine answers.
 *
 * Results are nq x k arrays in row-major order: idx[q*k + r] is the dataset
 * index of the r-th neighbour of query q, dist[q*k + r] its distance; each row
 * is sorted by (distance, index).  Missing neighbours (predecessor mode, k
 * larger than the eligible set) are padded with index -1 and distance +inf.
 */
#ifndef CT_KNN_H
#define CT_KNN_H

#include <stdint.h>
#include "dataset.h"
#include "status.h"

typedef struct ct_query_spec {
    int k;            /* 1..n */
    int predecessor;  /* query i sees only points j < i */
    int exclude_self; /* the query point itself is not a neighbour */
} ct_query_spec;

typedef struct ct_knn_result {
    int32_t nq;
    int k;
    int32_t *idx; /* nq * k */
    double *dist; /* nq * k */
} ct_knn_result;

int ct_knn_result_alloc(ct_knn_result *res, int32_t nq, int k);
void ct_knn_result_free(ct_knn_result *res);

/* Validate a query spec against a dataset of n points (k in 1..n, ...). */
int ct_query_spec_check(const ct_query_spec *spec, int32_t n, ct_error *err);

/* Is point j an eligible neighbour of query point i? */
static inline int ct_knn_eligible(const ct_query_spec *spec, int32_t i, int32_t j)
{
    if (spec->predecessor && j >= i) return 0;
    if (spec->exclude_self && j == i) return 0;
    return 1;
}

/* The oracle: float64 brute force with the reference metric, OpenMP over
 * queries, ties broken by the smaller index. */
int ct_oracle_knn(const ct_dataset *ds, const int32_t *queries, int32_t nq,
                  const ct_query_spec *spec, ct_knn_result *out, ct_error *err);

/* Tie-aware comparison of a result against the oracle's (FAISS-style).
 * A query is exact when its neighbour set equals the oracle's except for swaps
 * among points whose *reference* distance lies within `tol` of the oracle's
 * k-th distance, and every reported distance is within `tol` of the reference
 * distance of the reported index.  Recall counts |result & oracle| / expected. */
typedef struct ct_compare_report {
    int32_t queries;
    int32_t exact_queries;     /* queries that passed the tie-aware check */
    int32_t first_bad_query;   /* position of the first failing query, -1 if none */
    double recall;             /* mean recall@k over queries */
    double max_distance_error; /* max |reported - reference| distance */
} ct_compare_report;

/* Tolerance of the exactness check for float64 variants, absolute on d in [0, 1].
 * A kernel that sums V_i.V_j in another order than the reference differs from
 * it by rounding, which the metric's cancellation amplifies: with p ~ 2e-6,
 * delta(rho) ~ m * eps / p and delta(d) = delta(rho) / (2 d).  Measured on the
 * gold workload (N 32768, m 512): max |d_kernel - d_reference| = 4.2e-8 over
 * 1024 x 50 neighbours (`ctbench knn ... --verify`, commit 116af1d).  1e-6
 * keeps a 20x margin; a pruning bug misses neighbours by far more. */
#define CT_TIE_TOLERANCE_F64 1e-6

int ct_knn_compare(const ct_dataset *ds, const int32_t *queries, const ct_query_spec *spec,
                   const ct_knn_result *oracle, const ct_knn_result *result, double tol,
                   ct_compare_report *report);

#endif
