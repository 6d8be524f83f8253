/* export_table.c -- tidy tables, column selection, pivot and the paper
 * formats (export_table.h).  A table is read into memory whole (exports are
 * thousands of rows, not millions), reshaped, then written. */
#include "export_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "json.h"

typedef struct cell {
    int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
    long long i;
    double d;
    char *s;
} cell;

typedef struct table {
    int ncols, nrows, cap;
    char **names;
    cell *cells; /* nrows x ncols */
} table;

#define RUN_COLS "r.git_commit AS \"commit\", r.host AS host, r.machine AS machine"
#define WORKLOAD_COLS                                                                  \
    "w.source AS source, w.generator AS generator, w.n AS n, w.dim AS dim, w.m AS m, " \
    "w.covariance AS covariance, w.seed AS seed"

static const struct {
    const char *name;
    const char *sql; /* has a column named run */
    int split_build; /* its build text becomes build_insertion, _base, _si, _batch */
} tables[] = {
    {"query",
     "SELECT q.run AS run, " RUN_COLS
     ", q.variant AS variant, q.workload AS workload, " WORKLOAD_COLS
     ", q.build AS build, q.threads AS threads, q.k AS k, q.nq AS nq, q.reps AS reps, "
     "q.median_s AS median_s, q.iqr_s AS iqr_s, CASE WHEN q.valid THEN q.qps END AS qps, "
     "s.speedup AS speedup_x, q.dist_evals_per_query AS dist_evals_per_query, "
     "q.nodes_visited_per_query AS nodes_visited_per_query, q.heap_ops_per_query AS "
     "heap_ops_per_query, q.v_bytes_per_query AS v_bytes_per_query, q.recall AS recall, "
     "q.verified AS verified, q.valid AS valid "
     "FROM v_query_summary q JOIN run r ON r.id = q.run JOIN workload w ON w.id = q.workload_id "
     "LEFT JOIN v_speedup s ON s.result_id = q.result_id "
     "ORDER BY q.run, q.workload_id, q.k, q.threads, q.result_id",
     1},
    {"setup",
     "SELECT s.run AS run, " RUN_COLS ", s.workload AS workload, " WORKLOAD_COLS
     ", s.phase AS phase, s.detail AS detail, s.build AS build, s.threads AS threads, "
     "s.seconds AS wall_s FROM v_setup s JOIN run r ON r.id = s.run "
     "JOIN workload w ON w.id = s.workload_id ORDER BY s.run, s.id",
     1},
    {"tree",
     "SELECT t.run AS run, " RUN_COLS ", t.workload AS workload, t.n AS n, t.seed AS seed, "
     "t.insertion AS build_insertion, t.base AS build_base, t.si AS build_si, t.batch AS "
     "build_batch, t.threads AS threads, t.build_s AS build_s, t.check_s AS check_s, t.nodes AS "
     "nodes, t.depth AS depth, t.leaves AS leaves, t.internal AS internal, t.max_fanout AS "
     "max_fanout, t.mean_fanout AS mean_fanout, t.mean_leaf_depth AS mean_leaf_depth "
     "FROM v_tree t JOIN run r ON r.id = t.run ORDER BY t.run, t.id",
     0},
    {"sample",
     "SELECT m.run_id AS run, " RUN_COLS ", v.name AS variant, w.label AS workload, " WORKLOAD_COLS
     ", m.build AS build, m.threads AS threads, res.k AS k, m.phase AS phase, m.repetition AS "
     "repetition, m.round AS round, m.seq AS seq, m.wall_ns AS wall_ns, m.cpu_ns AS cpu_ns, "
     "m.nq AS nq, m.dist_evals AS dist_evals, m.nodes_visited AS nodes_visited, m.heap_ops AS "
     "heap_ops, m.v_bytes AS v_bytes, m.ctx_switches AS ctx_switches, m.other_cpu_frac AS "
     "other_cpu_frac, m.noisy AS noisy, m.verified AS verified, m.recall AS recall, m.valid AS "
     "valid FROM measurement m JOIN run r ON r.id = m.run_id JOIN workload w ON w.id = "
     "m.workload_id LEFT JOIN result res ON res.id = m.result_id LEFT JOIN variant v ON v.id = "
     "m.variant_id WHERE m.phase IN ('warmup','query') ORDER BY m.run_id, m.id",
     1},
    {"run",
     "SELECT id AS run, git_commit AS \"commit\", host, machine, name, status, started_at, "
     "finished_at, config_path, config_hash, git_dirty, machine_id, cpu_model, cores, os, "
     "ram_bytes, cache_l1d AS cache_l1d_bytes, cache_l2 AS cache_l2_bytes, cache_l3 AS "
     "cache_l3_bytes, smt, cpu_mhz, governor, boost, affinity, omp_env, kernel_release, "
     "compiler, cflags, blas_library, blas_core, kernel_isa, counters_backend, ctbench_version "
     "FROM run ORDER BY id",
     0},
};
#define N_TABLES ((int)(sizeof tables / sizeof tables[0]))

