/* test_cli_progress.c -- what `ctbench run` shows while it runs
 * (cli/cli_progress.c): the ETA arithmetic (no prior, a prior alone, the
 * prior and the measured pace blended, setup still to come), durations as
 * text; then the binary end to end: --progress lines in a log (one line per
 * finished unit with elapsed time and ETA, the setup phases as they start and
 * end, the unit count of the plan), --dry-run's sample count and an
 * estimated duration that is unknown before the first run and names the run
 * it came from after it, the warning for more threads than cores, and
 * --progress with a bad value. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_progress.h"
#include "testutil.h"

static char *dir;

static int run(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

static void check_eta(void)
{
    bench_progress p;
    bench_run_pace prior;
    char buf[16];

    /* no prior, nothing done: unknown */
    bench_progress_init(&p, BENCH_PROGRESS_NONE, stderr, 2, NULL);
    CT_CHECK(bench_progress_eta(&p, 5.0, 0, 100) < 0, "ETA known with nothing to go on");
    /* 10 samples in 10 s of sampling (2 s were setup of the first of 2 trees):
     * 90 samples at 1 s plus one more tree's 2 s of setup */
    p.setup_s = 2.0;
    p.trees_started = 1;
    CT_CHECK(fabs(bench_progress_eta(&p, 12.0, 10, 100) - 92.0) < 1e-9, "measured ETA %g",
             bench_progress_eta(&p, 12.0, 10, 100));
    /* a prior alone: its pace and its setup per tree */
    memset(&prior, 0, sizeof prior);
    prior.run_id = 3;
    prior.sample_s = 0.5;
    prior.setup_per_tree_s = 4.0;
    bench_progress_init(&p, BENCH_PROGRESS_NONE, stderr, 2, &prior);
    CT_CHECK(fabs(bench_progress_eta(&p, 0.0, 0, 100) - (50.0 + 8.0)) < 1e-9, "prior ETA %g",
             bench_progress_eta(&p, 0.0, 0, 100));
    /* blended: 20 samples at 1 s measured against the prior's 0.5 s,
     * weighed 20 samples' worth: 0.75 s per sample for the 80 left */
    p.trees_started = 2;
    p.setup_s = 0;
    CT_CHECK(fabs(bench_progress_eta(&p, 20.0, 20, 100) - 60.0) < 1e-9, "blended ETA %g",
             bench_progress_eta(&p, 20.0, 20, 100));
    CT_CHECK(bench_progress_eta(&p, 20.0, 100, 100) == 0, "ETA at the end");
    CT_CHECK(fabs(bench_progress_estimate(&prior, 100, 2) - 58.0) < 1e-9, "estimate");
    CT_CHECK(bench_progress_estimate(NULL, 100, 2) < 0, "estimate without a prior");

    bench_progress_duration(3.24, buf, sizeof buf);
    CT_CHECK(!strcmp(buf, "3.2s"), "duration %s", buf);
    bench_progress_duration(245, buf, sizeof buf);
    CT_CHECK(!strcmp(buf, "4m05s"), "duration %s", buf);
    bench_progress_duration(3720, buf, sizeof buf);
    CT_CHECK(!strcmp(buf, "1h02m"), "duration %s", buf);
    bench_progress_duration(-1, buf, sizeof buf);
    CT_CHECK(!strcmp(buf, "?"), "duration %s", buf);
}

int main(void)
{
    char *out = NULL;
    int rc, units;

    check_eta();
    dir = ct_test_tempdir("progress");
    if (!dir) return 1;

    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --dry-run", &out);
    CT_CHECK(rc == 0 && strstr(out, "78 sample(s)") &&
                 strstr(out, "estimated duration: unknown (no complete run named 'smoke'"),
             "dry run before any run: exit %d:\n%s", rc, out);
    free(out);

    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters none --progress lines",
             &out);
    units = count(out, " done: ");
    CT_CHECK(rc == 0 && units == 26 && strstr(out, "unit 26/26 done: ") &&
                 strstr(out, "[78/78 100%]") && strstr(out, " elapsed, ETA "),
             "--progress lines: exit %d, %d unit line(s):\n%s", rc, units, out);
    CT_CHECK(strstr(out, "setup: factor ...") && strstr(out, "setup: build insertion=natural") &&
                 count(out, "setup: build ") == 2 && !strstr(out, "\r"),
             "setup phases in the log:\n%s", out);
    free(out);

    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --dry-run", &out);
    CT_CHECK(rc == 0 && strstr(out, "estimated duration: ") &&
                 strstr(out, "(the pace of run 1 in db, the same config)"),
             "dry run after a run: exit %d:\n%s", rc, out);
    free(out);

    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --only 'csr.*' --progress none",
             &out);
    CT_CHECK(rc == 0 && !strstr(out, " done: ") && !strstr(out, "setup: "),
             "--progress none still printed progress: exit %d:\n%s", rc, out);
    free(out);

    /* more threads than cores: a warning, and the run still completes */
    {
        char path[1200], *text = ct_test_read_file(CT_SOURCE_DIR "/configs/smoke.ini"), *t;
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        FILE *f;
        snprintf(path, sizeof path, "%s/many.ini", dir);
        f = fopen(path, "w");
        t = text ? strstr(text, "threads = 1,2") : NULL;
        CT_CHECK(f && t, "cannot write %s from smoke.ini", path);
        if (f && t) {
            fprintf(f, "%.*sthreads = 1,%ld%s", (int)(t - text), text, cores + 1,
                    t + strlen("threads = 1,2"));
            fclose(f);
            rc =
                run("run many.ini --db many.db --only brute --counters none --progress none", &out);
            CT_CHECK(rc == 0 && strstr(out, "warning: the config asks for up to") &&
                         strstr(out, "measure oversubscription"),
                     "no oversubscription warning: exit %d:\n%s", rc, out);
            free(out);
        } else if (f) {
            fclose(f);
        }
        free(text);
    }

    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --progress sometimes", &out);
    CT_CHECK(rc == 2 && strstr(out, "--progress: 'sometimes' is not one of"),
             "bad --progress: exit %d:\n%s", rc, out);
    free(out);

    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_progress");
}
