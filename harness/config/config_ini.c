/* config_ini.c -- the state of one config parse: the key table, the first
 * error (with its line) and comma lists whose items may continue on indented
 * lines (config_internal.h).  The leaf of the config layer: the reader, the
 * value parsers, the checks and the variant expansion all report through it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

static const struct key_def {
    const char *section;
    const char *key;
} key_defs[KEY_COUNT] = {
#define BENCH_KEY_DEF(id, section, key) {section, key},
    BENCH_CONFIG_KEYS(BENCH_KEY_DEF)
#undef BENCH_KEY_DEF
};

static const char *const sections[] = {"experiment", "workload", "build",
                                       "variants",   "query",    "counters"};

int bench_config_key_find(const char *section, const char *name)
{
    for (int k = 0; k < KEY_COUNT; k++)
        if (!strcmp(key_defs[k].section, section) && !strcmp(key_defs[k].key, name)) return k;
    return -1;
}

const char *bench_config_key_name(int key)
{
    return key >= 0 && key < KEY_COUNT ? key_defs[key].key : "?";
}

int bench_config_section_known(const char *section)
{
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (!strcmp(section, sections[i])) return 1;
    return 0;
}

int bench_config_fail(config_state *st, int line, const char *fmt, ...)
{
    va_list ap;
    if (st->failed && st->err_line <= line) return 0;
    st->failed = 1;
    st->err_line = line;
    va_start(ap, fmt);
    vsnprintf(st->err_msg, sizeof st->err_msg, fmt, ap);
    va_end(ap);
    return 0;
}

int bench_config_item_line(const config_state *st, int key, int item)
{
    int line = st->lines[key];
    for (int c = 0; c < st->n_cont[key]; c++)
        if (item >= st->cont_item[key][c]) line = st->cont_line[key][c];
    return line;
}

/* ---- list and value parsing ------------------------------------------- */

int bench_config_foreach_item(const char *list, int (*fn)(const char *item, void *ctx), void *ctx,
                              char *msg, size_t msg_size)
{
    const char *p = list;
    char item[256];
    for (;;) {
        size_t len = strcspn(p, ",");
        const char *s = p, *e = p + len;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (e == s) {
            snprintf(msg, msg_size, "empty item in list '%s'", list);
            return -1;
        }
        if ((size_t)(e - s) >= sizeof item) {
            snprintf(msg, msg_size, "list item too long in '%s'", list);
            return -1;
        }
        memcpy(item, s, (size_t)(e - s));
        item[e - s] = '\0';
        if (fn(item, ctx) != 0) return -1;
        if (p[len] == '\0') return 0;
        p += len + 1;
    }
}