int bench_table_known(const char *name)
{
    if (!strcmp(name, "summary")) return 1;
    for (int i = 0; i < N_TABLES; i++)
        if (!strcmp(tables[i].name, name)) return 1;
    return 0;
}

static void table_free(table *t)
{
    for (int c = 0; c < t->ncols; c++) free(t->names[c]);
    for (long i = 0; i < (long)t->nrows * t->ncols; i++) free(t->cells[i].s);
    free(t->names);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

static int table_columns(table *t, int ncols, ct_error *err)
{
    t->ncols = ncols;
    t->names = calloc((size_t)ncols, sizeof *t->names);
    return t->names ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory");
}

static cell *table_add_row(table *t, ct_error *err)
{
    if (t->nrows == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        cell *c = realloc(t->cells, (size_t)cap * (size_t)t->ncols * sizeof *c);
        if (!c) {
            ct_error_set(err, CT_ENOMEM, "out of memory");
            return NULL;
        }
        t->cells = c;
        t->cap = cap;
    }
    cell *row = t->cells + (size_t)t->nrows++ * (size_t)t->ncols;
    memset(row, 0, (size_t)t->ncols * sizeof *row);
    for (int c = 0; c < t->ncols; c++) row[c].type = SQLITE_NULL;
    return row;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Append the rows of sql (bound ?1 = run); names NULL: the SQL's own. */
static int load(bench_db *db, const char *sql, int64_t run, const char *const *names, table *t,
                ct_error *err)
{
    sqlite3_stmt *st = NULL;
    int step, rc = CT_OK;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return bench_db_error(db, err, "reading the table");
    sqlite3_bind_int64(st, 1, run);
    if (!t->ncols) {
        rc = table_columns(t, sqlite3_column_count(st), err);
        for (int c = 0; rc == CT_OK && c < t->ncols; c++)
            if (!(t->names[c] = dup(names ? names[c] : sqlite3_column_name(st, c))))
                rc = ct_error_set(err, CT_ENOMEM, "out of memory");
    }
    while (rc == CT_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        cell *row = table_add_row(t, err);
        if (!row) {
            rc = CT_ENOMEM;
            break;
        }
        for (int c = 0; c < t->ncols; c++) {
            row[c].type = sqlite3_column_type(st, c);
            if (row[c].type == SQLITE_INTEGER) row[c].i = sqlite3_column_int64(st, c);
            else if (row[c].type == SQLITE_FLOAT) row[c].d = sqlite3_column_double(st, c);
            else if (row[c].type != SQLITE_NULL) {
                row[c].type = SQLITE_TEXT;
                row[c].s = dup((const char *)sqlite3_column_text(st, c));
            }
        }
    }
    if (rc == CT_OK && step != SQLITE_DONE) rc = bench_db_error(db, err, "reading the table");
    sqlite3_finalize(st);
    return rc;
}

static int col_index(const table *t, const char *name, size_t len)
{
    for (int c = 0; c < t->ncols; c++)
        if (strlen(t->names[c]) == len && !strncmp(t->names[c], name, len)) return c;
    return -1;
}

/* "insertion=natural base=2 si=sum batch=512" -> one cell per key. */
static void build_value(const char *text, const char *key, cell *out)
{
    size_t klen = strlen(key);
    memset(out, 0, sizeof *out);
    out->type = SQLITE_NULL;
    for (const char *p = text; p && *p;) {
        while (*p == ' ') p++;
        if (!strncmp(p, key, klen) && p[klen] == '=') {
            const char *v = p + klen + 1, *end = strchr(v, ' ');
            size_t n = end ? (size_t)(end - v) : strlen(v);
            char *s = malloc(n + 1), *num_end = NULL;
            if (!s) return;
            memcpy(s, v, n);
            s[n] = 0;
            double d = strtod(s, &num_end);
            if (n && *num_end == 0) {
                out->type = d == floor(d) && fabs(d) < 1e15 ? SQLITE_INTEGER : SQLITE_FLOAT;
                out->i = (long long)d;
                out->d = d;
                free(s);
            } else {
                out->type = SQLITE_TEXT;
                out->s = s;
            }
            return;
        }
        p = strchr(p, ' ');
    }
}

static int split_build(table *t, ct_error *err)
{
    static const char *const keys[] = {"insertion", "base", "si", "batch"};
    int b = col_index(t, "build", 5);
    table n;
    if (b < 0) return CT_OK;
    memset(&n, 0, sizeof n);
    if (table_columns(&n, t->ncols + 3, err) != CT_OK) return CT_ENOMEM;
    for (int c = 0, o = 0; c < t->ncols; c++) {
        if (c != b) {
            n.names[o++] = dup(t->names[c]);
            continue;
        }
        for (int k = 0; k < 4; k++) {
            char name[32];
            snprintf(name, sizeof name, "build_%s", keys[k]);
            n.names[o++] = dup(name);
        }
    }
    for (int r = 0; r < t->nrows; r++) {
        cell *from = t->cells + (size_t)r * (size_t)t->ncols, *to = table_add_row(&n, err);
        if (!to) {
            table_free(&n);
            return CT_ENOMEM;
        }
        for (int c = 0, o = 0; c < t->ncols; c++) {
            if (c != b) {
                to[o++] = from[c];
                from[c].s = NULL;
                continue;
            }
            for (int k = 0; k < 4; k++)
                build_value(from[c].type == SQLITE_TEXT ? from[c].s : "", keys[k], &to[o++]);
        }
    }
    table_free(t);
    *t = n;
    return CT_OK;
}

static void cell_text(const cell *c, int human, char *buf, size_t size)
{
    double a;
    switch (c->type) {
    case SQLITE_NULL: buf[0] = 0; break;
    case SQLITE_INTEGER: snprintf(buf, size, "%lld", c->i); break;
    case SQLITE_FLOAT:
        a = fabs(c->d);
        if (!human) snprintf(buf, size, "%.9g", c->d);
        else if (a >= 100 || c->d == 0) snprintf(buf, size, "%.0f", c->d);
        else if (a >= 1) snprintf(buf, size, "%.2f", c->d);
        else snprintf(buf, size, "%.3g", c->d);
        break;
    default: snprintf(buf, size, "%s", c->s); break;
    }
}

/* Keep the columns of a comma list, in its order. */
static int select_columns(table *t, const char *list, const char *table_name, ct_error *err)
{
    int idx[256], n = 0;
    table s;
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int c = col_index(t, p, len);
        if (c < 0) {
            char known[2048] = "";
            for (int k = 0; k < t->ncols; k++) {
                size_t l = strlen(known);
                snprintf(known + l, sizeof known - l, "%s%s", k ? "," : "", t->names[k]);
            }
            return ct_error_set(err, CT_EINVAL, "--columns: no column '%.*s' in table %s (%s)",
                                (int)len, p, table_name, known);
        }
        if (n == 256) return ct_error_set(err, CT_EINVAL, "--columns: more than 256 columns");
        idx[n++] = c;
        p = end ? end + 1 : p + len;
    }
    if (!n) return ct_error_set(err, CT_EINVAL, "--columns: an empty list");
    memset(&s, 0, sizeof s);
    if (table_columns(&s, n, err) != CT_OK) return CT_ENOMEM;
    for (int c = 0; c < n; c++) s.names[c] = dup(t->names[idx[c]]);
    for (int r = 0; r < t->nrows; r++) {
        cell *from = t->cells + (size_t)r * (size_t)t->ncols, *to = table_add_row(&s, err);
        if (!to) {
            table_free(&s);
            return CT_ENOMEM;
        }
        for (int c = 0; c < n; c++) {
            to[c] = from[idx[c]];
            if (to[c].s) to[c].s = dup(to[c].s);
        }
    }
    table_free(t);
    *t = s;
    return CT_OK;
}

/* Rows keyed by every column but the pivot and the last; the pivot's values
 * (in order of appearance) become columns holding the last column's value. */
static int pivot(table *t, const char *col, ct_error *err)
{
    int p = col_index(t, col, strlen(col)), v = t->ncols - 1, nkeys = 0, nvals = 0, rc = CT_OK;
    char **vals = NULL, buf[512], key[4096];
    char **row_keys = NULL;
    int *key_of_row = NULL, *filled = NULL;
    table o;
    if (p < 0) return ct_error_set(err, CT_EINVAL, "--pivot: '%s' is not among the columns", col);
    if (p == v)
        return ct_error_set(err, CT_EINVAL,
                            "--pivot: '%s' is the last column, which is the value; list the "
                            "value column last",
                            col);
    vals = calloc((size_t)t->nrows + 1, sizeof *vals);
    row_keys = calloc((size_t)t->nrows + 1, sizeof *row_keys);
    key_of_row = calloc((size_t)t->nrows + 1, sizeof *key_of_row);
    filled = calloc((size_t)t->nrows + 1, sizeof *filled);
    memset(&o, 0, sizeof o);
    if (!vals || !row_keys || !key_of_row || !filled)
        rc = ct_error_set(err, CT_ENOMEM, "out of memory");
    for (int r = 0; rc == CT_OK && r < t->nrows; r++) {
        cell *row = t->cells + (size_t)r * (size_t)t->ncols;
        int j;
        cell_text(&row[p], 0, buf, sizeof buf);
        for (j = 0; j < nvals && strcmp(vals[j], buf); j++) continue;
        if (j == nvals) vals[nvals++] = dup(buf);
        key[0] = 0;
        for (int c = 0; c < t->ncols; c++) {
            size_t l = strlen(key);
            if (c == p || c == v) continue;
            cell_text(&row[c], 0, buf, sizeof buf);
            snprintf(key + l, sizeof key - l, "%s\x1f", buf);
        }
        for (j = 0; j < nkeys && strcmp(row_keys[j], key); j++) continue;
        if (j == nkeys) row_keys[nkeys++] = dup(key);
        key_of_row[r] = j;
    }
    if (rc == CT_OK) rc = table_columns(&o, t->ncols - 2 + nvals, err);
    for (int c = 0, k = 0; rc == CT_OK && c < t->ncols; c++)
        if (c != p && c != v) o.names[k++] = dup(t->names[c]);
    for (int j = 0; rc == CT_OK && j < nvals; j++) {
        snprintf(buf, sizeof buf, "%s %s=%s", t->names[v], t->names[p], vals[j]);
        o.names[t->ncols - 2 + j] = dup(buf);
    }
    for (int j = 0; rc == CT_OK && j < nkeys; j++)
        if (!table_add_row(&o, err)) rc = CT_ENOMEM;
    for (int r = 0; rc == CT_OK && r < t->nrows; r++) {
        cell *from = t->cells + (size_t)r * (size_t)t->ncols;
        cell *to = o.cells + (size_t)key_of_row[r] * (size_t)o.ncols;
        int j;
        cell_text(&from[p], 0, buf, sizeof buf);
        for (j = 0; strcmp(vals[j], buf); j++) continue;
        if (!filled[key_of_row[r]]++)
            for (int c = 0, k = 0; c < t->ncols; c++)
                if (c != p && c != v) {
                    to[k] = from[c];
                    if (to[k].s) to[k].s = dup(to[k].s);
                    k++;
                }
        free(to[t->ncols - 2 + j].s);
        to[t->ncols - 2 + j] = from[v];
        if (from[v].s) to[t->ncols - 2 + j].s = dup(from[v].s);
    }
    for (int j = 0; j < nvals; j++) free(vals[j]);
    for (int j = 0; j < nkeys; j++) free(row_keys[j]);
    free(vals);
    free(row_keys);
    free(key_of_row);
    free(filled);
    if (rc != CT_OK) {
        table_free(&o);
        return rc;
    }
    table_free(t);
    *t = o;
    return CT_OK;
}

static int numeric_column(const table *t, int c)
{
    int any = 0;
    for (int r = 0; r < t->nrows; r++) {
        int type = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c].type;
        if (type == SQLITE_TEXT) return 0;
        any |= type != SQLITE_NULL;
    }
    return any;
}

