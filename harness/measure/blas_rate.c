/* blas_rate.c -- measure the dgemm rate of this machine (blas_rate.h). */
#include "blas_rate.h"

#include <cblas.h>
#include <stdlib.h>

#include "clock.h"
#include "ct/run.h"

#define RATE_ROWS 1024
#define RATE_REPS 5
#define RATE_DEFAULT_M 512

int bench_blas_dgemm_rate(int threads, int m, bench_blas_rate *out, ct_error *err)
{
    const int rows = RATE_ROWS;
    double *a, *b, *c, best = 0;

    if (m <= 0) m = RATE_DEFAULT_M;
    if (threads < 1) threads = 1;
    a = malloc(sizeof *a * (size_t)rows * (size_t)m);
    b = malloc(sizeof *b * (size_t)rows * (size_t)m);
    c = malloc(sizeof *c * (size_t)rows * (size_t)rows);
    if (!a || !b || !c) {
        free(a);
        free(b);
        free(c);
        return ct_error_set(err, CT_ENOMEM, "no memory for the %dx%dx%d dgemm rate", rows, rows, m);
    }
    /* values that stay finite and normal through the product */
    for (size_t i = 0; i < (size_t)rows * (size_t)m; i++) {
        a[i] = 0.5 + (double)(i % 7) / 16;
        b[i] = 0.25 + (double)(i % 5) / 32;
    }
    ct_run_set_threads(threads);
    for (int rep = 0; rep <= RATE_REPS; rep++) { /* rep 0 warms up */
        int64_t t0 = bench_now_ns(), ns;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, rows, m, 1.0, a, m, b, m, 0.0, c,
                    rows);
        ns = bench_now_ns() - t0;
        if (rep > 0 && ns > 0) {
            double rate = 2.0 * rows * rows * (double)m / (double)ns; /* flop/ns = GFLOP/s */
            if (rate > best) best = rate;
        }
    }
    free(a);
    free(b);
    free(c);
    out->gflops = best;
    out->rows = rows;
    out->m = m;
    out->threads = threads;
    out->reps = RATE_REPS;
    return CT_OK;
}
