/* run_workload.c -- one workload of a run (run_internal.h): the dataset and
 * its factor (timed as the 'factor' phase), its ordering ([workload]
 * ordering, timed as the 'ordering' phase), its database row, the query
 * batch, the verification sample and the oracle's answers for the sample.
 *
 * Seeds: a workload with seed s draws its points from s and its inducing
 * points from s + 1 (ct_workload_synthesize), its query batch from s + 2,
 * the positions of the verification sample from s + 3 and its random
 * ordering from s + 4.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "ct/alloc.h"
#include "ct/npy.h"
#include "ct/ordering.h"
#include "ct/workload.h"
#include "run_internal.h"
#include "workload_source.h"

static void source_of(const bench_config *cfg, uint64_t seed, int32_t n, bench_workload_source *src)
{
    memset(src, 0, sizeof *src);
    src->cov = cfg->cov;
    src->lengthscale_count = cfg->lengthscale_count;
    src->seed = seed;
    src->m = cfg->m;
    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        src->synthetic.points = cfg->generator;
        src->synthetic.n = n;
        src->synthetic.dim = cfg->dim;
        src->synthetic.m = cfg->m;
        src->synthetic.cov = cfg->cov;
        src->synthetic.cov.dim = cfg->dim;
        for (int t = 1; t < cfg->dim && cfg->lengthscale_count == 1; t++)
            src->synthetic.cov.lengthscale[t] = cfg->cov.lengthscale[0];
        src->synthetic.seed = seed;
    } else {
        src->points_path = cfg->points_path;
        src->inducing_path = cfg->inducing_path[0] ? cfg->inducing_path : NULL;
        src->v_path = cfg->v_path[0] ? cfg->v_path : NULL;
        src->p_path = cfg->p_path[0] ? cfg->p_path : NULL;
    }
}

/* Move the dataset into the configured ordering (after the factor, before
 * the queries are drawn); w->ordering_s < 0 for the natural order. */
static int order_workload(run_session *s, run_workload *w, ct_error *err)
{
    ct_ordering_kind kind = s->cfg->ordering;
    const char *name = ct_ordering_name(kind);
    int32_t *perm;
    int64_t t0;
    int rc;
    w->ordering_s = -1;
    if (kind == CT_ORDERING_NATURAL) return CT_OK;
    run_emit_phase_begin(s, "ordering", name);
    t0 = bench_now_ns();
    perm = ct_malloc_array((size_t)w->ds.n, sizeof *perm);
    if (!perm) return ct_error_set(err, CT_ENOMEM, "out of memory for the %s ordering", name);
    rc = ct_ordering_compute(kind, &w->ds, w->seed + 4, perm, err);
    if (rc == CT_OK) rc = ct_dataset_permute(&w->ds, perm, err);
    ct_free(perm);
    if (rc != CT_OK) return rc;
    w->ordering_s = (double)(bench_now_ns() - t0) * 1e-9;
    run_emit_phase(s, "ordering", name, w->ordering_s);
    return CT_OK;
}

int run_workload_load(run_session *s, run_workload *w, uint64_t seed, int n_index, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    bench_workload_source src;
    int rc;

    memset(w, 0, sizeof *w);
    w->seed = seed;
    w->n_index = n_index;
    w->n = cfg->ns[n_index];
    source_of(cfg, seed, w->n, &src);
    ct_run_set_threads(s->max_threads);
    run_emit_phase_begin(s, cfg->source == BENCH_SOURCE_NPY && cfg->v_path[0] ? "load" : "factor",
                         NULL);
    rc = bench_workload_load(&src, &w->ds, &w->factor_s, err);
    if (rc != CT_OK) return rc;
    w->has_ds = 1;
    /* a factor loaded from a V file took no time: no 'factor' phase then */
    if (cfg->source == BENCH_SOURCE_NPY && cfg->v_path[0]) w->factor_s = -1;
    else run_emit_phase(s, "factor", NULL, w->factor_s);
    return order_workload(s, w, err);
}

