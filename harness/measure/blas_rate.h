/* blas_rate.h -- the machine's dense matrix-product rate, measured in the
 * run that uses it: the roofline against which the batch traversal's and
 * brute_blas's useful arithmetic is judged (EXPERIMENTS.md E10).
 *
 * One shape, C (rows x rows) = A (rows x m) * B^T (m x rows) in double
 * precision through OpenBLAS's cblas_dgemm with the run's thread count: the
 * same product the batch traversal and brute_blas do per tile, at a size
 * large enough to reach the library's peak.  The best of a few repetitions
 * is kept (a roofline is an upper bound: a slower repetition was disturbed).
 */
#ifndef BENCH_BLAS_RATE_H
#define BENCH_BLAS_RATE_H

#include "ct/status.h"

typedef struct bench_blas_rate {
    double gflops; /* best 2 * rows * rows * m / seconds, in 1e9 flop/s */
    int rows, m;   /* the shape */
    int threads;   /* OpenBLAS threads it ran with */
    int reps;      /* repetitions timed */
} bench_blas_rate;

/* Measure with `threads` threads and inner dimension m (the workload's rank;
 * 512 when m <= 0).  CT_ENOMEM if the matrices cannot be allocated. */
int bench_blas_dgemm_rate(int threads, int m, bench_blas_rate *out, ct_error *err);

#endif
