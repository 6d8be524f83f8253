/* family.c -- the family registry and the variant API on top of it
 * (ct/family.h, ct/variant.h).
 *
 * The table is generated from families.def, so a family exists in one
 * place.  A variant name goes to the family that claims its head (the part
 * before the first '.' or '+'), else to the family without a prefix (tree).
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdio.h>
#include <string.h>

#include "ct/family.h"

#define CT_FAMILY(id, ops) extern const ct_family_ops ops;
#include "families.def"
#undef CT_FAMILY

static const ct_family_ops *const families[CT_VARIANT_FAMILY_COUNT] = {
#define CT_FAMILY(id, ops) [CT_VARIANT_##id] = &ops,
#include "families.def"
#undef CT_FAMILY
};

const ct_family_ops *ct_family_get(ct_variant_family family)
{
    if ((int)family < 0 || family >= CT_VARIANT_FAMILY_COUNT) return NULL;
    return families[family];
}

const ct_family_ops *ct_family_for_name(const char *name, ct_variant_family *family)
{
    size_t head = strcspn(name, ".+:");
    int fallback = 0;
    for (int f = 0; f < CT_VARIANT_FAMILY_COUNT; f++) {
        const char *prefix = families[f]->prefix;
        if (!prefix) {
            fallback = f;
            continue;
        }
        if (strlen(prefix) == head && !strncmp(name, prefix, head)) {
            if (family) *family = (ct_variant_family)f;
            return families[f];
        }
    }
    if (family) *family = (ct_variant_family)fallback;
    return families[fallback];
}

const char *ct_variant_family_name(ct_variant_family family)
{
    const ct_family_ops *ops = ct_family_get(family);
    return ops ? ops->name : NULL;
}

/* "@g=16,product=blas" (without the '@') into v->param; each parameter at
 * most once, each applying to the variant; the default stored as 0. */
static int parse_params(char *text, const char *name, ct_variant *v, ct_error *err)
{
    char *save = NULL;
    unsigned seen = 0;
    for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        int p, value;
        if (!eq)
            return ct_error_set(err, CT_EINVAL, "parameter '%s' in variant '%s' is not name=value",
                                item, name);
        *eq = '\0';
        p = ct_param_find(item);
        if (p < 0)
            return ct_error_set(err, CT_EINVAL, "unknown parameter '%s' in variant '%s'", item,
                                name);
        if (seen & (1u << p))
            return ct_error_set(err, CT_EINVAL, "parameter '%s' given twice in variant '%s'", item,
                                name);
        seen |= 1u << p;
        if (ct_param_parse_value((ct_param)p, eq + 1, &value) != 0)
            return ct_error_set(
                err, CT_EINVAL, "parameter %s: '%s' is not %s in variant '%s'", item, eq + 1,
                ct_param_value_names((ct_param)p) ? "one of its names" : "an integer in range",
                name);
        if (!ct_param_applies(v, (ct_param)p))
            return ct_error_set(err, CT_EINVAL, "parameter %s does not apply to variant '%s' (%s)",
                                item, name, ct_param_doc((ct_param)p));
        v->param[p] = value == ct_param_default((ct_param)p) ? 0 : value;
    }
    return CT_OK;
}

int ct_variant_parse(const char *name, ct_variant *out, ct_error *err)
{
    ct_variant_family family;
    const ct_family_ops *ops;
    ct_variant v;
    char base[CT_VARIANT_NAME_MAX], *at;
    int rc;
    if (!out) return ct_error_set(err, CT_EINVAL, "variant: no output");
    if (!name || !*name) return ct_error_set(err, CT_EINVAL, "empty variant name");
    if (strlen(name) >= CT_VARIANT_NAME_MAX)
        return ct_error_set(err, CT_EINVAL,
                            "variant name '%.40s...' is too long (%zu chars, max %d)", name,
                            strlen(name), CT_VARIANT_NAME_MAX - 1);
    snprintf(base, sizeof base, "%s", name);
    at = strchr(base, '@');
    if (at) *at = '\0';
    ops = ct_family_for_name(base, &family);
    memset(&v, 0, sizeof v);
    rc = ops->parse(base, &v, err);
    if (rc != CT_OK) return rc;
    v.family = family;
    if (at) {
        if (!at[1])
            return ct_error_set(err, CT_EINVAL, "empty parameter list in variant '%s'", name);
        rc = parse_params(at + 1, name, &v, err);
        if (rc != CT_OK) return rc;
    }
    *out = v;
    return CT_OK;
}

int ct_variant_format(const ct_variant *v, char *buf, size_t size)
{
    const ct_family_ops *ops = v ? ct_family_get(v->family) : NULL;
    char sep = '@';
    int rc;
    if (!ops || !buf || size == 0) return CT_EINVAL;
    buf[0] = '\0';
    rc = ops->format(v, buf, size);
    for (int p = 0; rc == CT_OK && p < CT_PARAM_COUNT; p++) {
        char value[64];
        size_t used = strlen(buf);
        int w;
        if (!v->param[p] || v->param[p] == ct_param_default((ct_param)p)) continue;
        if (!ct_param_applies(v, (ct_param)p) || v->param[p] < ct_param_min((ct_param)p) ||
            v->param[p] > ct_param_max((ct_param)p))
            return CT_EINVAL;
        ct_param_format_value((ct_param)p, v->param[p], value, sizeof value);
        w = snprintf(buf + used, size - used, "%c%s=%s", sep, ct_param_name((ct_param)p), value);
        if (w < 0 || (size_t)w >= size - used) return CT_EINVAL;
        sep = ',';
    }
    return rc;
}

int ct_variant_is_exact(const ct_variant *v)
{
    const ct_family_ops *ops = v ? ct_family_get(v->family) : NULL;
    return ops ? ops->is_exact(v) : 0;
}

int ct_variant_needs_tree(const ct_variant *v)
{
    const ct_family_ops *ops = v ? ct_family_get(v->family) : NULL;
    return ops ? ops->needs_tree : 0;
}

int ct_variant_available(const ct_variant *v, ct_error *why)
{
    char name[CT_VARIANT_NAME_MAX];
    if (!v) return ct_error_set(why, CT_EINVAL, "variant: none given");
    if (ct_variant_format(v, name, sizeof name) != CT_OK)
        return ct_error_set(why, CT_EINVAL, "variant: invalid family, axis value or option");
    return ct_family_get(v->family)->available(v, why);
}

int ct_variant_foreach(int (*fn)(const ct_variant *v, void *ctx), void *ctx)
{
    if (!fn) return CT_EINVAL;
    for (int f = 0; f < CT_VARIANT_FAMILY_COUNT; f++) {
        int rc = families[f]->foreach (fn, ctx);
        if (rc) return rc;
    }
    return CT_OK;
}
