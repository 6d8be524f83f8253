/* config_external.c -- [external:NAME] sections (docs/EXTERNAL.md): one
 * external program each, with keys command, protocol, exact, timeout.  The
 * command is split into arguments here (blanks separate, '...' and "..."
 * quote; no shell), with {config_dir} replaced by the config file's
 * directory; {in} and {out} stay for the run layer to fill in.  Each section
 * becomes the variant external:NAME (config_variants.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static bench_external *find_or_add(config_state *st, const char *name, int line)
{
    bench_config *cfg = st->cfg;
    ct_variant v;
    ct_error e;
    char vname[CT_VARIANT_NAME_MAX];
    for (int i = 0; i < cfg->n_externals; i++)
        if (!strcmp(cfg->externals[i].name, name)) return &cfg->externals[i];
    snprintf(vname, sizeof vname, "external:%s", name);
    ct_error_clear(&e);
    if (ct_variant_parse(vname, &v, &e) != CT_OK)
        return bench_config_fail(st, line, "section [%s]: %s", vname, e.msg), NULL;
    if (cfg->n_externals == BENCH_MAX_EXTERNALS)
        return bench_config_fail(st, line, "more than %d [external:NAME] sections",
                                 BENCH_MAX_EXTERNALS),
               NULL;
    bench_external *x = &cfg->externals[cfg->n_externals++];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "%s", name);
    x->protocol = 1;
    x->exact = -1; /* required */
    x->timeout_s = 3600;
    x->line = line;
    return x;
}

/* The directory of the config file ("." when it has none). */
static void config_dir(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, size, ".");
    else if (slash == path) snprintf(out, size, "/");
    else snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Append text to one argument, replacing {config_dir}. */
static int append(char *arg, size_t *len, const char *text, size_t n)
{
    if (*len + n + 1 > 512) return -1;
    memcpy(arg + *len, text, n);
    *len += n;
    arg[*len] = '\0';
    return 0;
}

static int split_command(config_state *st, bench_external *x, const char *cmd, int line)
{
    char dir[BENCH_PATH_MAX];
    const char *c = cmd;
    config_dir(st->path, dir, sizeof dir);
    x->argc = 0;
    for (;;) {
        size_t len = 0;
        char *arg;
        while (*c == ' ' || *c == '\t') c++;
        if (!*c) break;
        if (x->argc == BENCH_EXTERNAL_ARGS)
            return bench_config_fail(st, line, "command: more than %d arguments",
                                     BENCH_EXTERNAL_ARGS);
        arg = x->args[x->argc++];
        arg[0] = '\0';
        while (*c && *c != ' ' && *c != '\t') {
            if (*c == '\'' || *c == '"') {
                char q = *c++;
                const char *end = strchr(c, q);
                if (!end) return bench_config_fail(st, line, "command: unterminated %c quote", q);
                if (append(arg, &len, c, (size_t)(end - c)) != 0) goto too_long;
                c = end + 1;
            } else if (!strncmp(c, "{config_dir}", 12)) {
                if (append(arg, &len, dir, strlen(dir)) != 0) goto too_long;
                c += 12;
            } else {
                if (append(arg, &len, c, 1) != 0) goto too_long;
                c++;
            }
        }
    }
    if (x->argc == 0) return bench_config_fail(st, line, "command: empty");
    return 1;
too_long:
    return bench_config_fail(st, line, "command: an argument is longer than 511 characters");
}

static int yes_no(const char *v)
{
    if (!strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "1")) return 1;
    if (!strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "0")) return 0;
    return -1;
}

int bench_config_external_key(config_state *st, const char *name, const char *key,
                              const char *value, int line)
{
    bench_external *x = find_or_add(st, name, line);
    if (!x) return 0;
    if (!strcmp(key, "command")) {
        if (x->command[0])
            return bench_config_fail(st, line, "key 'command' in [external:%s] is set twice", name);
        if (strlen(value) >= sizeof x->command)
            return bench_config_fail(st, line, "command: longer than %d characters",
                                     (int)sizeof x->command - 1);
        snprintf(x->command, sizeof x->command, "%s", value);
        return split_command(st, x, value, line);
    }
    if (!strcmp(key, "protocol")) {
        if (strcmp(value, "1") != 0)
            return bench_config_fail(st, line,
                                     "protocol: '%s' is not a protocol version ctbench speaks "
                                     "(1)",
                                     value);
        x->protocol = 1;
        return 1;
    }
    if (!strcmp(key, "exact")) {
        x->exact = yes_no(value);
        if (x->exact < 0) return bench_config_fail(st, line, "exact: '%s' is not yes or no", value);
        return 1;
    }
    if (!strcmp(key, "timeout")) {
        char *end;
        double t = strtod(value, &end);
        if (end == value || *end || !(t >= 0) || t > 1e7)
            return bench_config_fail(st, line,
                                     "timeout: '%s' is not a number of seconds (0 = none)", value);
        x->timeout_s = t;
        return 1;
    }
    return bench_config_fail(st, line,
                             "unknown key '%s' in [external:%s] (expected command, protocol, "
                             "exact, timeout)",
                             key, name);
}

int bench_config_check_externals(config_state *st)
{
    bench_config *cfg = st->cfg;
    for (int i = 0; i < cfg->n_externals; i++) {
        const bench_external *x = &cfg->externals[i];
        if (!x->command[0])
            return bench_config_fail(st, x->line, "[external:%s] has no command", x->name), -1;
        if (x->exact < 0)
            return bench_config_fail(st, x->line,
                                     "[external:%s] needs exact = yes or no (does the program "
                                     "claim exact answers?)",
                                     x->name),
                   -1;
    }
    return 0;
}

const bench_external *bench_config_external(const bench_config *cfg, const ct_variant *v)
{
    if (!v || v->family != CT_VARIANT_EXTERNAL) return NULL;
    for (int i = 0; i < cfg->n_externals; i++)
        if (!strcmp(cfg->externals[i].name, v->program)) return &cfg->externals[i];
    return NULL;
}
