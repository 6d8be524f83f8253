/* config_quick.c -- `ctbench run --quick`: the same experiment, scaled down.
 *
 * CI and a quick look need every experiment config to *run* in seconds, not to
 * produce meaningful numbers.  --quick keeps every axis, build and variant of
 * the config and shrinks only sizes: synthetic n / 16 (at least 256, so the
 * sizes of a scaling sweep stay ordered; sizes that collide are merged), m <= 64, at most 64
 * queries, 32 verified, k <= 10, one repetition, no warm-up.  The run is
 * stored under the name "<name>-quick" with a different config hash, so a
 * quick run is never mistaken for (or resumed as) the full one.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "ct/hash.h"

/* Keep the first occurrence of each value of list[0..*count). */
static void dedup_i32(int32_t *list, int *count)
{
    int kept = 0;
    for (int i = 0; i < *count; i++) {
        int dup = 0;
        for (int j = 0; j < kept; j++) dup |= list[j] == list[i];
        if (!dup) list[kept++] = list[i];
    }
    *count = kept;
}

static int32_t smallest_n(const bench_config *cfg)
{
    int32_t n = cfg->ns[0];
    for (int i = 1; i < cfg->n_ns; i++)
        if (cfg->ns[i] < n) n = cfg->ns[i];
    return n;
}

void bench_config_apply_quick(bench_config *cfg)
{
    char name[sizeof cfg->name];
    cfg->repetitions = 1;
    cfg->warmup = 0;
    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        for (int i = 0; i < cfg->n_ns; i++) {
            int32_t n = cfg->ns[i] / 16;
            cfg->ns[i] = n < 256 ? (cfg->ns[i] < 256 ? cfg->ns[i] : 256) : n;
        }
        dedup_i32(cfg->ns, &cfg->n_ns);
        cfg->n = cfg->ns[0];
        if (cfg->m > 64) cfg->m = 64;
        if (cfg->m > smallest_n(cfg)) cfg->m = smallest_n(cfg);
    }
    if (cfg->queries == 0 || cfg->queries > 64) cfg->queries = 64;
    if (cfg->verify_queries == 0 || cfg->verify_queries > 32) cfg->verify_queries = 32;
    for (int i = 0; i < cfg->n_ks; i++) {
        if (cfg->ks[i] > 10) cfg->ks[i] = 10;
    }
    { /* ks may now repeat */
        int32_t ks[BENCH_MAX_KS];
        for (int i = 0; i < cfg->n_ks; i++) ks[i] = cfg->ks[i];
        dedup_i32(ks, &cfg->n_ks);
        for (int i = 0; i < cfg->n_ks; i++) cfg->ks[i] = (int)ks[i];
    }
    if (cfg->sim_queries > 8) cfg->sim_queries = 8;
    snprintf(name, sizeof name, "%.*s-quick", (int)sizeof name - 7, cfg->name);
    memcpy(cfg->name, name, sizeof name);
    cfg->hash = ct_hash_fnv1a(cfg->hash, "--quick", 7);
}
