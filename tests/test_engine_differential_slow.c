/* test_engine_differential_slow.c -- the big differential sweep (label `slow`).
 *
 * The same check as test_engine_differential (every exact engine
 * combination, +alloc and +pbound in every combination, and brute_blas f64
 * against the float64 oracle, tie-aware), but
 * with EVERY query spec (k in {1, 2, 10, n-1, n}, predecessor and
 * exclude_self on/off) on EVERY combination, more seeds, larger workloads
 * (up to n = 6000, m = 512), the three point generators and trees built
 * with other bases (1.3, 1.6, 3) and both radius modes.  About ten minutes
 * on 2 cores (half of it for +pbound).
 */
#include "test_engine_diff.h"

static const workload_case cases[] = {
    {CT_POINTS_NORMAL, 400, 1, 8, CT_COVARIANCE_MATERN52, 0.15, 501, 0, 0, CT_SI_SUM},
    {CT_POINTS_NORMAL, 1200, 2, 32, CT_COVARIANCE_RBF, 0.5, 502, 300, 1.3, CT_SI_SUM},
    {CT_POINTS_UNIFORM, 3000, 3, 96, CT_COVARIANCE_RBF, 0.3, 503, 200, 0, CT_SI_SUM},
    {CT_POINTS_CLUSTERED, 3000, 3, 64, CT_COVARIANCE_MATERN52, 0.5, 504, 200, 1.6, CT_SI_EXACT},
    {CT_POINTS_NORMAL, 6000, 3, 128, CT_COVARIANCE_RBF, 1.0, 505, 150, 0, CT_SI_SUM},
    {CT_POINTS_NORMAL, 4096, 3, 512, CT_COVARIANCE_RBF, 1.0, 506, 100, 2.0, CT_SI_EXACT},
    {CT_POINTS_UNIFORM, 2500, 5, 80, CT_COVARIANCE_MATERN52, 0.8, 507, 150, 3.0, CT_SI_SUM},
    {CT_POINTS_CLUSTERED, 2000, 8, 64, CT_COVARIANCE_RBF, 1.0, 508, 100, 0, CT_SI_SUM},
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

int main(void)
{
    const ct_kernel *kernels[CT_KERNEL_COUNT];
    int nkernels = available_f64_kernels(kernels);
    for (int w = 0; w < NCASES; w++) {
        double t0 = omp_get_wtime();
        run_case(w, &cases[w], kernels, nkernels, 1, 24);
        printf("  (%.1f s)\n", omp_get_wtime() - t0);
    }
    return ct_test_finish("test_engine_differential_slow");
}
