/* blas_threads.c -- ct_blas_serial_begin / _end (ct/blas_threads.h) on
 * OpenBLAS's thread-count calls, declared here as the harness does (they are
 * OpenBLAS extensions; the project links OpenBLAS through pkg-config). */
#include "ct/blas_threads.h"

void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

int ct_blas_serial_begin(void)
{
    int previous = openblas_get_num_threads();
    if (previous != 1) openblas_set_num_threads(1);
    return previous;
}

void ct_blas_serial_end(int previous)
{
    if (previous > 1) openblas_set_num_threads(previous);
}
