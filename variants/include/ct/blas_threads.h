/* blas_threads.h -- run BLAS single-threaded inside our own parallel regions.
 *
 * OpenBLAS (the pthreads build Debian ships) has its own thread pool and no
 * notion of being called from an OpenMP thread: a dgemm issued by each of
 * our threads would fan out to the pool again, and a dgemm issued from
 * serial code between two OpenMP loops leaves the OpenMP workers spinning
 * against the BLAS workers.  Code that slices a product over its own OpenMP
 * threads brackets the parallel region with these two calls, which set the
 * BLAS thread count to 1 and back (process-global, so not for concurrent
 * callers; ctbench runs one build or search at a time).
 */
#ifndef CT_BLAS_THREADS_H
#define CT_BLAS_THREADS_H

/* Make BLAS calls single-threaded; returns the previous thread count. */
int ct_blas_serial_begin(void);

/* Restore the thread count ct_blas_serial_begin returned. */
void ct_blas_serial_end(int previous);

#endif
