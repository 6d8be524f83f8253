/* cli_list.c -- `ctbench list`: every variant name from the registry with its
 * availability on this machine, or the axis values with their meaning;
 * filtered by a glob on the name and by axis values, the name column as wide
 * as the longest name shown.
 *
 *   ctbench list [GLOB] [--available] [--axes] [--topology V] [--order V]
 *                [--data V] [--traversal V] [--kernel V] [--precision V]
 *                [--option V|none]
 */
#define _GNU_SOURCE /* getopt_long */
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ct/axes.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "ct/variant.h"

/* The dotted parts of a tree variant's name (topology, order, data,
 * traversal, kernel, precision), then its +options. */
#define N_PARTS 6

typedef struct list_state {
    int available_only;
    const char *glob;
    const char *part[N_PARTS]; /* wanted value per part, NULL: any */
    const char *option;        /* wanted option, "none": none, NULL: any */
    int width;                 /* 0: measuring; else the name column's width */
    int longest;               /* the longest name shown (measuring pass) */
    long shown, total;
} list_state;

/* Does name have value `want` as its i-th dotted part (options stripped)? */
static int part_is(const char *name, int i, const char *want)
{
    const char *p = name, *end;
    size_t len;
    for (int k = 0; k < i; k++) {
        p = strchr(p, '.');
        if (!p) return 0;
        p++;
    }
    end = p + strcspn(p, ".+");
    len = (size_t)(end - p);
    if (i < N_PARTS - 1 && *end != '.') return 0;
    return strlen(want) == len && !strncmp(p, want, len);
}

static int has_option(const char *name, const char *want)
{
    const char *p = strchr(name, '+');
    if (!strcmp(want, "none")) return p == NULL;
    while (p) {
        const char *q = p + 1, *end = q + strcspn(q, "+");
        if (strlen(want) == (size_t)(end - q) && !strncmp(q, want, (size_t)(end - q))) return 1;
        p = *end ? end : NULL;
    }
    return 0;
}

static int wanted(const list_state *st, const char *name)
{
    if (st->glob && fnmatch(st->glob, name, 0) != 0) return 0;
    for (int i = 0; i < N_PARTS; i++)
        if (st->part[i] && !part_is(name, i, st->part[i])) return 0;
    return !st->option || has_option(name, st->option);
}

static int visit_variant(const ct_variant *v, void *ctx)
{
    list_state *st = ctx;
    char name[CT_VARIANT_NAME_MAX];
    ct_error why;
    int ok, len;
    ct_error_clear(&why);
    ct_variant_format(v, name, sizeof name);
    ok = ct_variant_available(v, &why) == CT_OK;
    st->total++;
    if ((st->available_only && !ok) || !wanted(st, name)) return 0;
    st->shown++;
    len = (int)strlen(name);
    if (!st->width) {
        if (len > st->longest) st->longest = len;
        return 0;
    }
    printf("%-*s  %-11s %s\n", st->width, name, ct_variant_is_exact(v) ? "exact" : "approximate",
           ok ? "available" : why.msg);
    return 0;
}

