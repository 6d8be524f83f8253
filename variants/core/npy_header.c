/* npy_header.c -- reading and parsing a .npy header (format 1.0, 2.0, 3.0).
 *
 * Layout: "\x93NUMPY", major, minor, header length (uint16 LE for 1.x,
 * uint32 LE for 2.x/3.x), then a Python dict literal such as
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (2000, 2), }
 * padded with spaces and a newline.  The dict is tokenised, not pattern
 * matched: keys in any order, either quote style, any whitespace, trailing
 * commas, Python 2 "L" integer suffixes; unknown keys are skipped.  descr must
 * be a simple dtype string: '<' (or '=' on a little-endian host) for multi-byte
 * types, '|' only for one-byte types; '>' is rejected as big-endian.
 */
#include "npy_header.h"
#include "ct/alloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct cursor {
    const char *s;
    size_t pos, len;
} cursor;

static void skip_ws(cursor *c)
{
    while (c->pos < c->len && isspace((unsigned char)c->s[c->pos])) c->pos++;
}

static int peek(cursor *c)
{
    skip_ws(c);
    return c->pos < c->len ? (unsigned char)c->s[c->pos] : -1;
}

/* A quoted string into buf (truncated to size - 1); 0 on success. */
static int parse_string(cursor *c, char *buf, size_t size)
{
    int quote = peek(c);
    size_t n = 0;
    if (quote != '\'' && quote != '"') return -1;
    c->pos++;
    while (c->pos < c->len && c->s[c->pos] != quote) {
        if (n + 1 < size) buf[n++] = c->s[c->pos];
        c->pos++;
    }
    if (c->pos >= c->len) return -1;
    c->pos++;
    if (size) buf[n] = '\0';
    return 0;
}

/* A non-negative integer with an optional L suffix. */
static int parse_int(cursor *c, int64_t *out)
{
    int64_t v = 0;
    int digits = 0;
    skip_ws(c);
    while (c->pos < c->len && isdigit((unsigned char)c->s[c->pos])) {
        int d = c->s[c->pos] - '0';
        if (v > (INT64_MAX - d) / 10) return -1;
        v = v * 10 + d;
        c->pos++;
        digits++;
    }
    if (!digits) return -1;
    if (c->pos < c->len && (c->s[c->pos] == 'L' || c->s[c->pos] == 'l')) c->pos++;
    *out = v;
    return 0;
}

static int parse_word(cursor *c, char *buf, size_t size)
{
    size_t n = 0;
    skip_ws(c);
    while (c->pos < c->len && (isalnum((unsigned char)c->s[c->pos]) || c->s[c->pos] == '_')) {
        if (n + 1 < size) buf[n++] = c->s[c->pos];
        c->pos++;
    }
    buf[n] = '\0';
    return n ? 0 : -1;
}

/* Skip any value (string, word, number, nested () [] {}); used for unknown keys. */
static int skip_value(cursor *c)
{
    int ch = peek(c), depth = 0;
    char tmp[64];
    if (ch == '\'' || ch == '"') return parse_string(c, tmp, sizeof tmp);
    if (ch != '(' && ch != '[' && ch != '{') {
        if (ch == '-' || ch == '+') c->pos++;
        return parse_word(c, tmp, sizeof tmp);
    }
    do {
        ch = peek(c);
        if (ch < 0) return -1;
        if (ch == '\'' || ch == '"') {
            if (parse_string(c, tmp, sizeof tmp) != 0) return -1;
            continue;
        }
        if (ch == '(' || ch == '[' || ch == '{') depth++;
        if (ch == ')' || ch == ']' || ch == '}') depth--;
        c->pos++;
    } while (depth > 0);
    return 0;
}

static int parse_shape(cursor *c, npy_header *h)
{
    if (peek(c) != '(') return -1;
    c->pos++;
    h->ndim = 0;
    for (;;) {
        int ch = peek(c);
        if (ch == ')') {
            c->pos++;
            return 0;
        }
        if (h->ndim >= NPY_MAX_NDIM || parse_int(c, &h->shape[h->ndim]) != 0) return -1;
        h->ndim++;
        ch = peek(c);
        if (ch == ',') c->pos++;
        else if (ch != ')') return -1;
    }
}

static int host_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* Reduce descr to (kind, itemsize), rejecting what we cannot read. */
static int parse_descr(const char *path, npy_header *h, ct_error *err)
{
    const char *d = h->descr;
    char order = d[0], kind = d[1];
    char *end;
    long size;
    if (order == '\0' || kind == '\0' || !strchr("<>|=", order))
        return ct_error_set(err, CT_EFORMAT, "%s: unsupported dtype '%s'", path, d);
    errno = 0;
    size = strtol(d + 2, &end, 10);
    if (errno || *end != '\0' || end == d + 2)
        return ct_error_set(err, CT_EFORMAT, "%s: unsupported dtype '%s'", path, d);
    if (!((kind == 'f' && (size == 4 || size == 8)) ||
          ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8))))
        return ct_error_set(err, CT_EFORMAT,
                            "%s: unsupported dtype '%s' (need float32/float64 or an integer type)",
                            path, d);
    if (size > 1) {
        if (order == '>' || (order == '=' && !host_little_endian()))
            return ct_error_set(err, CT_EFORMAT, "%s: big-endian dtype '%s' is not supported", path,
                                d);
        if (order == '|')
            return ct_error_set(err, CT_EFORMAT,
                                "%s: dtype '%s': byte order '|' is invalid for a %ld-byte type",
                                path, d, size);
    }
    h->kind = kind;
    h->itemsize = (int)size;
    return CT_OK;
}

