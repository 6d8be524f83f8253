/* alloc.h -- the one allocation wrapper of the library.
 *
 * All library allocations go through these so that tests can inject failures
 * (ct_alloc_fail_after) and so that large arrays are 64-byte aligned for the
 * SIMD kernels.  ct_free(NULL) is a no-op.
 */
#ifndef CT_ALLOC_H
#define CT_ALLOC_H

#include <stddef.h>

/* 64-byte aligned, uninitialised; NULL on failure or injected failure. */
void *ct_malloc(size_t bytes);
/* 64-byte aligned, zeroed; checks count*size for overflow. */
void *ct_calloc(size_t count, size_t size);
/* Overflow-checked ct_malloc(count * size). */
void *ct_malloc_array(size_t count, size_t size);
void ct_free(void *ptr);

/* Test hook: the n-th allocation from now on (0 = the next) fails; -1 disables. */
void ct_alloc_fail_after(long n);

#endif
