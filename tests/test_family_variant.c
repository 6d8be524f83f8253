/* test_engine_variant.c -- variant names: parse/format round trip, errors, registry.
 *
 * Every name ct_variant_foreach enumerates must parse back to the same
 * variant and format to the same string; the enumeration must be complete
 * (every tree combination x every subset of the options of axes.def --
 * alloc, ladder, pbound -- then the three baselines, no duplicates; each
 * option in exactly half of the tree names); exactness and availability must
 * follow their rules (+pbound and +alloc keep a variant exact, +ladder and
 * f32 do not); options parse in any order and format in axes.def order; and
 * bad names must fail with CT_EINVAL and a message naming the bad part.
 */
#include <string.h>

#include "ct/kernel.h"
#include "ct/variant.h"
#include "testutil.h"

#define MAX_NAMES 4096

typedef struct seen {
    char names[MAX_NAMES][CT_VARIANT_NAME_MAX];
    int count;
    int trees, brute, brute_blas;
    int with_option[CT_OPTION_COUNT]; /* tree names carrying "+<option>" */
} seen;

static int visit(const ct_variant *v, void *ctx)
{
    seen *s = ctx;
    char name[CT_VARIANT_NAME_MAX], again[CT_VARIANT_NAME_MAX];
    ct_variant parsed;
    ct_error err;
    int rc;

    rc = ct_variant_format(v, name, sizeof name);
    CT_CHECK(rc == CT_OK, "format failed (%d) for family %d", rc, (int)v->family);
    if (rc != CT_OK) return 0;
    rc = ct_variant_parse(name, &parsed, &err);
    CT_CHECK(rc == CT_OK, "'%s' does not parse: %s", name, err.msg);
    if (rc != CT_OK) return 0;
    CT_CHECK(parsed.family == v->family, "'%s': family %d != %d", name, (int)parsed.family,
             (int)v->family);
    if (v->family == CT_VARIANT_TREE) {
        CT_CHECK(parsed.topology == v->topology && parsed.order == v->order &&
                     parsed.data == v->data && parsed.traversal == v->traversal &&
                     parsed.kernel == v->kernel && parsed.precision == v->precision &&
                     parsed.options == v->options,
                 "'%s' parses to a different variant", name);
        s->trees++;
        for (int o = 0; o < CT_OPTION_COUNT; o++) {
            char suffix[40];
            snprintf(suffix, sizeof suffix, "+%s", ct_axis_value_name(CT_AXIS_OPTION, o));
            if (strstr(name, suffix)) s->with_option[o]++;
            CT_CHECK(!(v->options & (1u << o)) == !strstr(name, suffix),
                     "'%s': option %s bit and name disagree", name, suffix);
        }
        CT_CHECK(ct_variant_is_exact(v) ==
                     (v->precision == CT_PRECISION_F64 && !(v->options & (1u << CT_OPTION_LADDER))),
                 "'%s': wrong exactness", name);
        {
            ct_error why;
            int avail = ct_variant_available(v, &why);
            int has_kernel = ct_kernel_find(v->kernel, v->precision, NULL) != NULL;
            /* the batch traversal has no +ladder */
            int engine =
                !(v->traversal == CT_TRAVERSAL_BATCH && (v->options & (1u << CT_OPTION_LADDER)));
            CT_CHECK((avail == CT_OK) == (has_kernel && engine),
                     "'%s': available %d but kernel %s, engine %s", name, avail,
                     has_kernel ? "present" : "absent", engine ? "runs it" : "refuses it");
            if (!engine)
                CT_CHECK(avail == CT_ENOTSUP && strstr(why.msg, "ladder"),
                         "'%s': refused without naming +ladder: %s", name, why.msg);
            if (avail != CT_OK)
                CT_CHECK(avail == CT_ENOTSUP && strlen(why.msg) > 0,
                         "'%s': unavailable without a reason", name);
        }
    } else {
        CT_CHECK(parsed.precision == v->precision, "'%s': precision differs", name);
        CT_CHECK(ct_variant_available(v, NULL) == CT_OK, "'%s': baseline unavailable", name);
        if (v->family == CT_VARIANT_BRUTE) s->brute++;
        if (v->family == CT_VARIANT_BRUTE_BLAS) s->brute_blas++;
        CT_CHECK(ct_variant_is_exact(v) == (v->precision == CT_PRECISION_F64),
                 "'%s': wrong exactness", name);
    }
    rc = ct_variant_format(&parsed, again, sizeof again);
    CT_CHECK(rc == CT_OK && strcmp(name, again) == 0, "'%s' formats back as '%s'", name, again);
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->names[i], name) == 0) {
            CT_CHECK(0, "'%s' enumerated twice", name);
            break;
        }
    if (s->count < MAX_NAMES) strcpy(s->names[s->count++], name);
    return 0;
}

