/* knn.h -- `ctbench knn`: one workload, one variant, answers to a CSV.
 *
 * The same path as the runner (workload_source.h, ct/run.h): load or
 * generate the workload and its factor, draw or load the queries, build the
 * canonical tree if the variant needs one, set it up, answer the queries
 * (timed), optionally verify every query against the float64 oracle, and
 * write `query,rank,index,distance` rows sorted by (distance, index) to the
 * output (util/files.h: a temporary file renamed into place, `-` = stdout),
 * so a failure never leaves a half-written CSV.
 */
#ifndef BENCH_KNN_H
#define BENCH_KNN_H

#include <stdint.h>

#include "ct/knn.h"
#include "ct/search.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "workload_source.h"

typedef struct bench_knn_request {
    bench_workload_source src;
    const char *queries_path; /* query indices from .npy, or */
    long query_count;         /* drawn with seed + 2 (> 0), or */
    int all_queries;          /* every point */
    ct_query_spec spec;
    const char *variant;
    int threads; /* 0: OpenMP's default */
    ct_order insertion;
    ct_build_params build;
    const char *out_path;
    int verify;
} bench_knn_request;

typedef struct bench_knn_report {
    int32_t n, nq;
    int dim, m;
    int exact_variant;
    int threads;
    int has_tree;
    int tree_depth;
    double factor_s, build_s, lower_s, query_s;
    ct_work work;
    /* --verify */
    int verified;
    int32_t exact_queries, checked_queries;
    double recall, max_distance_error, oracle_s;
} bench_knn_report;

/* Defaults: 32768 normal points in 3-D, seed 1, rbf, variance 1,
 * lengthscale 1, k 50, variant ll.natural.indirect.level.auto.f64, natural
 * insertion and the default build parameters. */
void bench_knn_request_default(bench_knn_request *req);

/* Run it.  CT_EVERIFY when --verify found an exact variant that is not
 * exact (no CSV is written then); other codes with the reason in err. */
int bench_knn_run(const bench_knn_request *req, bench_knn_report *rep, ct_error *err);

#endif
