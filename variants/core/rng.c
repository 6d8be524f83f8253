/* rng.c -- the project's random number generator (rng.h).
 *
 * Generator: xoshiro256** 1.0 (Blackman & Vigna, 2018), state s[0..3].
 * Seeding:   s[0..3] are four consecutive outputs of splitmix64 started at the
 *            64-bit seed (so nearby seeds give unrelated streams and the state
 *            is never all zero).
 * Uniform:   (next >> 11) * 2^-53, i.e. 53 random bits in [0, 1).
 * Integers:  Lemire's multiply-shift with rejection (unbiased), using a
 *            portable 64x64 -> 128-bit product.
 * Normals:   Box-Muller on u1 = 1 - uniform (in (0, 1], so log is finite) and
 *            u2 = uniform: r = sqrt(-2 ln u1), t = 2 pi u2; returns r cos t and
 *            keeps r sin t as the spare for the next call (both values used).
 * Every workload is a pure function of its seed through these definitions.
 */
#include "ct/rng.h"

#include <math.h>

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void ct_rng_seed(ct_rng *rng, uint64_t seed)
{
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&sm);
    rng->has_spare = 0;
    rng->spare = 0.0;
}

uint64_t ct_rng_next(ct_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double ct_rng_uniform(ct_rng *rng)
{
    return (double)(ct_rng_next(rng) >> 11) * 0x1.0p-53;
}

/* Full 128-bit product of a and b: high and low halves. */
static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a_lo = a & 0xffffffffULL, a_hi = a >> 32;
    uint64_t b_lo = b & 0xffffffffULL, b_hi = b >> 32;
    uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffULL) + (hl & 0xffffffffULL);
    *lo = (ll & 0xffffffffULL) | (mid << 32);
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

uint64_t ct_rng_below(ct_rng *rng, uint64_t bound)
{
    uint64_t hi, lo;
    if (bound == 0) return 0;
    mul64(ct_rng_next(rng), bound, &hi, &lo);
    if (lo < bound) {
        uint64_t threshold = (0 - bound) % bound;
        while (lo < threshold) mul64(ct_rng_next(rng), bound, &hi, &lo);
    }
    return hi;
}

double ct_rng_normal(ct_rng *rng)
{
    const double two_pi = 6.283185307179586476925286766559;
    double u1, u2, r;
    if (rng->has_spare) {
        rng->has_spare = 0;
        return rng->spare;
    }
    u1 = 1.0 - ct_rng_uniform(rng);
    u2 = ct_rng_uniform(rng);
    r = sqrt(-2.0 * log(u1));
    rng->spare = r * sin(two_pi * u2);
    rng->has_spare = 1;
    return r * cos(two_pi * u2);
}
