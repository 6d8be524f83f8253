/* test_config_compare_rules.c -- the rules file of `ctbench compare`
 * (config/compare_rules.h): the defaults, every key, the documented
 * configs/compare.ini, rule lookup (exact name, prefix, scope, last wins),
 * and one-line errors with the line for every kind of bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_rules.h"
#include "testutil.h"

static char *dir;

static const char *write_rules(const char *name, const char *text)
{
    static char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void check_defaults_and_keys(void)
{
    bench_compare_rules r;
    const bench_metric_rule *m;
    ct_error err;
    bench_compare_rules_default(&r);
    CT_CHECK(r.factor == 1.10 && r.alpha == 0.01 && r.confidence == 0.99 && r.noisy_share == 0.25 &&
                 r.timing_gate == 1 && r.interval == 0 && r.n_rules == 0,
             "defaults");
    CT_CHECK(bench_compare_rule_for(&r, "x", "dist_evals") == NULL, "no rule: exact");
    ct_error_clear(&err);
    CT_CHECK(bench_compare_rules_load(
                 write_rules("all.ini", "; comment\n[timing]\nfactor = 1.05\nalpha = 0.05  ; p\n"
                                        "confidence = 0.95\nnoisy_share = 0.5\ninterval = on\n"
                                        "gate = off\n[metrics]\ndist_evals = exact\n"
                                        "sim.* = 0.03\nsim.Ir = 0.01\nrecall = ignore\n"
                                        "[metrics: ll.*]\nsim.Ir = exact\n"),
                 &r, &err) == CT_OK,
             "all keys: %s", err.msg);
    CT_CHECK(r.factor == 1.05 && r.alpha == 0.05 && r.confidence == 0.95 && r.noisy_share == 0.5 &&
                 r.interval == 1 && r.timing_gate == 0 && r.n_rules == 5,
             "values read: factor %g alpha %g rules %d", r.factor, r.alpha, r.n_rules);
    m = bench_compare_rule_for(&r, "csr.bfs.cached.heap.auto.f64", "sim.Ir");
    CT_CHECK(m && m->kind == BENCH_RULE_TOLERANCE && m->tolerance == 0.01 && m->line == 12,
             "sim.Ir: the later, exact-name rule (line %d)", m ? m->line : -1);
    m = bench_compare_rule_for(&r, "csr.bfs.cached.heap.auto.f64", "sim.D1mr");
    CT_CHECK(m && m->tolerance == 0.03, "sim.D1mr: the prefix rule");
    m = bench_compare_rule_for(&r, "ll.natural.indirect.level.auto.f64", "sim.Ir");
    CT_CHECK(m && m->kind == BENCH_RULE_EXACT && !strcmp(m->scope, "ll.*"), "scoped rule for ll");
    m = bench_compare_rule_for(&r, "brute", "recall");
    CT_CHECK(m && m->kind == BENCH_RULE_IGNORE, "ignore");
    CT_CHECK(bench_compare_rule_for(&r, "brute", "sim") == NULL, "'sim.*' does not match 'sim'");

    bench_compare_rules_default(&r);
    CT_CHECK(bench_compare_rules_load(CT_SOURCE_DIR "/configs/compare.ini", &r, &err) == CT_OK &&
                 r.interval == 1 && r.n_rules >= 8,
             "configs/compare.ini: %s", err.msg);
}

static void bad(const char *text, const char *want)
{
    bench_compare_rules r;
    ct_error err;
    int rc;
    bench_compare_rules_default(&r);
    ct_error_clear(&err);
    rc = bench_compare_rules_load(write_rules("bad.ini", text), &r, &err);
    CT_CHECK(rc == CT_EINVAL && strstr(err.msg, want) && strstr(err.msg, "bad.ini:") &&
                 !strchr(err.msg, '\n'),
             "'%s': rc %d, message '%s' lacks '%s'", text, rc, err.msg, want);
}

static void check_errors(void)
{
    bench_compare_rules r;
    ct_error err;
    bad("[timing]\nfactor = 0.9\n", "bad.ini:2: [timing] factor: 0.9 must be above 1");
    bad("[timing]\nalpha = 2\n", "alpha");
    bad("[timing]\nalpha = x\n", "not a number");
    bad("[timing]\nconfidence = 1\n", "confidence");
    bad("[timing]\ngate = maybe\n", "gate: 'maybe' is not on or off");
    bad("[timing]\nspeed = 3\n", "unknown key 'speed' in [timing]");
    bad("[metric]\nx = exact\n", "unknown section [metric]");
    bad("dist_evals = exact\n", "outside of any [section]");
    bad("[metrics]\ndist_evals = loose\n", "bad.ini:2: dist_evals: 'loose' is not exact");
    bad("[metrics]\ndist_evals = -0.1\n", "not exact, ignore or a relative tolerance");
    bad("[metrics]\nsim.*.x = 0.1\n", "metric name 'sim.*.x'");
    bad("[metrics:   ]\nsim.Ir = 0.1\n", "variant glob is empty");
    bad("[timing\nfactor = 2\n", "syntax error");
    bench_compare_rules_default(&r);
    ct_error_clear(&err);
    CT_CHECK(bench_compare_rules_load("/nonexistent/rules.ini", &r, &err) == CT_EIO &&
                 strstr(err.msg, "cannot read rules /nonexistent/rules.ini"),
             "missing file: %s", err.msg);
}

int main(void)
{
    dir = ct_test_tempdir("rules");
    if (!dir) return 1;
    check_defaults_and_keys();
    check_errors();
    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_config_compare_rules");
}
