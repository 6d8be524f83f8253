/* fuzz_config.c -- fuzz target: the experiment-config parser
 * bench_config_parse_string (harness/config/), then `run --quick`
 * (bench_config_apply_quick) on every config it accepts.
 *
 * The input is the INI text (up to its first NUL).  Invariants:
 *   - a rejection is CT_EFORMAT with one message line starting with the
 *     config's path, and the config left freed (no text, no variants);
 *   - an accepted config is valid by every rule config.h states: it keeps
 *     the text and its hash; every list is non-empty, within its maximum and
 *     free of repeats; 1 <= m <= n and k <= n (smallest n of the sweep,
 *     synthetic); npy configs have their points path; sample sizes fit the
 *     batch; n_variants > 0, every variant runs on this machine, formats to a
 *     name that parses back to the same variant, and no name twice; the
 *     speed-up reference indexes the list; every build configuration exists,
 *     with a distinct canonical text (the text names it in the database);
 *   - after --quick the same holds, with the sizes it promises (one
 *     repetition, no warm-up, <= 64 queries, <= 32 verified, k <= 10,
 *     <= 8 simulated queries, name "...-quick", another hash) and every
 *     variant and build configuration kept.
 */
#include <string.h>

#include "config.h"
#include "ct/hash.h"
#include "ct/variant.h"
#include "fuzz.h"

#define PATH "fuzz/fuzz.ini"

typedef struct name_slot {
    char name[CT_VARIANT_NAME_MAX];
} name_slot;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const name_slot *)a)->name, ((const name_slot *)b)->name);
}

static int same_variant(const ct_variant *a, const ct_variant *b)
{
    return a->family == b->family && a->topology == b->topology && a->order == b->order &&
           a->data == b->data && a->traversal == b->traversal && a->kernel == b->kernel &&
           a->precision == b->precision && a->options == b->options;
}

#define DISTINCT(list, count, what)                                              \
    do {                                                                         \
        for (int i_ = 0; i_ < (count); i_++)                                     \
            for (int j_ = 0; j_ < i_; j_++)                                      \
                FUZZ_CHECK((list)[i_] != (list)[j_], "%s listed twice", (what)); \
    } while (0)

static void check_variants(const bench_config *cfg)
{
    name_slot *names;
    FUZZ_CHECK(cfg->n_variants > 0 && cfg->variants != NULL, "no variants");
    FUZZ_CHECK(cfg->speedup_ref >= -1 && cfg->speedup_ref < cfg->n_variants, "speedup_ref %d of %d",
               cfg->speedup_ref, cfg->n_variants);
    names = calloc((size_t)cfg->n_variants, sizeof *names);
    FUZZ_CHECK(names != NULL, "out of memory");
    for (int i = 0; i < cfg->n_variants; i++) {
        ct_variant back;
        ct_error err;
        FUZZ_CHECK(ct_variant_format(&cfg->variants[i], names[i].name, sizeof names[i].name) ==
                       CT_OK,
                   "variant %d does not format", i);
        FUZZ_CHECK(ct_variant_parse(names[i].name, &back, &err) == CT_OK &&
                       same_variant(&back, &cfg->variants[i]),
                   "variant '%s' does not parse back to itself", names[i].name);
        ct_error_clear(&err);
        FUZZ_CHECK(ct_variant_available(&cfg->variants[i], &err) == CT_OK,
                   "variant '%s' cannot run here but was accepted: %s", names[i].name, err.msg);
    }
    qsort(names, (size_t)cfg->n_variants, sizeof *names, by_name);
    for (int i = 1; i < cfg->n_variants; i++)
        FUZZ_CHECK(strcmp(names[i - 1].name, names[i].name) != 0, "variant '%s' listed twice",
                   names[i].name);
    free(names);
}

