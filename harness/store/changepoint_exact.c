/* changepoint_exact.c -- change points of a deterministic metric: a series
 * constant within every position changes exactly where the value of one
 * position differs from the previous one; nothing is estimated, so p = 0
 * and no permutation runs (changepoint.h, docs/STATISTICS.md §3.3). */
#include <math.h>

#include "changepoint_internal.h"

double bench_cp_rel_step(double before, double after)
{
    if (before == 0.0) return after == 0.0 ? 0.0 : (after > 0.0 ? INFINITY : -INFINITY);
    return (after - before) / fabs(before);
}

int bench_cp_is_piecewise_constant(const double *z, const int *start, int npos, int *first_bad)
{
    int ok = 1;
    if (first_bad) *first_bad = -1;
    for (int p = 0; p < npos; p++) {
        if (start[p + 1] - start[p] < 2) ok = 0;
        for (int i = start[p] + 1; i < start[p + 1]; i++) {
            if (z[i] != z[start[p]]) {
                if (first_bad) *first_bad = p;
                return 0;
            }
        }
    }
    return ok;
}

void bench_cp_exact_scan(const double *z, const int *start, int npos, bench_change_point *cps,
                         int *count)
{
    *count = 0;
    for (int p = 1; p < npos; p++) {
        double before = z[start[p - 1]], after = z[start[p]];
        if (after == before) continue;
        cps[*count] = (bench_change_point){.position = p,
                                           .index = start[p],
                                           .p_value = 0.0,
                                           .q = NAN,
                                           .mean_before = before,
                                           .mean_after = after,
                                           .rel_step = bench_cp_rel_step(before, after),
                                           .order = 0};
        (*count)++;
    }
}