static void csv_text(FILE *out, const char *t)
{
    if (!strpbrk(t, ",\"\n")) {
        fputs(t, out);
        return;
    }
    fputc('"', out);
    for (; *t; t++) {
        if (*t == '"') fputc('"', out);
        fputc(*t, out);
    }
    fputc('"', out);
}

static void latex_text(FILE *out, const char *t)
{
    for (; *t; t++) {
        switch (*t) {
        case '_':
        case '&':
        case '%':
        case '#':
        case '$':
        case '{':
        case '}': fprintf(out, "\\%c", *t); break;
        case '~': fputs("\\textasciitilde{}", out); break;
        case '^': fputs("\\textasciicircum{}", out); break;
        case '\\': fputs("\\textbackslash{}", out); break;
        default: fputc(*t, out);
        }
    }
}

static void markdown_text(FILE *out, const char *t)
{
    for (; *t; t++) {
        if (*t == '|') fputc('\\', out);
        fputc(*t == '\n' ? ' ' : *t, out);
    }
}

static void write_table(const table *t, bench_table_format f, FILE *out)
{
    char buf[4096];
    int human = f == BENCH_TABLE_MARKDOWN || f == BENCH_TABLE_LATEX;
    int *num = calloc((size_t)t->ncols + 1, sizeof *num);
    for (int c = 0; num && c < t->ncols; c++) num[c] = numeric_column(t, c);
    if (f == BENCH_TABLE_JSON) fputc('[', out);
    if (f == BENCH_TABLE_LATEX) {
        fputs("\\begin{tabular}{", out);
        for (int c = 0; c < t->ncols; c++) fputc(num && num[c] ? 'r' : 'l', out);
        fputs("}\n\\toprule\n", out);
    }
    if (f != BENCH_TABLE_JSON) {
        for (int c = 0; c < t->ncols; c++) {
            if (f == BENCH_TABLE_CSV) {
                fputs(c ? "," : "", out);
                csv_text(out, t->names[c]);
            } else if (f == BENCH_TABLE_MARKDOWN) {
                fputs(c ? " | " : "| ", out);
                markdown_text(out, t->names[c]);
            } else {
                fputs(c ? " & " : "", out);
                latex_text(out, t->names[c]);
            }
        }
        fputs(f == BENCH_TABLE_MARKDOWN ? " |\n" : f == BENCH_TABLE_LATEX ? " \\\\\n" : "\n", out);
        if (f == BENCH_TABLE_MARKDOWN) {
            for (int c = 0; c < t->ncols; c++) fputs(num && num[c] ? "|---:" : "|:---", out);
            fputs("|\n", out);
        }
        if (f == BENCH_TABLE_LATEX) fputs("\\midrule\n", out);
    }
    for (int r = 0; r < t->nrows; r++) {
        const cell *row = t->cells + (size_t)r * (size_t)t->ncols;
        if (f == BENCH_TABLE_JSON) fputs(r ? ",\n  {" : "\n  {", out);
        for (int c = 0; c < t->ncols; c++) {
            cell_text(&row[c], human, buf, sizeof buf);
            switch (f) {
            case BENCH_TABLE_CSV:
                if (c) fputc(',', out);
                csv_text(out, buf);
                break;
            case BENCH_TABLE_MARKDOWN:
                fputs(c ? " | " : "| ", out);
                markdown_text(out, buf);
                break;
            case BENCH_TABLE_LATEX:
                if (c) fputs(" & ", out);
                latex_text(out, buf);
                break;
            case BENCH_TABLE_JSON:
                fprintf(out, "%s", c ? ", " : "");
                bench_json_string(out, t->names[c]);
                fputs(": ", out);
                if (row[c].type == SQLITE_NULL) fputs("null", out);
                else if (row[c].type == SQLITE_INTEGER) fprintf(out, "%lld", row[c].i);
                else if (row[c].type == SQLITE_FLOAT) bench_json_number(out, row[c].d);
                else bench_json_string(out, row[c].s);
                break;
            }
        }
        fputs(f == BENCH_TABLE_MARKDOWN ? " |\n"
              : f == BENCH_TABLE_LATEX  ? " \\\\\n"
              : f == BENCH_TABLE_JSON   ? "}"
                                        : "\n",
              out);
    }
    if (f == BENCH_TABLE_JSON) fputs(t->nrows ? "\n]\n" : "]\n", out);
    if (f == BENCH_TABLE_LATEX) fputs("\\bottomrule\n\\end{tabular}\n", out);
    free(num);
}

