/* run_plan.c -- the units of one workload and their shared setups
 * (run_internal.h).
 *
 * Units are planned in groups, one per build configuration, each group in
 * the order k, variant, threads; variants that need no tree (the baselines)
 * are planned in group 0 only; in an interleaved run with several builds
 * they roam: they take their samples in every group's rounds, so that each
 * tree variant's speed-up comes from baseline samples of the same time
 * window (stored with the same round numbers).  A slot is one shared setup (ct_run_setup_key:
 * a lowered layout, a float copy of V) over one build configuration's tree;
 * units with the same key in the same group share it.  --only filters by
 * name (fnmatch).
 */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_internal.h"

static int slot_for(run_workload *w, const ct_variant *v, int build)
{
    char key[CT_RUN_SETUP_KEY_MAX];
    ct_run_setup_key(v, key, sizeof key);
    if (!key[0]) return -1;
    for (int s = 0; s < w->n_slots; s++)
        if (w->slots[s].build == build && !strcmp(w->slots[s].key, key)) return s;
    memset(&w->slots[w->n_slots], 0, sizeof w->slots[0]);
    snprintf(w->slots[w->n_slots].key, sizeof w->slots[0].key, "%s", key);
    w->slots[w->n_slots].build = build;
    return w->n_slots++;
}

int run_plan_units(run_session *s, run_workload *w, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    int cap = cfg->n_ks * cfg->n_variants * cfg->n_threads * s->n_builds;

    w->units = calloc((size_t)(cap ? cap : 1), sizeof *w->units);
    w->slots = calloc((size_t)(cfg->n_variants * s->n_builds + 1), sizeof *w->slots);
    if (!w->units || !w->slots) return ct_error_set(err, CT_ENOMEM, "out of memory");
    w->n_units = w->n_slots = 0;
    for (int g = 0; g < s->n_builds; g++) {
        for (int ki = 0; ki < cfg->n_ks; ki++) {
            for (int vi = 0; vi < cfg->n_variants; vi++) {
                const ct_variant *v = &cfg->variants[vi];
                char name[CT_VARIANT_NAME_MAX];
                int tree = ct_variant_needs_tree(v), slot;
                if (!tree && g > 0) continue; /* a baseline runs once per workload */
                ct_variant_format(v, name, sizeof name);
                if (s->opt->only_glob && fnmatch(s->opt->only_glob, name, 0) != 0) continue;
                slot = slot_for(w, v, tree ? g : -1);
                for (int ti = 0; ti < cfg->n_threads; ti++) {
                    run_unit *u = &w->units[w->n_units];
                    memset(u, 0, sizeof *u);
                    u->v = *v;
                    snprintf(u->name, sizeof u->name, "%s", name);
                    u->threads = cfg->threads[ti];
                    u->k = cfg->ks[ki];
                    u->k_index = ki;
                    u->build = tree ? g : -1;
                    u->group = g;
                    u->roams = !tree && cfg->interleave && s->n_builds > 1;
                    u->slot = slot;
                    u->exact = ct_variant_is_exact(v);
                    u->ext = bench_config_external(cfg, v);
                    u->sim = s->sim && ti == 0 && !u->ext;
                    if (slot >= 0) w->slots[slot].last_unit = w->n_units;
                    w->n_units++;
                }
            }
        }
    }
    return CT_OK;
}
