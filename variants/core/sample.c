/* sample.c -- drawing the inducing set and the query indices (workload.h).
 *
 * Inducing points: Floyd's algorithm picks m distinct indices of [0, n) with
 * m draws (for j = n-m .. n-1: t = below(j+1); take t, or j if t is taken),
 * marking them in a bitmap; reading the bitmap in order yields them sorted.
 * Queries: q independent draws below(n) (with replacement).
 */
#include "ct/workload.h"
#include "ct/alloc.h"
#include "ct/rng.h"

int ct_inducing_draw(int32_t n, int m, uint64_t seed, int32_t *out)
{
    ct_rng rng;
    uint64_t *taken;
    int32_t filled = 0;
    if (n < 1 || m < 1 || m > n || !out) return CT_EINVAL;
    taken = ct_calloc(((size_t)n + 63) / 64, sizeof *taken);
    if (!taken) return CT_ENOMEM;
    ct_rng_seed(&rng, seed);
    for (int64_t j = (int64_t)n - m; j < n; j++) {
        uint64_t t = ct_rng_below(&rng, (uint64_t)j + 1);
        if (taken[t / 64] >> (t % 64) & 1) t = (uint64_t)j;
        taken[t / 64] |= (uint64_t)1 << (t % 64);
    }
    for (int32_t i = 0; i < n && filled < m; i++)
        if (taken[i / 64] >> (i % 64) & 1) out[filled++] = i;
    ct_free(taken);
    return filled == m ? CT_OK : CT_EINTERNAL;
}

int ct_queries_draw(int32_t n, int32_t q, uint64_t seed, int32_t *out)
{
    ct_rng rng;
    if (n < 1 || q < 0 || (q > 0 && !out)) return CT_EINVAL;
    ct_rng_seed(&rng, seed);
    for (int32_t r = 0; r < q; r++) out[r] = (int32_t)ct_rng_below(&rng, (uint64_t)n);
    return CT_OK;
}
