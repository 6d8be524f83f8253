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
                "axis values and what each one changes.\n");
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