static int draw_batch(const bench_config *cfg, run_workload *w, ct_error *err)
{
    int32_t n = w->ds.n;
    int rc;
    if (cfg->query_indices_path[0]) {
        int64_t count = 0;
        rc = ct_npy_load_index(cfg->query_indices_path, n, &w->queries, &count, err);
        if (rc != CT_OK) return rc;
        if (count < 1 || count > INT32_MAX)
            return ct_error_set(err, CT_EFORMAT, "%s: no query indices", cfg->query_indices_path);
        w->nq = (int32_t)count;
        return CT_OK;
    }
    w->nq = cfg->queries > 0 ? cfg->queries : n;
    w->queries = ct_malloc_array((size_t)w->nq, sizeof *w->queries);
    if (!w->queries) return ct_error_set(err, CT_ENOMEM, "out of memory for the queries");
    if (cfg->queries == 0) {
        for (int32_t i = 0; i < n; i++) w->queries[i] = i;
        return CT_OK;
    }
    rc = ct_queries_draw(n, w->nq, w->seed + 2, w->queries);
    return rc == CT_OK ? CT_OK : ct_error_set(err, rc, "drawing the queries failed");
}

static int draw_sample(const bench_config *cfg, run_workload *w, ct_error *err)
{
    int rc;
    w->ns =
        (cfg->verify_queries == 0 || cfg->verify_queries >= w->nq) ? w->nq : cfg->verify_queries;
    w->sample_pos = ct_malloc_array((size_t)w->ns, sizeof *w->sample_pos);
    w->sample_queries = ct_malloc_array((size_t)w->ns, sizeof *w->sample_queries);
    if (!w->sample_pos || !w->sample_queries)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the verification sample");
    if (w->ns == w->nq) {
        for (int32_t i = 0; i < w->ns; i++) w->sample_pos[i] = i;
    } else {
        rc = ct_inducing_draw(w->nq, w->ns, w->seed + 3, w->sample_pos);
        if (rc != CT_OK) return ct_error_set(err, rc, "drawing the verification sample failed");
    }
    for (int32_t i = 0; i < w->ns; i++) w->sample_queries[i] = w->queries[w->sample_pos[i]];
    return CT_OK;
}

int run_workload_queries(run_session *s, run_workload *w, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    int64_t t0;
    int rc = draw_batch(cfg, w, err);
    if (rc == CT_OK) rc = draw_sample(cfg, w, err);
    if (rc != CT_OK) return rc;
    /* the oracle's answers for the sample, once per k (untimed) */
    ct_run_set_threads(s->max_threads);
    run_emit_phase_begin(s, "oracle", NULL);
    t0 = bench_now_ns();
    for (int ki = 0; ki < cfg->n_ks; ki++) {
        ct_query_spec spec = {cfg->ks[ki], cfg->predecessor, cfg->exclude_self};
        int needed = 0;
        for (int u = 0; u < w->n_units; u++)
            needed |= w->units[u].k_index == ki && !w->units[u].resumed;
        if (!needed) continue;
        rc = ct_query_spec_check(&spec, w->ds.n, err);
        if (rc != CT_OK) return rc;
        rc = ct_knn_result_alloc(&w->oracle[ki], w->ns, spec.k);
        if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the oracle's answers");
        w->has_oracle[ki] = 1;
        rc = ct_oracle_knn(&w->ds, w->sample_queries, w->ns, &spec, &w->oracle[ki], err);
        if (rc != CT_OK) return rc;
    }
    run_emit_phase(s, "oracle", NULL, (double)(bench_now_ns() - t0) * 1e-9);
    return CT_OK;
}

void run_workload_free(run_workload *w)
{
    for (int i = 0; i < w->n_slots; i++) run_slot_free(&w->slots[i]);
    for (int u = 0; u < w->n_units; u++) run_unit_free(&w->units[u]);
    run_external_cleanup(w);
    free(w->units);
    free(w->slots);
    for (int ki = 0; ki < BENCH_MAX_KS; ki++)
        if (w->has_oracle[ki]) ct_knn_result_free(&w->oracle[ki]);
    ct_free(w->queries);
    ct_free(w->sample_pos);
    ct_free(w->sample_queries);
    if (w->has_ds) ct_dataset_free(&w->ds);
    memset(w, 0, sizeof *w);
}
