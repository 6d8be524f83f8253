/* family_external.c -- `external:NAME`: a k-NN program that is not part of
 * this library, run by the harness as a separate process behind the file
 * protocol of docs/EXTERNAL.md (harness/run/run_external.c).  Here the family
 * only names it: parse and format `external:NAME`, its exactness (the claim
 * of its config section, carried in ct_variant.claims_exact), no tree, and
 * nothing to enumerate (the programs come from a config).  The library
 * cannot run a process, so setup says so: `ctbench knn --variant
 * external:x` fails with that line instead of running something else. */
#include <stdio.h>
#include <string.h>

#include "ct/family.h"

#define PREFIX "external:"

static int ext_parse(const char *name, ct_variant *out, ct_error *err)
{
    const char *prog = name + strlen(PREFIX);
    size_t len;
    if (strncmp(name, PREFIX, strlen(PREFIX)) != 0)
        return ct_error_set(err, CT_EINVAL, "variant '%s': expected external:NAME", name);
    len = strlen(prog);
    if (len == 0 || len >= CT_EXTERNAL_NAME_MAX ||
        strspn(prog, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != len)
        return ct_error_set(err, CT_EINVAL,
                            "variant '%s': NAME of external:NAME must be 1 to %d characters of "
                            "[A-Za-z0-9_-]",
                            name, CT_EXTERNAL_NAME_MAX - 1);
    memcpy(out->program, prog, len + 1);
    out->precision = CT_PRECISION_F64;
    return CT_OK;
}

static int ext_format(const ct_variant *v, char *buf, size_t size)
{
    int w;
    if (!v->program[0] || v->options) return CT_EINVAL;
    w = snprintf(buf, size, PREFIX "%s", v->program);
    return w >= 0 && (size_t)w < size ? CT_OK : CT_EINVAL;
}

static int ext_is_exact(const ct_variant *v)
{
    return v->claims_exact != 0;
}

static int ext_available(const ct_variant *v, ct_error *why)
{
    (void)v;
    (void)why;
    return CT_OK; /* known only when the program runs: a unit is then stored 'unavailable' */
}

static int ext_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx)
{
    (void)fn;
    (void)ctx;
    return CT_OK;
}

static void ext_setup_key(const ct_variant *v, char *buf, size_t size)
{
    (void)v;
    if (size) buf[0] = '\0';
}

static int ext_setup(const ct_dataset *ds, const ct_tree *tree, const ct_variant *v, void **shared,
                     ct_error *err)
{
    (void)ds;
    (void)tree;
    *shared = NULL;
    return ct_error_set(err, CT_ENOTSUP,
                        "external:%s is a separate program: only `ctbench run` with its "
                        "[external:%s] config section runs it (docs/EXTERNAL.md)",
                        v->program, v->program);
}

static int ext_prepare(const ct_dataset *ds, const void *shared, const ct_variant *v, void **state,
                       ct_error *err)
{
    (void)ds;
    (void)shared;
    *state = NULL;
    return ct_error_set(err, CT_ENOTSUP,
                        "external:%s is a separate program: only `ctbench run` with its "
                        "[external:%s] config section runs it (docs/EXTERNAL.md)",
                        v->program, v->program);
}

static int ext_execute(const ct_dataset *ds, const void *shared, const void *state,
                       const int32_t *queries, int32_t nq, const ct_search_params *sp,
                       ct_knn_result *out, ct_work *work, ct_error *err)
{
    (void)ds, (void)shared, (void)state, (void)queries, (void)nq, (void)sp, (void)out, (void)work;
    return ct_error_set(err, CT_ENOTSUP, "external variants are not runnable in-process");
}

const ct_family_ops ct_family_external = {
    .name = "external",
    .prefix = "external",
    .needs_tree = 0,
    .parse = ext_parse,
    .format = ext_format,
    .is_exact = ext_is_exact,
    .available = ext_available,
    .foreach = ext_foreach,
    .setup_key = ext_setup_key,
    .setup = ext_setup,
    .setup_free = NULL,
    .prepare = ext_prepare,
    .execute = ext_execute,
    .prepare_free = NULL,
};
