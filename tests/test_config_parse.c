/* test_harness_config.c -- the experiment-config parser: every error path
 * reports file:line and a clear message; the shipped configs parse; lists,
 * continuation lines, `all` and the variant expansion behave as documented;
 * the sweep lists (n, insertion, si, base): each value checked, repeats
 * rejected, n checks against the smallest n, builds in documented order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ct/kernel.h"
#include "testutil.h"

/* A minimal valid body; each case appends or replaces lines. */
#define BASE "[workload]\nn = 100\n[variants]\nbaselines = brute\n"

typedef struct bad_case {
    const char *text;
    int line;             /* expected line; 0 = no line number in the message */
    const char *fragment; /* expected in the message */
} bad_case;

static const bad_case bad[] = {
    {BASE "[workload]\nfoo = 1\n", 6, "unknown key 'foo' in [workload]"},
    {"[workload]\nn = 100\nfoo = 1\n[variants]\nbaselines = brute\n", 3,
     "unknown key 'foo' in [workload]"},
    {BASE "[bogus]\na = 1\n", 6, "unknown section [bogus]"},
    {"n = 5\n" BASE, 1, "key 'n' outside of any [section]"},
    {BASE "this line is not ini\n", 5, "syntax error"},
    {BASE "[experiment\n", 5, "syntax error"},
    {"[workload]\nn = 100\nn = 200\n[variants]\nbaselines = brute\n", 3,
     "key 'n' in [workload] is set twice (first on line 2)"},
    {"[workload]\nn = abc\n[variants]\nbaselines = brute\n", 2, "n: 'abc' is not an integer"},
    {"[workload]\nn = 0\n[variants]\nbaselines = brute\n", 2, "n: '0' is not an integer in [1,"},
    {BASE "[workload]\ndim = 17\n", 6, "dim: '17' is not an integer in [1, 16]"},
    {BASE "[workload]\nm = 101\n", 6, "m = 101 inducing points but only n = 100 points"},
    {BASE "[workload]\ngenerator = gaussian\n", 6,
     "generator: 'gaussian' is not one of normal, uniform, clustered"},
    {BASE "[workload]\ncovariance = cosine\n", 6, "covariance: 'cosine' is not one of rbf"},
    /* issue 15: the workload ordering */
    {BASE "[workload]\nordering = max-min\n", 6,
     "ordering: 'max-min' is not one of natural, random, maxmin"},
    {"[workload]\nsource = npy\npoints = x.npy\nquery_indices = q.npy\nordering = random\n"
     "[variants]\nbaselines = brute\n",
     5, "ordering = random: query_indices (line 4) name points in the file's order"},
    {BASE "[workload]\nsource = csv\n", 6, "source: 'csv' is not one of synthetic, npy"},
    {BASE "[workload]\nvariance = -1\n", 6, "variance: '-1' is not a positive finite number"},
    {BASE "[workload]\nvariance = nan\n", 6, "variance: 'nan' is not a positive finite number"},
    {BASE "[workload]\nlengthscale = 1,,2\n", 6, "lengthscale: empty item"},
    {BASE "[workload]\nlengthscale = 1,x\n", 6, "lengthscale: 'x' is not a positive"},
    {BASE "[workload]\ndim = 3\nlengthscale = 1,2\n", 7, "lengthscale: 2 values for dim = 3"},
    {BASE "[workload]\npoints = x.npy\n", 6, "key 'points' needs source = npy"},
    {"[workload]\nsource = npy\nn = 5\n[variants]\nbaselines = brute\n", 3,
     "key 'n' needs source = synthetic"},
    {"[workload]\nsource = npy\n[variants]\nbaselines = brute\n", 2,
     "source = npy needs points = FILE.npy"},
    {"[workload]\nsource = npy\npoints = x.npy\np = p.npy\n[variants]\nbaselines = brute\n", 4,
     "p needs v"},
    {"[workload]\nsource = npy\npoints = x.npy\nv = v.npy\nm = 5\n[variants]\nbaselines = "
     "brute\n",
     5, "m is given by the v file"},
    {"[workload]\ndim = 3\n[variants]\nbaselines = brute\n", 1, "[workload] needs n"},
    {"[workload]\nsource = npy\npoints = x.npy\nquery_indices = q.npy\n[variants]\nbaselines = "
     "brute\n[query]\nqueries = 5\n",
     8, "queries: the batch comes from query_indices (line 4)"},
    {BASE "[workload]\nquery_indices = q.npy\n", 6, "key 'query_indices' needs source = npy"},
    {BASE "[build]\ninsertion = bfs\n", 6, "insertion: 'bfs' is not one of natural, hilbert"},
    {BASE "[build]\nbase = 1\n", 6, "base: '1' is not a number in (1, 16]"},
    {BASE "[build]\nsi = max\n", 6, "si: 'max' is not one of sum, exact"},
    {BASE "[build]\nbatch = 0\n", 6, "batch: '0' is not an integer"},
    {BASE "[build]\ncheck = maybe\n", 6, "check: 'maybe' is not on/off"},
    {BASE "[experiment]\ninterleave = maybe\n", 6, "interleave: 'maybe' is not on/off"},
    {BASE "[experiment]\nrepetitions = 0\n", 6, "repetitions: '0' is not an integer"},
    {BASE "[experiment]\nwarmup = -1\n", 6, "warmup: '-1' is not an integer"},
    {BASE "[experiment]\nthreads = 1,1\n", 6, "threads: value 1 is listed twice"},
    {BASE "[experiment]\nthreads = 0\n", 6, "threads: '0' is not an integer in [1, 1024]"},
    {BASE "[experiment]\nseeds = 3,-4\n", 6, "seeds: '-4' is not an unsigned 64-bit integer"},
    {BASE "[experiment]\nseeds = 3,3\n", 6, "seeds: value 3 is listed twice"},
    {BASE "[experiment]\nname = two words\n", 6, "name: 'two words' may only contain"},
    {BASE "[experiment]\nname =\n", 6, "name: empty value"},
    {BASE "[query]\nk = 101\n", 6, "k = 101 exceeds the number of points n = 100"},
    {BASE "[query]\nk = 0\n", 6, "k: '0' is not an integer"},
    {BASE "[query]\nqueries = -5\n", 6, "queries: '-5' is neither 'all' nor an integer"},
    {BASE "[query]\nqueries = 10\nverify_queries = 11\n", 7,
     "verify_queries = 11 exceeds the 10 queries"},
    {BASE "[query]\nqueries = 10\n[counters]\nsim_queries = 11\n", 8,
     "sim_queries = 11 exceeds the 10 queries"},
    {BASE "[query]\npredecessor = sometimes\n", 6, "predecessor: 'sometimes' is not on/off"},
    {BASE "[counters]\nbackend = perf\n", 6, "backend: 'perf' is not one of papi, none, sim"},
    {BASE "[counters]\nevents = auto,PAPI_TOT_CYC\n", 6, "events: 'auto' must be the only value"},
    {BASE "[counters]\nevents = PAPI TOT\n", 6, "events: 'PAPI TOT' is not a PAPI event name"},
    {BASE "[counters]\nevents = PAPI_TOT_CYC,PAPI_TOT_CYC\n", 6, "'PAPI_TOT_CYC' is listed twice"},
    {BASE "[variants]\ntopology = tree\n", 6,
     "topology: unknown value 'tree' (expected ll, csr or all)"},
    {BASE "[variants]\norder = bfs,bfs\n", 6, "order: 'bfs' is listed twice"},
    {BASE "[variants]\noptions = fast\n", 6, "options: unknown option 'fast'"},
    {BASE "[variants]\nvariants = foo.bar\n", 6, "variant 'foo.bar':"},
    {"[workload]\nn = 100\n[variants]\nbaselines = brute,ll.natural.indirect.level.auto.f64\n", 4,
     "baselines: 'll.natural.indirect.level.auto.f64' is a tree variant"},
    {BASE "[variants]\nspeedup_vs = brute_blas\n", 6,
     "speedup_vs: 'brute_blas' is not one of the variants of this run"},
    {"[workload]\nn = 100\n", 0, "no variants to run"},
    /* an error on a continuation line is reported on that line */
    {"[workload]\nn = 100\n[variants]\nvariants = ll.natural.indirect.level.auto.f64,\n"
     "    bogus.name\n",
     5, "variant 'bogus.name':"},
    /* sweep lists: every value checked, repeats rejected, n checks use the smallest n */
    {"[workload]\nn = 100,abc\n[variants]\nbaselines = brute\n", 2,
     "n: 'abc' is not an integer in [1,"},
    {"[workload]\nn = 100,0\n[variants]\nbaselines = brute\n", 2,
     "n: '0' is not an integer in [1,"},
    {"[workload]\nn = 100,100\n[variants]\nbaselines = brute\n", 2, "n: value 100 is listed twice"},
    {"[workload]\nn = 100,,200\n[variants]\nbaselines = brute\n", 2, "n: empty item"},
    {"[workload]\nn = 100,\n    100\n[variants]\nbaselines = brute\n", 3,
     "n: value 100 is listed twice"},
    {"[workload]\nsource = npy\npoints = x.npy\nn = 5,6\n[variants]\nbaselines = brute\n", 4,
     "key 'n' needs source = synthetic"},
    {"[workload]\nn = 100,50\nm = 60\n[variants]\nbaselines = brute\n", 3,
     "m = 60 inducing points but only n = 50 points"},
    {"[workload]\nn = 100,20\n[variants]\nbaselines = brute\n[query]\nk = 30\n", 6,
     "k = 30 exceeds the number of points n = 20"},
    {"[workload]\nn = 100,20\n[variants]\nbaselines = brute\n[query]\nqueries = all\n"
     "verify_queries = 30\n",
     7, "verify_queries = 30 exceeds the 20 queries"},
    {BASE "[build]\ninsertion = natural,bfs\n", 6, "insertion: 'bfs' is not one of natural"},
    {BASE "[build]\ninsertion = hilbert,morton,hilbert\n", 6,
     "insertion: 'hilbert' is listed twice"},
    {BASE "[build]\ninsertion = natural,\n", 6, "insertion: empty item"},
    {BASE "[build]\ninsertion = natural,\n    zorder\n", 7,
     "insertion: 'zorder' is not one of natural"},
    {BASE "[build]\nsi = sum,max\n", 6, "si: 'max' is not one of sum, exact"},
    {BASE "[build]\nsi = exact, exact\n", 6, "si: 'exact' is listed twice"},
    {BASE "[build]\nbase = 2,1\n", 6, "base: '1' is not a number in (1, 16]"},
    {BASE "[build]\nbase = 2,17\n", 6, "base: '17' is not a number in (1, 16]"},
    {BASE "[build]\nbase = 2,2.0\n", 6, "base: value 2 is listed twice"},
    /* 2.0000001 would be built as a second tree named "base=2", like the first
     * (found by tests/fuzz/fuzz_config.c) */
    {BASE "[build]\nbase = 2,2.0000001\n", 6,
     "base: '2.0000001' has more significant digits than the build text 'base=2'"},
    {BASE "[build]\nbase = 1.2345678\n", 6, "names (at most 6)"},
    {BASE "[build]\nbase = 1.1,1.2,1.3,1.4,1.5,1.6,1.7,1.8,1.9\n", 6, "base: at most 8 values"},
    {BASE "[build]\nbatch = 8,16\n", 6, "batch: '8,16' is not an integer"},
    /* issue 13: shortcut and metric lists */
    {BASE "[build]\nshortcut = none,chain\n", 6, "shortcut: 'chain' is not one of none, star"},
    {BASE "[build]\nshortcut = star,star\n", 6, "shortcut: 'star' is listed twice"},
    {BASE "[build]\nmetric = manhattan\n", 6,
     "metric: 'manhattan' is not one of residual, euclidean"},
    {BASE "[build]\nmetric = euclidean, euclidean\n", 6, "metric: 'euclidean' is listed twice"},
};

