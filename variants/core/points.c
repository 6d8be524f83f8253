/* points.c -- the synthetic point generators (workload.h).
 *
 * All draws come from one ct_rng seeded with `seed`, in row-major order:
 *   normal:       x[i][t] = N(0, 1)
 *   uniform:      x[i][t] = U[0, 1)
 *   clustered:    first 16 centres, each of dim U[0, 1) coordinates; then per
 *                 point a cluster c = below(16) followed by dim values
 *                 centre[c][t] + 0.05 * N(0, 1).
 *   duplicates:   repeated locations, the way real spatial data has them (a
 *                 site measured several times, coordinates rounded or copied).
 *                 First 10 "hot" sites, each of dim U[0, 1) coordinates.  The
 *                 first n / 4 points (rounded down) are copies of hot site
 *                 below(10) each; the other points come in groups of four
 *                 around a new site s of dim U[0, 1) coordinates: s itself, an
 *                 exact copy of s and two near-duplicates s + 1e-12 * (+-1)
 *                 per coordinate (each sign from one random bit, so the two
 *                 near copies coincide with probability 2^-dim; the last group
 *                 is cut short when the count is not a multiple of four).
 *                 Finally the rows are shuffled (Fisher-Yates, i = n-1 .. 1
 *                 swaps with below(i + 1)) so copies are spread over the
 *                 index range (predecessor queries see copies on both sides).
 *                 So every point has an exact duplicate elsewhere, except the
 *                 near copies (two points 1e-12 away, and the other near copy
 *                 0 or 2e-12 away per coordinate), the lone site of a
 *                 cut-short last group and, for tiny n, a hot site drawn once.
 *                 Three points within 2e-12 of each other are where a
 *                 computed metric breaks the triangle inequality: d between
 *                 them is rounding noise (ct/metric.h).  The inducing set is drawn later, from the indices
 *                 only (ct_inducing_draw), yet it is duplicated too: an
 *                 inducing site or copy has its twin among the points, a
 *                 quarter of the inducing points (in expectation) sit on the
 *                 10 hot sites, so once m >~ 40 several of them share a
 *                 location and k(U,U) is singular but for the jitter.
 *   duplicates10: only 10 distinct locations: first 10 sites of dim U[0, 1)
 *                 coordinates, then each point a copy of site below(10).  The
 *                 extreme case: n / 10 copies per location, every neighbour
 *                 list for k < n / 10 made of exact ties at distance 0, cover
 *                 tree chains n / 10 levels deep.
 */
#include "ct/workload.h"
#include "ct/rng.h"

#include <string.h>

#define CLUSTER_COUNT 16
#define CLUSTER_SD 0.05
#define HOT_SITES 10
#define NEAR_OFFSET 1e-12

static const char *const kind_names[CT_POINTS_KIND_COUNT] = {"normal", "uniform", "clustered",
                                                             "duplicates", "duplicates10"};

int ct_points_kind_from_name(const char *name)
{
    if (!name) return -1;
    for (int k = 0; k < CT_POINTS_KIND_COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0) return k;
    return -1;
}

const char *ct_points_kind_name(ct_points_kind kind)
{
    if ((int)kind < 0 || (int)kind >= CT_POINTS_KIND_COUNT) return NULL;
    return kind_names[kind];
}

/* dim U[0, 1) coordinates into site. */
static void uniform_site(ct_rng *rng, int dim, double *site)
{
    for (int t = 0; t < dim; t++) site[t] = ct_rng_uniform(rng);
}

static void copy_row(double *dst, const double *src, int dim)
{
    memcpy(dst, src, (size_t)dim * sizeof *dst);
}

static void shuffle_rows(ct_rng *rng, double *x, int32_t n, int dim)
{
    double tmp[CT_MAX_DIM];
    for (int32_t i = n - 1; i > 0; i--) {
        int32_t j = (int32_t)ct_rng_below(rng, (uint64_t)i + 1);
        copy_row(tmp, x + (size_t)i * (size_t)dim, dim);
        copy_row(x + (size_t)i * (size_t)dim, x + (size_t)j * (size_t)dim, dim);
        copy_row(x + (size_t)j * (size_t)dim, tmp, dim);
    }
}

static void generate_duplicates(ct_rng *rng, int32_t n, int dim, double *x)
{
    double hot[HOT_SITES][CT_MAX_DIM], site[CT_MAX_DIM];
    int32_t i = 0;
    for (int h = 0; h < HOT_SITES; h++) uniform_site(rng, dim, hot[h]);
    for (; i < n / 4; i++)
        copy_row(x + (size_t)i * (size_t)dim, hot[ct_rng_below(rng, HOT_SITES)], dim);
    for (int member = 0; i < n; i++, member = (member + 1) % 4) {
        double *row = x + (size_t)i * (size_t)dim;
        if (member == 0) uniform_site(rng, dim, site);
        copy_row(row, site, dim);
        if (member >= 2)
            for (int t = 0; t < dim; t++)
                row[t] += (ct_rng_next(rng) >> 63) ? NEAR_OFFSET : -NEAR_OFFSET;
    }
    shuffle_rows(rng, x, n, dim);
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
    case CT_POINTS_DUPLICATES: generate_duplicates(&rng, n, dim, x); return CT_OK;
    case CT_POINTS_DUPLICATES10: {
        double sites[HOT_SITES][CT_MAX_DIM];
        for (int h = 0; h < HOT_SITES; h++) uniform_site(&rng, dim, sites[h]);
        for (size_t i = 0; i < (size_t)n; i++)
            copy_row(x + i * (size_t)dim, sites[ct_rng_below(&rng, HOT_SITES)], dim);
        return CT_OK;
    }
    case CT_POINTS_KIND_COUNT: break;
    }
    return CT_EINVAL;
}
