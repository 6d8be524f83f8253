/* plot.h -- draw the figures of stored runs with gnuplot.
 *
 * Kinds, drawn when the run has what they show:
 *   qps       queries/s per variant (median, IQR whiskers; INVALID marked)
 *   recall    queries/s against recall@k (approximate variants)
 *   work      distance evaluations and V bytes per query per variant
 *   counters  cache misses per query: hardware (PAPI) or simulated (callgrind)
 *   scaling   queries/s and distance evaluations against n (several sizes)
 *   build     tree build time per build configuration (several)
 *   threads   queries/s against the thread count (several)
 *   total     end-to-end seconds (factor + build + lowering + queries) against n,
 *             the queries alone dashed (several sizes)
 *   overlay   (--overlay A B) q/s of run A and run B side by side per variant,
 *             the ratio B/A, variants only in one run listed as such
 * Each figure is DIR/<name>_<kind>.svg/.pdf/.png with its data (.tsv) and a
 * sidecar (.json: run id, commit, host, estimator, SQL).  The gnuplot
 * program is $CT_GNUPLOT, else gnuplot on PATH.
 */
#ifndef BENCH_PLOT_H
#define BENCH_PLOT_H

#include <stdint.h>
#include <stdio.h>

#include "ct/status.h"
#include "db.h"
#include "plot_data.h"

#define BENCH_PLOT_MAX_FORMATS 3

typedef struct bench_plot_request {
    const char *out_dir;
    const char *scripts; /* the .sql/.gp pairs; NULL: $CT_PLOTS_DIR, else the configured plots/ */
    const char *formats[BENCH_PLOT_MAX_FORMATS]; /* "svg", "pdf", "png" */
    int n_formats;
    /* n_runs == 0: per experiment name its latest complete run made without
     * `run --only` (else its latest --only run, with a note) */
    const int64_t *run_ids;
    int n_runs;
    /* overlay: one figure of run_ids[0] (A, before) against run_ids[1] (B,
     * after) instead of the figures of each run; n_runs must be 2 */
    int overlay;
    const bench_plot_label *labels; /* display names of variants (--label FROM=TO) */
    int n_labels;
    /* paper: each figure at its printed size (width_in, default 3.3 in; height_in
     * 0: what the figure needs) with 8 pt text (or font_pt), no title block and
     * the legend below; figures whose script has no paper layout are skipped */
    int paper;
    double width_in, height_in;
    const char *font_name; /* NULL: DejaVu Sans */
    double font_pt;        /* 0: the scripts' default */
    int no_provenance;     /* no context/machine/estimator lines (the sidecar keeps them) */
} bench_plot_request;

/* Draw every figure; one line per figure (or why it was skipped) to out,
 * and a one-line note when the default selection falls back to a run made
 * with --only.  With overlay, DIR/<name>-runA-vs-runB_overlay.* only.
 * CT_EINVAL for a run that does not exist (or overlay without two runs, a
 * variant labelled twice); CT_EIO for an unwritable output
 * directory, missing scripts or no complete run; CT_ENOTSUP when gnuplot
 * cannot run; err says which. */
int bench_plot_draw(bench_db *db, const bench_plot_request *req, FILE *out, ct_error *err);

#endif