static void check_bad(const bad_case *c, int index)
{
    bench_config cfg;
    ct_error err;
    char want[64];
    int rc;
    ct_error_clear(&err);
    rc = bench_config_parse_string("configs/x.ini", c->text, &cfg, &err);
    CT_CHECK(rc == CT_EFORMAT, "case %d: expected CT_EFORMAT, got %d", index, rc);
    if (c->line > 0) snprintf(want, sizeof want, "configs/x.ini:%d: ", c->line);
    else snprintf(want, sizeof want, "configs/x.ini: ");
    CT_CHECK(strncmp(err.msg, want, strlen(want)) == 0,
             "case %d: message '%s' does not start "
             "with '%s'",
             index, err.msg, want);
    CT_CHECK(strstr(err.msg, c->fragment) != NULL, "case %d: message '%s' lacks '%s'", index,
             err.msg, c->fragment);
    CT_CHECK(strchr(err.msg, '\n') == NULL, "case %d: message is not one line", index);
    if (rc == CT_OK) bench_config_free(&cfg);
}

static void check_long_line(void)
{
    char *text = malloc(4096);
    bench_config cfg;
    ct_error err;
    int rc;
    strcpy(text, BASE "[experiment]\nname = ");
    memset(text + strlen(text), 'a', 2000);
    strcpy(text + strlen(BASE "[experiment]\nname = ") + 2000, "\n");
    ct_error_clear(&err);
    rc = bench_config_parse_string("configs/x.ini", text, &cfg, &err);
    CT_CHECK(rc == CT_EFORMAT && strstr(err.msg, "configs/x.ini:6: line longer than"),
             "a too-long line: got %d '%s'", rc, err.msg);
    free(text);
}

