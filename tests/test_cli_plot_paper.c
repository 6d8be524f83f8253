/* test_cli_plot_paper.c -- `ctbench plot --style paper --size --font
 * --no-provenance` over a smoke run: the paper threads figure is a PDF of
 * the asked width (pdfinfo, when poppler-utils is installed) with no title
 * block, the figures without a paper layout are skipped with the reason,
 * centimetres work, --no-provenance drops the machine line from a screen SVG
 * (the .json sidecar keeps the commit), and bad --style, --size and --font
 * values exit 2. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *dir;

static int run(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", dir, CT_BENCH_EXE, args);
    return ct_test_run(cmd, out);
}

static char *read_rel(const char *rel)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return ct_test_read_file(path);
}

static double pdf_width_pt(const char *rel)
{
    char cmd[1400], *out = NULL;
    double w = -1, h;
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/%s' | grep 'Page size'", dir, rel);
    if (ct_test_run(cmd, &out) == 0 && out) sscanf(out, "Page size: %lf x %lf", &w, &h);
    free(out);
    return w;
}

int main(void)
{
    char *out = NULL, *text;
    int rc, have_pdfinfo;

    if (ct_test_run("command -v gnuplot >/dev/null", NULL) != 0) {
        fprintf(stderr, "gnuplot not found (apt-get install gnuplot-nox): skipped\n");
        return 77;
    }
    have_pdfinfo = ct_test_run("command -v pdfinfo >/dev/null", NULL) == 0;
    dir = ct_test_tempdir("plot-paper");
    if (!dir) return 1;
    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters none --no-progress",
             &out);
    CT_CHECK(rc == 0, "smoke run: exit %d:\n%s", rc, out);
    free(out);

    rc = run("plot --db db --out paper --style paper --size 3.3in --format pdf,svg", &out);
    CT_CHECK(rc == 0 && strstr(out, "paper/smoke_threads.{pdf,svg,json,tsv}") &&
                 strstr(out, "smoke_qps: skipped (no paper layout yet"),
             "paper plot: exit %d:\n%s", rc, out);
    free(out);
    text = read_rel("paper/smoke_threads.svg");
    CT_CHECK(text && strstr(text, "ideal scaling of ") && !strstr(text, "smoke: queries") &&
                 !strstr(text, "commit "),
             "paper SVG: a title block or no ideal-scaling line");
    free(text);
    if (have_pdfinfo) {
        double w = pdf_width_pt("paper/smoke_threads.pdf");
        CT_CHECK(w > 236 && w < 239, "3.3 in is 237.6 pt, the PDF is %g pt wide", w);
        rc = run("plot --db db --out cm --style paper --size 8.4x6cm --format pdf", &out);
        free(out);
        w = pdf_width_pt("cm/smoke_threads.pdf");
        CT_CHECK(rc == 0 && w > 236 && w < 240, "8.4 cm is 238 pt, the PDF is %g pt wide", w);
    } else {
        fprintf(stderr, "pdfinfo not installed (poppler-utils): PDF sizes not checked\n");
    }

    rc = run("plot --db db --out screen --no-provenance --font 'DejaVu Serif,11' --format svg",
             &out);
    CT_CHECK(rc == 0, "screen plot: exit %d:\n%s", rc, out);
    free(out);
    text = read_rel("screen/smoke_qps.svg");
    CT_CHECK(text && strstr(text, "smoke: queries per second") && !strstr(text, "commit ") &&
                 strstr(text, "DejaVu Serif"),
             "--no-provenance/--font: the SVG keeps the machine line or lacks the font");
    free(text);
    text = read_rel("screen/smoke_qps.json");
    CT_CHECK(text && strstr(text, "\"git_commit\""), "the sidecar lost the provenance");
    free(text);

    rc = run("plot --db db --out x --style poster", &out);
    CT_CHECK(rc == 2 && strstr(out, "--style: 'poster'"), "bad style: %d %s", rc, out);
    free(out);
    rc = run("plot --db db --out x --size 3.3", &out);
    CT_CHECK(rc == 2 && strstr(out, "--size: '3.3'"), "bad size: %d %s", rc, out);
    free(out);
    rc = run("plot --db db --out x --font Serif", &out);
    CT_CHECK(rc == 2 && strstr(out, "--font: 'Serif'"), "bad font: %d %s", rc, out);
    free(out);

    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_plot_paper");
}
