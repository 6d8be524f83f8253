/* dataset.h -- a residual-correlation problem: points, kernel, Nystrom factor.
 *
 * A ct_dataset owns everything the metric needs, all in float64 and in dataset
 * order: coordinates X (n x dim, row-major), inducing indices U (m, sorted),
 * V = (L^-1 k(U,X))^T (n x m, row-major, row i belongs to point i) and the
 * residual variances p (n).  See docs/ALGORITHM.md §1.
 */
#ifndef CT_DATASET_H
#define CT_DATASET_H

#include <stdint.h>

#define CT_MAX_DIM 16
#define CT_P_FLOOR 1e-9 /* p_i = max(k(x_i,x_i) - |V_i|^2, CT_P_FLOOR) */
#define CT_JITTER 1e-6  /* Kuu += CT_JITTER * variance * I */

typedef enum { CT_COVARIANCE_RBF = 0, CT_COVARIANCE_MATERN52 = 1 } ct_covariance_kind;

/* "rbf", "matern52" <-> enum (core/names.c); NULL / -1 if unknown. */
const char *ct_covariance_kind_name(ct_covariance_kind kind);
int ct_covariance_kind_find(const char *name);

typedef struct ct_covariance {
    ct_covariance_kind kind;
    int dim;
    double variance;                /* s2 > 0 */
    double lengthscale[CT_MAX_DIM]; /* one per dimension, all > 0 */
} ct_covariance;

typedef struct ct_dataset {
    int32_t n; /* number of points */
    int dim;   /* 1..CT_MAX_DIM */
    int m;     /* number of inducing points, 1..n */
    ct_covariance cov;
    double *x;         /* n * dim */
    int32_t *inducing; /* m, sorted ascending, distinct */
    double *v;         /* n * m; NULL until the factor is computed */
    double *p;         /* n;     NULL until the factor is computed */
} ct_dataset;

/* Free every array of the dataset and zero it. */
void ct_dataset_free(ct_dataset *ds);

#endif
