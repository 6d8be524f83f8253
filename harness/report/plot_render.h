/* plot_render.h -- the drawing side of `ctbench plot`: run gnuplot (a child
 * process through util/child.h, never a shell) on a figure script with its
 * variables, and write the JSON sidecar that says where a figure came from.
 *
 * The gnuplot program is $CT_GNUPLOT when set, else `gnuplot` on PATH.
 */
#ifndef BENCH_PLOT_RENDER_H
#define BENCH_PLOT_RENDER_H

#include <stddef.h>

#include "ct/status.h"
#include "plot_data.h"

/* $CT_GNUPLOT or "gnuplot". */
const char *bench_plot_gnuplot_program(void);

/* Run `PROG -V` and copy its first line ("gnuplot 5.4 patchlevel 4") to buf.
 * CT_ENOTSUP with a one-line message when the program cannot be started or
 * does not answer like gnuplot. */
int bench_plot_gnuplot_version(const char *prog, char *buf, size_t cap, ct_error *err);

/* Run `PROG -e VARS SCRIPT`, stdout and stderr to log_path.  CT_EIO when
 * gnuplot fails or reports an error; the message quotes the log's first
 * error line. */
int bench_plot_gnuplot_run(const char *prog, const char *vars, const char *script,
                           const char *log_path, ct_error *err);

/* Append `name='value'; ` to a -e string (buf holds cap bytes, NUL-terminated),
 * quoting value for gnuplot (a ' is doubled).  CT_EINVAL when it does not fit. */
int bench_plot_gp_string(char *buf, size_t cap, const char *name, const char *value);
/* Append `name=value; ` for an integer. */
int bench_plot_gp_int(char *buf, size_t cap, const char *name, long long value);

typedef struct bench_plot_sidecar {
    const char *figure;       /* file stem, e.g. "smoke_qps" */
    const char *kind;         /* "qps" */
    const char *title;        /* what the figure shows */
    const char *const *files; /* images written (base names) */
    int n_files;
    const char *data_file; /* the TSV (base name) */
    long rows;             /* its data rows */
    const char *sql_file;  /* path of the .sql */
    const char *sql;       /* its text, as run */
    const char *script;    /* path of the .gp */
    const char *estimator; /* how the plotted numbers were computed */
    const char *gnuplot_version;
    const char *tool_version; /* ctbench version and commit */
    const bench_plot_run *run;
    const bench_plot_run *run_b;    /* the overlay: run B (after); NULL otherwise */
    const bench_plot_label *labels; /* --label mapping (display names) */
    int n_labels;
} bench_plot_sidecar;

/* Write the sidecar JSON (run ids, commit, host, workload, estimator, SQL,
 * parameters, labels, the overlay's runs, creation time, ...). */
int bench_plot_write_sidecar(const char *path, const bench_plot_sidecar *s, ct_error *err);

#endif
