/* test_cli_list.c -- `ctbench list` filters and layout (cli/cli_list.c): a
 * glob keeps only matching names, axis filters keep names with that value
 * in that position (and drop the baselines), --option none / --option V,
 * filters combine, the name column is as wide as the longest name shown,
 * and bad usage exits 2 (the exit codes are in --help). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int run(const char *args, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "{ '%s' list %s 2>/dev/null; }", CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

/* Every line's name (first field) satisfies pred; the count of lines. */
static int each_name(const char *out, int (*pred)(const char *name, size_t len), int *bad)
{
    int n = 0;
    *bad = 0;
    for (const char *p = out; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = strcspn(p, " \n");
        if (!pred(p, len)) (*bad)++;
        n++;
        p = nl ? nl + 1 : NULL;
    }
    return n;
}

static int is_csr_f64(const char *s, size_t n)
{
    return n > 8 && !strncmp(s, "csr.", 4) && !strncmp(s + n - 4, ".f64", 4);
}
static int is_bfs_heap_avx2(const char *s, size_t n)
{
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)n, s);
    return strstr(name, ".bfs.") && strstr(name, ".heap.avx2.") && !strchr(name, '+');
}
static int has_pbound(const char *s, size_t n)
{
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)n, s);
    return strstr(name, "+pbound") != NULL;
}

int main(void)
{
    char *out = NULL, *all = NULL;
    int rc, n, bad, n_all;

    rc = run("", &all);
    n_all = each_name(all, is_csr_f64, &bad);
    CT_CHECK(rc == 0 && n_all > 100, "list: exit %d, %d lines", rc, n_all);

    rc = run("'csr.*.f64'", &out);
    n = each_name(out, is_csr_f64, &bad);
    CT_CHECK(rc == 0 && n > 0 && n < n_all && bad == 0, "glob: %d lines, %d not csr.*.f64", n, bad);
    free(out);

    rc = run("--order bfs --traversal heap --kernel avx2 --option none", &out);
    n = each_name(out, is_bfs_heap_avx2, &bad);
    CT_CHECK(rc == 0 && n > 0 && bad == 0 && !strstr(out, "brute"),
             "axis filters: %d lines, %d wrong:\n%s", n, bad, out);
    free(out);

    rc = run("--option pbound", &out);
    n = each_name(out, has_pbound, &bad);
    CT_CHECK(rc == 0 && n > 0 && bad == 0, "--option pbound: %d lines, %d without it", n, bad);
    free(out);

    /* the column fits the names shown: the baselines alone are narrow */
    rc = run("'brute*'", &out);
    CT_CHECK(rc == 0 && !strncmp(out, "brute           exact", 21) &&
                 strstr(out, "\nbrute_blas.f32  approximate"),
             "baselines' column width:\n%s", out);
    free(out);

    rc = run("--order nosuch", &out);
    CT_CHECK(rc == 0 && out[0] == '\0', "an order nobody has matched:\n%.200s", out);
    free(out);
    rc = run("a b", &out);
    CT_CHECK(rc == 2, "two globs: exit %d", rc);
    free(out);
    rc = run("--bogus", &out);
    CT_CHECK(rc == 2, "unknown option: exit %d", rc);
    free(out);
    rc = run("--help", &out);
    CT_CHECK(rc == 0 && strstr(out, "Exit codes:") && strstr(out, "--topology"), "--help:\n%s",
             out);
    free(out);
    free(all);
    return ct_test_finish("test_cli_list");
}
