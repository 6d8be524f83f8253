/* stats_normal.c -- upper tail of the standard normal and its inverse
 * (stats_normal.h). */
#include "stats_normal.h"

#include <math.h>

double bench_normal_sf(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

double bench_normal_isf(double p)
{
    double lo = -40.0, hi = 40.0;
    if (!(p > 0.0 && p < 1.0)) return NAN;
    /* sf decreases in z: keep sf(lo) >= p > sf(hi). */
    for (int i = 0; i < 200 && lo < hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi) break;
        if (bench_normal_sf(mid) >= p) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}
