/* alloc.c -- the library's one allocation wrapper (alloc.h).
 *
 * Every block is 64-byte aligned (posix_memalign) so SIMD kernels can use
 * aligned loads on row starts.  A zero-byte request still returns a unique
 * non-NULL block, so NULL always means failure.
 *
 * Failure injection for tests: ct_alloc_fail_after(n) makes exactly one
 * allocation fail -- the n-th one from now (0 = the next) -- after which
 * injection is disabled again.  The countdown is a C11 atomic decremented with
 * compare-and-swap, so allocations from several OpenMP threads count correctly
 * and exactly one of them fails.
 */
#define _POSIX_C_SOURCE 200112L
#include "ct/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CT_ALIGNMENT 64

static atomic_long fail_countdown = -1;

/* 1 if this allocation is the one chosen to fail. */
static int injected_failure(void)
{
    long c = atomic_load(&fail_countdown);
    while (c >= 0) {
        if (atomic_compare_exchange_weak(&fail_countdown, &c, c - 1)) return c == 0;
    }
    return 0;
}

void ct_alloc_fail_after(long n)
{
    atomic_store(&fail_countdown, n < 0 ? -1 : n);
}

void *ct_malloc(size_t bytes)
{
    void *ptr = NULL;
    if (injected_failure()) return NULL;
    if (bytes == 0) bytes = 1;
    if (posix_memalign(&ptr, CT_ALIGNMENT, bytes) != 0) return NULL;
    return ptr;
}

void *ct_malloc_array(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    return ct_malloc(count * size);
}

void *ct_calloc(size_t count, size_t size)
{
    void *ptr = ct_malloc_array(count, size);
    if (ptr) memset(ptr, 0, count * size);
    return ptr;
}

void ct_free(void *ptr)
{
    free(ptr);
}