static void check_shipped(const char *name, int expect_variants_min)
{
    char path[1024];
    bench_config cfg;
    ct_error err;
    int rc;
    snprintf(path, sizeof path, "%s/configs/%s", CT_SOURCE_DIR, name);
    ct_error_clear(&err);
    rc = bench_config_load(path, &cfg, &err);
    CT_CHECK(rc == CT_OK, "%s does not parse: %s", name, err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(cfg.n_variants >= expect_variants_min, "%s: %d variants", name, cfg.n_variants);
    CT_CHECK(cfg.speedup_ref >= 0 && cfg.variants[cfg.speedup_ref].family == CT_VARIANT_BRUTE_BLAS,
             "%s: speed-up baseline is not brute_blas", name);
    CT_CHECK(cfg.text && strlen(cfg.text) > 100, "%s: config text not kept", name);
    bench_config_free(&cfg);
}

static void check_gold(void)
{
    char path[1024];
    bench_config cfg;
    ct_error err;
    static const char *const required[] = {"ll.natural.indirect.level.auto.f64",
                                           "csr.bfs.cached.level.avx2.f64", "brute_blas"};
    int heap = 0, f32 = 0, ladder = 0;
    snprintf(path, sizeof path, "%s/configs/gold.ini", CT_SOURCE_DIR);
    ct_error_clear(&err);
    if (bench_config_load(path, &cfg, &err) != CT_OK) return; /* reported above */
    CT_CHECK(cfg.n == 32768 && cfg.dim == 3 && cfg.m == 512 && cfg.queries == 1024 &&
                 cfg.n_ks == 1 && cfg.ks[0] == 50 && cfg.cov.kind == CT_COVARIANCE_RBF &&
                 cfg.cov.variance == 1.0 && cfg.cov.lengthscale[0] == 1.0,
             "gold.ini is not the gold workload");
    CT_CHECK(cfg.repetitions == 5 && cfg.n_threads == 1 && cfg.threads[0] == 2 &&
                 cfg.verify_queries == 64,
             "gold.ini: reps/threads/verify_queries");
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        int found = 0;
        for (int v = 0; v < cfg.n_variants; v++) {
            char name[CT_VARIANT_NAME_MAX];
            ct_variant_format(&cfg.variants[v], name, sizeof name);
            found |= !strcmp(name, required[i]);
        }
        CT_CHECK(found, "gold.ini lacks %s", required[i]);
    }
    for (int v = 0; v < cfg.n_variants; v++) {
        heap |= cfg.variants[v].family == CT_VARIANT_TREE &&
                cfg.variants[v].traversal == CT_TRAVERSAL_HEAP;
        f32 |= cfg.variants[v].precision == CT_PRECISION_F32;
        ladder |= (cfg.variants[v].options & (1u << CT_OPTION_LADDER)) != 0;
    }
    CT_CHECK(heap && f32 && ladder, "gold.ini needs heap, f32 and +ladder variants");
    bench_config_free(&cfg);
}

