/* stats.h -- the one implementation of the statistics of repeated samples:
 * medians and quartiles by linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default), min and max.  Pure: no database,
 * no I/O.  The summary rows, the tables and the figures' SQL all use it (the
 * latter through the SQL aggregates `quantile(x, p)` and `median(x)` that
 * sql_functions.c registers on every results connection).
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

typedef struct bench_stats {
    int n;
    double median, q1, q3, min, max;
} bench_stats;

/* Sorts v[0..n) in place.  n == 0 gives NaNs. */
void bench_stats_compute(double *v, int n, bench_stats *out);

/* The p-quantile (0 <= p <= 1) of sorted[0..n), type 7; NaN for n == 0. */
double bench_stats_quantile(const double *sorted, int n, double p);

/* Sort v[0..n) ascending (NaN-free input). */
void bench_stats_sort(double *v, int n);

#endif
