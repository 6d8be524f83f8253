/* test_family_fixtures.c -- every exact variant against the independently computed fixtures.
 *
 * For each fixture of tests/data (README.md there: numpy + LAPACK answers,
 * among them duplicates2d_rbf with exact duplicates, 1e-12 near-duplicates,
 * copies of inducing points and 10 hot locations) the dataset is loaded
 * (points, inducing set, queries), its factor computed by the core, and the
 * tree built and proved the way ctbench does it (ct_run_build_tree with
 * natural insertion and default parameters, ct_run_check_tree).  Then every
 * variant that ct_variant_foreach lists, is exact and runs on this CPU (each
 * tree combination with every option subset that keeps it exact, brute,
 * brute_blas) goes through ct/run.h (setup shared by key, prepare, execute)
 * and its answer must equal the fixture's knn.csv, tie-aware
 * (ct_knn_compare with CT_TIE_TOLERANCE_F64: the fixture as the truth).
 * A new axis value or family is covered without touching this file.
 */
#include <stdlib.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/factor.h"
#include "ct/knn.h"
#include "ct/npy.h"
#include "ct/run.h"
#include "testutil.h"

#define MAX_SETUPS 128

typedef struct fixture {
    const char *name;
    ct_covariance_kind kind;
    double variance;
    double lengthscale[3];
    int dim;
    int k;
} fixture;

typedef struct sweep {
    const fixture *fx;
    const ct_dataset *ds;
    const ct_tree *tree;
    const int32_t *queries;
    int32_t nq;
    ct_query_spec spec;
    const ct_knn_result *expected;
    ct_setup setups[MAX_SETUPS];
    int nsetups;
    int variants, failed;
} sweep;

static const char *data_path(const char *name, const char *suffix)
{
    static char file[256];
    snprintf(file, sizeof file, "%s_%s", name, suffix);
    return ct_test_data(file);
}

/* The setup of v's key, built on first use. */
static const ct_setup *setup_for(sweep *sw, const ct_variant *v, ct_error *err)
{
    char key[CT_RUN_SETUP_KEY_MAX];
    ct_run_setup_key(v, key, sizeof key);
    for (int s = 0; s < sw->nsetups; s++)
        if (sw->setups[s].ops == ct_family_get(v->family) && strcmp(sw->setups[s].key, key) == 0)
            return &sw->setups[s];
    if (sw->nsetups == MAX_SETUPS) {
        ct_error_set(err, CT_ENOMEM, "more than %d setups", MAX_SETUPS);
        return NULL;
    }
    if (ct_run_setup(sw->ds, sw->tree, v, &sw->setups[sw->nsetups], err) != CT_OK) return NULL;
    return &sw->setups[sw->nsetups++];
}

static int run_variant(const ct_variant *v, void *ctx)
{
    sweep *sw = ctx;
    char name[CT_VARIANT_NAME_MAX];
    const ct_setup *setup;
    ct_prepared prep;
    ct_search_params sp;
    ct_knn_result res = {0};
    ct_compare_report rep;
    ct_work work;
    ct_error err;
    int rc;

    if (!ct_variant_is_exact(v) || ct_variant_available(v, NULL) != CT_OK) return 0;
    ct_variant_format(v, name, sizeof name);
    ct_error_clear(&err);
    setup = setup_for(sw, v, &err);
    CT_CHECK(setup != NULL, "%s %s: setup: %s", sw->fx->name, name, err.msg);
    if (!setup) return 0;
    rc = ct_run_prepare(setup, v, &prep, &err);
    CT_CHECK(rc == CT_OK, "%s %s: prepare: %s", sw->fx->name, name, err.msg);
    if (rc != CT_OK) return 0;
    rc = ct_knn_result_alloc(&res, sw->nq, sw->spec.k);
    CT_CHECK(rc == CT_OK, "result alloc");
    ct_run_search_params(v, &sw->spec, &sp);
    if (rc == CT_OK) rc = ct_run_execute(&prep, sw->queries, sw->nq, &sp, &res, &work, &err);
    CT_CHECK(rc == CT_OK, "%s %s: execute: %s", sw->fx->name, name, err.msg);
    if (rc == CT_OK) {
        rc = ct_knn_compare(sw->ds, sw->queries, &sw->spec, sw->expected, &res,
                            CT_TIE_TOLERANCE_F64, &rep);
        sw->variants++;
        if (rc != CT_OK || rep.exact_queries != sw->nq) {
            sw->failed++;
            CT_CHECK(0,
                     "%s %s: %d/%d queries exact (first bad position %d, point %d), recall %.6f, "
                     "max distance error %.3g",
                     sw->fx->name, name, (int)rep.exact_queries, (int)sw->nq,
                     (int)rep.first_bad_query,
                     rep.first_bad_query >= 0 ? (int)sw->queries[rep.first_bad_query] : -1,
                     rep.recall, rep.max_distance_error);
        }
    }
    ct_knn_result_free(&res);
    ct_run_prepared_free(&prep);
    return 0;
}