static void check_builds(const bench_config *cfg)
{
    int nb = bench_config_n_builds(cfg);
    char texts[BENCH_MAX_BUILDS][BENCH_BUILD_TEXT_MAX];
    ct_order ins;
    ct_build_params bp;
    FUZZ_CHECK(cfg->n_insertions >= 1 && cfg->n_insertions <= 3 && cfg->n_sis >= 1 &&
                   cfg->n_sis <= 2 && cfg->n_bases >= 1 && cfg->n_bases <= BENCH_MAX_BASES,
               "build lists %d x %d x %d", cfg->n_insertions, cfg->n_sis, cfg->n_bases);
    DISTINCT(cfg->insertions, cfg->n_insertions, "insertion");
    DISTINCT(cfg->sis, cfg->n_sis, "si");
    DISTINCT(cfg->bases, cfg->n_bases, "base");
    FUZZ_CHECK(cfg->insertion == cfg->insertions[0] && cfg->build.base == cfg->bases[0] &&
                   cfg->build.si_mode == cfg->sis[0],
               "the first build configuration is not the first of each list");
    for (int i = 0; i < cfg->n_insertions; i++)
        FUZZ_CHECK(cfg->insertions[i] != CT_ORDER_BFS, "bfs as an insertion order");
    for (int i = 0; i < cfg->n_bases; i++)
        FUZZ_CHECK(cfg->bases[i] > 1.0 && cfg->bases[i] <= 16.0, "base %g", cfg->bases[i]);
    FUZZ_CHECK(cfg->build.batch >= 1, "batch %d", cfg->build.batch);
    FUZZ_CHECK(nb >= 1 && nb <= BENCH_MAX_BUILDS, "%d build configurations", nb);
    for (int b = 0; b < nb; b++) {
        FUZZ_CHECK(bench_config_build(cfg, b, &ins, &bp) == CT_OK, "build %d of %d missing", b, nb);
        bench_config_build_text(ins, &bp, texts[b], sizeof texts[b]);
        for (int c = 0; c < b; c++)
            FUZZ_CHECK(strcmp(texts[b], texts[c]) != 0,
                       "build configurations %d and %d have the same text '%s'", c, b, texts[b]);
    }
    FUZZ_CHECK(bench_config_build(cfg, nb, &ins, &bp) == CT_EINVAL &&
                   bench_config_build(cfg, -1, &ins, &bp) == CT_EINVAL,
               "a build configuration outside [0, %d)", nb);
}

