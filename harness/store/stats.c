/* stats.c -- medians, quartiles, min and max of a sample (stats.h). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void bench_stats_sort(double *v, int n)
{
    if (n > 1) qsort(v, (size_t)n, sizeof *v, cmp_double);
}

double bench_stats_quantile(const double *sorted, int n, double p)
{
    double h;
    int lo;
    if (n <= 0) return NAN;
    h = (n - 1) * p;
    lo = (int)floor(h);
    if (lo >= n - 1) return sorted[n - 1];
    if (lo < 0) return sorted[0];
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

void bench_stats_compute(double *v, int n, bench_stats *out)
{
    out->n = n;
    if (n <= 0) {
        out->median = out->q1 = out->q3 = out->min = out->max = NAN;
        return;
    }
    bench_stats_sort(v, n);
    out->min = v[0];
    out->max = v[n - 1];
    out->median = bench_stats_quantile(v, n, 0.5);
    out->q1 = bench_stats_quantile(v, n, 0.25);
    out->q3 = bench_stats_quantile(v, n, 0.75);
}
