/* verify.c -- the sample check and answer hash of a unit (verify.h). */
#include "verify.h"

#include <stdio.h>
#include <string.h>

#include "ct/hash.h"

uint64_t bench_answer_hash(const ct_knn_result *res)
{
    return ct_hash_fnv1a(CT_HASH_FNV_OFFSET, res->idx,
                         (size_t)res->nq * (size_t)res->k * sizeof *res->idx);
}

int bench_verify_sample(const ct_dataset *ds, const int32_t *sample_pos,
                        const int32_t *sample_queries, int32_t ns, const ct_query_spec *spec,
                        const ct_knn_result *oracle, const ct_knn_result *res, int exact_variant,
                        bench_verify_report *out, ct_error *err)
{
    ct_knn_result sub;
    ct_compare_report rep;
    int rc, k = res->k;

    memset(out, 0, sizeof *out);
    memset(&rep, 0, sizeof rep);
    rc = ct_knn_result_alloc(&sub, ns, k);
    if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the verification sample");
    for (int32_t i = 0; i < ns; i++) {
        memcpy(sub.idx + (size_t)i * k, res->idx + (size_t)sample_pos[i] * k,
               (size_t)k * sizeof *sub.idx);
        memcpy(sub.dist + (size_t)i * k, res->dist + (size_t)sample_pos[i] * k,
               (size_t)k * sizeof *sub.dist);
    }
    rc = ct_knn_compare(ds, sample_queries, spec, oracle, &sub, CT_TIE_TOLERANCE_F64, &rep);
    ct_knn_result_free(&sub);
    if (rc != CT_OK)
        return ct_error_set(err, rc, "comparison with the oracle failed: %s", ct_status_str(rc));
    out->recall = rep.recall;
    out->queries = rep.queries;
    out->exact_queries = rep.exact_queries;
    out->max_distance_error = rep.max_distance_error;
    if (!exact_variant) {
        out->verified = "approximate";
        out->valid = 1;
        snprintf(out->note, sizeof out->note,
                 "approximate variant: recall %.4f on %d sampled "
                 "queries",
                 rep.recall, (int)rep.queries);
    } else if (rep.exact_queries == rep.queries) {
        out->verified = "exact";
        out->valid = 1;
    } else {
        out->verified = "failed";
        out->valid = 0;
        snprintf(out->note, sizeof out->note,
                 "%d of %d sampled queries differ from the oracle "
                 "(first: sample position %d, batch position %d, query point %d); recall %.4f",
                 (int)(rep.queries - rep.exact_queries), (int)rep.queries, (int)rep.first_bad_query,
                 rep.first_bad_query >= 0 ? (int)sample_pos[rep.first_bad_query] : -1,
                 rep.first_bad_query >= 0 ? (int)sample_queries[rep.first_bad_query] : -1,
                 rep.recall);
    }
    return CT_OK;
}
