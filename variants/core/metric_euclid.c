/* metric_euclid.c -- the Euclidean distance on the coordinates, scaled into
 * [0, 1], as a ct_metric_fn (metric.h): the build metric of the "hybrid"
 * tree of issue 13 E11 (the report built a tree in Euclidean distance and
 * queried it with the residual metric).  Plain float64 in index order. */
#include <math.h>
#include <string.h>

#include "ct/metric.h"
#include "ct/status.h"

static double euclid(const ct_euclid_metric *em, int32_t i, int32_t j)
{
    const double *a = em->x + (size_t)i * (size_t)em->dim;
    const double *b = em->x + (size_t)j * (size_t)em->dim;
    double s = 0.0, d;
    if (i == j) return 0.0;
    for (int t = 0; t < em->dim; t++) {
        double u = a[t] - b[t];
        s += u * u;
    }
    d = sqrt(s) * em->scale;
    return d < 1.0 ? d : 1.0;
}

int ct_metric_euclid_init(const ct_dataset *ds, ct_euclid_metric *em)
{
    double r = 0.0;
    memset(em, 0, sizeof *em);
    if (!ds || !ds->x || ds->dim < 1 || ds->n < 0) return CT_EINVAL;
    em->x = ds->x;
    em->dim = ds->dim;
    em->scale = 1.0;
    for (int32_t i = 1; i < ds->n; i++) {
        const double *a = ds->x, *b = ds->x + (size_t)i * (size_t)ds->dim;
        double s = 0.0;
        for (int t = 0; t < ds->dim; t++) s += (a[t] - b[t]) * (a[t] - b[t]);
        if (sqrt(s) > r) r = sqrt(s);
    }
    em->scale = r > 0.0 ? 1.0 / (2.0 * r) : 1.0;
    return CT_OK;
}

static void dist_many(void *ctx, int32_t i, const int32_t *js, int count, double *out)
{
    const ct_euclid_metric *em = ctx;
    for (int k = 0; k < count; k++) out[k] = euclid(em, i, js[k]);
}

ct_metric_fn ct_metric_fn_euclidean(ct_euclid_metric *em)
{
    ct_metric_fn f;
    memset(&f, 0, sizeof f);
    f.ctx = em;
    f.dist_many = dist_many;
    return f;
}
