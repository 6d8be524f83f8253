/* test_core_basics.c -- the small pieces every module leans on: the allocation
 * wrapper (alignment, zeroing, overflow, thread-safe failure injection), status
 * strings and ct_error, the axis tables generated from axes.def, and the RNG
 * (seeding, ranges, unbiased bounded integers, normals from both Box-Muller
 * values).
 */
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/axes.h"
#include "ct/rng.h"
#include "ct/status.h"

static void check_alloc(void)
{
    long nulls = 0;
    for (size_t bytes = 0; bytes < 300; bytes += 7) {
        void *p = ct_malloc(bytes);
        CT_CHECK(p != NULL && ((uintptr_t)p & 63) == 0, "ct_malloc(%zu) not 64-byte aligned",
                 bytes);
        ct_free(p);
    }
    {
        unsigned char *z = ct_calloc(1000, 3);
        int zero = z != NULL && ((uintptr_t)z & 63) == 0;
        for (int e = 0; zero && e < 3000; e++) zero = z[e] == 0;
        CT_CHECK(zero, "ct_calloc not zeroed/aligned");
        ct_free(z);
    }
    CT_CHECK(ct_malloc_array(SIZE_MAX / 4, 8) == NULL, "ct_malloc_array overflow not caught");
    CT_CHECK(ct_calloc(SIZE_MAX / 2, 3) == NULL, "ct_calloc overflow not caught");
    ct_free(NULL);

    /* Injection: exactly the n-th allocation fails, then it is off again. */
    ct_alloc_fail_after(2);
    {
        void *a = ct_malloc(8), *b = ct_calloc(1, 8), *c = ct_malloc(8), *d = ct_malloc(8);
        CT_CHECK(a && b && !c && d, "fail_after(2): %p %p %p %p", a, b, c, d);
        ct_free(a);
        ct_free(b);
        ct_free(d);
    }
    ct_alloc_fail_after(0);
    ct_alloc_fail_after(-1);
    {
        void *a = ct_malloc(8);
        CT_CHECK(a != NULL, "fail_after(-1) did not disable");
        ct_free(a);
    }
    /* Thread safety: 4000 allocations from all threads, exactly one fails. */
    ct_alloc_fail_after(1234);
#pragma omp parallel for reduction(+ : nulls) schedule(dynamic, 7)
    for (int r = 0; r < 4000; r++) {
        void *p = ct_malloc(16);
        if (!p) nulls++;
        ct_free(p);
    }
    ct_alloc_fail_after(-1);
    CT_CHECK(nulls == 1, "%ld allocations failed under threads, want 1", nulls);
}

