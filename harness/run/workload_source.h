/* workload_source.h -- where a run's dataset comes from: a synthetic spec or
 * .npy files (points, optional inducing indices, optional V and p).
 *
 * Shared by `ctbench knn` and the config runner so both load and validate a
 * workload the same way (shapes, NaN, index ranges) and compute the factor
 * the same way.
 */
#ifndef BENCH_WORKLOAD_SOURCE_H
#define BENCH_WORKLOAD_SOURCE_H

#include <stdint.h>

#include "ct/dataset.h"
#include "ct/status.h"
#include "ct/workload.h"

typedef struct bench_workload_source {
    /* synthetic (used when points_path is NULL) */
    ct_synthetic_spec synthetic;
    /* from files */
    const char *points_path;   /* N x d (or N) float32/float64 */
    const char *inducing_path; /* m indices (int32/int64), optional */
    const char *v_path;        /* N x m factor, optional (then p_path optional) */
    const char *p_path;        /* N residual variances, optional */
    int m;                     /* inducing count drawn when no inducing file; <= 0: min(512, N) */
    uint64_t seed;             /* seed of drawn inducing indices (seed + 1 is used) */
    ct_covariance cov;         /* kind, variance, lengthscales (dim filled on load) */
    int lengthscale_count;     /* 1 (broadcast) or dim */
} bench_workload_source;

/* Load or generate the dataset and its factor.  *factor_seconds gets the
 * time of the factor computation (0 when V was loaded). */
int bench_workload_load(const bench_workload_source *src, ct_dataset *ds, double *factor_seconds,
                        ct_error *err);

#endif
