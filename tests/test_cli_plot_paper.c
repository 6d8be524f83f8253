/* test_cli_plot_paper.c -- `ctbench plot --style paper --size --font
 * --no-provenance` over run 1 of tests/data/plot_paper.ini (every figure
 * kind but counters applies to it) and run 2, the same with simulated
 * counters for two variants (where valgrind is installed):
 *
 * 1. at 3.3 in and at 7 in every kind is drawn in the paper style, as a PDF
 *    of the asked width (pdfinfo, when poppler-utils is installed) and an
 *    SVG with no title block; centimetres work;
 * 2. the recall TSV marks exactly the Pareto points (recomputed here from
 *    its own recall and q/s columns: a point is on the front when no other
 *    point has a recall >= its recall and a higher q/s), every one of them
 *    is named in the legend, and the SVG draws the front;
 * 3. the work figure labels its values in one format (no raw count of five
 *    or more digits such as 65131 next to a 131k) and its V axis says KiB
 *    or MiB, the unit it plots;
 * 4. --no-provenance drops the machine line from a screen SVG (the .json
 *    sidecar keeps the commit), and bad --style, --size and --font values
 *    exit 2. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tsv.h"

static char *dir;

static const char *const kinds[] = {"qps",     "recall",  "work",  "counters",
                                    "scaling", "threads", "build", "total"};
#define N_KINDS ((int)(sizeof kinds / sizeof kinds[0]))

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

/* 2: the on_front column against the front recomputed from recall and q/s. */
static void check_pareto(const char *stem)
{
    char rel[256], *svg;
    ct_tsv t;
    int c_r, c_q, c_f, c_s, c_l, c_k, c_v, n_front = 0, n_approx = 0;
    snprintf(rel, sizeof rel, "%s_recall.tsv", stem);
    CT_CHECK(ct_tsv_load(dir, rel, &t) == 0, "%s: not readable", rel);
    c_r = ct_tsv_col(&t, "recall");
    c_q = ct_tsv_col(&t, "qps");
    c_f = ct_tsv_col(&t, "on_front");
    c_s = ct_tsv_col(&t, "series");
    c_l = ct_tsv_col(&t, "label");
    c_k = ct_tsv_col(&t, "kind");
    c_v = ct_tsv_col(&t, "variant");
    CT_CHECK(c_r >= 0 && c_q >= 0 && c_f >= 0 && c_s >= 0 && c_l >= 0 && c_k >= 0 && c_v >= 0,
             "%s lacks recall, qps, on_front, series, label, kind or variant", rel);
    CT_CHECK(t.nrows >= 3, "%s: %d rows, want the run's variants", rel, t.nrows);
    if (c_r < 0 || c_q < 0 || c_f < 0 || c_s < 0 || c_l < 0 || c_k < 0 || c_v < 0) {
        ct_tsv_free(&t);
        return;
    }
    snprintf(rel, sizeof rel, "%s_recall.svg", stem);
    svg = read_rel(rel);
    CT_CHECK(svg && strstr(svg, "Pareto front"), "%s does not draw the Pareto front", rel);
    for (int i = 0; i < t.nrows; i++) {
        double r = atof(t.cell[i][c_r]), q = atof(t.cell[i][c_q]);
        int dominated = 0, marked = atoi(t.cell[i][c_f]);
        for (int j = 0; j < t.nrows; j++)
            if (j != i && atof(t.cell[j][c_r]) >= r && atof(t.cell[j][c_q]) > q) dominated = 1;
        CT_CHECK(marked == !dominated, "%s row %d (%s, recall %g, %g q/s): on_front %d, want %d",
                 rel, i, t.cell[i][c_l], r, q, marked, !dominated);
        if (!dominated) {
            n_front++;
            CT_CHECK(atoi(t.cell[i][c_s]) >= 0, "front point %s is not named", t.cell[i][c_l]);
            CT_CHECK(svg && strstr(svg, t.cell[i][c_v]), "the legend lacks front point %s",
                     t.cell[i][c_l]);
        }
        if (atoi(t.cell[i][c_k]) == 1) n_approx++;
    }
    CT_CHECK(n_front >= 1 && n_approx >= 1, "%s: %d front points, %d approximate", rel, n_front,
             n_approx);
    if (n_front < t.nrows)
        CT_CHECK(svg && strstr(svg, "off the front ("), "%s: no count of the off-front points",
                 rel);
    free(svg);
    ct_tsv_free(&t);
}

/* 3: no value label as a raw count of >= 5 digits; the V axis names its unit. */
static void check_work(const char *stem)
{
    char rel[256], *svg;
    ct_tsv t;
    int c_d;
    snprintf(rel, sizeof rel, "%s_work.tsv", stem);
    CT_CHECK(ct_tsv_load(dir, rel, &t) == 0, "%s: not readable", rel);
    snprintf(rel, sizeof rel, "%s_work.svg", stem);
    svg = read_rel(rel);
    CT_CHECK(svg && (strstr(svg, "V data read") && (strstr(svg, "(KiB)") || strstr(svg, "(MiB)"))),
             "%s: the V axis does not name KiB or MiB", rel);
    CT_CHECK(svg && !strstr(svg, "bytes read / query (KiB)"), "%s: bytes labelled as KiB", rel);
    c_d = ct_tsv_col(&t, "dist_evals");
    for (int i = 0; svg && c_d >= 0 && i < t.nrows; i++) {
        double d = atof(t.cell[i][c_d]);
        char raw[64];
        if (!(d >= 10000)) continue;
        snprintf(raw, sizeof raw, ">%.0f<", d);
        CT_CHECK(!strstr(svg, raw), "%s: raw value label %s", rel, raw);
    }
    free(svg);
    ct_tsv_free(&t);
}