static void print_axes(void)
{
    int a, i;
    for (a = 0; a < CT_AXIS_COUNT; a++) {
        printf("%s:\n", ct_axis_name((ct_axis)a));
        for (i = 0; i < ct_axis_value_count((ct_axis)a); i++)
            printf("  %-9s %s\n", ct_axis_value_name((ct_axis)a, i),
                   ct_axis_value_doc((ct_axis)a, i));
    }
    printf("parameter (name@p=v,..., or a [variants] key of that name):\n");
    for (i = 0; i < CT_PARAM_COUNT; i++) {
        char def[32];
        const char *names = ct_param_value_names((ct_param)i);
        ct_param_format_value((ct_param)i, ct_param_default((ct_param)i), def, sizeof def);
        if (names)
            printf("  %-9s %s (default %s): %s\n", ct_param_name((ct_param)i), names, def,
                   ct_param_doc((ct_param)i));
        else
            printf("  %-9s %d..%d (default %s): %s\n", ct_param_name((ct_param)i),
                   ct_param_min((ct_param)i), ct_param_max((ct_param)i), def,
                   ct_param_doc((ct_param)i));
    }
    printf("build ([build] keys; each a list that multiplies the builds):\n");
    printf("  insertion natural|hilbert|morton (default natural): insertion order\n");
    printf("  si        sum|exact (default sum): subtree radius\n");
    printf("  shortcut  ");
    for (i = 0; ct_build_shortcut_name((ct_build_shortcut)i); i++)
        printf("%s%s", i ? "|" : "", ct_build_shortcut_name((ct_build_shortcut)i));
    printf(" (default none): star = the report's star-tree bug, every point a child of the root "
           "(exact, no pruning; flagged in the tree table)\n");
    printf("  metric    ");
    for (i = 0; ct_build_metric_name((ct_build_metric)i); i++)
        printf("%s%s", i ? "|" : "", ct_build_metric_name((ct_build_metric)i));
    printf(" (default residual): euclidean = built in Euclidean distance on the coordinates, "
           "residual radii then computed exactly (exact)\n");
}

static const char list_usage[] =
    "usage: ctbench list [GLOB] [--available] [--axes] [--topology V] [--order V]\n"
    "                    [--data V] [--traversal V] [--kernel V] [--precision V]\n"
    "                    [--option V|none]\n\n"
    "Print every variant (topology.order.data.traversal.kernel.precision[+options],\n"
    "then the baselines) with exact/approximate and its availability here.\n"
    "GLOB keeps the names that match it (fnmatch, e.g. 'csr.*.f64'); --topology\n"
    "and the other axis options keep the names with that value of the axis\n"
    "(the baselines have no axes); --option V keeps the names with option V,\n"
    "--option none those without options.  --available hides variants this\n"
    "machine cannot run; --axes prints the axis values, the variant parameters\n"
    "and the build parameters, and what each one changes.\n"
    "A count of the variants shown goes to stderr.\n\n";

int bench_cli_list(int argc, char **argv)
{
    static const struct option options[] = {{"available", no_argument, NULL, 'a'},
                                            {"axes", no_argument, NULL, 'x'},
                                            {"topology", required_argument, NULL, '0'},
                                            {"order", required_argument, NULL, '1'},
                                            {"data", required_argument, NULL, '2'},
                                            {"traversal", required_argument, NULL, '3'},
                                            {"kernel", required_argument, NULL, '4'},
                                            {"precision", required_argument, NULL, '5'},
                                            {"option", required_argument, NULL, 'p'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    list_state st;
    int c;

    memset(&st, 0, sizeof st);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'a': st.available_only = 1; break;
        case 'x': print_axes(); return BENCH_EXIT_OK;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5': st.part[c - '0'] = optarg; break;
        case 'p': st.option = optarg; break;
        case 'h':
            fputs(list_usage, stdout);
            fputs(bench_cli_exit_help, stdout);
            return BENCH_EXIT_OK;
        case ':':
            bench_cli_error("list", "option '%s' needs a value", argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        default:
            bench_cli_error("list", "unknown option '%s' (try ctbench list --help)",
                            argv[optind - 1]);
            return BENCH_EXIT_ERROR;
        }
    }
    if (optind < argc) st.glob = argv[optind++];
    if (optind < argc) {
        bench_cli_error("list", "more than one GLOB given ('%s' and '%s')", st.glob, argv[optind]);
        return BENCH_EXIT_ERROR;
    }
    ct_variant_foreach(visit_variant, &st); /* measure the names shown */
    st.width = st.longest > 0 ? st.longest : 1;
    st.shown = st.total = 0;
    ct_variant_foreach(visit_variant, &st);
    fprintf(stderr, "%ld of %ld variants shown\n", st.shown, st.total);
    return BENCH_EXIT_OK;
}