static void check_config(const bench_config *cfg, int quick)
{
    int32_t min_n = 0;
    size_t name_len = strlen(cfg->name);
    FUZZ_CHECK(name_len >= 1 && name_len < sizeof cfg->name, "name of %zu characters", name_len);
    FUZZ_CHECK(cfg->n_seeds >= 1 && cfg->n_seeds <= BENCH_MAX_SEEDS, "%d seeds", cfg->n_seeds);
    DISTINCT(cfg->seeds, cfg->n_seeds, "seed");
    FUZZ_CHECK(cfg->n_threads >= 1 && cfg->n_threads <= BENCH_MAX_THREADS, "%d thread counts",
               cfg->n_threads);
    DISTINCT(cfg->threads, cfg->n_threads, "thread count");
    for (int i = 0; i < cfg->n_threads; i++)
        FUZZ_CHECK(cfg->threads[i] >= 1, "threads %d", cfg->threads[i]);
    FUZZ_CHECK(cfg->n_ks >= 1 && cfg->n_ks <= BENCH_MAX_KS, "%d k values", cfg->n_ks);
    DISTINCT(cfg->ks, cfg->n_ks, "k");
    FUZZ_CHECK(cfg->repetitions >= 1 && cfg->warmup >= 0, "repetitions %d warmup %d",
               cfg->repetitions, cfg->warmup);
    FUZZ_CHECK(cfg->dim >= 1 && cfg->dim <= CT_MAX_DIM, "dim %d", cfg->dim);
    FUZZ_CHECK(cfg->queries >= 0 && cfg->verify_queries >= 0 && cfg->sim_queries >= 1,
               "queries %d verify %d sim %d", (int)cfg->queries, (int)cfg->verify_queries,
               (int)cfg->sim_queries);
    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        FUZZ_CHECK(cfg->n_ns >= 1 && cfg->n_ns <= BENCH_MAX_NS && cfg->n == cfg->ns[0],
                   "synthetic sizes: %d, n %d", cfg->n_ns, (int)cfg->n);
        DISTINCT(cfg->ns, cfg->n_ns, "n");
        min_n = cfg->ns[0];
        for (int i = 0; i < cfg->n_ns; i++) {
            FUZZ_CHECK(cfg->ns[i] >= 1, "n %d", (int)cfg->ns[i]);
            if (cfg->ns[i] < min_n) min_n = cfg->ns[i];
        }
        FUZZ_CHECK(cfg->m >= 1 && cfg->m <= min_n, "m = %d for n = %d", cfg->m, (int)min_n);
        for (int i = 0; i < cfg->n_ks; i++)
            FUZZ_CHECK(cfg->ks[i] >= 1 && cfg->ks[i] <= min_n, "k = %d for n = %d", cfg->ks[i],
                       (int)min_n);
        FUZZ_CHECK(cfg->lengthscale_count == 1 || cfg->lengthscale_count == cfg->dim,
                   "%d lengthscales for dim %d", cfg->lengthscale_count, cfg->dim);
    } else {
        FUZZ_CHECK(cfg->source == BENCH_SOURCE_NPY, "source %d", (int)cfg->source);
        FUZZ_CHECK(cfg->points_path[0] != '\0', "npy source without points");
        FUZZ_CHECK(cfg->n == 0 && cfg->n_ns == 1, "npy source with n %d", (int)cfg->n);
        for (int i = 0; i < cfg->n_ks; i++) FUZZ_CHECK(cfg->ks[i] >= 1, "k = %d", cfg->ks[i]);
    }
    if (!quick && cfg->queries > 0)
        FUZZ_CHECK(cfg->verify_queries <= cfg->queries && cfg->sim_queries <= cfg->queries,
                   "verify %d / sim %d of %d queries", (int)cfg->verify_queries,
                   (int)cfg->sim_queries, (int)cfg->queries);
    if (!cfg->events.is_auto) {
        FUZZ_CHECK(cfg->events.count >= 0 && cfg->events.count <= BENCH_MAX_EVENTS, "%d events",
                   cfg->events.count);
        for (int i = 0; i < cfg->events.count; i++) {
            FUZZ_CHECK(cfg->events.names[i][0] != '\0', "empty event name");
            for (int j = 0; j < i; j++)
                FUZZ_CHECK(strcmp(cfg->events.names[i], cfg->events.names[j]) != 0,
                           "event '%s' listed twice", cfg->events.names[i]);
        }
    }
    check_builds(cfg);
    check_variants(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bench_config cfg;
    ct_error err;
    char *text = fuzz_text(data, size);
    int rc, n_variants, n_builds;
    uint64_t hash;

    if (!text) return 0;
    ct_error_clear(&err);
    rc = bench_config_parse_string(PATH, text, &cfg, &err);
    if (rc != CT_OK) {
        FUZZ_CHECK(rc == CT_EFORMAT && err.code == rc, "rejection with status %d: %s", rc, err.msg);
        FUZZ_CHECK(strncmp(err.msg, PATH ":", strlen(PATH) + 1) == 0 && !strchr(err.msg, '\n'),
                   "message is not one line starting with the path: %s", err.msg);
        FUZZ_CHECK(cfg.text == NULL && cfg.variants == NULL, "rejected config not freed");
        free(text);
        return 0;
    }
    FUZZ_CHECK(cfg.text && strcmp(cfg.text, text) == 0, "the config does not keep its text");
    FUZZ_CHECK(cfg.hash == ct_hash_fnv1a(CT_HASH_FNV_OFFSET, text, strlen(text)),
               "hash is not the FNV-1a of the text");
    FUZZ_ACCEPTED();
    check_config(&cfg, 0);

    n_variants = cfg.n_variants;
    n_builds = bench_config_n_builds(&cfg);
    hash = cfg.hash;
    bench_config_apply_quick(&cfg);
    check_config(&cfg, 1);
    FUZZ_CHECK(cfg.n_variants == n_variants && bench_config_n_builds(&cfg) == n_builds,
               "--quick dropped variants or builds");
    FUZZ_CHECK(cfg.hash != hash, "--quick keeps the hash");
    FUZZ_CHECK(cfg.repetitions == 1 && cfg.warmup == 0, "--quick: %d repetitions, %d warm-up",
               cfg.repetitions, cfg.warmup);
    FUZZ_CHECK(cfg.queries >= 1 && cfg.queries <= 64 && cfg.verify_queries >= 1 &&
                   cfg.verify_queries <= 32 && cfg.sim_queries <= 8,
               "--quick: %d queries, %d verified, %d simulated", (int)cfg.queries,
               (int)cfg.verify_queries, (int)cfg.sim_queries);
    for (int i = 0; i < cfg.n_ks; i++) FUZZ_CHECK(cfg.ks[i] <= 10, "--quick: k = %d", cfg.ks[i]);
    {
        size_t len = strlen(cfg.name);
        FUZZ_CHECK(len >= 6 && strcmp(cfg.name + len - 6, "-quick") == 0, "--quick: name '%s'",
                   cfg.name);
    }
    bench_config_free(&cfg);
    FUZZ_CHECK(cfg.text == NULL && cfg.variants == NULL, "bench_config_free left memory");
    free(text);
    return 0;
}
