/* family_brute_blas.c -- `brute_blas` (= brute_blas.f64, dgemm, exact up to
 * CT_TIE_TOLERANCE_F64) and `brute_blas.f32` (sgemm, approximate): the
 * blocked brute force of ct/brute.h as variants.  The f32 variant's float
 * copy of V is its setup (key "brute_blas.f32"), made outside the timed
 * search; f64 needs none. */
#include <stdio.h>
#include <string.h>

#include "ct/alloc.h"
#include "ct/brute.h"
#include "ct/family.h"

static int blas_parse(const char *name, ct_variant *out, ct_error *err)
{
    const char *dot = strchr(name, '.');
    int precision;
    if (strchr(name, '+'))
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s': options apply to tree variants only, not to brute_blas",
                            name);
    out->precision = CT_PRECISION_F64;
    if (!dot)
        return strcmp(name, "brute_blas") == 0
                   ? CT_OK
                   : ct_error_set(err, CT_EINVAL, "unknown variant '%s'", name);
    if (strchr(dot + 1, '.'))
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s' has too many parts, expected brute_blas[.precision]",
                            name);
    precision = ct_axis_value_find(CT_AXIS_PRECISION, dot + 1);
    if (precision < 0)
        return ct_error_set(err, CT_EINVAL,
                            "unknown precision '%s' in variant '%s' (expected f64, f32)", dot + 1,
                            name);
    out->precision = (ct_precision)precision;
    return CT_OK;
}

static int blas_format(const ct_variant *v, char *buf, size_t size)
{
    const char *prec = ct_axis_value_name(CT_AXIS_PRECISION, (int)v->precision);
    int w;
    if (!prec || v->options) return CT_EINVAL;
    if (v->precision == CT_PRECISION_F64) w = snprintf(buf, size, "brute_blas");
    else w = snprintf(buf, size, "brute_blas.%s", prec);
    return w >= 0 && (size_t)w < size ? CT_OK : CT_EINVAL;
}

static int blas_is_exact(const ct_variant *v)
{
    return v->precision == CT_PRECISION_F64;
}

static int blas_available(const ct_variant *v, ct_error *why)
{
    (void)v;
    (void)why;
    return CT_OK;
}

static int blas_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx)
{
    ct_variant v;
    int rc;
    memset(&v, 0, sizeof v);
    v.family = CT_VARIANT_BRUTE_BLAS;
    v.precision = CT_PRECISION_F64;
    if ((rc = fn(&v, ctx))) return rc;
    v.precision = CT_PRECISION_F32;
    return fn(&v, ctx);
}

static void blas_setup_key(const ct_variant *v, char *buf, size_t size)
{
    snprintf(buf, size, "%s", v->precision == CT_PRECISION_F32 ? "brute_blas.f32" : "");
}

static int blas_setup(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v, void **shared,
                      ct_error *err)
{
    float *v32 = NULL;
    int rc;
    (void)tree;
    (void)v;
    rc = ct_brute_blas_f32_copy(ds, &v32, err);
    *shared = v32;
    return rc;
}

static int blas_prepare(const ct_dataset *ds, const void *shared, const ct_variant *v, void **state,
                        ct_error *err)
{
    (void)ds;
    *state = NULL;
    if (v->precision == CT_PRECISION_F32 && !shared)
        return ct_error_set(err, CT_EINVAL, "brute_blas.f32 without its float copy of V");
    return CT_OK;
}

static int blas_execute(const ct_dataset *ds, const void *shared, const void *state,
                        const int32_t *queries, int32_t nq, const ct_search_params *sp,
                        ct_knn_result *out, ct_work *work, ct_error *err)
{
    (void)state;
    if (shared) return ct_brute_blas_knn_f32(ds, shared, queries, nq, &sp->spec, out, work, err);
    return ct_brute_blas_knn(ds, CT_PRECISION_F64, queries, nq, &sp->spec, out, work, err);
}

const ct_family_ops ct_family_brute_blas = {
    .name = "brute_blas",
    .prefix = "brute_blas",
    .needs_tree = 0,
    .parse = blas_parse,
    .format = blas_format,
    .is_exact = blas_is_exact,
    .available = blas_available,
    .foreach = blas_foreach,
    .setup_key = blas_setup_key,
    .setup = blas_setup,
    .setup_free = ct_free,
    .prepare = blas_prepare,
    .execute = blas_execute,
    .prepare_free = NULL,
};
