/* test_harness_experiments_slow.c -- every experiment config still runs.
 *
 * EXPERIMENTS.md is regenerated from configs/e*.ini; this test runs each of
 * them with `ctbench run --quick` (same axes, builds and variants, sizes
 * shrunk) into one temporary database and asserts that the run completes,
 * that every exact variant verified (no INVALID), and that `ctbench plot`
 * draws a q/s figure for each experiment.  Label `slow`: about a minute.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static int is_experiment_config(const char *name)
{
    size_t len = strlen(name);
    return name[0] == 'e' && name[1] >= '0' && name[1] <= '9' && len > 4 &&
           !strcmp(name + len - 4, ".ini");
}

int main(void)
{
    char configs[1024], db[1200], out[1200], cmd[4096];
    char names[32][256];
    int count = 0;
    DIR *dir;
    struct dirent *ent;
    char *tmp = ct_test_tempdir("experiments");
    if (!tmp) return 1;
    snprintf(configs, sizeof configs, "%s/configs", CT_SOURCE_DIR);
    snprintf(db, sizeof db, "%s/quick.db", tmp);
    snprintf(out, sizeof out, "%s/plots", tmp);
    dir = opendir(configs);
    CT_CHECK(dir != NULL, "cannot open %s", configs);
    while (dir && (ent = readdir(dir)) && count < 32) {
        if (is_experiment_config(ent->d_name))
            snprintf(names[count++], sizeof names[0], "%s", ent->d_name);
    }
    if (dir) closedir(dir);
    CT_CHECK(count >= 9, "expected the nine experiment configs E1-E9, found %d", count);
    for (int i = 0; i < count; i++) {
        char *log = NULL;
        int rc;
        snprintf(cmd, sizeof cmd, "%s run %s/%s --quick --no-progress --db %s", CT_BENCH_EXE,
                 configs, names[i], db);
        rc = ct_test_run(cmd, &log);
        CT_CHECK(rc == 0, "%s --quick: exit %d\n%s", names[i], rc, log ? log : "");
        CT_CHECK(log && strstr(log, " 0 INVALID"), "%s --quick: a variant failed verification",
                 names[i]);
        free(log);
    }
    {
        char *log = NULL;
        int rc;
        snprintf(cmd, sizeof cmd, "%s plot --db %s --out %s", CT_BENCH_EXE, db, out);
        rc = ct_test_run(cmd, &log);
        CT_CHECK(rc == 0, "plot: exit %d\n%s", rc, log ? log : "");
        free(log);
        for (int i = 0; i < count; i++) {
            char svg[1600];
            names[i][strlen(names[i]) - 4] = '\0';
            snprintf(svg, sizeof svg, "%s/%s-quick_qps.svg", out, names[i]);
            CT_CHECK(access(svg, F_OK) == 0, "no q/s figure for %s (%s)", names[i], svg);
        }
    }
    ct_test_rmtree(tmp);
    free(tmp);
    return ct_test_finish("test_harness_experiments_slow");
}
