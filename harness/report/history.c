/* history.c -- the series of `ctbench history` and their change points, from
 * runs already in memory (history.h).  Pure, so the tests can build runs
 * with known steps. */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

void bench_history_query_default(bench_history_query *q)
{
    memset(q, 0, sizeof *q);
    bench_cp_options_default(&q->cp);
}

/* a sample while the series is collected */
typedef struct raw_sample {
    double value;
    int64_t run_id;
    int run_index; /* position of its run in the input order */
} raw_sample;

typedef struct collecting {
    bench_history_series s;
    raw_sample *raw;
    int n_raw, cap_raw;
} collecting;

static int same_unit(const bench_history_series *s, const bench_unit *u)
{
    return !strcmp(s->variant, u->variant) && !strcmp(s->workload, u->workload) &&
           !strcmp(s->build, u->build) && s->threads == u->threads && s->k == u->k &&
           s->nq == u->nq && s->predecessor == u->predecessor && s->exclude_self == u->exclude_self;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* the median of the timed samples, in milliseconds; NaN when none */
static double median_ms(const bench_samples *s)
{
    double *copy, m;
    if (s->n <= 0) return NAN;
    copy = malloc((size_t)s->n * sizeof *copy);
    if (!copy) return NAN;
    memcpy(copy, s->ns, (size_t)s->n * sizeof *copy);
    qsort(copy, (size_t)s->n, sizeof *copy, cmp_double);
    m = s->n % 2 ? copy[s->n / 2] : 0.5 * (copy[s->n / 2 - 1] + copy[s->n / 2]);
    free(copy);
    return m / 1e6;
}

typedef struct builder {
    collecting *c;
    int n, cap;
} builder;

static collecting *find_series(builder *b, const bench_unit *u, const char *machine_id,
                               const char *machine, const char *metric, ct_error *err)
{
    collecting *c;
    for (int i = 0; i < b->n; i++) {
        c = &b->c[i];
        if (same_unit(&c->s, u) && !strcmp(c->s.machine_id, machine_id) &&
            !strcmp(c->s.metric, metric))
            return c;
    }
    if (b->n == b->cap) {
        int ncap = b->cap ? 2 * b->cap : 16;
        collecting *grown = realloc(b->c, (size_t)ncap * sizeof *grown);
        if (!grown) {
            ct_error_set(err, CT_ENOMEM, "out of memory building the history");
            return NULL;
        }
        b->c = grown;
        b->cap = ncap;
    }
    c = &b->c[b->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->s.variant, sizeof c->s.variant, "%s", u->variant);
    snprintf(c->s.workload, sizeof c->s.workload, "%s", u->workload);
    snprintf(c->s.build, sizeof c->s.build, "%s", u->build);
    c->s.threads = u->threads;
    c->s.k = u->k;
    c->s.nq = u->nq;
    c->s.predecessor = u->predecessor;
    c->s.exclude_self = u->exclude_self;
    snprintf(c->s.machine_id, sizeof c->s.machine_id, "%s", machine_id);
    snprintf(c->s.machine, sizeof c->s.machine, "%s", machine);
    snprintf(c->s.metric, sizeof c->s.metric, "%s", metric);
    return c;
}

static int add_sample(builder *b, const bench_unit *u, const bench_unit_set *set, int run_index,
                      int all_machines, const char *metric, double value, ct_error *err)
{
    collecting *c;
    if (!isfinite(value)) return CT_OK;
    c = find_series(b, u, all_machines ? "" : set->machine_id, all_machines ? "" : set->machine,
                    metric, err);
    if (!c) return CT_ENOMEM;
    if (c->n_raw == c->cap_raw) {
        int ncap = c->cap_raw ? 2 * c->cap_raw : 16;
        raw_sample *grown = realloc(c->raw, (size_t)ncap * sizeof *grown);
        if (!grown) return ct_error_set(err, CT_ENOMEM, "out of memory building the history");
        c->raw = grown;
        c->cap_raw = ncap;
    }
    c->raw[c->n_raw].value = value;
    c->raw[c->n_raw].run_id = set->run_id;
    c->raw[c->n_raw].run_index = run_index;
    c->n_raw++;
    return CT_OK;
}

static int unit_matches(const bench_unit *u, const bench_history_query *q)
{
    if (!u->valid) return 0;
    if (q->variant && fnmatch(q->variant, u->variant, 0) != 0) return 0;
    if (q->workload && fnmatch(q->workload, u->workload, 0) != 0) return 0;
    return 1;
}

static int collect(builder *b, const bench_history_run *runs, int n_runs,
                   const bench_history_query *q, ct_error *err)
{
    for (int r = 0; r < n_runs; r++) {
        const bench_unit_set *set = &runs[r].set;
        for (int i = 0; i < set->n; i++) {
            const bench_unit *u = &set->units[i];
            int rc;
            if (!unit_matches(u, q)) continue;
            if (!q->metric || !strcmp(q->metric, "time")) {
                rc = add_sample(b, u, set, r, q->all_machines, "time", median_ms(&u->samples), err);
                if (rc != CT_OK) return rc;
            }
            for (int m = 0; m < u->n_metrics; m++) {
                if (q->metric && strcmp(q->metric, u->metrics[m].name) != 0) continue;
                rc = add_sample(b, u, set, r, q->all_machines, u->metrics[m].name,
                                u->metrics[m].value, err);
                if (rc != CT_OK) return rc;
            }
        }
    }
    return CT_OK;
}

static const char *note_for(const bench_annotation *notes, int n_notes, const char *commit,
                            const int64_t *run_ids, int count)
{
    for (int a = 0; a < n_notes; a++) {
        const bench_annotation *note = &notes[a];
        if (note->run_id > 0) {
            for (int i = 0; i < count; i++)
                if (run_ids[i] == note->run_id) return note->text;
        } else if (note->commit[0] && commit[0] &&
                   !strncmp(commit, note->commit, strlen(note->commit))) {
            return note->text;
        }
    }
    return NULL;
}

/* The points of one series: its samples grouped by commit, the commits in
 * the order their first run came. */
static int make_points(collecting *c, const bench_history_run *runs, const bench_history *h,
                       ct_error *err)
{
    bench_history_series *s = &c->s;
    int *point_of = calloc((size_t)c->n_raw, sizeof *point_of);
    s->values = malloc((size_t)c->n_raw * sizeof *s->values);
    s->run_ids = malloc((size_t)c->n_raw * sizeof *s->run_ids);
    s->points = calloc((size_t)c->n_raw, sizeof *s->points);
    if (!point_of || !s->values || !s->run_ids || !s->points) {
        free(point_of);
        return ct_error_set(err, CT_ENOMEM, "out of memory building the history");
    }
    for (int i = 0; i < c->n_raw; i++) {
        const char *commit = runs[c->raw[i].run_index].set.git_commit;
        int p;
        /* a run of an unknown commit is a position of its own */
        for (p = 0; commit[0] && p < s->n_points; p++)
            if (!strcmp(s->points[p].commit, commit)) break;
        if (!commit[0]) p = s->n_points;
        if (p == s->n_points) {
            snprintf(s->points[p].commit, sizeof s->points[p].commit, "%s", commit);
            snprintf(s->points[p].commit_time, sizeof s->points[p].commit_time, "%s",
                     runs[c->raw[i].run_index].commit_time);
            s->n_points++;
        }
        point_of[i] = p;
        s->points[p].count++;
    }
    for (int p = 0, at = 0; p < s->n_points; p++) {
        s->points[p].first = at;
        at += s->points[p].count;
        s->points[p].count = 0;
    }
    for (int i = 0; i < c->n_raw; i++) {
        bench_history_point *pt = &s->points[point_of[i]];
        s->values[pt->first + pt->count] = c->raw[i].value;
        s->run_ids[pt->first + pt->count] = c->raw[i].run_id;
        pt->count++;
    }
    s->n_values = c->n_raw;
    for (int p = 0; p < s->n_points; p++) {
        bench_history_point *pt = &s->points[p];
        double sum = 0;
        for (int i = 0; i < pt->count; i++) sum += s->values[pt->first + i];
        pt->mean = sum / pt->count;
        pt->annotation = note_for(h->annotations, h->n_annotations, pt->commit,
                                  s->run_ids + pt->first, pt->count);
    }
    free(point_of);
    return CT_OK;
}

static int find_changes(bench_history_series *s, const bench_cp_options *base, ct_error *err)
{
    bench_cp_options opt = *base;
    bench_change_point *cp;
    int64_t *groups;
    int count = 0, exact = 0, rc;
    if (s->n_points < 2) return CT_OK;
    groups = malloc((size_t)s->n_values * sizeof *groups);
    cp = malloc((size_t)s->n_points * sizeof *cp);
    if (!groups || !cp) {
        free(groups);
        free(cp);
        return ct_error_set(err, CT_ENOMEM, "out of memory finding change points");
    }
    for (int p = 0; p < s->n_points; p++)
        for (int i = 0; i < s->points[p].count; i++) groups[s->points[p].first + i] = p;
    opt.mode = strcmp(s->metric, "time") != 0 ? BENCH_CP_EXACT : BENCH_CP_NOISY;
    rc = bench_changepoints(s->values, groups, s->n_values, &opt, cp, s->n_points, &count, &exact,
                            err);
    if (rc == CT_EINVAL && opt.mode == BENCH_CP_EXACT) {
        /* the runs of one commit disagree: not deterministic after all */
        ct_error_clear(err);
        opt.mode = BENCH_CP_NOISY;
        rc = bench_changepoints(s->values, groups, s->n_values, &opt, cp, s->n_points, &count,
                                &exact, err);
    }
    if (rc == CT_OK) {
        s->deterministic = exact;
        s->changes = count ? calloc((size_t)count, sizeof *s->changes) : NULL;
        if (count && !s->changes) rc = ct_error_set(err, CT_ENOMEM, "out of memory");
    }
    for (int i = 0; rc == CT_OK && i < count; i++) {
        bench_history_change *ch = &s->changes[i];
        ch->position = cp[i].position;
        snprintf(ch->from_commit, sizeof ch->from_commit, "%s",
                 s->points[cp[i].position - 1].commit);
        snprintf(ch->to_commit, sizeof ch->to_commit, "%s", s->points[cp[i].position].commit);
        ch->before = cp[i].mean_before;
        ch->after = cp[i].mean_after;
        ch->rel_step = cp[i].rel_step;
        ch->p_value = cp[i].p_value;
        ch->exact = exact;
    }
    if (rc == CT_OK) s->n_changes = count;
    free(groups);
    free(cp);
    return rc;
}

static int series_order(const void *pa, const void *pb)
{
    const bench_history_series *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->variant, b->variant))) return c;
    if ((c = strcmp(a->workload, b->workload))) return c;
    if ((c = strcmp(a->build, b->build))) return c;
    if (a->threads != b->threads) return a->threads - b->threads;
    if (a->k != b->k) return a->k - b->k;
    if (a->nq != b->nq) return a->nq - b->nq;
    if (a->predecessor != b->predecessor) return a->predecessor - b->predecessor;
    if (a->exclude_self != b->exclude_self) return a->exclude_self - b->exclude_self;
    if ((c = strcmp(a->machine_id, b->machine_id))) return c;
    return strcmp(a->metric, b->metric);
}

