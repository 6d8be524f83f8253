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

int ct_brute_blas_knn(const ct_dataset *ds, ct_precision precision, const int32_t *queries,
                      int32_t nq, const ct_query_spec *spec, ct_knn_result *out, ct_work *work,
                      ct_error *err);

#endif