/* [workload] ordering: default natural, each value parsed, with npy too */
static void check_ordering(void)
{
    static const char *const names[] = {"natural", "random", "maxmin"};
    bench_config cfg;
    ct_error err;
    char text[256];
    int rc = bench_config_parse_string("configs/x.ini", BASE, &cfg, &err);
    CT_CHECK(rc == CT_OK && cfg.ordering == CT_ORDERING_NATURAL, "default ordering: rc %d", rc);
    if (rc == CT_OK) bench_config_free(&cfg);
    for (int k = 0; k < 3; k++) {
        snprintf(text, sizeof text, BASE "[workload]\nordering = %s\n", names[k]);
        rc = bench_config_parse_string("configs/x.ini", text, &cfg, &err);
        CT_CHECK(rc == CT_OK && (int)cfg.ordering == k, "ordering = %s: rc %d %s", names[k], rc,
                 err.msg);
        if (rc == CT_OK) bench_config_free(&cfg);
    }
    rc = bench_config_parse_string("configs/x.ini",
                                   "[workload]\nsource = npy\npoints = x.npy\nordering = maxmin\n"
                                   "[variants]\nbaselines = brute\n",
                                   &cfg, &err);
    CT_CHECK(rc == CT_OK && cfg.ordering == CT_ORDERING_MAXMIN, "npy + maxmin: rc %d %s", rc,
             err.msg);
    if (rc == CT_OK) bench_config_free(&cfg);
}

