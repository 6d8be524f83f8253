/* test_config_external.c -- [external:NAME] sections (docs/EXTERNAL.md):
 * the command is split into arguments with quotes and {config_dir}; each
 * section adds the variant external:NAME with its exactness claim; every
 * mistake is one line naming the file and line. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "testutil.h"

static const char head[] = "[experiment]\nname = x\nseeds = 1\nrepetitions = 1\nthreads = 1\n"
                           "[workload]\nn = 100\ndim = 2\nm = 8\n"
                           "[variants]\nbaselines = brute_blas\n"
                           "[query]\nk = 3\nqueries = 8\n[counters]\nbackend = none\n";

static int parse(const char *tail, bench_config *cfg, ct_error *err)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", head, tail);
    ct_error_clear(err);
    return bench_config_parse_string("/cfgdir/e.ini", text, cfg, err);
}

static void check_good(void)
{
    bench_config cfg;
    ct_error err;
    int rc = parse("[external:np-1]\n"
                   "command = /usr/bin/python3 {config_dir}/a.py 'two words' x\"y z\"w {in} {out}\n"
                   "protocol = 1\nexact = yes\ntimeout = 2.5\n"
                   "[external:approx]\ncommand = prog\nexact = no\n",
                   &cfg, &err);
    CT_CHECK(rc == CT_OK, "good config: %s", err.msg);
    if (rc != CT_OK) return;
    CT_CHECK(cfg.n_externals == 2, "two externals, got %d", cfg.n_externals);
    CT_CHECK(cfg.externals[0].argc == 6, "argc 6, got %d", cfg.externals[0].argc);
    CT_CHECK(!strcmp(cfg.externals[0].args[1], "/cfgdir/a.py"), "{config_dir}: '%s'",
             cfg.externals[0].args[1]);
    CT_CHECK(!strcmp(cfg.externals[0].args[2], "two words"), "quotes: '%s'",
             cfg.externals[0].args[2]);
    CT_CHECK(!strcmp(cfg.externals[0].args[3], "xy zw"), "inner quotes: '%s'",
             cfg.externals[0].args[3]);
    CT_CHECK(!strcmp(cfg.externals[0].args[4], "{in}"), "{in} stays for the run: '%s'",
             cfg.externals[0].args[4]);
    CT_CHECK(cfg.externals[0].timeout_s == 2.5 && cfg.externals[1].timeout_s == 3600, "timeouts");
    CT_CHECK(cfg.n_variants == 3, "brute_blas + 2 externals, got %d", cfg.n_variants);
    if (cfg.n_variants == 3) {
        char name[CT_VARIANT_NAME_MAX];
        ct_variant_format(&cfg.variants[1], name, sizeof name);
        CT_CHECK(!strcmp(name, "external:np-1"), "variant name '%s'", name);
        CT_CHECK(ct_variant_is_exact(&cfg.variants[1]) && !ct_variant_is_exact(&cfg.variants[2]),
                 "exactness follows the claim");
        CT_CHECK(!ct_variant_needs_tree(&cfg.variants[1]), "no tree");
        CT_CHECK(!strcmp(ct_variant_family_name(cfg.variants[1].family), "external"), "family");
        CT_CHECK(bench_config_external(&cfg, &cfg.variants[2]) == &cfg.externals[1],
                 "section lookup");
        CT_CHECK(bench_config_external(&cfg, &cfg.variants[0]) == NULL, "brute_blas has none");
    }
    bench_config_free(&cfg);
}

static void check_bad(void)
{
    static const struct {
        const char *tail, *want;
    } bad[] = {
        {"[external:a]\ncommand = p\n", ":18: [external:a] needs exact = yes or no"},
        {"[external:a]\nexact = yes\n", ":18: [external:a] has no command"},
        {"[external:a]\ncommand = p\nexact = maybe\n", ":19: exact: 'maybe' is not yes or no"},
        {"[external:a]\ncommand = p\nexact = yes\nprotocol = 2\n",
         ":20: protocol: '2' is not a protocol version"},
        {"[external:a]\ncommand = p\nexact = yes\ntimeout = soon\n", ":20: timeout: 'soon'"},
        {"[external:a]\ncommand = p\nexact = yes\ncolour = red\n",
         ":20: unknown key 'colour' in [external:a]"},
        {"[external:a b]\ncommand = p\nexact = yes\n", "NAME of external:NAME must be"},
        {"[external:a]\ncommand = 'p\nexact = yes\n", ":18: command: unterminated ' quote"},
        {"[external:a]\ncommand = p\ncommand = q\nexact = yes\n", ":19: key 'command'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bench_config cfg;
        ct_error err;
        int rc = parse(bad[i].tail, &cfg, &err);
        CT_CHECK(rc == CT_EFORMAT && strstr(err.msg, bad[i].want), "case %zu: want '%s', got '%s'",
                 i, bad[i].want, err.msg);
        if (rc == CT_OK) bench_config_free(&cfg);
    }
}

static void check_names(void)
{
    ct_variant v;
    ct_error err;
    ct_error_clear(&err);
    CT_CHECK(ct_variant_parse("external:numpy", &v, &err) == CT_OK && !strcmp(v.program, "numpy"),
             "external:numpy parses: %s", err.msg);
    CT_CHECK(ct_variant_parse("external:", &v, &err) == CT_EINVAL, "empty NAME rejected");
    CT_CHECK(ct_variant_parse("external:numpy+alloc", &v, &err) == CT_EINVAL, "options rejected");
}

int main(void)
{
    check_good();
    check_bad();
    check_names();
    return ct_test_finish("test_config_external");
}
