/* test_cli_install.c -- `cmake --install` into a scratch prefix, then the
 * installed tool used from there: `ctbench list` and `--help`, a run of the
 * installed example config smoke.ini, and (with gnuplot) `plot`, which must
 * find the installed scripts as BIN/../share/ctbench/plots: with one of them
 * removed from the prefix the plot fails naming the prefix.  The
 * completion file and (with help2man) the man page are installed too. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static char *prefix;

static int sh(const char *fmt, const char *arg, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, fmt, arg);
    return ct_test_run(cmd, out);
}

static int exists(const char *rel)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", prefix, rel);
    return access(path, F_OK) == 0;
}

int main(void)
{
    char *out = NULL, cmd[4096];
    int rc;

    prefix = ct_test_tempdir("install");
    if (!prefix) return 1;
    snprintf(cmd, sizeof cmd, "cmake --install '%s' --prefix '%s'", CT_BINARY_DIR, prefix);
    rc = ct_test_run(cmd, &out);
    CT_CHECK(rc == 0, "cmake --install: exit %d:\n%s", rc, out);
    free(out);
    CT_CHECK(exists("bin/ctbench") && exists("share/ctbench/plots/common.gp") &&
                 exists("share/ctbench/plots/qps.sql") &&
                 exists("share/ctbench/configs/smoke.ini") &&
                 exists("share/bash-completion/completions/ctbench"),
             "the install layout is incomplete under %s", prefix);
    if (ct_test_run("command -v help2man >/dev/null", NULL) == 0)
        CT_CHECK(exists("share/man/man1/ctbench.1"), "help2man is installed but no man page");

    /* from the prefix, in the prefix (not the source tree) */
    rc = sh("cd '%1$s' && bin/ctbench list", prefix, &out);
    CT_CHECK(rc == 0 && strstr(out, "brute"), "installed list: exit %d:\n%.400s", rc, out);
    free(out);
    rc = sh("cd '%1$s' && bin/ctbench run share/ctbench/configs/smoke.ini --db db "
            "--counters none --progress none",
            prefix, &out);
    CT_CHECK(rc == 0 && strstr(out, "26 unit(s) stored"), "installed run: exit %d:\n%s", rc, out);
    free(out);
    if (ct_test_run("command -v gnuplot >/dev/null", NULL) == 0) {
        rc = sh("cd '%1$s' && env -u CT_PLOTS_DIR bin/ctbench plot --db db --out figs", prefix,
                &out);
        CT_CHECK(rc == 0, "installed plot: exit %d:\n%s", rc, out);
        free(out);
        rc = sh("cd '%1$s' && rm share/ctbench/plots/qps.gp && env -u CT_PLOTS_DIR "
                "bin/ctbench plot --db db --out figs2",
                prefix, &out);
        CT_CHECK(rc != 0 && strstr(out, "share/ctbench/plots"),
                 "plot did not use the installed scripts: exit %d:\n%s", rc, out);
        free(out);
    } else {
        fprintf(stderr, "gnuplot not installed: the installed plot is not tried\n");
    }
    ct_test_rmtree(prefix);
    free(prefix);
    return ct_test_finish("test_cli_install");
}
