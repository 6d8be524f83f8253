/* names.c -- the name tables of the core's small enums: covariance kinds
 * ("rbf", "matern52") and subtree-radius modes ("sum", "exact").  Every
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
