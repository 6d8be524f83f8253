/* test_measure_blas_rate.c -- the dgemm roofline (measure/blas_rate.h):
 * the shape it reports is the one asked for (m, threads; 512 when m <= 0),
 * and the rate is a finite positive number of the right kind: no machine
 * multiplies 1024 x 1024 x m in less than 1e-3 ns per flop (1e6 GFLOP/s)
 * or slower than 1e-3 GFLOP/s, so a wrong flop count or a unit mix-up
 * (ns vs s) lands outside.  No timing threshold beyond that. */
#include <math.h>

#include "blas_rate.h"
#include "testutil.h"

static void check_shape(int threads, int m, int want_m)
{
    bench_blas_rate r;
    ct_error err;
    ct_error_clear(&err);
    int rc = bench_blas_dgemm_rate(threads, m, &r, &err);
    CT_CHECK(rc == CT_OK, "rate(%d, %d): %s", threads, m, err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(r.rows == 1024 && r.m == want_m && r.threads == (threads < 1 ? 1 : threads) &&
                 r.reps > 0,
             "shape %dx%d m %d threads %d reps %d", r.rows, r.rows, r.m, r.threads, r.reps);
    CT_CHECK(isfinite(r.gflops) && r.gflops > 1e-3 && r.gflops < 1e6, "rate %g GFLOP/s", r.gflops);
}

int main(void)
{
    check_shape(1, 64, 64);
    check_shape(2, 0, 512);
    check_shape(0, 16, 16);
    return ct_test_finish("test_measure_blas_rate");
}
