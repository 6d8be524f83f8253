/* workload.h -- synthetic workloads and their query sets, all from a seed.
 *
 * A workload is fully determined by (generator, n, dim, m, covariance, seed):
 * points from the generator, m inducing indices drawn without replacement and
 * sorted, then the Nystrom factor.  Query index sets are drawn separately.
 */
#ifndef CT_WORKLOAD_H
#define CT_WORKLOAD_H

#include <stdint.h>
#include "dataset.h"
#include "status.h"

/* The generators; points.c documents each exactly. */
typedef enum {
    CT_POINTS_NORMAL = 0,       /* N(0, I) */
    CT_POINTS_UNIFORM = 1,      /* uniform in [0,1]^dim */
    CT_POINTS_CLUSTERED = 2,    /* 16 Gaussian clusters, sd 0.05, centres uniform in [0,1]^dim */
    CT_POINTS_DUPLICATES = 3,   /* repeated locations: 1/4 on 10 hot sites, the rest in
                                   (site, exact copy, 2 copies + 1e-12) groups, shuffled */
    CT_POINTS_DUPLICATES10 = 4, /* only 10 distinct locations, each repeated ~n/10 times */
    CT_POINTS_KIND_COUNT
} ct_points_kind;

/* "normal", "uniform", "clustered", "duplicates", "duplicates10" <-> enum;
 * -1 if unknown. */
int ct_points_kind_from_name(const char *name);
const char *ct_points_kind_name(ct_points_kind kind);

/* Fill x (n * dim) from the generator. */
int ct_points_generate(ct_points_kind kind, int32_t n, int dim, uint64_t seed, double *x);

/* m distinct indices of [0, n), sorted ascending (m <= n). */
int ct_inducing_draw(int32_t n, int m, uint64_t seed, int32_t *out);

/* q indices of [0, n) drawn with replacement (n > 0). */
int ct_queries_draw(int32_t n, int32_t q, uint64_t seed, int32_t *out);

typedef struct ct_synthetic_spec {
    ct_points_kind points;
    int32_t n;
    int dim;
    int m;             /* clamped to n by the caller's choice; must be 1..n */
    ct_covariance cov; /* cov.dim is set from dim */
    uint64_t seed;     /* points use seed, inducing use seed + 1 */
} ct_synthetic_spec;

/* Generate points and inducing set and compute the factor: a complete dataset. */
int ct_workload_synthesize(const ct_synthetic_spec *spec, ct_dataset *out, ct_error *err);

/* 64-bit FNV-1a hash of the dataset's x, inducing, v, p bytes (content hash). */
uint64_t ct_dataset_hash(const ct_dataset *ds);

#endif
