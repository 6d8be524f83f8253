/* baseline_file.c -- write and read baseline files (baseline_file.h). */
#define _POSIX_C_SOURCE 200809L
#include "baseline_file.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char header[] = "variant\tworkload\tbuild\tthreads\tk\tnq\tpredecessor\texclude_self\t"
                             "content_hash\texact\tverified\tvalid\tanswer_hash\tmetrics";

static int key_cmp(const void *a, const void *b)
{
    const bench_unit *x = *(const bench_unit *const *)a, *y = *(const bench_unit *const *)b;
    int c;
    if ((c = strcmp(x->workload, y->workload))) return c;
    if ((c = strcmp(x->variant, y->variant))) return c;
    if ((c = strcmp(x->build, y->build))) return c;
    if (x->threads != y->threads) return x->threads < y->threads ? -1 : 1;
    if (x->k != y->k) return x->k < y->k ? -1 : 1;
    if (x->nq != y->nq) return x->nq < y->nq ? -1 : 1;
    if (x->predecessor != y->predecessor) return x->predecessor - y->predecessor;
    return x->exclude_self - y->exclude_self;
}

/* A field must not hold a tab or a newline. */
static int clean(const char *s)
{
    return strpbrk(s, "\t\n\r") == NULL;
}

int bench_baseline_write(const bench_unit_set *set, FILE *out, ct_error *err)
{
    const bench_unit **order = malloc((size_t)(set->n > 0 ? set->n : 1) * sizeof *order);
    if (!order) return ct_error_set(err, CT_ENOMEM, "out of memory");
    for (int i = 0; i < set->n; i++) order[i] = &set->units[i];
    qsort(order, (size_t)set->n, sizeof *order, key_cmp);
    fprintf(out, "%s\n# commit\t%s\tname\t%s\trun\t%lld\n%s\n", BENCH_BASELINE_MAGIC,
            set->git_commit, set->name, (long long)set->run_id, header);
    for (int i = 0; i < set->n; i++) {
        const bench_unit *u = order[i];
        if (!clean(u->variant) || !clean(u->workload) || !clean(u->build)) {
            free(order);
            return ct_error_set(err, CT_EINVAL, "unit '%s' has a tab or newline in its key",
                                u->variant);
        }
        fprintf(out, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%d\t%s\t%d\t%s\t", u->variant,
                u->workload, u->build, u->threads, u->k, u->nq, u->predecessor, u->exclude_self,
                u->content_hash, u->exact_variant, u->verified, u->valid,
                u->answer_hash[0] ? u->answer_hash : "-");
        for (int m = 0; m < u->n_metrics; m++)
            fprintf(out, "%s%s=%.17g", m ? " " : "", u->metrics[m].name, u->metrics[m].value);
        fputc('\n', out);
    }
    free(order);
    return CT_OK;
}

int bench_baseline_is_file(const char *path)
{
    char line[64] = "";
    FILE *f = fopen(path, "r");
    int yes;
    if (!f) return 0;
    yes = fgets(line, sizeof line, f) &&
          !strncmp(line, BENCH_BASELINE_MAGIC, strlen(BENCH_BASELINE_MAGIC));
    fclose(f);
    return yes;
}

/* Split s at tabs into at most max fields; the count. */
static int split_tabs(char *s, char **field, int max)
{
    int n = 0;
    while (n < max) {
        field[n++] = s;
        s = strchr(s, '\t');
        if (!s) break;
        *s++ = '\0';
    }
    return n;
}

static int parse_int(const char *s, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < -1000000000L || v > 1000000000L) return -1;
    *out = (int)v;
    return 0;
}

static int parse_metrics(char *s, bench_unit *u)
{
    char *save = NULL;
    for (char *tok = strtok_r(s, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '='), *end;
        if (!eq || eq == tok || u->n_metrics >= BENCH_UNIT_MAX_METRICS ||
            (size_t)(eq - tok) >= BENCH_METRIC_NAME_MAX)
            return -1;
        *eq = '\0';
        snprintf(u->metrics[u->n_metrics].name, BENCH_METRIC_NAME_MAX, "%s", tok);
        u->metrics[u->n_metrics].value = strtod(eq + 1, &end);
        if (end == eq + 1 || *end) return -1;
        u->n_metrics++;
    }
    return 0;
}

