/* run_shard.c -- `run --shard i/n`: which workloads of the grid this shard
 * runs (runner.h).
 *
 * The unit of a shard is a workload (seed x n) with everything run on it:
 * its builds, variants, threads and k, and its baselines, so the speed-ups
 * of a shard pair with baselines of the same rounds exactly as in a whole
 * run.  The workloads are dealt by expected cost, largest first, each to the
 * shard with the least cost so far (ties: the lower shard), the cost of a
 * workload being n log2 n (the build and the queries' evaluations grow
 * about so; an .npy workload is one workload).  Deterministic: every shard
 * computes the same deal from the config alone, so the shards' union is the
 * whole grid and no unit is run twice.
 */
#include <math.h>
#include <stdlib.h>

#include "run_internal.h"

static double workload_cost(const bench_config *cfg, int n_index)
{
    double n = cfg->ns[n_index] > 1 ? (double)cfg->ns[n_index] : 2.0;
    return n * log2(n);
}

int run_shard_deal(const bench_config *cfg, int count, int *shard_of, ct_error *err)
{
    const int total = cfg->n_seeds * cfg->n_ns;
    double *load;
    int *done;

    if (count < 1) return ct_error_set(err, CT_EINVAL, "shard count %d (at least 1)", count);
    load = calloc((size_t)count, sizeof *load);
    done = calloc((size_t)total + 1, sizeof *done);
    if (!load || !done) {
        free(load);
        free(done);
        return ct_error_set(err, CT_ENOMEM, "out of memory dealing %d workloads", total);
    }
    for (int dealt = 0; dealt < total; dealt++) {
        int best = -1, to = 0;
        /* the costliest workload not dealt yet (ties: the first in grid order) */
        for (int w = 0; w < total; w++)
            if (!done[w] && (best < 0 || workload_cost(cfg, w % cfg->n_ns) >
                                             workload_cost(cfg, best % cfg->n_ns)))
                best = w;
        for (int k = 1; k < count; k++)
            if (load[k] < load[to]) to = k;
        done[best] = 1;
        shard_of[best] = to;
        load[to] += workload_cost(cfg, best % cfg->n_ns);
    }
    free(load);
    free(done);
    return CT_OK;
}
