/* sim_state.h -- the workload handed from `ctbench run` to its
 * `ctbench sim-query` child under valgrind.
 *
 * The parent writes the dataset (x, inducing, V, p, covariance), the
 * canonical tree and the query batch to one binary file; the child maps it
 * back, so only layout lowering and the query batch run under the simulator
 * (re-computing the factor and the build under valgrind would take minutes
 * and would not be the region measured anyway).  Native byte order; the file
 * never leaves the machine that wrote it.
 */
#ifndef BENCH_SIM_STATE_H
#define BENCH_SIM_STATE_H

#include <stdint.h>

#include "ct/dataset.h"
#include "ct/status.h"
#include "ct/tree.h"

typedef struct bench_sim_state {
    ct_dataset ds;
    ct_tree tree;
    int has_tree;
    int32_t *queries;
    int32_t nq;
} bench_sim_state;

int bench_sim_state_write(const char *path, const ct_dataset *ds, const ct_tree *tree,
                          const int32_t *queries, int32_t nq, ct_error *err);
int bench_sim_state_read(const char *path, bench_sim_state *out, ct_error *err);
void bench_sim_state_free(bench_sim_state *st);

#endif
