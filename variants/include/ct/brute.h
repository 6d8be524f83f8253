/* brute.h -- the brute-force baselines a user would run instead of a tree.
 *
 * `brute` is the oracle itself (knn.h).  `brute_blas` is blocked brute force:
 * for a block of queries, the V_q . V_j products for all j come from one
 * cblas_dgemm (f64) or cblas_sgemm (f32) call, then the fused distance and a
 * per-query top-k selection run under OpenMP.
 */
#ifndef CT_BRUTE_H
#define CT_BRUTE_H

#include <stdint.h>
#include "axes.h"
#include "dataset.h"
#include "knn.h"
#include "search.h"
#include "status.h"

/* Convenience: f32 makes (and frees) the float copy of V inside the call. */
int ct_brute_blas_knn(const ct_dataset *ds, ct_precision precision, const int32_t *queries,
                      int32_t nq, const ct_query_spec *spec, ct_knn_result *out, ct_work *work,
                      ct_error *err);

/* brute_blas.f32 split into setup and search, so a benchmark times only the
 * search: the float copy of V (n x m, ct_free it) and the search over it. */
int ct_brute_blas_f32_copy(const ct_dataset *ds, float **out, ct_error *err);
int ct_brute_blas_knn_f32(const ct_dataset *ds, const float *v32, const int32_t *queries,
                          int32_t nq, const ct_query_spec *spec, ct_knn_result *out, ct_work *work,
                          ct_error *err);

#endif
