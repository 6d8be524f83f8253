/* changepoint_internal.h -- what changepoint.c and changepoint_exact.c share:
 * the positions of a series (the first sample of each group) and the scan of
 * a deterministic series.  Not for callers outside the change-point files. */
#ifndef BENCH_CHANGEPOINT_INTERNAL_H
#define BENCH_CHANGEPOINT_INTERNAL_H

#include "changepoint.h"

/* 1 if every position has >= 2 samples and all samples of each position are
 * equal; *first_bad (may be NULL) gets a position with differing samples, or
 * -1. */
int bench_cp_is_piecewise_constant(const double *z, const int *start, int npos, int *first_bad);

/* The exact path: one change point per position whose value differs from
 * the previous position's (each position constant), written to cps[0..*count)
 * with position, index, means and rel_step filled in. */
void bench_cp_exact_scan(const double *z, const int *start, int npos, bench_change_point *cps,
                         int *count);

/* (after - before) / |before|, with the conventions of changepoint.h. */
double bench_cp_rel_step(double before, double after);

#endif
