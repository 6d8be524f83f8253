/* compare_rules.c -- read the rules of `ctbench compare` (compare_rules.h)
 * with inih, one handler call per key. */
#include "compare_rules.h"

#include <errno.h>
#include <fnmatch.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>

#include "numbers.h"

void bench_compare_rules_default(bench_compare_rules *rules)
{
    memset(rules, 0, sizeof *rules);
    rules->factor = 1.10;
    rules->alpha = 0.01;
    rules->confidence = 0.99;
    rules->noisy_share = 0.25;
    rules->timing_gate = 1;
}

typedef struct rules_parse {
    bench_compare_rules *rules;
    FILE *f;
    int line; /* of the line being handled (counted by the reader) */
    char msg[256];
} rules_parse;

static char *read_line(char *str, int num, void *stream)
{
    rules_parse *p = stream;
    char *s = fgets(str, num, p->f);
    if (s) p->line++;
    return s;
}

static int fail(rules_parse *p, const char *fmt, const char *a, const char *b)
{
    if (!p->msg[0]) snprintf(p->msg, sizeof p->msg, fmt, a, b);
    return 0;
}

static int timing_key(rules_parse *p, const char *name, const char *value)
{
    bench_compare_rules *r = p->rules;
    double v;
    if (!strcmp(name, "gate") || !strcmp(name, "interval")) {
        if (bench_parse_bool(value, !strcmp(name, "gate") ? &r->timing_gate : &r->interval) != 0)
            return fail(p, "[timing] %s: '%s' is not on or off", name, value);
        return 1;
    }
    if (bench_parse_double(value, &v) != 0)
        return fail(p, "[timing] %s: '%s' is not a number", name, value);
    if (!strcmp(name, "factor")) {
        if (!(v > 1.0)) return fail(p, "[timing] factor: %s must be above 1%s", value, "");
        r->factor = v;
    } else if (!strcmp(name, "alpha")) {
        if (!(v > 0 && v < 1)) return fail(p, "[timing] alpha: %s must be in (0, 1)%s", value, "");
        r->alpha = v;
    } else if (!strcmp(name, "confidence")) {
        if (!(v > 0 && v < 1))
            return fail(p, "[timing] confidence: %s must be in (0, 1)%s", value, "");
        r->confidence = v;
    } else if (!strcmp(name, "noisy_share")) {
        if (!(v >= 0 && v <= 1))
            return fail(p, "[timing] noisy_share: %s must be in [0, 1]%s", value, "");
        r->noisy_share = v;
    } else {
        return fail(p,
                    "unknown key '%s' in [timing] (factor, alpha, confidence, noisy_share, "
                    "interval, gate)%s",
                    name, "");
    }
    return 1;
}

static int metric_key(rules_parse *p, const char *scope, const char *name, const char *value)
{
    bench_compare_rules *r = p->rules;
    bench_metric_rule *m;
    size_t len = strlen(name);
    if (r->n_rules >= BENCH_MAX_METRIC_RULES)
        return fail(p, "more than %s metric rules%s", "64", "");
    if (len == 0 || len >= sizeof m->metric ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789_.*") != len ||
        (strchr(name, '*') && strchr(name, '*') != name + len - 1))
        return fail(p, "metric name '%s': letters, digits, '_', '.' and a trailing '*'%s", name,
                    "");
    m = &r->rules[r->n_rules];
    memset(m, 0, sizeof *m);
    snprintf(m->scope, sizeof m->scope, "%s", scope);
    snprintf(m->metric, sizeof m->metric, "%s", name);
    m->line = p->line;
    if (!strcmp(value, "exact")) {
        m->kind = BENCH_RULE_EXACT;
    } else if (!strcmp(value, "ignore")) {
        m->kind = BENCH_RULE_IGNORE;
    } else if (bench_parse_double(value, &m->tolerance) == 0 && m->tolerance >= 0 &&
               m->tolerance < 100) {
        m->kind = BENCH_RULE_TOLERANCE;
    } else {
        return fail(p, "%s: '%s' is not exact, ignore or a relative tolerance >= 0", name, value);
    }
    r->n_rules++;
    return 1;
}

static int handle(void *user, const char *section, const char *name, const char *value)
{
    rules_parse *p = user;
    if (!strcmp(section, "timing")) return timing_key(p, name, value);
    if (!strcmp(section, "metrics")) return metric_key(p, "", name, value);
    if (!strncmp(section, "metrics:", 8)) {
        const char *glob = section + 8;
        while (*glob == ' ') glob++;
        if (!*glob || strlen(glob) >= sizeof p->rules->rules[0].scope)
            return fail(p, "[%s]: the variant glob is empty or too long%s", section, "");
        return metric_key(p, glob, name, value);
    }
    if (!*section) return fail(p, "key '%s' outside of any [section]%s", name, "");
    return fail(p, "unknown section [%s] (timing, metrics, metrics: GLOB)%s", section, "");
}

int bench_compare_rules_load(const char *path, bench_compare_rules *rules, ct_error *err)
{
    rules_parse p;
    int bad;
    memset(&p, 0, sizeof p);
    p.rules = rules;
    p.f = fopen(path, "r");
    if (!p.f) return ct_error_set(err, CT_EIO, "cannot read rules %s: %s", path, strerror(errno));
    snprintf(rules->path, sizeof rules->path, "%s", path);
    /* inih's run-time options (Debian builds them as globals): set what this
     * reader relies on, as config_read.c does */
    ini_allow_multiline = 0;
    ini_allow_inline_comments = 1;
    ini_stop_on_first_error = 1;
    bad = ini_parse_stream(read_line, &p, handle, &p);
    ini_stop_on_first_error = 0;
    fclose(p.f);
    if (bad < 0) return ct_error_set(err, CT_ENOMEM, "%s: out of memory while parsing", path);
    if (bad > 0)
        return ct_error_set(err, CT_EINVAL, "%s:%d: %s", path, bad,
                            p.msg[0] ? p.msg
                                     : "syntax error (expected '[section]', 'key = value' or a "
                                       "comment)");
    return CT_OK;
}

static int metric_matches(const char *pattern, const char *metric)
{
    size_t len = strlen(pattern);
    if (len && pattern[len - 1] == '*') return strncmp(pattern, metric, len - 1) == 0;
    return strcmp(pattern, metric) == 0;
}

const bench_metric_rule *bench_compare_rule_for(const bench_compare_rules *rules,
                                                const char *variant, const char *metric)
{
    const bench_metric_rule *found = NULL;
    for (int i = 0; i < rules->n_rules; i++) {
        const bench_metric_rule *m = &rules->rules[i];
        if (m->scope[0] && fnmatch(m->scope, variant, 0) != 0) continue;
        if (metric_matches(m->metric, metric)) found = m;
    }
    return found;
}
