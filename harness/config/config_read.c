/* config_read.c -- drive inih over a config's text (config_internal.h).
 *
 * inih drives the parse through our own line reader, so the reader always
 * knows the line number of the key being handled (Debian's libinih is built
 * without INI_HANDLER_LINENO); an error in a list names the line of the item
 * at fault, and a list line ending with a comma waits for its continuation.
 * Each key is handed to config_values.c as soon as it is seen.  A line inih
 * cannot read at all is a syntax error; so is a key line without '='
 * (`trailing` alone), which inih would otherwise skip in silence.
 */
#define _POSIX_C_SOURCE 200809L
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* ---- inih plumbing -------------------------------------------------------- */

/* One physical line per call, so st->line is the line inih is looking at. */
/* inih reads "[section] anything" as the section and drops the rest of the
 * line in silence: only blanks or a comment may follow the ']'. */
static void check_section_line(config_state *st, const char *line, size_t len)
{
    size_t i = strspn(line, " \t");
    const char *close;
    if (i >= len || line[i] != '[') return;
    close = memchr(line + i, ']', len - i);
    if (!close) return; /* inih reports the unterminated header */
    for (const char *p = close + 1; p < line + len; p++) {
        if (*p == ';' || *p == '#') return;
        if (*p != ' ' && *p != '\t' && *p != '\r') {
            bench_config_fail(st, st->line,
                              "text after the section header %.*s (a key needs its own line: "
                              "key = value)",
                              (int)(close + 1 - (line + i)), line + i);
            return;
        }
    }
}

static char *read_line(char *str, int num, void *stream)
{
    config_state *st = stream;
    const char *s = st->text + st->pos;
    size_t len;
    if (!*s) return NULL;
    len = strcspn(s, "\n");
    st->line++;
    st->indented = (*s == ' ' || *s == '\t');
    if (len + 2 > (size_t)num) {
        bench_config_fail(st, st->line,
                          "line longer than %d characters (continue a long "
                          "list on indented lines)",
                          num - 2);
        len = (size_t)num - 2;
        str[0] = '\0'; /* hand inih a blank line */
    } else {
        check_section_line(st, s, len);
        memcpy(str, s, len);
        str[len] = '\n';
        str[len + 1] = '\0';
    }
    st->pos += strcspn(s, "\n");
    if (st->text[st->pos] == '\n') st->pos++;
    return str;
}

/* Lists parsed as soon as they are read (the [variants] lists wait for the
 * whole file anyway). */
static int parsed_list(int key)
{
    return key == KEY_EXP_SEEDS || key == KEY_EXP_THREADS || key == KEY_Q_K ||
           key == KEY_CNT_EVENTS || key == KEY_WL_LENGTHSCALE || key == KEY_WL_N ||
           key == KEY_BUILD_INSERTION || key == KEY_BUILD_SI || key == KEY_BUILD_BASE ||
           key == KEY_BUILD_SHORTCUT || key == KEY_BUILD_METRIC;
}

static int ends_with_comma(const char *v)
{
    size_t len = strlen(v);
    return len && v[len - 1] == ',';
}

/* A list whose line ended with a comma waits for its continuation line; any
 * other line (or the end of the file) parses what it has, so a dangling
 * comma is still an "empty item" error. */
static void flush_pending(config_state *st)
{
    int key = st->pending;
    if (key < 0) return;
    st->pending = -1;
    if (st->raw[key]) bench_config_set_key(st, key, st->pending_line, st->raw[key]);
}

