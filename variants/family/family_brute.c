/* family_brute.c -- `brute`: the float64 oracle itself as a variant
 * (ct_oracle_knn: reference metric, ties by the smaller index).  Nothing to
 * set up or prepare; float64 only, no options. */
#include <stdio.h>
#include <string.h>

#include "ct/family.h"

static int brute_parse(const char *name, ct_variant *out, ct_error *err)
{
    if (strchr(name, '+'))
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s': options apply to tree variants only, not to brute",
                            name);
    if (strcmp(name, "brute") != 0)
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s': brute is the float64 oracle and takes no suffix", name);
    out->precision = CT_PRECISION_F64;
    return CT_OK;
}

static int brute_format(const ct_variant *v, char *buf, size_t size)
{
    int w = snprintf(buf, size, "brute");
    return v->precision == CT_PRECISION_F64 && w >= 0 && (size_t)w < size ? CT_OK : CT_EINVAL;
}

static int brute_is_exact(const ct_variant *v)
{
    (void)v;
    return 1;
}

static int brute_available(const ct_variant *v, ct_error *why)
{
    (void)v;
    (void)why;
    return CT_OK;
}

static int brute_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx)
{
    ct_variant v;
    memset(&v, 0, sizeof v);
    v.family = CT_VARIANT_BRUTE;
    v.precision = CT_PRECISION_F64;
    return fn(&v, ctx);
}

static void no_setup_key(const ct_variant *v, char *buf, size_t size)
{
    (void)v;
    if (size) buf[0] = '\0';
}

static int brute_prepare(const ct_dataset *ds, const void *shared, const ct_variant *v,
                         void **state, ct_error *err)
{
    (void)ds;
    (void)shared;
    (void)v;
    (void)err;
    *state = NULL;
    return CT_OK;
}

static int brute_execute(const ct_dataset *ds, const void *shared, const void *state,
                         const int32_t *queries, int32_t nq, const ct_search_params *sp,
                         ct_knn_result *out, ct_work *work, ct_error *err)
{
    int rc = ct_oracle_knn(ds, queries, nq, &sp->spec, out, err);
    (void)shared;
    (void)state;
    if (rc == CT_OK && work) {
        memset(work, 0, sizeof *work);
        work->dist_evals = (uint64_t)nq * (uint64_t)ds->n;
        work->v_bytes = work->dist_evals * (uint64_t)ds->m * sizeof(double);
    }
    return rc;
}

const ct_family_ops ct_family_brute = {
    .name = "brute",
    .prefix = "brute",
    .needs_tree = 0,
    .parse = brute_parse,
    .format = brute_format,
    .is_exact = brute_is_exact,
    .available = brute_available,
    .foreach = brute_foreach,
    .setup_key = no_setup_key,
    .setup = NULL,
    .setup_free = NULL,
    .prepare = brute_prepare,
    .execute = brute_execute,
    .prepare_free = NULL,
};
