/* config_build.c -- a config's build configurations: the cross product of
 * [build] insertion x si x base x metric x shortcut (insertion-major, then
 * si, base, metric, shortcut; batch shared) and the canonical text that names each one (config.h); the base
 * is written with %g, so config_values.c accepts only bases that text names
 * exactly. */
#include <stdio.h>

#include "config_internal.h"

int bench_config_n_builds(const bench_config *cfg)
{
    return cfg->n_insertions * cfg->n_sis * cfg->n_bases * cfg->n_metrics * cfg->n_shortcuts;
}

int bench_config_build(const bench_config *cfg, int b, ct_order *insertion, ct_build_params *params)
{
    if (b < 0 || b >= bench_config_n_builds(cfg)) return CT_EINVAL;
    *params = cfg->build;
    params->shortcut = cfg->shortcuts[b % cfg->n_shortcuts];
    b /= cfg->n_shortcuts;
    params->metric = cfg->metrics[b % cfg->n_metrics];
    b /= cfg->n_metrics;
    params->base = cfg->bases[b % cfg->n_bases];
    b /= cfg->n_bases;
    params->si_mode = cfg->sis[b % cfg->n_sis];
    *insertion = cfg->insertions[b / cfg->n_sis];
    return CT_OK;
}

void bench_config_base_text(double base, char *buf, size_t size)
{
    snprintf(buf, size, "%g", base);
}

void bench_config_build_text(ct_order insertion, const ct_build_params *params, char *buf,
                             size_t size)
{
    char base[32];
    bench_config_base_text(params->base, base, sizeof base);
    int len = snprintf(buf, size, "insertion=%s base=%s si=%s batch=%d",
                       ct_axis_value_name(CT_AXIS_ORDER, insertion), base,
                       ct_si_mode_name(params->si_mode), params->batch);
    /* issue 13: written only when not the default, so older build texts stay */
    if (len >= 0 && (size_t)len < size && params->metric != CT_BUILD_RESIDUAL)
        len += snprintf(buf + len, size - (size_t)len, " metric=%s",
                        ct_build_metric_name(params->metric));
    if (len >= 0 && (size_t)len < size && params->shortcut != CT_SHORTCUT_NONE)
        snprintf(buf + len, size - (size_t)len, " shortcut=%s",
                 ct_build_shortcut_name(params->shortcut));
}