static int stop_after_three(const ct_variant *v, void *ctx)
{
    int *calls = ctx;
    (void)v;
    return ++*calls == 3 ? 42 : 0;
}

/* `name` must fail with CT_EINVAL and a message containing every needle. */
static void expect_error(const char *name, const char *needle1, const char *needle2)
{
    ct_variant v;
    ct_error err;
    int rc;
    ct_error_clear(&err);
    rc = ct_variant_parse(name, &v, &err);
    CT_CHECK(rc == CT_EINVAL, "'%s' parsed (status %d)", name, rc);
    CT_CHECK(needle1 == NULL || strstr(err.msg, needle1) != NULL, "'%s': message '%s' lacks '%s'",
             name, err.msg, needle1);
    CT_CHECK(needle2 == NULL || strstr(err.msg, needle2) != NULL, "'%s': message '%s' lacks '%s'",
             name, err.msg, needle2);
    printf("  %-45s -> %s\n", name, err.msg);
}

int main(void)
{
    static seen s;
    int expected_trees = CT_TOPOLOGY_COUNT * CT_ORDER_COUNT * CT_DATA_COUNT * CT_TRAVERSAL_COUNT *
                         CT_KERNEL_COUNT * CT_PRECISION_COUNT * (1 << CT_OPTION_COUNT);
    int calls = 0, rc;
    ct_variant v;
    ct_error err;
    char buf[CT_VARIANT_NAME_MAX];

    rc = ct_variant_foreach(visit, &s);
    CT_CHECK(rc == CT_OK, "foreach returned %d", rc);
    CT_CHECK(s.trees == expected_trees, "%d tree variants, expected %d", s.trees, expected_trees);
    CT_CHECK(s.brute == 1 && s.brute_blas == 2, "baselines: %d brute, %d brute_blas", s.brute,
             s.brute_blas);
    CT_CHECK(s.count > 3 && strcmp(s.names[s.count - 3], "brute") == 0 &&
                 strcmp(s.names[s.count - 2], "brute_blas") == 0 &&
                 strcmp(s.names[s.count - 1], "brute_blas.f32") == 0,
             "the enumeration does not end with brute, brute_blas, brute_blas.f32");
    printf("%d variant names enumerated, e.g. %s, %s\n", s.count, s.names[0],
           s.count > 3 ? s.names[3] : "");
    for (int o = 0; o < CT_OPTION_COUNT; o++)
        CT_CHECK(s.with_option[o] * 2 == expected_trees, "option %s in %d of %d tree names",
                 ct_axis_value_name(CT_AXIS_OPTION, o), s.with_option[o], expected_trees);
    rc = ct_variant_foreach(stop_after_three, &calls);
    CT_CHECK(rc == 42 && calls == 3, "foreach did not stop early (rc %d, %d calls)", rc, calls);

    /* accepted spellings */
    rc = ct_variant_parse("csr.hilbert.cached.level.avx2.f64+ladder+alloc", &v, &err);
    CT_CHECK(rc == CT_OK && v.options == ((1u << CT_OPTION_ALLOC) | (1u << CT_OPTION_LADDER)),
             "options in either order");
    if (rc == CT_OK) {
        ct_variant_format(&v, buf, sizeof buf);
        CT_CHECK(strcmp(buf, "csr.hilbert.cached.level.avx2.f64+alloc+ladder") == 0,
                 "options format in axes.def order: %s", buf);
    }
    {
        /* +pbound: any order in, canonical order out; exact unless ladder or f32 */
        static const struct {
            const char *in, *out;
            unsigned options;
            int exact;
        } pb[] = {
            {"csr.bfs.cached.heap.avx512.f64+pbound", "csr.bfs.cached.heap.avx512.f64+pbound",
             1u << CT_OPTION_PBOUND, 1},
            {"csr.bfs.cached.heap.avx512.f64+pbound+alloc",
             "csr.bfs.cached.heap.avx512.f64+alloc+pbound",
             (1u << CT_OPTION_ALLOC) | (1u << CT_OPTION_PBOUND), 1},
            {"ll.natural.indirect.level.auto.f64+pbound+ladder+alloc",
             "ll.natural.indirect.level.auto.f64+alloc+ladder+pbound",
             (1u << CT_OPTION_ALLOC) | (1u << CT_OPTION_LADDER) | (1u << CT_OPTION_PBOUND), 0},
            {"ll.morton.cached.level.avx2.f64+ladder+pbound",
             "ll.morton.cached.level.avx2.f64+ladder+pbound",
             (1u << CT_OPTION_LADDER) | (1u << CT_OPTION_PBOUND), 0},
            {"csr.hilbert.cached.heap.auto.f32+pbound", "csr.hilbert.cached.heap.auto.f32+pbound",
             1u << CT_OPTION_PBOUND, 0},
        };
        for (size_t i = 0; i < sizeof pb / sizeof pb[0]; i++) {
            ct_error_clear(&err);
            rc = ct_variant_parse(pb[i].in, &v, &err);
            CT_CHECK(rc == CT_OK && v.family == CT_VARIANT_TREE && v.options == pb[i].options,
                     "'%s': status %d, options %#x (%s)", pb[i].in, rc, v.options, err.msg);
            if (rc != CT_OK) continue;
            CT_CHECK(ct_variant_format(&v, buf, sizeof buf) == CT_OK && strcmp(buf, pb[i].out) == 0,
                     "'%s' formats as '%s', expected '%s'", pb[i].in, buf, pb[i].out);
            CT_CHECK(ct_variant_is_exact(&v) == pb[i].exact, "'%s': exactness %d, expected %d",
                     pb[i].in, ct_variant_is_exact(&v), pb[i].exact);
        }
    }
    rc = ct_variant_parse("brute_blas.f64", &v, &err);
    CT_CHECK(rc == CT_OK && v.family == CT_VARIANT_BRUTE_BLAS && v.precision == CT_PRECISION_F64,
             "brute_blas.f64 accepted as brute_blas");
    CT_CHECK(ct_variant_format(&v, buf, 4) == CT_EINVAL, "a too small buffer is an error");

    printf("errors:\n");
    expect_error("", "empty", NULL);
    expect_error("csr.bfs.cached.level.avx3.f64", "unknown kernel 'avx3'",
                 "(expected auto, avx2, avx512)");
    expect_error("csr.bfs.cached.level.avx3.f64", "csr.bfs.cached.level.avx3.f64", NULL);
    expect_error("tree.bfs.cached.level.avx2.f64", "unknown topology 'tree'", "ll, csr");
    expect_error("csr.zorder.cached.level.avx2.f64", "unknown order 'zorder'", "morton");
    expect_error("csr.bfs.copied.level.avx2.f64", "unknown data 'copied'", NULL);
    expect_error("csr.bfs.cached.dfs.avx2.f64", "unknown traversal 'dfs'", NULL);
    expect_error("csr.bfs.cached.level.avx2.f16", "unknown precision 'f16'", NULL);
    expect_error("csr.bfs.cached.level.avx2", "has 5 parts", "expected 6");
    expect_error("csr.bfs.cached.level.avx2.f64.x", "has 7 parts", NULL);
    expect_error("csr", "has 1 part", NULL);
    expect_error("csr.bfs..level.avx2.f64", "unknown data ''", NULL);
    expect_error("csr.bfs.cached.level.avx2.f64+fast", "unknown option 'fast'", "alloc, ladder");
    expect_error("csr.bfs.cached.level.avx2.f64+", "unknown option ''", NULL);
    expect_error("csr.bfs.cached.level.avx2.f64+alloc+alloc", "duplicate option", NULL);
    expect_error("csr.bfs.cached.level.avx2.f64+pbound+alloc+pbound", "duplicate option '+pbound'",
                 NULL);
    expect_error("csr.bfs.cached.level.avx2.f64+pb", "unknown option 'pb'", "ladder, pbound");
    expect_error("brute_blas+pbound", "options apply to tree variants only", NULL);
    expect_error("brute+alloc", "options apply to tree variants only", NULL);
    expect_error("brute.f32", "takes no suffix", NULL);
    expect_error("brute_blas.f16", "unknown precision 'f16'", NULL);
    expect_error("brute_blas.f32.x", "too many parts", NULL);
    expect_error("brute_blas+ladder", "options apply to tree variants only", NULL);
    expect_error("CSR.bfs.cached.level.avx2.f64", "unknown topology 'CSR'", NULL);
    {
        char longname[300];
        memset(longname, 'a', sizeof longname - 1);
        longname[sizeof longname - 1] = '\0';
        expect_error(longname, "too long", NULL);
    }
    rc = ct_variant_parse(NULL, &v, &err);
    CT_CHECK(rc == CT_EINVAL, "NULL name accepted");
    return ct_test_finish("test_engine_variant");
}
