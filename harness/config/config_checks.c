/* config_checks.c -- the defaults of every key and the checks that involve
 * several keys (m <= n, k <= n, npy vs synthetic keys, sample sizes), run
 * after the whole file was read, each naming the line of the key at fault
 * (config_internal.h).  The checks that involve n use the smallest n of the
 * sweep. */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

/* ---- defaults and cross-key checks ----------------------------------------- */

void bench_config_set_defaults(bench_config *cfg)
{
    strcpy(cfg->name, "unnamed");
    cfg->seeds[0] = 1;
    cfg->n_seeds = 1;
    cfg->repetitions = 5;
    cfg->warmup = 1;
    cfg->threads[0] = 1;
    cfg->n_threads = 1;
    cfg->interleave = 0;
    cfg->order_seed = 0;
    cfg->source = BENCH_SOURCE_SYNTHETIC;
    cfg->generator = CT_POINTS_NORMAL;
    cfg->ordering = CT_ORDERING_NATURAL;
    cfg->dim = 3;
    cfg->cov.kind = CT_COVARIANCE_RBF;
    cfg->cov.variance = 1.0;
    cfg->cov.lengthscale[0] = 1.0;
    cfg->lengthscale_count = 1;
    cfg->insertion = CT_ORDER_NATURAL;
    ct_build_params_default(&cfg->build);
    cfg->insertions[0] = cfg->insertion;
    cfg->n_insertions = 1;
    cfg->sis[0] = cfg->build.si_mode;
    cfg->n_sis = 1;
    cfg->shortcuts[0] = cfg->build.shortcut;
    cfg->n_shortcuts = 1;
    cfg->metrics[0] = cfg->build.metric;
    cfg->n_metrics = 1;
    cfg->bases[0] = cfg->build.base;
    cfg->n_bases = 1;
    cfg->check_tree = 1;
    cfg->speedup_ref = -1;
    cfg->ks[0] = 10;
    cfg->n_ks = 1;
    cfg->queries = 1024;
    cfg->verify_queries = 64;
    /* papi even when built without it: its stub records every event as absent, why */
    cfg->counters = BENCH_COUNTERS_PAPI;
    cfg->events.is_auto = 1;
    cfg->sim_queries = 64;
}

#define AT(key) st->lines[KEY_##key]
#define CHECK_FAIL(...) (bench_config_fail(st, __VA_ARGS__), -1)

/* The smallest workload size (synthetic), for the checks that involve n. */
static int32_t min_n(const bench_config *cfg)
{
    int32_t n = cfg->ns[0];
    for (int i = 1; i < cfg->n_ns; i++)
        if (cfg->ns[i] < n) n = cfg->ns[i];
    return n;
}

static int check_workload(config_state *st)
{
    bench_config *cfg = st->cfg;
    static const int synthetic_only[] = {KEY_WL_GENERATOR, KEY_WL_N, KEY_WL_DIM};
    static const int npy_only[] = {KEY_WL_POINTS, KEY_WL_INDUCING, KEY_WL_V, KEY_WL_P,
                                   KEY_WL_QUERY_INDICES};

    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        for (size_t i = 0; i < sizeof npy_only / sizeof npy_only[0]; i++)
            if (st->lines[npy_only[i]])
                return CHECK_FAIL(st->lines[npy_only[i]], "key '%s' needs source = npy",
                                  bench_config_key_name(npy_only[i]));
        if (!AT(WL_N)) {
            int line = AT(WL_SOURCE) ? AT(WL_SOURCE) : 1;
            return CHECK_FAIL(line, "[workload] needs n (the number of points)");
        }
        if (!AT(WL_M)) cfg->m = min_n(cfg) < 512 ? (int)min_n(cfg) : 512;
        if (cfg->m > min_n(cfg))
            return CHECK_FAIL(AT(WL_M), "m = %d inducing points but only n = %d points", cfg->m,
                              (int)min_n(cfg));
        if (cfg->lengthscale_count != 1 && cfg->lengthscale_count != cfg->dim)
            return CHECK_FAIL(AT(WL_LENGTHSCALE),
                              "lengthscale: %d values for dim = %d (give "
                              "one, or one per dimension)",
                              cfg->lengthscale_count, cfg->dim);
    } else {
        for (size_t i = 0; i < sizeof synthetic_only / sizeof synthetic_only[0]; i++)
            if (st->lines[synthetic_only[i]])
                return CHECK_FAIL(st->lines[synthetic_only[i]],
                                  "key '%s' needs source = synthetic (with npy it comes from "
                                  "the points file)",
                                  bench_config_key_name(synthetic_only[i]));
        if (!AT(WL_POINTS))
            return CHECK_FAIL(AT(WL_SOURCE), "source = npy needs points = FILE.npy");
        if (AT(WL_P) && !AT(WL_V)) return CHECK_FAIL(AT(WL_P), "p needs v (the factor V)");
        if (AT(WL_M) && (AT(WL_V) || AT(WL_INDUCING)))
            return CHECK_FAIL(AT(WL_M), "m is given by the %s file; remove m",
                              AT(WL_V) ? "v" : "inducing");
        if (AT(WL_V) && AT(WL_INDUCING))
            return CHECK_FAIL(AT(WL_INDUCING), "inducing is unused when v is given");
        if (AT(WL_QUERY_INDICES) && AT(Q_QUERIES))
            return CHECK_FAIL(AT(Q_QUERIES),
                              "queries: the batch comes from query_indices "
                              "(line %d); remove queries",
                              AT(WL_QUERY_INDICES));
        if (AT(WL_QUERY_INDICES) && cfg->ordering != CT_ORDERING_NATURAL)
            return CHECK_FAIL(AT(WL_ORDERING),
                              "ordering = %s: query_indices (line %d) name points in the "
                              "file's order; use ordering = natural",
                              ct_ordering_name(cfg->ordering), AT(WL_QUERY_INDICES));
        cfg->n = 0; /* from the points file */
        cfg->ns[0] = 0;
        cfg->n_ns = 1;
    }
    return 0;
}

static int check_query(config_state *st)
{
    bench_config *cfg = st->cfg;
    int32_t nq = cfg->queries;
    for (int i = 0; i < cfg->n_ks; i++) {
        if (cfg->source == BENCH_SOURCE_SYNTHETIC && cfg->ks[i] > min_n(cfg))
            return CHECK_FAIL(AT(Q_K), "k = %d exceeds the number of points n = %d", cfg->ks[i],
                              (int)min_n(cfg));
    }
    if (nq == 0 && cfg->source == BENCH_SOURCE_SYNTHETIC) nq = min_n(cfg);
    if (nq > 0 && cfg->verify_queries > nq) {
        if (AT(Q_VERIFY))
            return CHECK_FAIL(AT(Q_VERIFY),
                              "verify_queries = %d exceeds the %d queries of the "
                              "batch",
                              (int)cfg->verify_queries, (int)nq);
        cfg->verify_queries = 0; /* the default sample is larger than the batch: verify all */
    }
    if (nq > 0 && cfg->sim_queries > nq) {
        if (AT(CNT_SIM_QUERIES))
            return CHECK_FAIL(AT(CNT_SIM_QUERIES),
                              "sim_queries = %d exceeds the %d queries of "
                              "the batch",
                              (int)cfg->sim_queries, (int)nq);
        cfg->sim_queries = nq;
    }
    return 0;
}

int bench_config_check(config_state *st)
{
    if (check_workload(st) != 0) return -1;
    return check_query(st);
}
