/* test_family_diff_large.h -- the large workloads shared by
 * test_family_differential_slow (pairwise design) and
 * test_family_differential_exhaustive (every exact variant): the workloads
 * the old full cross product ran (n up to 6000, m up to 512, the three
 * classic generators, bases 1.3 to 3, both radius modes, three insertion
 * orders) plus duplicates at scale -- one with m = 512 and lengthscale 1,
 * where p goes down to ~1e-8 and a kernel's rounding at d = 0 is ~1e-4 on
 * the d scale -- and duplicates10 with exact radii.
 */
#ifndef CT_TEST_FAMILY_DIFF_LARGE_H
#define CT_TEST_FAMILY_DIFF_LARGE_H

#include "test_family_diff.h"

static const workload_case large_cases[] = {
    {CT_POINTS_NORMAL, 400, 1, 8, CT_COVARIANCE_MATERN52, 0.15, 501, 0, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_NORMAL, 1200, 2, 32, CT_COVARIANCE_RBF, 0.5, 502, 300, 1.3, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_UNIFORM, 3000, 3, 96, CT_COVARIANCE_RBF, 0.3, 503, 200, 0, CT_SI_SUM,
     CT_ORDER_HILBERT},
    {CT_POINTS_CLUSTERED, 3000, 3, 64, CT_COVARIANCE_MATERN52, 0.5, 504, 200, 1.6, CT_SI_EXACT,
     CT_ORDER_NATURAL},
    {CT_POINTS_NORMAL, 6000, 3, 128, CT_COVARIANCE_RBF, 1.0, 505, 150, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_NORMAL, 4096, 3, 512, CT_COVARIANCE_RBF, 1.0, 506, 100, 2.0, CT_SI_EXACT,
     CT_ORDER_MORTON},
    {CT_POINTS_UNIFORM, 2500, 5, 80, CT_COVARIANCE_MATERN52, 0.8, 507, 150, 3.0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_CLUSTERED, 2000, 8, 64, CT_COVARIANCE_RBF, 1.0, 508, 100, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_DUPLICATES, 4000, 2, 256, CT_COVARIANCE_RBF, 0.3, 509, 200, 0, CT_SI_SUM,
     CT_ORDER_HILBERT},
    {CT_POINTS_DUPLICATES, 3000, 2, 512, CT_COVARIANCE_RBF, 1.0, 510, 100, 0, CT_SI_SUM,
     CT_ORDER_NATURAL},
    {CT_POINTS_DUPLICATES10, 3000, 3, 64, CT_COVARIANCE_MATERN52, 0.5, 511, 100, 1.6, CT_SI_EXACT,
     CT_ORDER_NATURAL},
};
#define NLARGE ((int)(sizeof large_cases / sizeof large_cases[0]))

#endif