static int parse_dict(const char *path, const char *text, size_t len, npy_header *h, ct_error *err)
{
    cursor c = {text, 0, len};
    int have_descr = 0, have_order = 0, have_shape = 0;
    char key[64], word[16];
    if (peek(&c) != '{') goto malformed;
    c.pos++;
    for (;;) {
        int ch = peek(&c);
        if (ch == '}') {
            c.pos++;
            break;
        }
        if (parse_string(&c, key, sizeof key) != 0) goto malformed;
        if (peek(&c) != ':') goto malformed;
        c.pos++;
        if (strcmp(key, "descr") == 0) {
            if (peek(&c) == '[')
                return ct_error_set(err, CT_EFORMAT, "%s: structured dtypes are not supported",
                                    path);
            if (parse_string(&c, h->descr, sizeof h->descr) != 0) goto malformed;
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (parse_word(&c, word, sizeof word) != 0) goto malformed;
            if (strcmp(word, "True") == 0) h->fortran_order = 1;
            else if (strcmp(word, "False") == 0) h->fortran_order = 0;
            else goto malformed;
            have_order = 1;
        } else if (strcmp(key, "shape") == 0) {
            if (parse_shape(&c, h) != 0) goto malformed;
            have_shape = 1;
        } else if (skip_value(&c) != 0) {
            goto malformed;
        }
        ch = peek(&c);
        if (ch == ',') c.pos++;
        else if (ch != '}') goto malformed;
    }
    if (peek(&c) != -1) goto malformed;
    if (!have_descr || !have_order || !have_shape)
        return ct_error_set(err, CT_EFORMAT, "%s: header lacks '%s'", path,
                            !have_descr   ? "descr"
                            : !have_order ? "fortran_order"
                                          : "shape");
    return parse_descr(path, h, err);
malformed:
    return ct_error_set(err, CT_EFORMAT, "%s: malformed header dictionary near byte %zu", path,
                        c.pos);
}

int npy_header_read(FILE *f, const char *path, npy_header *h, ct_error *err)
{
    unsigned char pre[12];
    size_t got, prefix;
    uint32_t hlen;
    char *text = NULL;
    int rc;

    memset(h, 0, sizeof *h);
    got = fread(pre, 1, 8, f);
    if (got < 6 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: not a .npy file (bad magic)", path);
        goto cleanup;
    }
    if (got < 8) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: truncated header (no version)", path);
        goto cleanup;
    }
    h->major = pre[6];
    h->minor = pre[7];
    if (h->major < 1 || h->major > 3) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: unsupported .npy format version %d.%d", path,
                          h->major, h->minor);
        goto cleanup;
    }
    prefix = h->major == 1 ? 10 : 12;
    if (fread(pre + 8, 1, prefix - 8, f) != prefix - 8) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: truncated header (no header length)", path);
        goto cleanup;
    }
    hlen = h->major == 1 ? (uint32_t)pre[8] | (uint32_t)pre[9] << 8
                         : (uint32_t)pre[8] | (uint32_t)pre[9] << 8 | (uint32_t)pre[10] << 16 |
                               (uint32_t)pre[11] << 24;
    if (hlen > (1u << 24)) {
        rc =
            ct_error_set(err, CT_EFORMAT, "%s: implausible header length %u", path, (unsigned)hlen);
        goto cleanup;
    }
    text = ct_malloc((size_t)hlen + 1);
    if (!text) {
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory for header", path);
        goto cleanup;
    }
    got = fread(text, 1, hlen, f);
    if (got != hlen) {
        rc =
            ct_error_set(err, CT_EFORMAT, "%s: truncated header: says %u bytes but only %zu follow",
                         path, (unsigned)hlen, got);
        goto cleanup;
    }
    text[hlen] = '\0';
    if (memchr(text, '\0', hlen)) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: header contains a NUL byte", path);
        goto cleanup;
    }
    h->data_offset = (int64_t)prefix + hlen;
    rc = parse_dict(path, text, hlen, h, err);

cleanup:
    ct_free(text);
    return rc;
}

const char *npy_type_name(const npy_header *h)
{
    switch (h->kind) {
    case 'f': return h->itemsize == 4 ? "float32" : "float64";
    case 'i':
        return h->itemsize == 1   ? "int8"
               : h->itemsize == 2 ? "int16"
               : h->itemsize == 4 ? "int32"
                                  : "int64";
    case 'u':
        return h->itemsize == 1   ? "uint8"
               : h->itemsize == 2 ? "uint16"
               : h->itemsize == 4 ? "uint32"
                                  : "uint64";
    default: return "unknown";
    }
}

void npy_shape_str(const npy_header *h, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0) return;
    buf[0] = '\0';
    if (h->ndim == 0) {
        snprintf(buf, size, "scalar");
        return;
    }
    for (int d = 0; d < h->ndim && used < size; d++) {
        int w = snprintf(buf + used, size - used, d ? "x%lld" : "%lld", (long long)h->shape[d]);
        if (w < 0) break;
        used += (size_t)w;
    }
}
