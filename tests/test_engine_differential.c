/* test_engine_differential.c -- every exact engine combination against the oracle.
 *
 * For every exact tree combination (topology x order x data x traversal x
 * available kernel, f64, scratch reuse and alloc, and with +pbound under
 * scratch reuse) and for brute_blas f64,
 * on small residual workloads (several seeds, dims 1, 2, 3, 5, 8, n from 300
 * to 2000, RBF and Matern 5/2, one tree with base 1.5 and exact radii), the
 * neighbours of every query (all points, or a seeded sample with a repeated
 * query) must equal the float64 oracle's, tie-aware (ct_knn_compare, tol
 * CT_TIE_TOLERANCE_F64).  The machinery is in test_engine_diff.h.
 * Query specs: k in {1, 2, 10, n-1, n}, predecessor on/off, exclude_self
 * on/off.  The baseline spec (k = 10) runs with every combination on every
 * workload; every other spec runs with a rotating share of the combinations
 * (combination c takes spec 1 + (c + w) mod (specs - 1) on workload w), so
 * each combination meets several specs and each spec several combinations.
 * A larger sweep lives in test_engine_differential_slow.c.
 */
#include "test_engine_diff.h"

static const workload_case cases[] = {
    {CT_POINTS_NORMAL, 300, 1, 12, CT_COVARIANCE_RBF, 0.2, 101, 0, 0, CT_SI_SUM},
    {CT_POINTS_UNIFORM, 500, 2, 24, CT_COVARIANCE_MATERN52, 0.3, 102, 120, 0, CT_SI_SUM},
    {CT_POINTS_NORMAL, 1000, 3, 64, CT_COVARIANCE_RBF, 1.0, 103, 100, 0, CT_SI_SUM},
    {CT_POINTS_CLUSTERED, 800, 5, 40, CT_COVARIANCE_MATERN52, 1.0, 104, 100, 0, CT_SI_SUM},
    {CT_POINTS_NORMAL, 2000, 8, 48, CT_COVARIANCE_RBF, 2.0, 105, 40, 0, CT_SI_SUM},
    {CT_POINTS_NORMAL, 1500, 3, 200, CT_COVARIANCE_RBF, 1.0, 106, 60, 0, CT_SI_SUM},
    {CT_POINTS_UNIFORM, 400, 2, 16, CT_COVARIANCE_RBF, 0.4, 107, 80, 1.5, CT_SI_EXACT},
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

int main(void)
{
    const ct_kernel *kernels[CT_KERNEL_COUNT];
    int nkernels = available_f64_kernels(kernels);
    for (int w = 0; w < NCASES; w++) {
        double t0 = omp_get_wtime();
        run_case(w, &cases[w], kernels, nkernels, 0, 16);
        printf("  (%.1f s)\n", omp_get_wtime() - t0);
    }
    return ct_test_finish("test_engine_differential");
}
