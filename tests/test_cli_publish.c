/* test_cli_publish.c -- `ctbench publish` end to end with the binary: three
 * real runs of a tiny config, rewritten with sqlite3 into three commits on a
 * machine named "box<b>&1", one annotated "<b>& note"; then the site: the
 * index names the experiment and the machine, the experiment page has the
 * summary <table> with both variants, the history figures and their .json
 * sidecars exist (when gnuplot is installed) and are linked, and every
 * database text is escaped.  With chromium on PATH, the pages are rendered
 * headless: a screenshot that is not blank, a DOM with the table and the
 * figures, and no console error.  A bad invocation exits 2.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static char *dir;

static const char config[] =
    "[experiment]\nname = pubtest\nseeds = 5\nrepetitions = 2\nwarmup = 0\nthreads = 1\n"
    "[workload]\ngenerator = normal\nn = 400\ndim = 2\nm = 16\n"
    "[variants]\nvariants = csr.bfs.cached.heap.auto.f64, ll.natural.indirect.level.auto.f64\n"
    "[query]\nk = 3\nqueries = 16\n"
    "[counters]\nbackend = none\n";

static int shell(const char *cmd, char **out)
{
    char full[8192];
    snprintf(full, sizeof full, "cd '%s' && %s", dir, cmd);
    return ct_test_run(full, out);
}

static int bench(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s", CT_BENCH_EXE, args);
    return shell(cmd, out);
}

static char *site_file(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/site/%s", dir, name);
    return ct_test_read_file(path);
}

static long file_size(const char *name)
{
    char path[1200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void make_db(void)
{
    char *out = NULL;
    FILE *f;
    char path[1200];
    int rc;
    snprintf(path, sizeof path, "%s/p.ini", dir);
    f = fopen(path, "w");
    if (f) {
        fputs(config, f);
        fclose(f);
    }
    for (int i = 0; i < 3; i++) {
        rc = bench("run p.ini --db p.db --no-progress", &out);
        CT_CHECK(rc == 0, "run %d: exit %d: %s", i, rc, out);
        free(out);
    }
    rc = shell("sqlite3 p.db \"UPDATE run SET git_commit = printf('c%039x', id), commit_time = "
               "printf('2026-01-%02dT10:00:00+00:00', id), machine = 'box<b>&1';\"",
               &out);
    CT_CHECK(rc == 0, "rewriting commits: exit %d: %s", rc, out);
    free(out);
    rc = bench("annotate --db p.db 2 '<b>& note'", &out);
    CT_CHECK(rc == 0, "annotate: exit %d: %s", rc, out);
    free(out);
}

static void check_site(int have_gnuplot)
{
    char *out = NULL, *index, *page;
    int rc = bench("publish --db p.db --out site", &out);
    CT_CHECK(rc == 0, "publish: exit %d: %s", rc, out);
    free(out);
    index = site_file("index.html");
    page = site_file("exp_1.html");
    CT_CHECK(index && page, "index.html or exp_1.html missing");
    if (!index || !page) {
        free(index);
        free(page);
        return;
    }
    CT_CHECK(strstr(index, "pubtest") && strstr(index, "href=\"exp_1.html\""),
             "the index does not link the experiment");
    CT_CHECK(strstr(index, "box&lt;b&gt;&amp;1"), "the index does not name the machine escaped");
    CT_CHECK(strstr(page, "<table class=\"summary\">") &&
                 strstr(page, "<td>csr.bfs.cached.heap.auto.f64</td>") &&
                 strstr(page, "<td>ll.natural.indirect.level.auto.f64</td>"),
             "the experiment page has no summary table with both variants");
    CT_CHECK(strstr(page, "&lt;b&gt;&amp; note"), "the annotation is not on the page, escaped");
    CT_CHECK(!strstr(index, "<b>") && !strstr(page, "<b>"), "an unescaped '<b>' is on a page");
    if (have_gnuplot) {
        const char *img = strstr(page, "<img src=\"exp_1/history_");
        CT_CHECK(img != NULL, "no history figure on the page");
        CT_CHECK(strstr(page, ".json\">sidecar"), "no sidecar link");
        CT_CHECK(shell("ls site/exp_1/history_*.svg site/exp_1/history_*.json | wc -l | grep -qx 4",
                       NULL) == 0,
                 "not 2 figures with 2 sidecars under site/exp_1");
    } else {
        printf("gnuplot not installed: history figures not checked\n");
    }
    free(index);
    free(page);
    CT_CHECK(bench("publish --db p.db", &out) == 2 && out && strstr(out, "--out DIR"),
             "publish without --out: %s", out);
    free(out);
}

static void check_browser(int have_gnuplot)
{
    char cmd[4096], *out = NULL, *dom = NULL;
    int rc;
    snprintf(cmd, sizeof cmd,
             "timeout 60 chromium --headless --no-sandbox --disable-gpu --screenshot=shot.png "
             "--window-size=1200,900 --enable-logging=stderr --v=0 "
             "'file://%s/site/exp_1.html' > shot.log 2>&1",
             dir);
    rc = shell(cmd, NULL);
    CT_CHECK(rc == 0, "chromium --screenshot: exit %d", rc);
    CT_CHECK(file_size("shot.png") > 20000, "the screenshot is missing or blank (%ld bytes)",
             file_size("shot.png"));
    CT_CHECK(shell("grep -E 'Uncaught|:CONSOLE\\(' shot.log", &out) != 0, "console errors: %s",
             out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom "
             "'file://%s/site/exp_1.html' 2>/dev/null",
             dir);
    rc = shell(cmd, &dom);
    CT_CHECK(rc == 0 && dom && strstr(dom, "<table class=\"summary\">") &&
                 strstr(dom, "csr.bfs.cached.heap.auto.f64"),
             "the rendered DOM has no summary table (exit %d)", rc);
    if (have_gnuplot && dom)
        CT_CHECK(strstr(dom, "<img src=\"exp_1/history_"), "the rendered DOM has no figure");
    free(dom);
    snprintf(cmd, sizeof cmd,
             "timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom "
             "'file://%s/site/index.html' 2>/dev/null",
             dir);
    rc = shell(cmd, &dom);
    CT_CHECK(rc == 0 && dom && strstr(dom, "pubtest") && strstr(dom, "box&lt;b&gt;&amp;1"),
             "the rendered index lacks the experiment or the machine (exit %d)", rc);
    free(dom);
}

int main(void)
{
    int have_gnuplot, rc;
    dir = ct_test_tempdir("publish");
    if (!dir) return 1;
    if (ct_test_run("command -v sqlite3 >/dev/null", NULL) != 0) {
        printf("sqlite3 shell not installed: skipped\n");
        ct_test_rmtree(dir);
        return 77;
    }
    have_gnuplot = ct_test_run("command -v gnuplot >/dev/null", NULL) == 0;
    make_db();
    check_site(have_gnuplot);
    if (ct_test_run("command -v chromium >/dev/null", NULL) == 0) check_browser(have_gnuplot);
    else printf("chromium not installed: browser part skipped\n");
    rc = ct_test_finish("test_cli_publish");
    if (rc == 0) ct_test_rmtree(dir);
    return rc;
}
