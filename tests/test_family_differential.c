/* test_family_differential.c -- every pair of axis values against the oracle (quick).
 *
 * The pairwise design of test_family_diff.h (generated from axes.def at run
 * time: every pair of values an exact variant can have is run by an exact
 * variant and checked for exactness, every other pair -- f32, +ladder -- by
 * some variant whose recall is printed), plus brute_blas and every other
 * family, on every query spec (k in {1, 2, 10, n-1, n}, predecessor,
 * exclude_self) and on small workloads of every generator: normal, uniform,
 * clustered, duplicates (repeated locations, 1e-12 near copies, copies of
 * inducing points) and duplicates10 (10 locations); dims 1 to 8, RBF and
 * Matern 5/2, natural, hilbert and morton insertion, trees with base 1.3 and
 * 1.5 and exact radii.  Larger workloads: _slow; every exact variant:
 * _exhaustive (label exhaustive).
 */
#include "test_family_diff.h"

static const workload_case cases[] = {
    {CT_POINTS_NORMAL, 300, 1, 12, CT_COVARIANCE_RBF, 0.2, 101, 0, 0, CT_SI_SUM, CT_ORDER_NATURAL},
    {CT_POINTS_UNIFORM, 600, 2, 24, CT_COVARIANCE_MATERN52, 0.3, 102, 150, 0, CT_SI_SUM,
     CT_ORDER_HILBERT},
    {CT_POINTS_CLUSTERED, 800, 5, 40, CT_COVARIANCE_MATERN52, 1.0, 104, 100, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_NORMAL, 1200, 3, 64, CT_COVARIANCE_RBF, 1.0, 103, 100, 1.5, CT_SI_EXACT,
     CT_ORDER_MORTON},
    {CT_POINTS_NORMAL, 2000, 8, 48, CT_COVARIANCE_RBF, 2.0, 105, 40, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_DUPLICATES, 900, 2, 32, CT_COVARIANCE_RBF, 0.2, 106, 200, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_DUPLICATES, 1500, 3, 128, CT_COVARIANCE_RBF, 0.5, 107, 100, 1.3, CT_SI_SUM,
     CT_ORDER_HILBERT},
    {CT_POINTS_DUPLICATES10, 500, 2, 24, CT_COVARIANCE_MATERN52, 0.3, 108, 100, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

int main(void)
{
    design d;
    double t0 = omp_get_wtime();
    design_make(&d, 1);
    for (int w = 0; w < NCASES; w++) run_workload(&cases[w], &d, 8);
    printf("total %.1f s\n", omp_get_wtime() - t0);
    design_free(&d);
    return ct_test_finish("test_family_differential");
}
