/* pipeline.c -- dataset -> canonical tree -> prepared variant -> answers.
 * The single implementation behind `ctbench knn` and the runner (pipeline.h). */
#define _POSIX_C_SOURCE 200809L
#include "pipeline.h"

#include <string.h>
#include <time.h>

int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void bench_tree_spec_default(bench_tree_spec *spec)
{
    spec->insertion = CT_ORDER_NATURAL;
    ct_build_params_default(&spec->params);
}

int bench_tree_build(const ct_dataset *ds, const bench_tree_spec *spec, ct_tree *tree,
                     double *seconds, ct_error *err)
{
    int64_t t0 = bench_now_ns();
    int rc = ct_run_build_tree(ds, spec->insertion, &spec->params, tree, err);
    if (seconds) *seconds = (double)(bench_now_ns() - t0) * 1e-9;
    return rc;
}

int bench_prepare(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v,
                  bench_prepared *out, double *seconds, ct_error *err)
{
    int64_t t0 = bench_now_ns();
    int rc;
    memset(out, 0, sizeof *out);
    rc = ct_run_setup(ds, tree, v, &out->setup, err);
    if (rc == CT_OK) {
        out->own_setup = 1;
        rc = ct_run_prepare(&out->setup, v, &out->prep, err);
    }
    if (seconds) *seconds = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) bench_prepared_free(out);
    return rc;
}

int bench_prepare_over(const ct_setup *setup, const ct_variant *v, bench_prepared *out,
                       ct_error *err)
{
    memset(out, 0, sizeof *out);
    return ct_run_prepare(setup, v, &out->prep, err);
}

void bench_search_params(const ct_variant *v, const ct_query_spec *spec, ct_search_params *sp)
{
    ct_run_search_params(v, spec, sp);
}

int bench_execute(const bench_prepared *prep, const int32_t *queries, int32_t nq,
                  const ct_search_params *sp, ct_knn_result *out, ct_work *work, ct_error *err)
{
    return ct_run_execute(&prep->prep, queries, nq, sp, out, work, err);
}

void bench_prepared_free(bench_prepared *prep)
{
    ct_run_prepared_free(&prep->prep);
    if (prep->own_setup) ct_run_setup_free(&prep->setup);
    prep->own_setup = 0;
}
