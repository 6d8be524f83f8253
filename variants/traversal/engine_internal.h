/* engine_internal.h -- what the traversal templates share with the driver.
 *
 * An engine is a per-query function (instantiated from a traversal template
 * for one topology) plus the common driver ct_engine_run, which validates the
 * call, runs the OpenMP loop over queries, manages scratch memory and sums
 * the work counters.  Nothing here is public API: see ct/search.h.
 */
#ifndef CT_TRAVERSAL_ENGINE_INTERNAL_H
#define CT_TRAVERSAL_ENGINE_INTERNAL_H

#include <stdint.h>

#include "ct/search.h"
#include "scratch.h"

/* The fixed inputs of one engine call, shared read-only by every thread. */
typedef struct ct_engine_call {
    const ct_layout *layout;
    const ct_kernel *kernel;
    const ct_search_params *sp;
} ct_engine_call;

/* Answer query point q (a dataset index) into its output row (k slots),
 * adding its work to *w.  Returns CT_OK or CT_ENOMEM. */
typedef int (*ct_engine_query_fn)(const ct_engine_call *call, ct_engine_scratch *s, int32_t q,
                                  int32_t *idx_out, double *dist_out, ct_work *w);

/* The checks every engine applies to a call: CT_OK or CT_EINVAL. */
int ct_engine_check_call(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                         int32_t nq, const ct_search_params *sp, const ct_knn_result *out,
                         ct_topology topology);
/* Allocate `out` (nq x k) if the caller left it empty (*allocated = 1), else
 * check its shape.  CT_OK, CT_ENOMEM or CT_EINVAL. */
int ct_engine_output(const ct_search_params *sp, int32_t nq, ct_knn_result *out, int *allocated);
/* sum += w (dist_evals, nodes_visited, heap_ops, useful_pairs, rows_fetched). */
void ct_engine_work_add(ct_work *sum, const ct_work *w);
/* *work = sum with v_bytes and v_bytes_fetched derived from the layout's row
 * size (nothing if work is NULL). */
void ct_engine_work_store(const ct_layout *layout, const ct_work *sum, ct_work *work);

/* Validate, allocate `out` if out->idx is NULL, run fn for every query under
 * OpenMP (schedule(dynamic, 8)) and store the summed work in *work. */
int ct_engine_run(const ct_layout *layout, const ct_kernel *kernel, const int32_t *queries,
                  int32_t nq, const ct_search_params *sp, ct_knn_result *out, ct_work *work,
                  ct_topology topology, ct_engine_query_fn fn);

/* Distances from q to rows[0..count) into out[0..count): maximal runs of
 * consecutive rows (at least CT_ENGINE_MIN_RUN long) go through dist_range,
 * the rest through one dist_gather (using the scratch's gather buffers;
 * count <= CT_ENGINE_TILE). */
#define CT_ENGINE_MIN_RUN 4
void ct_engine_eval_rows(const ct_kernel *kernel, const ct_rows *rows, const ct_query_row *q,
                         const int32_t *row, int count, double *out, ct_engine_scratch *s);

/* Every (topology, traversal) engine is instantiated by engine_<topology>.c
 * from engine_row_tpl.h and reached through ct_engine_find (engine.c). */

#endif
