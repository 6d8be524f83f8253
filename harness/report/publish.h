/* publish.h -- `ctbench publish`: a static HTML site of a results database
 * (no server, no JavaScript; opens from disk).  DIR/index.html lists the
 * experiments (run names) and the machines; DIR/exp_<i>.html shows, per
 * experiment, the latest complete run's query summary (v_query_summary with
 * the speed-up of v_speedup) and, when its complete runs span several
 * commits, the history figures of report/history_plot.h (under
 * DIR/exp_<i>/) with their change points, the annotations and a link to
 * each figure's .json sidecar.  Every text from the database is
 * HTML-escaped.
 */
#ifndef BENCH_PUBLISH_H
#define BENCH_PUBLISH_H

#include <stdio.h>

#include "ct/status.h"
#include "db.h"

typedef struct bench_publish_request {
    const char *out_dir;
    const char *db_path; /* named on the pages and in the sidecars */
    const char *scripts; /* history.gp's folder; NULL: $CT_PLOTS_DIR, else plots/ */
    int no_figures;      /* do not draw history figures */
} bench_publish_request;

/* Write the site; one line per file written to log (may be NULL).  CT_EIO
 * for an unwritable DIR; a figure gnuplot cannot draw is named on its page
 * instead (the site is still written). */
int bench_publish(bench_db *db, const bench_publish_request *req, FILE *log, ct_error *err);

#endif
