/* stats_normal.h -- the standard normal distribution's upper tail and its
 * inverse, for the large-sample approximations of the rank statistics
 * (stats_rank.h, stats_interval.h).  Pure: libm only.
 *
 * The upper tail is 0.5 erfc(z / sqrt 2) (C99 erfc, accurate to a few ulp in
 * the far tail, where 1 - Phi(z) would cancel).  Its inverse has no libm
 * function, so it is found by bisection on that tail: 200 halvings of
 * [-40, 40] reach the double next to the root, slow (microseconds) but with
 * no table of rational-approximation coefficients to get wrong.
 */
#ifndef BENCH_STATS_NORMAL_H
#define BENCH_STATS_NORMAL_H

/* P(Z >= z) for a standard normal Z; 1 at -inf, 0 at +inf, NaN for NaN. */
double bench_normal_sf(double z);

/* The z with P(Z >= z) = p, for 0 < p < 1 (NaN outside): e.g. 1.959964 for
 * p = 0.025. */
double bench_normal_isf(double p);

#endif
