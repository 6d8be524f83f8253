/* config_build.c -- a config's build configurations: the cross product of
 * [build] insertion x si x base (insertion-major, then si, then base; batch
 * shared) and the canonical text that names each one (config.h); the base
 * is written with %g, so config_values.c accepts only bases that text names
 * exactly. */
#include <stdio.h>

#include "config_internal.h"

int bench_config_n_builds(const bench_config *cfg)
{
    return cfg->n_insertions * cfg->n_sis * cfg->n_bases;
}

int bench_config_build(const bench_config *cfg, int b, ct_order *insertion, ct_build_params *params)
{
    if (b < 0 || b >= bench_config_n_builds(cfg)) return CT_EINVAL;
    *params = cfg->build;
    *insertion = cfg->insertions[b / (cfg->n_sis * cfg->n_bases)];
    params->si_mode = cfg->sis[(b / cfg->n_bases) % cfg->n_sis];
    params->base = cfg->bases[b % cfg->n_bases];
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
    snprintf(buf, size, "insertion=%s base=%s si=%s batch=%d",
             ct_axis_value_name(CT_AXIS_ORDER, insertion), base, ct_si_mode_name(params->si_mode),
             params->batch);
}
