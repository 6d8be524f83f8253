/* workload.c -- a complete synthetic dataset from a spec (workload.h).
 *
 * Validates the spec, generates the points (seed), draws the inducing set
 * (seed + 1) and computes the Nystrom factor.  On any failure the output is
 * left zeroed and nothing leaks.
 */
#include "ct/workload.h"
#include "ct/alloc.h"
#include "ct/factor.h"

#include <string.h>

static int check_spec(const ct_synthetic_spec *spec, ct_error *err)
{
    if (ct_points_kind_name(spec->points) == NULL)
        return ct_error_set(err, CT_EINVAL, "workload: unknown point generator %d",
                            (int)spec->points);
    if (spec->n < 1)
        return ct_error_set(err, CT_EINVAL, "workload: n = %ld, need n >= 1", (long)spec->n);
    if (spec->dim < 1 || spec->dim > CT_MAX_DIM)
        return ct_error_set(err, CT_EINVAL, "workload: dim = %d outside 1..%d", spec->dim,
                            CT_MAX_DIM);
    if (spec->m < 1 || spec->m > spec->n)
        return ct_error_set(err, CT_EINVAL, "workload: m = %d inducing points outside 1..n (%ld)",
                            spec->m, (long)spec->n);
    return CT_OK;
}

int ct_workload_synthesize(const ct_synthetic_spec *spec, ct_dataset *out, ct_error *err)
{
    ct_dataset ds;
    int rc;
    memset(&ds, 0, sizeof ds);
    if (out) memset(out, 0, sizeof *out);
    if (!spec || !out) return ct_error_set(err, CT_EINVAL, "workload: missing spec or output");
    rc = check_spec(spec, err);
    if (rc != CT_OK) goto cleanup;
    ds.n = spec->n;
    ds.dim = spec->dim;
    ds.m = spec->m;
    ds.cov = spec->cov;
    ds.cov.dim = spec->dim;
    rc = ct_covariance_check(&ds.cov, err);
    if (rc != CT_OK) goto cleanup;

    ds.x = ct_malloc_array((size_t)ds.n * (size_t)ds.dim, sizeof *ds.x);
    ds.inducing = ct_malloc_array((size_t)ds.m, sizeof *ds.inducing);
    if (!ds.x || !ds.inducing) {
        rc = ct_error_set(err, CT_ENOMEM, "workload: out of memory for %ld points", (long)ds.n);
        goto cleanup;
    }
    rc = ct_points_generate(spec->points, ds.n, ds.dim, spec->seed, ds.x);
    if (rc != CT_OK) {
        ct_error_set(err, rc, "workload: point generation failed");
        goto cleanup;
    }
    rc = ct_inducing_draw(ds.n, ds.m, spec->seed + 1, ds.inducing);
    if (rc != CT_OK) {
        ct_error_set(err, rc, "workload: drawing %d inducing points failed", ds.m);
        goto cleanup;
    }
    rc = ct_factor_compute(&ds, err);
    if (rc != CT_OK) goto cleanup;
    *out = ds;
    return CT_OK;

cleanup:
    ct_dataset_free(&ds);
    return rc;
}