static void check_status(void)
{
    ct_error err;
    int rc = ct_error_set(&err, CT_EFORMAT, "file %s: row %d", "a.npy", 7);
    CT_CHECK(rc == CT_EFORMAT && err.code == CT_EFORMAT &&
                 strcmp(err.msg, "file a.npy: row 7") == 0,
             "ct_error_set: %d '%s'", rc, err.msg);
    CT_CHECK(ct_error_set(NULL, CT_ENOMEM, "x") == CT_ENOMEM, "NULL error carrier");
    ct_error_clear(&err);
    CT_CHECK(err.code == CT_OK && err.msg[0] == '\0', "ct_error_clear");
    for (int c = CT_EINTERNAL; c <= CT_OK; c++) {
        const char *s = ct_status_str(c);
        CT_CHECK(s && *s && strcmp(s, ct_status_str(-100)) != 0, "status %d has no name", c);
        for (int d = CT_EINTERNAL; d < c; d++)
            CT_CHECK(strcmp(s, ct_status_str(d)) != 0, "status %d and %d share a name", c, d);
    }
    /* Long messages are truncated, not overflowed. */
    {
        char big[2000];
        memset(big, 'x', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        ct_error_set(&err, CT_EINVAL, "%s", big);
        CT_CHECK(strlen(err.msg) == CT_ERROR_MSG_MAX - 1, "long message length %zu",
                 strlen(err.msg));
    }
}

static void check_axes(void)
{
    static const int counts[CT_AXIS_COUNT] = {
        CT_TOPOLOGY_COUNT, CT_ORDER_COUNT,     CT_DATA_COUNT,  CT_TRAVERSAL_COUNT,
        CT_KERNEL_COUNT,   CT_PRECISION_COUNT, CT_OPTION_COUNT};
    static const char *const axis_names[CT_AXIS_COUNT] = {
        "topology", "order", "data", "traversal", "kernel", "precision", "option"};
    for (int a = 0; a < CT_AXIS_COUNT; a++) {
        CT_CHECK(strcmp(ct_axis_name((ct_axis)a), axis_names[a]) == 0, "axis %d name", a);
        CT_CHECK(ct_axis_value_count((ct_axis)a) == counts[a], "axis %s count %d vs enum %d",
                 axis_names[a], ct_axis_value_count((ct_axis)a), counts[a]);
        for (int v = 0; v < counts[a]; v++) {
            const char *name = ct_axis_value_name((ct_axis)a, v);
            CT_CHECK(name && ct_axis_value_find((ct_axis)a, name) == v, "%s value %d round trip",
                     axis_names[a], v);
            CT_CHECK(ct_axis_value_doc((ct_axis)a, v) && *ct_axis_value_doc((ct_axis)a, v),
                     "%s value %d has no doc", axis_names[a], v);
        }
        CT_CHECK(ct_axis_value_name((ct_axis)a, counts[a]) == NULL, "value past the end");
        CT_CHECK(ct_axis_value_find((ct_axis)a, "no-such-value") == -1, "unknown name found");
    }
    CT_CHECK(ct_axis_value_find(CT_AXIS_TOPOLOGY, "csr") == CT_TOPOLOGY_CSR, "csr");
    CT_CHECK(ct_axis_value_find(CT_AXIS_ORDER, "hilbert") == CT_ORDER_HILBERT, "hilbert");
    CT_CHECK(ct_axis_value_find(CT_AXIS_KERNEL, "avx512") == CT_KERNEL_AVX512, "avx512");
    CT_CHECK(ct_axis_value_find(CT_AXIS_PRECISION, "f32") == CT_PRECISION_F32, "f32");
    CT_CHECK(ct_axis_value_find(CT_AXIS_OPTION, "ladder") == CT_OPTION_LADDER, "ladder");
    CT_CHECK(ct_axis_value_find(CT_AXIS_ORDER, "csr") == -1, "csr is not an order");
    CT_CHECK(ct_axis_name(CT_AXIS_COUNT) == NULL, "axis past the end");
}

static void check_rng(void)
{
    ct_rng a, b;
    int counts[7] = {0}, differ = 0, same = 1;
    double sum = 0, sq = 0;
    ct_rng_seed(&a, 123);
    ct_rng_seed(&b, 123);
    for (int r = 0; r < 100; r++) same &= ct_rng_next(&a) == ct_rng_next(&b);
    CT_CHECK(same, "same seed, different stream");
    ct_rng_seed(&b, 124);
    for (int r = 0; r < 100; r++) differ += ct_rng_next(&a) != ct_rng_next(&b);
    CT_CHECK(differ > 95, "seeds 123 and 124 give similar streams");
    /* Seed 0 works (splitmix64 never gives an all-zero state). */
    ct_rng_seed(&a, 0);
    CT_CHECK(ct_rng_next(&a) != 0 || ct_rng_next(&a) != 0, "seed 0 stuck at zero");

    ct_rng_seed(&a, 7);
    for (int r = 0; r < 70000; r++) {
        uint64_t v = ct_rng_below(&a, 7);
        if (v >= 7) {
            CT_CHECK(0, "below(7) gave %llu", (unsigned long long)v);
            break;
        }
        counts[v]++;
    }
    for (int v = 0; v < 7; v++)
        CT_CHECK(abs(counts[v] - 10000) < 500, "below(7): %d x %d", v, counts[v]);
    CT_CHECK(ct_rng_below(&a, 1) == 0, "below(1)");
    {
        uint64_t big = (UINT64_C(1) << 63) + 12345, above_half = 0;
        for (int r = 0; r < 1000; r++) {
            uint64_t v = ct_rng_below(&a, big);
            CT_CHECK(v < big, "below(2^63+..) out of range");
            above_half += v >= big / 2;
        }
        CT_CHECK(above_half > 400 && above_half < 600, "below(big) skewed: %llu",
                 (unsigned long long)above_half);
    }
    for (int r = 0; r < 10000; r++) {
        double u = ct_rng_uniform(&a);
        CT_CHECK(u >= 0.0 && u < 1.0, "uniform %g", u);
        if (!(u >= 0.0 && u < 1.0)) break;
    }
    /* Normals: the second of each pair is the spare (cached, not redrawn). */
    ct_rng_seed(&a, 5);
    ct_rng_normal(&a);
    CT_CHECK(a.has_spare == 1, "Box-Muller spare not kept");
    b = a;
    CT_CHECK(ct_rng_normal(&a) == b.spare && a.has_spare == 0, "spare not returned next");
    for (int r = 0; r < 40000; r++) {
        double z = ct_rng_normal(&a);
        sum += z;
        sq += z * z;
    }
    CT_CHECK(fabs(sum / 40000) < 0.03 && fabs(sq / 40000 - 1.0) < 0.05, "normal moments %g %g",
             sum / 40000, sq / 40000);
}

int main(void)
{
    check_alloc();
    check_status();
    check_axes();
    check_rng();
    return ct_test_finish("test_core_basics");
}
