/* rng.h -- the project's documented random number generator.
 *
 * xoshiro256** (Blackman & Vigna) seeded through splitmix64 from one 64-bit
 * seed; normals by the Box-Muller transform (both values of a pair are used).
 * Every workload is a pure function of its seed through this generator.
 */
#ifndef CT_RNG_H
#define CT_RNG_H

#include <stdint.h>

typedef struct ct_rng {
    uint64_t s[4];
    int has_spare;
    double spare;
} ct_rng;

void ct_rng_seed(ct_rng *rng, uint64_t seed);
uint64_t ct_rng_next(ct_rng *rng);
/* Uniform in [0, 1) with 53 random bits. */
double ct_rng_uniform(ct_rng *rng);
/* Uniform integer in [0, bound), unbiased (Lemire's method); bound > 0. */
uint64_t ct_rng_below(ct_rng *rng, uint64_t bound);
/* Standard normal. */
double ct_rng_normal(ct_rng *rng);

#endif