static void check_expansion(void)
{
    const char *text = "; a comment\n"
                       "[experiment]\n"
                       "threads = 1, 2   ; inline comment\n"
                       "seeds = 5,6\n"
                       "[workload]\n"
                       "n = 50\n"
                       "lengthscale = 0.5,1,2\n"
                       "[variants]\n"
                       "topology = all\n"
                       "order = natural\n"
                       "traversal = heap,level\n"
                       "kernel = all\n"
                       "options = none,alloc+ladder\n"
                       "variants = csr.bfs.cached.heap.auto.f64,\n"
                       "    ll.natural.indirect.level.auto.f64\n"
                       "baselines = brute_blas, brute\n"
                       "[query]\n"
                       "k = 3,5\n"
                       "queries = all\n"
                       "verify_queries = 0\n"
                       "[counters]\n"
                       "events = PAPI_TOT_CYC,perf::TASK-CLOCK\n";
    bench_config cfg;
    ct_error err;
    int kernels = 0, rc;
    ct_error_clear(&err);
    rc = bench_config_parse_string("t.ini", text, &cfg, &err);
    CT_CHECK(rc == CT_OK, "expansion config failed: %s", err.msg);
    if (rc != CT_OK) return;
    for (int k = 0; k < CT_KERNEL_COUNT; k++)
        if (ct_kernel_find((ct_kernel_kind)k, CT_PRECISION_F64, NULL)) kernels++;
    /* topology 2 x order 1 x data 1 (default) x traversal 2 x kernel (available)
     * x precision 1 x options 2; the explicit ll...level.auto.f64 is in the
     * cross product already, csr.bfs.cached... is not; then 2 baselines */
    CT_CHECK(cfg.n_variants == 2 * 2 * kernels * 2 + 1 + 2,
             "expanded to %d variants "
             "(kernels available: %d)",
             cfg.n_variants, kernels);
    CT_CHECK(cfg.n_threads == 2 && cfg.threads[1] == 2, "threads with an inline comment");
    CT_CHECK(cfg.n_seeds == 2 && cfg.seeds[1] == 6, "seeds");
    CT_CHECK(cfg.lengthscale_count == 3 && cfg.cov.lengthscale[2] == 2.0, "lengthscale list");
    CT_CHECK(cfg.n_ks == 2 && cfg.queries == 0 && cfg.verify_queries == 0, "query section");
    CT_CHECK(cfg.events.count == 2 && !cfg.events.is_auto &&
                 !strcmp(cfg.events.names[1], "perf::TASK-CLOCK"),
             "events list");
    CT_CHECK(cfg.speedup_ref >= 0 && cfg.variants[cfg.speedup_ref].family == CT_VARIANT_BRUTE_BLAS,
             "the first baseline is the default speed-up reference");
    for (int v = 0; v < cfg.n_variants; v++) {
        ct_error why;
        ct_error_clear(&why);
        CT_CHECK(ct_variant_available(&cfg.variants[v], &why) == CT_OK,
                 "expansion kept an unavailable variant %d: %s", v, why.msg);
        for (int w = 0; w < v; w++)
            CT_CHECK(memcmp(&cfg.variants[v], &cfg.variants[w], sizeof cfg.variants[v]) != 0,
                     "duplicate variants %d and %d", v, w);
    }
    bench_config_free(&cfg);
}

