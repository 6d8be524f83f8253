/* history_plot.h -- `ctbench plot history`: one figure per series of a
 * history (report/history.h), drawn by plots/history.gp in the style of the
 * other figures: every sample of every commit, the per-commit mean joined
 * over the commits, each change point as a vertical line between its two
 * commits labelled with its step and p-value (or "exact"), each annotation
 * as a dotted line at its commit with its text.  Per figure
 * DIR/history_<series>.tsv, .svg/.pdf/.png and a .json sidecar (runs,
 * commits, change points, the command that reproduces it).
 */
#ifndef BENCH_HISTORY_PLOT_H
#define BENCH_HISTORY_PLOT_H

#include <stdio.h>

#include "ct/status.h"
#include "history.h"

typedef struct bench_history_plot_request {
    const char *out_dir;
    const char *scripts; /* the folder of history.gp; NULL: $CT_PLOTS_DIR, else plots/ */
    const char *formats[3];
    int n_formats;
    const char *db_path;  /* named in the sidecars */
    const char *selector; /* the history options given, named in the sidecars */
} bench_history_plot_request;

/* The file stem of series i of h ("history_<variant>_t<threads>_k<k>_<metric>",
 * with characters outside [A-Za-z0-9._-] replaced by '_', and "_<i>" appended
 * when needed to stay unique).  */
void bench_history_plot_stem(const bench_history *h, int i, char *buf, size_t cap);

/* Draw every series of h; one line per figure written to log.  CT_EIO for
 * an unwritable directory or a failing gnuplot, CT_ENOTSUP when gnuplot
 * cannot run. */
int bench_history_plot(const bench_history *h, const bench_history_plot_request *req, FILE *log,
                       ct_error *err);

#endif
