/* test_family_differential_slow.c -- the pairwise sweep on the large workloads (label slow).
 *
 * The same pairwise design and checks as test_family_differential
 * (test_family_diff.h) on the workloads of test_family_diff_large.h.
 * Every exact variant on them: test_family_differential_exhaustive.
 */
#include "test_family_diff_large.h"

int main(void)
{
    design d;
    double t0 = omp_get_wtime();
    design_make(&d, 1);
    for (int w = 0; w < NLARGE; w++) run_workload(&large_cases[w], &d, 8);
    printf("total %.1f s\n", omp_get_wtime() - t0);
    design_free(&d);
    return ct_test_finish("test_family_differential_slow");
}
