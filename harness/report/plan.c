/* plan.c -- the plan of a config (plan.h). */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"

#include <fnmatch.h>

#include "ct/variant.h"

void bench_report_plan(const bench_config *cfg, const char *only_glob, FILE *out)
{
    int n = 0, trees = 0, builds = bench_config_n_builds(cfg);
    fprintf(out,
            "config %s (%s): %d workload(s), %d build configuration(s), %d variant(s), "
            "threads",
            cfg->path, cfg->name, cfg->n_seeds * cfg->n_ns, builds, cfg->n_variants);
    for (int i = 0; i < cfg->n_threads; i++) fprintf(out, "%s%d", i ? "," : " ", cfg->threads[i]);
    fprintf(out, ", k");
    for (int i = 0; i < cfg->n_ks; i++) fprintf(out, "%s%d", i ? "," : " ", cfg->ks[i]);
    fprintf(out, ", %d warm-up + %d repetitions%s\n", cfg->warmup, cfg->repetitions,
            cfg->interleave ? ", interleaved" : "");
    for (int i = 0; i < cfg->n_variants; i++) {
        char name[CT_VARIANT_NAME_MAX];
        ct_variant_format(&cfg->variants[i], name, sizeof name);
        if (only_glob && fnmatch(only_glob, name, 0) != 0) continue;
        fprintf(out, "  %s%s%s\n", name,
                ct_variant_is_exact(&cfg->variants[i]) ? "" : "  (approximate)",
                i == cfg->speedup_ref ? "  (speed-up baseline)" : "");
        n++;
        trees += ct_variant_needs_tree(&cfg->variants[i]);
    }
    if (cfg->source == BENCH_SOURCE_SYNTHETIC && cfg->n_ns > 1) {
        fprintf(out, "workload sizes n =");
        for (int i = 0; i < cfg->n_ns; i++) fprintf(out, "%s%d", i ? "," : " ", (int)cfg->ns[i]);
        fprintf(out, "\n");
    }
    for (int b = 0; b < builds; b++) {
        ct_order insertion;
        ct_build_params params;
        char text[BENCH_BUILD_TEXT_MAX];
        bench_config_build(cfg, b, &insertion, &params);
        bench_config_build_text(insertion, &params, text, sizeof text);
        fprintf(out, "build %d: %s\n", b + 1, text);
    }
    fprintf(out,
            "%d unit(s) to run ((tree variants x builds + baselines) x threads x k x "
            "workloads)\n",
            (trees * builds + n - trees) * cfg->n_threads * cfg->n_ks * cfg->n_seeds * cfg->n_ns);
    if (cfg->notes[0]) fprintf(out, "note: %s", cfg->notes);
}
