/* fuzz_variant.c -- fuzz target: the variant-name parser ct_variant_parse.
 *
 * The input is a name (text up to its first NUL).  Invariants:
 *   - a rejected name gives a negative status and a message in the error;
 *   - an accepted name formats (ct_variant_format) to a canonical name that
 *     parses back to the same ct_variant and formats to itself again;
 *   - that canonical name is one ct_variant_foreach enumerates (the parser
 *     accepts nothing the registry does not list), and the family's
 *     is_exact / needs_tree / available answer without failing oddly
 *     (available: CT_OK, or CT_ENOTSUP with a reason).
 * On the first call every enumerated name is itself checked to parse and
 * format to itself.
 */
#include <string.h>

#include "ct/variant.h"
#include "fuzz.h"

static char (*known)[CT_VARIANT_NAME_MAX];
static size_t n_known, cap_known;

static int same_variant(const ct_variant *a, const ct_variant *b)
{
    return a->family == b->family && a->topology == b->topology && a->order == b->order &&
           a->data == b->data && a->traversal == b->traversal && a->kernel == b->kernel &&
           a->precision == b->precision && a->options == b->options;
}

static int remember(const ct_variant *v, void *ctx)
{
    char name[CT_VARIANT_NAME_MAX], again[CT_VARIANT_NAME_MAX];
    ct_variant back;
    ct_error err;
    (void)ctx;
    FUZZ_CHECK(ct_variant_format(v, name, sizeof name) == CT_OK, "an enumerated variant does not "
                                                                 "format");
    FUZZ_CHECK(ct_variant_parse(name, &back, &err) == CT_OK, "enumerated '%s' does not parse: %s",
               name, err.msg);
    FUZZ_CHECK(same_variant(v, &back), "enumerated '%s' parses to another variant", name);
    FUZZ_CHECK(ct_variant_format(&back, again, sizeof again) == CT_OK && !strcmp(name, again),
               "enumerated '%s' formats back as '%s'", name, again);
    if (n_known == cap_known) {
        size_t cap = cap_known ? 2 * cap_known : 1024;
        char(*grown)[CT_VARIANT_NAME_MAX] = realloc(known, cap * sizeof *known);
        FUZZ_CHECK(grown != NULL, "out of memory");
        known = grown;
        cap_known = cap;
    }
    memcpy(known[n_known++], name, sizeof name);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void enumerate_once(void)
{
    if (known) return;
    FUZZ_CHECK(ct_variant_foreach(remember, NULL) == CT_OK, "ct_variant_foreach failed");
    FUZZ_CHECK(n_known > 0, "no variants enumerated");
    qsort(known, n_known, sizeof *known, by_name);
    for (size_t i = 1; i < n_known; i++)
        FUZZ_CHECK(strcmp(known[i - 1], known[i]) != 0, "'%s' enumerated twice", known[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *name;
    char canon[CT_VARIANT_NAME_MAX], again[CT_VARIANT_NAME_MAX];
    ct_variant v, back;
    ct_error err;
    int rc;

    enumerate_once();
    if (size > 4096) return 0; /* names are short; longer inputs only slow the search */
    name = fuzz_text(data, size);
    if (!name) return 0;
    ct_error_clear(&err);
    rc = ct_variant_parse(name, &v, &err);
    if (rc != CT_OK) {
        FUZZ_CHECK(rc < 0 && err.code == rc && err.msg[0], "rejection without a message (rc %d)",
                   rc);
        free(name);
        return 0;
    }
    FUZZ_ACCEPTED();
    FUZZ_CHECK(ct_variant_format(&v, canon, sizeof canon) == CT_OK, "accepted '%s' does not format",
               name);
    FUZZ_CHECK(ct_variant_parse(canon, &back, &err) == CT_OK,
               "'%s' formats as '%s', which does not parse: %s", name, canon, err.msg);
    FUZZ_CHECK(same_variant(&v, &back), "'%s' -> '%s' parses to another variant", name, canon);
    FUZZ_CHECK(ct_variant_format(&back, again, sizeof again) == CT_OK && !strcmp(canon, again),
               "'%s' is not canonical: formats as '%s'", canon, again);
    /* external:NAME names a program from a config section: any NAME of the
     * allowed characters is accepted, none is enumerated.  Parameters
     * (@g=9, @load=gather: a range of values each) are not enumerated either:
     * the name without them must be. */
    {
        char base[CT_VARIANT_NAME_MAX];
        memcpy(base, canon, sizeof base);
        base[strcspn(base, "@")] = '\0';
        FUZZ_CHECK(v.family == CT_VARIANT_EXTERNAL ||
                       bsearch(base, known, n_known, sizeof *known, by_name) != NULL,
                   "'%s' (from '%s') is accepted but '%s' is not enumerated by "
                   "ct_variant_foreach",
                   canon, name, base);
    }
    (void)ct_variant_is_exact(&v);
    (void)ct_variant_needs_tree(&v);
    FUZZ_CHECK(ct_variant_family_name(v.family) != NULL, "'%s' has no family name", canon);
    ct_error_clear(&err);
    rc = ct_variant_available(&v, &err);
    FUZZ_CHECK(rc == CT_OK || (rc == CT_ENOTSUP && err.msg[0]),
               "available('%s') = %d without a reason", canon, rc);
    free(name);
    return 0;
}