/* The sweep lists: order kept, the first value is the config's scalar, the
 * build configurations are the cross product insertion x si x base. */
static void check_sweep_lists(void)
{
    const char *text = "[workload]\n"
                       "n = 300, 100,\n"
                       "    200\n"
                       "[build]\n"
                       "insertion = hilbert, natural\n"
                       "si = exact,sum\n"
                       "base = 2, 1.5\n"
                       "batch = 64\n"
                       "[variants]\n"
                       "baselines = brute\n";
    static const struct {
        ct_order insertion;
        ct_si_mode si;
        double base;
    } want[8] = {{CT_ORDER_HILBERT, CT_SI_EXACT, 2}, {CT_ORDER_HILBERT, CT_SI_EXACT, 1.5},
                 {CT_ORDER_HILBERT, CT_SI_SUM, 2},   {CT_ORDER_HILBERT, CT_SI_SUM, 1.5},
                 {CT_ORDER_NATURAL, CT_SI_EXACT, 2}, {CT_ORDER_NATURAL, CT_SI_EXACT, 1.5},
                 {CT_ORDER_NATURAL, CT_SI_SUM, 2},   {CT_ORDER_NATURAL, CT_SI_SUM, 1.5}};
    char texts[8][BENCH_BUILD_TEXT_MAX];
    bench_config cfg;
    ct_error err;
    int rc;
    ct_error_clear(&err);
    rc = bench_config_parse_string("t.ini", text, &cfg, &err);
    CT_CHECK(rc == CT_OK, "sweep lists config failed: %s", err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(cfg.n_ns == 3 && cfg.ns[0] == 300 && cfg.ns[1] == 100 && cfg.ns[2] == 200 &&
                 cfg.n == 300,
             "n list: %d values", cfg.n_ns);
    CT_CHECK(cfg.m == 100, "default m is min(512, smallest n): %d", cfg.m);
    CT_CHECK(cfg.n_insertions == 2 && cfg.n_sis == 2 && cfg.n_bases == 2 &&
                 bench_config_n_builds(&cfg) == 8,
             "%d build configurations", bench_config_n_builds(&cfg));
    CT_CHECK(cfg.insertion == CT_ORDER_HILBERT && cfg.build.si_mode == CT_SI_EXACT &&
                 cfg.build.base == 2 && cfg.build.batch == 64,
             "the scalars are the first values");
    for (int b = 0; b < 8; b++) {
        ct_order ins;
        ct_build_params bp;
        CT_CHECK(bench_config_build(&cfg, b, &ins, &bp) == CT_OK, "build %d", b);
        CT_CHECK(ins == want[b].insertion && bp.si_mode == want[b].si && bp.base == want[b].base &&
                     bp.batch == 64,
                 "build %d is not insertion x si x base in order", b);
        bench_config_build_text(ins, &bp, texts[b], sizeof texts[b]);
        for (int c = 0; c < b; c++)
            CT_CHECK(strcmp(texts[b], texts[c]) != 0, "builds %d and %d share the text '%s'", b, c,
                     texts[b]);
    }
    CT_CHECK(!strcmp(texts[3], "insertion=hilbert base=1.5 si=sum batch=64"), "build text '%s'",
             texts[3]);
    {
        ct_order ins;
        ct_build_params bp;
        CT_CHECK(bench_config_build(&cfg, 8, &ins, &bp) == CT_EINVAL &&
                     bench_config_build(&cfg, -1, &ins, &bp) == CT_EINVAL,
                 "out-of-range build");
    }
    bench_config_free(&cfg);

    /* no [build] section: one build, the library's defaults */
    ct_error_clear(&err);
    rc = bench_config_parse_string("t.ini", BASE, &cfg, &err);
    CT_CHECK(rc == CT_OK, "minimal config failed: %s", err.msg);
    if (rc != CT_OK) return;
    {
        ct_order ins = CT_ORDER_COUNT;
        ct_build_params bp, def;
        ct_build_params_default(&def);
        bp = def;
        CT_CHECK(bench_config_n_builds(&cfg) == 1 && cfg.n_ns == 1 && cfg.ns[0] == 100 &&
                     bench_config_build(&cfg, 0, &ins, &bp) == CT_OK && ins == CT_ORDER_NATURAL &&
                     bp.base == def.base && bp.si_mode == def.si_mode && bp.batch == def.batch,
                 "defaults: one natural build with the library's parameters");
        bench_config_build_text(ins, &bp, texts[0], sizeof texts[0]);
        CT_CHECK(!strcmp(texts[0], "insertion=natural base=2 si=sum batch=512"),
                 "default build text '%s'", texts[0]);
    }
    bench_config_free(&cfg);

    /* issue 13: metric x shortcut multiply the builds, innermost; the text names
     * them only when not the default */
    ct_error_clear(&err);
    rc = bench_config_parse_string("t.ini",
                                   BASE "[build]\ninsertion = natural,hilbert\n"
                                        "metric = residual, euclidean\nshortcut = none,star\n",
                                   &cfg, &err);
    CT_CHECK(rc == CT_OK, "metric/shortcut config failed: %s", err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(bench_config_n_builds(&cfg) == 8, "%d builds, want 8", bench_config_n_builds(&cfg));
    for (int b = 0; b < 8; b++) {
        ct_order ins;
        ct_build_params bp;
        CT_CHECK(bench_config_build(&cfg, b, &ins, &bp) == CT_OK, "build %d", b);
        CT_CHECK(ins == (b < 4 ? CT_ORDER_NATURAL : CT_ORDER_HILBERT) &&
                     bp.metric == ((b / 2) % 2 ? CT_BUILD_EUCLIDEAN : CT_BUILD_RESIDUAL) &&
                     bp.shortcut == (b % 2 ? CT_SHORTCUT_STAR : CT_SHORTCUT_NONE),
                 "build %d is not insertion x metric x shortcut in order", b);
        bench_config_build_text(ins, &bp, texts[b], sizeof texts[b]);
    }
    CT_CHECK(!strcmp(texts[0], "insertion=natural base=2 si=sum batch=512"), "text '%s'", texts[0]);
    CT_CHECK(!strcmp(texts[3], "insertion=natural base=2 si=sum batch=512 metric=euclidean "
                               "shortcut=star"),
             "text '%s'", texts[3]);
    bench_config_free(&cfg);
}

int main(void)
{
    bench_config cfg;
    ct_error err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) check_bad(&bad[i], (int)i);
    check_long_line();
    ct_error_clear(&err);
    CT_CHECK(bench_config_load("/nonexistent/dir/x.ini", &cfg, &err) == CT_EIO &&
                 strstr(err.msg, "/nonexistent/dir/x.ini: cannot open"),
             "missing file: '%s'", err.msg);
    check_shipped("smoke.ini", 5);
    check_shipped("gold.ini", 8);
    check_gold();
    check_expansion();
    check_sweep_lists();
    check_ordering();
    return ct_test_finish("test_harness_config");
}
