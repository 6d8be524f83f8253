/* names.c -- the name tables of the core's small enums: covariance kinds
 * ("rbf", "matern52") and subtree-radius modes ("sum", "exact"), build shortcuts ("none",
 * "star") and build metrics ("residual", "euclidean").  Every
 * parser, message, database row and plot legend takes the names from here
 * (dataset.h, tree.h). */
#include <string.h>

#include "ct/dataset.h"
#include "ct/tree.h"

static const char *const covariance_names[] = {
    [CT_COVARIANCE_RBF] = "rbf",
    [CT_COVARIANCE_MATERN52] = "matern52",
};

static const char *const si_mode_names[] = {
    [CT_SI_SUM] = "sum",
    [CT_SI_EXACT] = "exact",
};

static const char *const shortcut_names[] = {
    [CT_SHORTCUT_NONE] = "none",
    [CT_SHORTCUT_STAR] = "star",
};

static const char *const build_metric_names[] = {
    [CT_BUILD_RESIDUAL] = "residual",
    [CT_BUILD_EUCLIDEAN] = "euclidean",
};

#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

static int find(const char *const *names, int count, const char *name)
{
    for (int i = 0; i < count && name; i++)
        if (!strcmp(names[i], name)) return i;
    return -1;
}

const char *ct_covariance_kind_name(ct_covariance_kind kind)
{
    return (int)kind >= 0 && (int)kind < COUNT(covariance_names) ? covariance_names[kind] : NULL;
}

int ct_covariance_kind_find(const char *name)
{
    return find(covariance_names, COUNT(covariance_names), name);
}

const char *ct_si_mode_name(ct_si_mode mode)
{
    return (int)mode >= 0 && (int)mode < COUNT(si_mode_names) ? si_mode_names[mode] : NULL;
}

int ct_si_mode_find(const char *name)
{
    return find(si_mode_names, COUNT(si_mode_names), name);
}

const char *ct_build_shortcut_name(ct_build_shortcut s)
{
    return (int)s >= 0 && (int)s < COUNT(shortcut_names) ? shortcut_names[s] : NULL;
}

int ct_build_shortcut_find(const char *name)
{
    return find(shortcut_names, COUNT(shortcut_names), name);
}

const char *ct_build_metric_name(ct_build_metric m)
{
    return (int)m >= 0 && (int)m < COUNT(build_metric_names) ? build_metric_names[m] : NULL;
}

int ct_build_metric_find(const char *name)
{
    return find(build_metric_names, COUNT(build_metric_names), name);
}
