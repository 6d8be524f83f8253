/* verify.h -- checking a variant's answers against the oracle on a sample.
 *
 * The sample is a fixed set of positions in the query batch (drawn once per
 * workload); the oracle's answers for those queries are computed once per k
 * and compared with ct_knn_compare (tie-aware, tolerance
 * CT_TIE_TOLERANCE_F64).  An exact variant passes when every sampled query
 * is exact; approximate variants (f32, +ladder) are never called exact: they
 * are 'approximate' with their recall.  The answer hash (FNV-1a over the
 * neighbour indices of the whole batch) identifies an answer set, so every
 * repetition can be checked to give the same answers as the verified one.
 */
#ifndef BENCH_VERIFY_H
#define BENCH_VERIFY_H

#include <stdint.h>

#include "ct/dataset.h"
#include "ct/knn.h"
#include "ct/status.h"

typedef struct bench_verify_report {
    const char *verified; /* "exact", "approximate" or "failed" */
    int valid;            /* timings usable */
    double recall;
    int32_t queries;
    int32_t exact_queries;
    double max_distance_error;
    char note[256];
} bench_verify_report;

uint64_t bench_answer_hash(const ct_knn_result *res);

/* Compare res (answers for the whole batch) at positions sample_pos[0..ns)
 * with oracle (ns rows, for sample_queries).  exact_variant selects the
 * verdict rule.  Returns CT_OK (the verdict is in out) or an error when the
 * comparison itself could not run. */
int bench_verify_sample(const ct_dataset *ds, const int32_t *sample_pos,
                        const int32_t *sample_queries, int32_t ns, const ct_query_spec *spec,
                        const ct_knn_result *oracle, const ct_knn_result *res, int exact_variant,
                        bench_verify_report *out, ct_error *err);

#endif
