/* test_cli_export_table.c -- `ctbench export` tables (report/export_table.c)
 * over a smoke run: Markdown with a column selection (header, alignment
 * row, one row per result) and a pivot of threads into columns (one row
 * per variant and k, a cell per thread count that equals the query table's
 * qps for that unit); LaTeX as a booktabs tabular with escaped names (and,
 * when pdflatex and booktabs are installed, compiled); the tidy tables:
 * query with the build split into its parameters and commit/host columns,
 * sample with one row per raw sample (warm-up + repetitions per unit), run;
 * errors for an unknown table, column or pivot; the summary CSV unchanged. */
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

static int lines(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p++) n += *p == '\n';
    return n;
}

int main(void)
{
    char *out = NULL, *md = NULL, *q = NULL;
    int rc;

    dir = ct_test_tempdir("export-table");
    if (!dir) return 1;
    rc = run("run '" CT_SOURCE_DIR "/configs/smoke.ini' --db db --counters none --no-progress",
             &out);
    CT_CHECK(rc == 0, "smoke run: exit %d:\n%s", rc, out);
    free(out);
    /* smoke: 13 variants x threads 1,2 x k 10 = 26 results */

    rc = run("export --db db --format markdown --table query --columns variant,threads,median_s",
             &md);
    CT_CHECK(rc == 0 && !strncmp(md, "| variant | threads | median_s |\n|:---|---:|---:|\n", 48) &&
                 lines(md) == 2 + 26,
             "markdown: exit %d, %d lines:\n%s", rc, lines(md), md);
    free(md);

    rc = run("export --db db --format markdown --table query --columns variant,k,threads,qps "
             "--pivot threads",
             &md);
    CT_CHECK(rc == 0 && strstr(md, "| variant | k | qps threads=1 | qps threads=2 |") &&
                 lines(md) == 2 + 13,
             "pivot: exit %d, %d lines:\n%s", rc, lines(md), md);
    /* the pivot's cell for brute at 2 threads is the query table's qps of that unit */
    rc = run("export --db db --format markdown --table query --columns variant,threads,qps", &q);
    {
        const char *row = strstr(md, "| brute | 10 | ");
        const char *two = strstr(q, "| brute | 2 | ");
        char a[64] = "", b[64] = "";
        if (row) sscanf(row, "| brute | 10 | %*s | %63s", a);
        if (two) sscanf(two, "| brute | 2 | %63s", b);
        CT_CHECK(rc == 0 && a[0] && !strcmp(a, b), "pivot cell '%s' != query table's '%s'", a, b);
    }
    free(md);
    free(q);

    rc = run("export --db db --format latex --table query --columns variant,threads,median_s "
             "--output t.tex",
             &out);
    free(out);
    out = NULL;
    {
        char path[1200];
        snprintf(path, sizeof path, "%s/t.tex", dir);
        char *tex = ct_test_read_file(path);
        CT_CHECK(rc == 0 && tex && !strncmp(tex, "\\begin{tabular}{lrr}\n\\toprule\n", 29) &&
                     strstr(tex, "variant & threads & median\\_s \\\\\n\\midrule\n") &&
                     strstr(tex, "\\bottomrule\n\\end{tabular}\n") && lines(tex) == 6 + 26,
                 "latex: exit %d:\n%s", rc, tex ? tex : "(none)");
        free(tex);
    }
    if (ct_test_run("command -v pdflatex >/dev/null && kpsewhich booktabs.sty >/dev/null", NULL) ==
        0) {
        FILE *f;
        char path[1200];
        snprintf(path, sizeof path, "%s/doc.tex", dir);
        f = fopen(path, "w");
        if (f) {
            fputs("\\documentclass{article}\\usepackage{booktabs}\\begin{document}\n"
                  "\\input{t.tex}\n\\end{document}\n",
                  f);
            fclose(f);
        }
        snprintf(path, sizeof path, "cd '%s' && pdflatex -halt-on-error doc.tex", dir);
        rc = ct_test_run(path, &out);
        CT_CHECK(rc == 0, "pdflatex failed on the exported table:\n%s", out);
        free(out);
    } else {
        fprintf(stderr, "pdflatex or booktabs not installed: the LaTeX table is not compiled\n");
    }

    rc = run("export --db db --format csv --table query", &out);
    CT_CHECK(
        rc == 0 &&
            !strncmp(out, "run,commit,host,machine,variant,workload,source,generator,n,", 60) &&
            strstr(out, "build_insertion,build_base,build_si,build_batch,threads") &&
            strstr(out, ",natural,2,sum,512,") && lines(out) == 1 + 26,
        "tidy query CSV: exit %d:\n%s", rc, out);
    free(out);

    rc = run("export --db db --format csv --table sample --columns variant,phase,wall_ns", &out);
    /* warm-up 1 + repetitions 2 per unit */
    CT_CHECK(rc == 0 && lines(out) == 1 + 26 * 3 && strstr(out, ",warmup,") &&
                 strstr(out, ",query,"),
             "sample CSV: exit %d, %d lines", rc, lines(out));
    free(out);

    rc = run("export --db db --format json --table run", &out);
    CT_CHECK(rc == 0 && strstr(out, "\"commit\": ") && strstr(out, "\"ram_bytes\": "),
             "run JSON: exit %d:\n%s", rc, out);
    free(out);

    rc = run("export --db db --format csv --table nope", &out);
    CT_CHECK(rc == 2 && strstr(out, "--table: 'nope' is not one of"), "bad table: %d %s", rc, out);
    free(out);
    rc = run("export --db db --format csv --table query --columns variant,nope", &out);
    CT_CHECK(rc == 2 && strstr(out, "no column 'nope' in table query"), "bad column: %d %s", rc,
             out);
    free(out);
    rc = run("export --db db --format csv --table query --columns variant,qps --pivot threads",
             &out);
    CT_CHECK(rc == 2 && strstr(out, "--pivot: 'threads' is not among the columns"),
             "bad pivot: %d %s", rc, out);
    free(out);

    rc = run("export --db db --format csv", &out);
    CT_CHECK(rc == 0 && !strncmp(out, "run,variant,workload,threads,phase,reps,median_s,", 49),
             "summary CSV changed: %s", out);
    free(out);

    ct_test_rmtree(dir);
    free(dir);
    return ct_test_finish("test_cli_export_table");
}