static void check_fixture(const fixture *fx)
{
    ct_dataset ds;
    ct_npy_matrix pts = {0};
    int32_t *queries = NULL, *csv_q = NULL, *csv_i = NULL;
    int *csv_r = NULL;
    double *csv_d = NULL;
    int64_t m = 0, nq = 0;
    ct_knn_result expected = {0};
    ct_tree tree;
    ct_build_params bp;
    ct_error err;
    sweep *sw = NULL;
    long rows;
    int rc;

    memset(&ds, 0, sizeof ds);
    memset(&tree, 0, sizeof tree);
    ct_error_clear(&err);
    rc = ct_npy_load_f64(data_path(fx->name, "points.npy"), &pts, &err);
    if (rc == CT_OK)
        rc = ct_npy_load_index(data_path(fx->name, "inducing.npy"), pts.rows, &ds.inducing, &m,
                               &err);
    if (rc == CT_OK)
        rc = ct_npy_load_index(data_path(fx->name, "queries.npy"), pts.rows, &queries, &nq, &err);
    CT_CHECK(rc == CT_OK, "%s: load: %s", fx->name, err.msg);
    if (rc != CT_OK) goto cleanup;
    ds.n = (int32_t)pts.rows;
    ds.dim = fx->dim;
    ds.m = (int)m;
    ds.x = pts.data;
    pts.data = NULL;
    ds.cov.kind = fx->kind;
    ds.cov.dim = fx->dim;
    ds.cov.variance = fx->variance;
    for (int t = 0; t < fx->dim; t++) ds.cov.lengthscale[t] = fx->lengthscale[t];
    rc = ct_factor_compute(&ds, &err);
    CT_CHECK(rc == CT_OK, "%s: factor: %s", fx->name, err.msg);
    if (rc != CT_OK) goto cleanup;

    rows = ct_test_read_knn_csv(data_path(fx->name, "knn.csv"), &csv_q, &csv_r, &csv_i, &csv_d);
    CT_CHECK(rows == nq * fx->k, "%s: knn.csv has %ld rows, want %lld", fx->name, rows,
             (long long)(nq * fx->k));
    if (rows != nq * fx->k || ct_knn_result_alloc(&expected, (int32_t)nq, fx->k) != CT_OK)
        goto cleanup;
    for (long e = 0; e < rows; e++) {
        expected.idx[e] = csv_i[e];
        expected.dist[e] = csv_d[e];
    }

    ct_build_params_default(&bp);
    rc = ct_run_build_tree(&ds, CT_ORDER_NATURAL, &bp, &tree, &err);
    CT_CHECK(rc == CT_OK, "%s: tree: %s", fx->name, err.msg);
    if (rc != CT_OK) goto cleanup;
    rc = ct_run_check_tree(&ds, &tree, &err);
    CT_CHECK(rc == CT_OK, "%s: tree check: %s", fx->name, err.msg);

    sw = calloc(1, sizeof *sw);
    sw->fx = fx;
    sw->ds = &ds;
    sw->tree = &tree;
    sw->queries = queries;
    sw->nq = (int32_t)nq;
    sw->spec.k = fx->k;
    sw->expected = &expected;
    ct_variant_foreach(run_variant, sw);
    printf("%s: %d exact variants on %d queries (k = %d, tree depth %d), %d failed\n", fx->name,
           sw->variants, (int)nq, fx->k, (int)tree.depth, sw->failed);
    CT_CHECK(sw->variants > 2, "%s: only %d variants ran", fx->name, sw->variants);
    for (int s = 0; s < sw->nsetups; s++) ct_run_setup_free(&sw->setups[s]);

cleanup:
    free(sw);
    ct_tree_free(&tree);
    ct_knn_result_free(&expected);
    free(csv_q);
    free(csv_r);
    free(csv_i);
    free(csv_d);
    ct_free(queries);
    ct_npy_matrix_free(&pts);
    ct_dataset_free(&ds);
}

int main(void)
{
    static const fixture fixtures[] = {
        {"uniform2d_matern", CT_COVARIANCE_MATERN52, 1.5, {0.6, 0.9, 0}, 2, 10},
        {"normal3d_rbf", CT_COVARIANCE_RBF, 1.0, {1.0, 1.0, 1.0}, 3, 25},
        {"duplicates2d_rbf", CT_COVARIANCE_RBF, 1.0, {0.2, 0.2, 0}, 2, 40},
    };
    for (size_t f = 0; f < sizeof fixtures / sizeof fixtures[0]; f++) check_fixture(&fixtures[f]);
    return ct_test_finish("test_family_fixtures");
}
