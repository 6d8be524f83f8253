/* params.c -- variant parameters (params.def, ct/variant.h): their table,
 * values by name, and which variants they apply to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/variant.h"

typedef struct param_def {
    const char *name;
    int def, lo, hi;
    const char *names;
    const char *doc;
} param_def;

static const param_def defs[CT_PARAM_COUNT] = {
#define CT_PARAM(id, name, def, lo, hi, names, doc) \
    [CT_PARAM_##id] = {name, def, lo, hi, names, doc},
#include "params.def"
#undef CT_PARAM
};

static const param_def *def_of(ct_param p)
{
    return (int)p >= 0 && p < CT_PARAM_COUNT ? &defs[p] : NULL;
}

const char *ct_param_name(ct_param p)
{
    return def_of(p) ? def_of(p)->name : NULL;
}

int ct_param_default(ct_param p)
{
    return def_of(p) ? def_of(p)->def : 0;
}

int ct_param_min(ct_param p)
{
    return def_of(p) ? def_of(p)->lo : 0;
}

int ct_param_max(ct_param p)
{
    return def_of(p) ? def_of(p)->hi : 0;
}

const char *ct_param_value_names(ct_param p)
{
    return def_of(p) ? def_of(p)->names : NULL;
}

const char *ct_param_doc(ct_param p)
{
    return def_of(p) ? def_of(p)->doc : NULL;
}

int ct_param_find(const char *name)
{
    for (int p = 0; p < CT_PARAM_COUNT && name; p++)
        if (!strcmp(defs[p].name, name)) return p;
    return -1;
}

/* The i-th '|'-separated name of names into buf; 0 if there is none. */
static int nth_name(const char *names, int i, char *buf, size_t size)
{
    for (int k = 0; names && *names; k++) {
        size_t len = strcspn(names, "|");
        if (k == i) {
            snprintf(buf, size, "%.*s", (int)len, names);
            return 1;
        }
        names += len;
        if (*names == '|') names++;
    }
    return 0;
}

int ct_param_parse_value(ct_param p, const char *text, int *value)
{
    const param_def *d = def_of(p);
    if (!d || !text || !*text) return -1;
    if (d->names) {
        char name[64];
        for (int i = 0; nth_name(d->names, i, name, sizeof name); i++)
            if (!strcmp(name, text)) return *value = i, 0;
        return -1;
    }
    {
        char *end;
        long v = strtol(text, &end, 10);
        if (*end || v < d->lo || v > d->hi) return -1;
        *value = (int)v;
        return 0;
    }
}

void ct_param_format_value(ct_param p, int value, char *buf, size_t size)
{
    const param_def *d = def_of(p);
    if (d && d->names && nth_name(d->names, value, buf, size)) return;
    snprintf(buf, size, "%d", value);
}

int ct_param_value(const ct_variant *v, ct_param p)
{
    const param_def *d = def_of(p);
    if (!d) return 0;
    return v->param[p] ? v->param[p] : d->def;
}

int ct_param_applies(const ct_variant *v, ct_param p)
{
    switch (p) {
    case CT_PARAM_GROUP:
    case CT_PARAM_PRODUCT:
        return v->family == CT_VARIANT_TREE && v->traversal == CT_TRAVERSAL_BATCH;
    case CT_PARAM_DENSE: return v->family == CT_VARIANT_TREE && v->traversal == CT_TRAVERSAL_HEAP;
    case CT_PARAM_LOAD: return v->family == CT_VARIANT_TREE && v->traversal != CT_TRAVERSAL_BATCH;
    default: return 0;
    }
}
