/* cli_list.c -- `ctbench list`: every variant name from the registry with its
 * availability on this machine, or the axis values with their meaning.
 *
 *   ctbench list [--available] [--axes]
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ct/axes.h"
#include "ct/status.h"
#include "ct/tree.h"
#include "ct/variant.h"

typedef struct list_state {
    int available_only;
    long shown, total;
} list_state;

static int print_variant(const ct_variant *v, void *ctx)
{
    list_state *st = ctx;
    char name[CT_VARIANT_NAME_MAX];
    ct_error why;
    int ok;
    ct_error_clear(&why);
    ct_variant_format(v, name, sizeof name);
    ok = ct_variant_available(v, &why) == CT_OK;
    st->total++;
    if (st->available_only && !ok) return 0;
    st->shown++;
    printf("%-44s %-11s %s\n", name, ct_variant_is_exact(v) ? "exact" : "approximate",
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

int bench_cli_list(int argc, char **argv)
{
    list_state st = {0, 0, 0};
    int i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            printf(
                "usage: ctbench list [--available] [--axes]\n\n"
                "Print every variant (topology.order.data.traversal.kernel.precision[+options],\n"
                "then the baselines) with exact/approximate and its availability here.\n"
                "--available hides variants this machine cannot run; --axes prints the\n"
                "axis values, the variant parameters and the build parameters, and what\n"
                "each one changes.\n");
            return BENCH_EXIT_OK;
        } else if (!strcmp(argv[i], "--available")) {
            st.available_only = 1;
        } else if (!strcmp(argv[i], "--axes")) {
            print_axes();
            return BENCH_EXIT_OK;
        } else {
            bench_cli_error("list", "unknown option '%s' (try ctbench list --help)", argv[i]);
            return BENCH_EXIT_ERROR;
        }
    }
    ct_variant_foreach(print_variant, &st);
    fprintf(stderr, "%ld of %ld variants shown\n", st.shown, st.total);
    return BENCH_EXIT_OK;
}