static int handle(void *user, const char *section, const char *name, const char *value)
{
    config_state *st = user;
    int line = st->line;
    int key = -1, cont;

    if (!*section) return bench_config_fail(st, line, "key '%s' outside of any [section]", name);
    if (!strncmp(section, "external:", 9)) {
        flush_pending(st);
        return bench_config_external_key(st, section + 9, name, value, line);
    }
    if (!bench_config_section_known(section))
        return bench_config_fail(st, line,
                                 "unknown section [%s] (expected one of experiment, "
                                 "workload, build, variants, query, counters, external:NAME)",
                                 section);
    key = bench_config_key_find(section, name);
    if (key < 0 && !strcmp(section, "variants") && ct_param_find(name) >= 0) {
        /* a variant parameter (params.def): a list, multiplied in by config_variants.c */
        int p = ct_param_find(name);
        flush_pending(st);
        if (st->param_line[p])
            return bench_config_fail(st, line, "key '%s' in [%s] is set twice (first on line %d)",
                                     name, section, st->param_line[p]);
        st->param_line[p] = line;
        st->param_raw[p] = strdup(value);
        return st->param_raw[p] ? 1 : bench_config_fail(st, line, "out of memory");
    }
    if (key < 0) {
        flush_pending(st);
        return bench_config_fail(st, line, "unknown key '%s' in [%s]", name, section);
    }
    cont = st->indented && st->lines[key] && st->last_key == key;
    if (!(cont && key == st->pending)) flush_pending(st);

    if (cont) {
        /* a continuation line of a long list: append to the raw value */
        char *joined;
        const char *prev = st->raw[key];
        size_t plen;
        st->pending = -1;
        if (!prev)
            return bench_config_fail(st, line, "%s: only lists may continue on the next line",
                                     name);
        plen = strlen(prev);
        if (st->n_cont[key] < BENCH_CONFIG_MAX_CONT) {
            int items = (plen && prev[plen - 1] != ',') ? 1 : 0;
            for (size_t i = 0; i < plen; i++) items += prev[i] == ',';
            st->cont_item[key][st->n_cont[key]] = items;
            st->cont_line[key][st->n_cont[key]++] = line;
        }
        joined = malloc(plen + strlen(value) + 2);
        if (!joined) return bench_config_fail(st, line, "out of memory");
        sprintf(joined, "%s%s%s", prev, (plen && prev[plen - 1] == ',') ? "" : ",", value);
        free(st->raw[key]);
        st->raw[key] = NULL;
        if (parsed_list(key) && ends_with_comma(joined)) {
            st->raw[key] = joined; /* continues again */
            st->pending = key;
            st->pending_line = line;
            return 1;
        }
        if (bench_config_set_key(st, key, line, joined) != 0) {
            free(joined);
            return 0;
        }
        free(st->raw[key]);
        st->raw[key] = joined;
        return 1;
    }
    if (st->lines[key])
        return bench_config_fail(st, line, "key '%s' in [%s] is set twice (first on line %d)", name,
                                 section, st->lines[key]);
    st->lines[key] = line;
    st->last_key = key;
    if (parsed_list(key) && ends_with_comma(value)) {
        st->raw[key] = strdup(value);
        if (!st->raw[key]) return bench_config_fail(st, line, "out of memory");
        st->pending = key;
        st->pending_line = line;
        return 1;
    }
    if (bench_config_set_key(st, key, line, value) != 0) return 0;
    /* keep the raw text of list keys so continuation lines can extend them */
    if (!st->raw[key] && parsed_list(key)) {
        st->raw[key] = strdup(value);
        if (!st->raw[key]) return bench_config_fail(st, line, "out of memory");
    }
    return 1;
}

int bench_config_read(config_state *st, ct_error *err)
{
    int bad;
    /* one physical line per reader call; long values continue on indented lines */
    ini_allow_multiline = 1;
    ini_allow_inline_comments = 1;
    ini_use_stack = 0;
    ini_allow_realloc = 0;
    ini_max_line = 1024;
    ini_initial_alloc = 1024;
    ini_stop_on_first_error = 0;
    bad = ini_parse_stream(read_line, st, handle, st);
    /* reset the library defaults for other users of inih in this process */
    ini_use_stack = 1;
    flush_pending(st);
    if (bad < 0) return ct_error_set(err, CT_ENOMEM, "%s: out of memory while parsing", st->path);
    if (bad > 0 && (!st->failed || bad < st->err_line)) {
        /* a line inih could not read at all */
        st->failed = 0;
        bench_config_fail(st, bad,
                          "syntax error (expected '[section]', 'key = value' or a comment)");
    }
    return CT_OK;
}
