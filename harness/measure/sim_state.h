/* sim_state.h -- the workload handed from `ctbench run` to its
 * `ctbench sim-query` child under valgrind.
 *
 * The parent writes the dataset (x, inducing, V, p, covariance), the
 * canonical tree and the query batch to one binary file; the child maps it
 * back, so only layout lowering and the query batch run under the simulator
 * (re-computing the factor and the build under valgrind would take minutes
 * and would not be the region measured anyway).  Native byte order; the file
 * never leaves the machine that wrote it.  Still, the reader validates every
 * byte (sim_state.c): what it accepts is safe to run on, and is what the
 * writer would write for it.  The dataset may have no inducing indices (V
 * given as a file).
 */
#ifndef BENCH_SIM_STATE_H
#define BENCH_SIM_STATE_H

#include <stdint.h>
#include <stdio.h>

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

/* tree may be NULL (baselines only).  CT_OK or CT_EIO. */
int bench_sim_state_write(const char *path, const ct_dataset *ds, const ct_tree *tree,
                          const int32_t *queries, int32_t nq, ct_error *err);
/* CT_OK, CT_EIO (cannot open), CT_EFORMAT (anything wrong in the file, with
 * what), CT_ENOMEM.  On failure *out is zeroed. */
int bench_sim_state_read(const char *path, bench_sim_state *out, ct_error *err);
void bench_sim_state_free(bench_sim_state *st);

/* The same on open streams; `name` is used in messages.  The reader needs a
 * seekable stream (a file or fmemopen) and reads from its position to its
 * end; the writer does not close the stream. */
int bench_sim_state_write_stream(FILE *f, const char *name, const ct_dataset *ds,
                                 const ct_tree *tree, const int32_t *queries, int32_t nq,
                                 ct_error *err);
int bench_sim_state_read_stream(FILE *f, const char *name, bench_sim_state *out, ct_error *err);

#endif
