/* pipeline.c -- dataset -> canonical tree -> prepared variant -> answers.
 * The single implementation behind `ctbench knn` and the runner (pipeline.h). */
#define _POSIX_C_SOURCE 200809L
#include "pipeline.h"

#include <string.h>
#include <time.h>

#include "ct/alloc.h"
#include "ct/brute.h"
#include "ct/order.h"

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
    int rc;
    int32_t *order = NULL;
    ct_rows rows;
    ct_kernel_metric km;
    ct_metric_fn metric;
    int64_t t0 = bench_now_ns();

    memset(tree, 0, sizeof *tree);
    rc = ct_rows_view_f64(ds, &rows);
    if (rc != CT_OK) {
        ct_error_set(err, rc, "dataset has no factor to build a tree on");
        goto done;
    }
    km.rows = &rows;
    km.kernel = ct_kernel_default(CT_PRECISION_F64);
    if (!km.kernel) {
        rc = ct_error_set(err, CT_ENOTSUP, "no float64 kernel available");
        goto done;
    }
    metric = ct_kernel_metric_fn(&km);
    order = ct_malloc_array(ds->n > 0 ? (size_t)ds->n : 1, sizeof *order);
    if (!order) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory for the insertion order");
        goto done;
    }
    rc = ct_order_insertion(spec->insertion, ds, order, err);
    if (rc != CT_OK) goto done;
    rc = ct_tree_build(&metric, ds->n, order, &spec->params, tree, err);
done:
    if (seconds) *seconds = (double)(bench_now_ns() - t0) * 1e-9;
    ct_free(order);
    return rc;
}

int bench_prepare(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v,
                  bench_prepared *out, double *seconds, ct_error *err)
{
    int rc = CT_OK;
    int64_t t0 = bench_now_ns();
    const char *why = NULL;

    memset(out, 0, sizeof *out);
    out->variant = *v;
    out->ds = ds;
    rc = ct_variant_available(v, err);
    if (rc != CT_OK) goto done;
    if (v->family == CT_VARIANT_BRUTE_BLAS && v->precision == CT_PRECISION_F32) {
        rc = ct_brute_blas_f32_copy(ds, &out->v32, err); /* setup, not search */
        goto done;
    }
    if (v->family != CT_VARIANT_TREE) goto done;
    if (!tree) {
        rc = ct_error_set(err, CT_EINVAL, "tree variant without a tree");
        goto done;
    }
    out->kernel = ct_kernel_find(v->kernel, v->precision, &why);
    if (!out->kernel) {
        rc = ct_error_set(err, CT_ENOTSUP, "kernel %s unavailable: %s",
                          ct_axis_value_name(CT_AXIS_KERNEL, v->kernel), why ? why : "?");
        goto done;
    }
    out->engine = ct_engine_find(v->topology, v->traversal);
    if (!out->engine) {
        rc = ct_error_set(err, CT_EINTERNAL, "no engine for this topology and traversal");
        goto done;
    }
    rc = ct_layout_build(ds, tree, v->topology, v->order, v->data, v->precision, &out->layout, err);
    if (rc != CT_OK) goto done;
    out->has_layout = 1;
done:
    if (seconds) *seconds = (double)(bench_now_ns() - t0) * 1e-9;
    if (rc != CT_OK) bench_prepared_free(out);
    return rc;
}

void bench_search_params(const ct_variant *v, const ct_query_spec *spec, ct_search_params *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->spec = *spec;
    sp->slack = CT_PRUNE_SLACK;
    sp->scratch = (v->options & (1u << CT_OPTION_ALLOC)) ? CT_SCRATCH_ALLOC : CT_SCRATCH_REUSE;
    sp->budget = (v->options & (1u << CT_OPTION_LADDER)) ? CT_BUDGET_LADDER : CT_BUDGET_EXACT;
    sp->parent_bound = (v->options & (1u << CT_OPTION_PBOUND)) != 0;
}

int bench_execute(const bench_prepared *prep, const int32_t *queries, int32_t nq,
                  const ct_search_params *sp, ct_knn_result *out, ct_work *work, ct_error *err)
{
    int rc;
    memset(work, 0, sizeof *work);
    switch (prep->variant.family) {
    case CT_VARIANT_BRUTE:
        rc = ct_oracle_knn(prep->ds, queries, nq, &sp->spec, out, err);
        if (rc == CT_OK) {
            work->dist_evals = (uint64_t)nq * (uint64_t)prep->ds->n;
            work->v_bytes = work->dist_evals * (uint64_t)prep->ds->m * sizeof(double);
        }
        return rc;
    case CT_VARIANT_BRUTE_BLAS:
        if (prep->v32)
            return ct_brute_blas_knn_f32(prep->ds, prep->v32, queries, nq, &sp->spec, out, work,
                                         err);
        return ct_brute_blas_knn(prep->ds, CT_PRECISION_F64, queries, nq, &sp->spec, out, work,
                                 err);
    case CT_VARIANT_TREE:
        rc = prep->engine(&prep->layout, prep->kernel, queries, nq, sp, out, work);
        if (rc != CT_OK) ct_error_set(err, rc, "search failed: %s", ct_status_str(rc));
        return rc;
    }
    return ct_error_set(err, CT_EINTERNAL, "unknown variant family");
}

void bench_prepared_free(bench_prepared *prep)
{
    if (prep->has_layout) ct_layout_free(&prep->layout);
    prep->has_layout = 0;
    ct_free(prep->v32);
    prep->v32 = NULL;
}