static int parse_row(char *line, bench_unit *u)
{
    char *f[14];
    memset(u, 0, sizeof *u);
    if (split_tabs(line, f, 14) != 14) return -1;
    snprintf(u->variant, sizeof u->variant, "%s", f[0]);
    snprintf(u->workload, sizeof u->workload, "%s", f[1]);
    snprintf(u->build, sizeof u->build, "%s", f[2]);
    if (parse_int(f[3], &u->threads) || parse_int(f[4], &u->k) || parse_int(f[5], &u->nq) ||
        parse_int(f[6], &u->predecessor) || parse_int(f[7], &u->exclude_self) ||
        parse_int(f[9], &u->exact_variant) || parse_int(f[11], &u->valid))
        return -1;
    snprintf(u->content_hash, sizeof u->content_hash, "%s", f[8]);
    snprintf(u->verified, sizeof u->verified, "%s", f[10]);
    snprintf(u->answer_hash, sizeof u->answer_hash, "%s", strcmp(f[12], "-") ? f[12] : "");
    if (!u->variant[0] || !u->workload[0] || !u->content_hash[0]) return -1;
    {
        const double *r;
        if (parse_metrics(f[13], u) != 0) return -1;
        r = bench_unit_metric_value(u, "recall");
        u->recall = r ? *r : NAN;
    }
    return 0;
}

int bench_baseline_read(const char *path, bench_unit_set *set, ct_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, cap_units = 0, rc = CT_OK;
    memset(set, 0, sizeof *set);
    if (!f) return ct_error_set(err, CT_EIO, "cannot read %s: %s", path, strerror(errno));
    snprintf(set->label, sizeof set->label, "%s", path);
    snprintf(set->status, sizeof set->status, "complete");
    snprintf(set->name, sizeof set->name, "baseline file");
    set->run_noisy = -1;
    set->git_dirty = -1;
    set->is_file = 1;
    while (rc == CT_OK && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (lineno == 1) {
            if (strcmp(line, BENCH_BASELINE_MAGIC) != 0)
                rc = ct_error_set(err, CT_EFORMAT, "%s:1: not a ctbench baseline file", path);
            continue;
        }
        if (!strncmp(line, "# commit\t", 9)) {
            char *fl[6];
            if (split_tabs(line + 9, fl, 6) == 5) {
                snprintf(set->git_commit, sizeof set->git_commit, "%s", fl[0]);
                snprintf(set->name, sizeof set->name, "%s", fl[2]);
                set->run_id = strtoll(fl[4], NULL, 10);
            }
            continue;
        }
        if (line[0] == '#' || line[0] == '\0' || !strcmp(line, header)) continue;
        if (set->n == cap_units) {
            int ncap = cap_units ? 2 * cap_units : 64;
            bench_unit *p = realloc(set->units, (size_t)ncap * sizeof *p);
            if (!p) {
                rc = ct_error_set(err, CT_ENOMEM, "out of memory reading %s", path);
                break;
            }
            set->units = p;
            cap_units = ncap;
        }
        if (parse_row(line, &set->units[set->n]) != 0)
            rc = ct_error_set(err, CT_EFORMAT,
                              "%s:%d: malformed unit (14 tab-separated fields, metrics as "
                              "name=value)",
                              path, lineno);
        else set->n++;
    }
    if (rc == CT_OK && ferror(f)) rc = ct_error_set(err, CT_EIO, "cannot read %s", path);
    if (rc == CT_OK && lineno == 0)
        rc = ct_error_set(err, CT_EFORMAT, "%s is empty, not a ctbench baseline file", path);
    free(line);
    fclose(f);
    if (rc != CT_OK) bench_units_free(set);
    return rc;
}
