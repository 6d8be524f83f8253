/* points.c -- the synthetic point generators (workload.h).
 *
 * All draws come from one ct_rng seeded with `seed`, in row-major order:
 *   normal:    x[i][t] = N(0, 1)
 *   uniform:   x[i][t] = U[0, 1)
 *   clustered: first 16 centres, each of dim U[0, 1) coordinates; then per
 *              point a cluster c = below(16) followed by dim values
 *              centre[c][t] + 0.05 * N(0, 1).
 */
#include "ct/workload.h"
#include "ct/rng.h"

#include <string.h>

#define CLUSTER_COUNT 16
#define CLUSTER_SD 0.05

static const char *const kind_names[] = {"normal", "uniform", "clustered"};

int ct_points_kind_from_name(const char *name)
{
    if (!name) return -1;
    for (int k = 0; k < (int)(sizeof kind_names / sizeof kind_names[0]); k++)
        if (strcmp(name, kind_names[k]) == 0) return k;
    return -1;
}

const char *ct_points_kind_name(ct_points_kind kind)
{
    if ((int)kind < 0 || (int)kind >= (int)(sizeof kind_names / sizeof kind_names[0])) return NULL;
    return kind_names[kind];
}

int ct_points_generate(ct_points_kind kind, int32_t n, int dim, uint64_t seed, double *x)
{
    ct_rng rng;
    size_t count;
    if (n < 0 || dim < 1 || dim > CT_MAX_DIM || (n > 0 && !x)) return CT_EINVAL;
    count = (size_t)n * (size_t)dim;
    ct_rng_seed(&rng, seed);
    switch (kind) {
    case CT_POINTS_NORMAL:
        for (size_t e = 0; e < count; e++) x[e] = ct_rng_normal(&rng);
        return CT_OK;
    case CT_POINTS_UNIFORM:
        for (size_t e = 0; e < count; e++) x[e] = ct_rng_uniform(&rng);
        return CT_OK;
    case CT_POINTS_CLUSTERED: {
        double centre[CLUSTER_COUNT][CT_MAX_DIM];
        for (int c = 0; c < CLUSTER_COUNT; c++)
            for (int t = 0; t < dim; t++) centre[c][t] = ct_rng_uniform(&rng);
        for (size_t i = 0; i < (size_t)n; i++) {
            int c = (int)ct_rng_below(&rng, CLUSTER_COUNT);
            for (int t = 0; t < dim; t++)
                x[i * (size_t)dim + (size_t)t] = centre[c][t] + CLUSTER_SD * ct_rng_normal(&rng);
        }
        return CT_OK;
    }
    }
    return CT_EINVAL;
}
