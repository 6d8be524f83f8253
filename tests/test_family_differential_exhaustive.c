/* test_family_differential_exhaustive.c -- every exact variant, every spec (label exhaustive).
 *
 * The full product: every exact tree variant ct_variant_foreach lists and this
 * CPU runs (topology x order x data x traversal x kernel, f64, with every
 * subset of the options that keeps exactness: +alloc, +pbound), plus every
 * variant of the other families, on every query spec and every workload of
 * test_family_diff_large.h, against the oracle (test_family_diff.h).  Opt-in:
 * `ctest -L exhaustive` (.ci/experiments runs it; the default `ctest -LE
 * exhaustive` of .ci/test does not) -- about half an hour on 2 cores, where
 * the pairwise _slow test covers every pair of values in minutes.
 */
#include "test_family_diff_large.h"

int main(void)
{
    design d;
    double t0 = omp_get_wtime();
    design_make(&d, 0);
    for (int w = 0; w < NLARGE; w++) run_workload(&large_cases[w], &d, 24);
    printf("total %.1f s\n", omp_get_wtime() - t0);
    design_free(&d);
    return ct_test_finish("test_family_differential_exhaustive");
}