int bench_history_build(const bench_history_run *runs, int n_runs, const bench_annotation *notes,
                        int n_notes, const bench_history_query *q, bench_history *out,
                        ct_error *err)
{
    builder b = {NULL, 0, 0};
    int rc;
    memset(out, 0, sizeof *out);
    out->runs = n_runs;
    if (n_notes > 0) {
        out->annotations = malloc((size_t)n_notes * sizeof *notes);
        if (!out->annotations) return ct_error_set(err, CT_ENOMEM, "out of memory");
        memcpy(out->annotations, notes, (size_t)n_notes * sizeof *notes);
        out->n_annotations = n_notes;
    }
    rc = collect(&b, runs, n_runs, q, err);
    bench_cp_options cp = q->cp;
    if (q->bonferroni) {
        int timing = 0;
        for (int i = 0; i < b.n; i++) timing += !strcmp(b.c[i].s.metric, "time");
        if (timing > 1) cp.significance /= timing;
    }
    for (int i = 0; i < b.n; i++) {
        if (rc == CT_OK) rc = make_points(&b.c[i], runs, out, err);
        if (rc == CT_OK) rc = find_changes(&b.c[i].s, &cp, err);
        free(b.c[i].raw);
    }
    if (b.n) {
        out->series = malloc((size_t)b.n * sizeof *out->series);
        if (!out->series && rc == CT_OK) rc = ct_error_set(err, CT_ENOMEM, "out of memory");
        for (int i = 0; i < b.n; i++) {
            if (out->series) out->series[out->n++] = b.c[i].s;
            else {
                free(b.c[i].s.points);
                free(b.c[i].s.values);
                free(b.c[i].s.run_ids);
                free(b.c[i].s.changes);
            }
        }
    }
    free(b.c);
    if (rc == CT_OK && out->n > 1)
        qsort(out->series, (size_t)out->n, sizeof *out->series, series_order);
    if (rc != CT_OK) bench_history_free(out);
    return rc;
}

void bench_history_free(bench_history *h)
{
    for (int i = 0; i < h->n; i++) {
        free(h->series[i].points);
        free(h->series[i].values);
        free(h->series[i].run_ids);
        free(h->series[i].changes);
    }
    free(h->series);
    free(h->annotations);
    memset(h, 0, sizeof *h);
}