/* The variant column's names replaced by their labels (exact match). */
static int relabel(table *t, const bench_table_request *req, ct_error *err)
{
    int c = col_index(t, "variant", strlen("variant"));
    for (long r = 0; c >= 0 && r < t->nrows; r++) {
        cell *x = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
        for (int i = 0; x->type == SQLITE_TEXT && x->s && i < req->n_labels; i++) {
            if (strcmp(x->s, req->labels[i].from) != 0) continue;
            char *to = dup(req->labels[i].to);
            if (!to) return ct_error_set(err, CT_ENOMEM, "out of memory");
            free(x->s);
            x->s = to;
            break;
        }
    }
    return CT_OK;
}

int bench_table_write(bench_db *db, const bench_table_request *req, FILE *out, ct_error *err)
{
    const char *name = req->table ? req->table : "summary";
    table t;
    int rc = CT_OK, i;
    memset(&t, 0, sizeof t);
    if (!strcmp(name, "summary")) {
        rc = load(db, bench_export_query_sql, req->run, bench_export_columns, &t, err);
        if (rc == CT_OK) rc = load(db, bench_export_setup_sql, req->run, NULL, &t, err);
    } else {
        char sql[4096];
        for (i = 0; i < N_TABLES && strcmp(tables[i].name, name); i++) continue;
        if (i == N_TABLES)
            return ct_error_set(err, CT_EINVAL,
                                "--table: '%s' is not one of summary, query, setup, tree, "
                                "sample, run",
                                name);
        snprintf(sql, sizeof sql, "SELECT * FROM (%s) WHERE (?1 = 0 OR run = ?1)", tables[i].sql);
        rc = load(db, sql, req->run, NULL, &t, err);
        if (rc == CT_OK && tables[i].split_build) rc = split_build(&t, err);
    }
    if (rc == CT_OK && req->n_labels) rc = relabel(&t, req, err);
    if (rc == CT_OK && req->columns) rc = select_columns(&t, req->columns, name, err);
    if (rc == CT_OK && req->pivot) rc = pivot(&t, req->pivot, err);
    if (rc == CT_OK) write_table(&t, req->format, out);
    table_free(&t);
    return rc;
}
