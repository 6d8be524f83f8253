/* run.c -- dataset -> canonical tree -> setup -> prepared variant -> answers
 * (ct/run.h): the single implementation behind `ctbench knn`, the runner
 * and the simulator child, dispatching through the variant's family. */
#include <omp.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/kernel.h"
#include "ct/order.h"
#include "ct/run.h"

/* OpenBLAS's own thread count (not in its cblas.h on every build). */
void openblas_set_num_threads(int num_threads);

void ct_run_set_threads(int threads)
{
    omp_set_num_threads(threads);
    openblas_set_num_threads(threads);
}

/* The default float64 kernel over the dataset as the tree's metric. */
static int f64_metric(const ct_dataset *ds, ct_rows *rows, ct_kernel_metric *km,
                      ct_metric_fn *metric, ct_error *err)
{
    int rc = ct_rows_view_f64(ds, rows);
    if (rc != CT_OK) return ct_error_set(err, rc, "dataset has no factor to build a tree on");
    km->rows = rows;
    km->kernel = ct_kernel_default(CT_PRECISION_F64);
    if (!km->kernel) return ct_error_set(err, CT_ENOTSUP, "no float64 kernel available");
    *metric = ct_kernel_metric_fn(km);
    return CT_OK;
}

int ct_run_build_tree(const ct_dataset *ds, ct_order insertion, const ct_build_params *params,
                      ct_tree *tree, ct_error *err)
{
    ct_rows rows;
    ct_kernel_metric km;
    ct_metric_fn metric;
    int32_t *order = NULL;
    int rc;

    memset(tree, 0, sizeof *tree);
    rc = f64_metric(ds, &rows, &km, &metric, err);
    if (rc != CT_OK) return rc;
    order = ct_malloc_array(ds->n > 0 ? (size_t)ds->n : 1, sizeof *order);
    if (!order) return ct_error_set(err, CT_ENOMEM, "out of memory for the insertion order");
    rc = ct_order_insertion(insertion, ds, order, err);
    if (rc == CT_OK && params && params->metric == CT_BUILD_EUCLIDEAN) {
        /* hybrid (issue 13 E11): built in Euclidean distance on the
         * coordinates, then parent_dist and exact si in the residual metric */
        ct_euclid_metric em;
        ct_metric_fn euclid;
        if (ct_metric_euclid_init(ds, &em) != CT_OK)
            rc = ct_error_set(err, CT_EINVAL, "dataset has no coordinates for a Euclidean build");
        euclid = ct_metric_fn_euclidean(&em);
        if (rc == CT_OK) rc = ct_tree_build(&euclid, ds->n, order, params, tree, err);
        if (rc == CT_OK) rc = ct_tree_reradius(&metric, tree, err);
        if (rc != CT_OK) ct_tree_free(tree);
    } else if (rc == CT_OK) {
        rc = ct_tree_build(&metric, ds->n, order, params, tree, err);
    }
    ct_free(order);
    return rc;
}

int ct_run_check_tree(const ct_dataset *ds, const ct_tree *tree, ct_error *err)
{
    ct_rows rows;
    ct_kernel_metric km;
    ct_metric_fn metric;
    int rc = f64_metric(ds, &rows, &km, &metric, err);
    if (rc != CT_OK) return rc;
    if (tree->metric == CT_BUILD_EUCLIDEAN && tree->build_parent_dist) {
        /* the cover-tree invariants in the build metric, on the build's radii;
         * then the residual radii the search prunes with */
        ct_euclid_metric em;
        ct_metric_fn euclid;
        ct_tree view = *tree;
        if (ct_metric_euclid_init(ds, &em) != CT_OK)
            return ct_error_set(err, CT_EINVAL, "dataset has no coordinates for a Euclidean check");
        euclid = ct_metric_fn_euclidean(&em);
        view.parent_dist = tree->build_parent_dist;
        view.si = tree->build_si;
        view.si_mode = tree->build_si_mode;
        rc = ct_tree_check(&euclid, &view, CT_PRUNE_SLACK, err);
        if (rc != CT_OK) return rc;
        return ct_tree_check_radii(&metric, tree, CT_PRUNE_SLACK, err);
    }
    return ct_tree_check(&metric, tree, CT_PRUNE_SLACK, err);
}

void ct_run_setup_key(const ct_variant *v, char *buf, size_t size)
{
    const ct_family_ops *ops = ct_family_get(v->family);
    if (size) buf[0] = '\0';
    if (ops) ops->setup_key(v, buf, size);
}

int ct_run_setup(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v, ct_setup *out,
                 ct_error *err)
{
    int rc;
    memset(out, 0, sizeof *out);
    rc = ct_variant_available(v, err);
    if (rc != CT_OK) return rc;
    out->ops = ct_family_get(v->family);
    out->ds = ds;
    if (out->ops->needs_tree && !tree)
        return ct_error_set(err, CT_EINVAL, "%s variant without a tree", out->ops->name);
    ct_run_setup_key(v, out->key, sizeof out->key);
    if (!out->key[0]) return CT_OK;
    return out->ops->setup(ds, tree, v, &out->shared, err);
}

void ct_run_setup_free(ct_setup *setup)
{
    if (setup->ops && setup->shared && setup->ops->setup_free)
        setup->ops->setup_free(setup->shared);
    memset(setup, 0, sizeof *setup);
}

int ct_run_prepare(const ct_setup *setup, const ct_variant *v, ct_prepared *out, ct_error *err)
{
    char key[CT_RUN_SETUP_KEY_MAX];
    int rc;
    memset(out, 0, sizeof *out);
    rc = ct_variant_available(v, err);
    if (rc != CT_OK) return rc;
    ct_run_setup_key(v, key, sizeof key);
    if (!setup->ops || setup->ops != ct_family_get(v->family) || strcmp(key, setup->key) != 0)
        return ct_error_set(err, CT_EINVAL, "variant prepared over another variant's setup");
    out->variant = *v;
    out->ops = setup->ops;
    out->ds = setup->ds;
    out->shared = setup->shared;
    return out->ops->prepare(setup->ds, setup->shared, v, &out->state, err);
}

void ct_run_prepared_free(ct_prepared *prep)
{
    if (prep->ops && prep->state && prep->ops->prepare_free) prep->ops->prepare_free(prep->state);
    memset(prep, 0, sizeof *prep);
}

int ct_run_execute(const ct_prepared *prep, const int32_t *queries, int32_t nq,
                   const ct_search_params *sp, ct_knn_result *out, ct_work *work, ct_error *err)
{
    if (work) memset(work, 0, sizeof *work);
    if (!prep->ops) return ct_error_set(err, CT_EINVAL, "variant not prepared");
    return prep->ops->execute(prep->ds, prep->shared, prep->state, queries, nq, sp, out, work, err);
}