int main(void)
{
    char *out = NULL, *text, args[512], rel[256];
    int rc, have_pdfinfo, sim;
    const char *const widths[] = {"3.3in", "7in"};
    const double width_pt[] = {237.6, 504.0};

    if (ct_test_run("command -v gnuplot >/dev/null", NULL) != 0) {
        fprintf(stderr, "gnuplot not found (apt-get install gnuplot-nox): skipped\n");
        return 77;
    }
    have_pdfinfo = ct_test_run("command -v pdfinfo >/dev/null", NULL) == 0;
    sim = !CT_TEST_SANITIZED && ct_test_run("command -v valgrind >/dev/null", NULL) == 0;
    dir = ct_test_tempdir("plot-paper");
    if (!dir) return 1;
    /* run 1: every figure but counters; run 2: simulated counters of two
     * variants (valgrind per unit is slow: not all of them) */
    snprintf(args, sizeof args, "run '%s/plot_paper.ini' --db db --counters none --no-progress",
             CT_TEST_DATA);
    rc = run(args, &out);
    CT_CHECK(rc == 0, "run: exit %d:\n%s", rc, out);
    free(out);
    if (sim) {
        snprintf(
            args, sizeof args,
            "run '%s/plot_paper.ini' --db db --counters sim --only 'csr.bfs.cached.heap.auto.f*' "
            "--no-progress",
            CT_TEST_DATA);
        rc = run(args, &out);
        CT_CHECK(rc == 0, "sim run: exit %d:\n%s", rc, out);
        free(out);
    } else {
        fprintf(stderr, "valgrind not found: the counters figure is not drawn\n");
    }

    /* 1: every kind at both widths (counters from run 2, the others from run 1) */
    for (int w = 0; w < 2; w++) {
        for (int r = 1; r <= (sim ? 2 : 1); r++) {
            snprintf(args, sizeof args,
                     "plot --db db --out w%d-%d --style paper --size %s --format pdf,svg %d", w, r,
                     widths[w], r);
            rc = run(args, &out);
            CT_CHECK(rc == 0 && !strstr(out, "no paper layout"), "paper plot %s: exit %d:\n%s",
                     widths[w], rc, out);
            for (int k = 0; k < N_KINDS; k++) {
                char want[128];
                if ((r == 2) != !strcmp(kinds[k], "counters")) continue;
                snprintf(want, sizeof want, "w%d-%d/paper_%s.{pdf,svg,json,tsv}", w, r, kinds[k]);
                CT_CHECK(out && strstr(out, want), "%s: not drawn at %s:\n%s", kinds[k], widths[w],
                         out);
                snprintf(rel, sizeof rel, "w%d-%d/paper_%s.svg", w, r, kinds[k]);
                text = read_rel(rel);
                CT_CHECK(text && !strstr(text, "paper: ") && !strstr(text, "commit "),
                         "%s: a title block in the paper style", rel);
                free(text);
                if (have_pdfinfo) {
                    double pt;
                    snprintf(rel, sizeof rel, "w%d-%d/paper_%s.pdf", w, r, kinds[k]);
                    pt = pdf_width_pt(rel);
                    CT_CHECK(fabs(pt - width_pt[w]) < 1.5, "%s: %s is %g pt, the PDF is %g pt wide",
                             rel, widths[w], width_pt[w], pt);
                }
            }
            free(out);
        }
        snprintf(rel, sizeof rel, "w%d-1/paper", w);
        check_pareto(rel);
        check_work(rel);
    }
    if (!have_pdfinfo)
        fprintf(stderr, "pdfinfo not installed (poppler-utils): sizes not checked\n");
    text = read_rel("w0-1/paper_threads.svg");
    CT_CHECK(text && strstr(text, "ideal scaling of "), "paper threads SVG: no ideal scaling");
    free(text);
    if (have_pdfinfo) {
        double w;
        rc = run("plot --db db --out cm --style paper --size 8.4x6cm --format pdf 1", &out);
        free(out);
        w = pdf_width_pt("cm/paper_threads.pdf");
        CT_CHECK(rc == 0 && w > 236 && w < 240, "8.4 cm is 238 pt, the PDF is %g pt wide", w);
    }

    /* 4 */
    rc = run("plot --db db --out screen --no-provenance --font 'DejaVu Serif,11' --format svg 1",
             &out);
    CT_CHECK(rc == 0, "screen plot: exit %d:\n%s", rc, out);
    free(out);
    text = read_rel("screen/paper_qps.svg");
    CT_CHECK(text && strstr(text, "paper: queries per second") && !strstr(text, "commit ") &&
                 strstr(text, "DejaVu Serif"),
             "--no-provenance/--font: the SVG keeps the machine line or lacks the font");
    free(text);
    text = read_rel("screen/paper_qps.json");
    CT_CHECK(text && strstr(text, "\"git_commit\""), "the sidecar lost the provenance");
    free(text);
    check_pareto("screen/paper");
    check_work("screen/paper");

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
