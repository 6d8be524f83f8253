/* tile.c -- evaluating one tile of candidate rows with the kernel.
 *
 * Candidates whose rows are consecutive (a child list under csr/ll + cached +
 * bfs, or whole frontier levels there) are read with dist_range, the
 * scattered remainder with a single dist_gather.  Which entry point runs is
 * decided from the rows themselves, so it depends on order x data only, never
 * on the topology.  The distances are the same either way (the kernels'
 * contract), so this choice never changes a result or a work counter.
 * sp->load = CT_LOAD_GATHER (variant parameter @load=gather, issue 13 E14)
 * sends every tile through dist_gather, to isolate what the range loads of a
 * contiguous layout are worth.
 */
#include "engine_internal.h"

void ct_engine_eval_rows(const ct_kernel *kernel, const ct_rows *rows, const ct_query_row *q,
                         const int32_t *row, int count, double *out, ct_engine_scratch *s)
{
    int i = 0, ngather = 0;
    if (count <= 0) return;
    if (s->force_gather) { /* @load=gather (E14): no range loads at all */
        kernel->dist_gather(rows, q, row, count, out);
        return;
    }
    while (i < count) {
        int j = i + 1;
        while (j < count && row[j] == row[j - 1] + 1) j++;
        if (j - i >= CT_ENGINE_MIN_RUN) {
            kernel->dist_range(rows, q, row[i], j - i, out + i);
        } else {
            for (int t = i; t < j; t++) {
                s->gather_row[ngather] = row[t];
                s->gather_pos[ngather] = t;
                ngather++;
            }
        }
        i = j;
    }
    if (ngather == count) {
        kernel->dist_gather(rows, q, row, count, out);
    } else if (ngather > 0) {
        kernel->dist_gather(rows, q, s->gather_row, ngather, s->gather_dist);
        for (int t = 0; t < ngather; t++) out[s->gather_pos[t]] = s->gather_dist[t];
    }
}
