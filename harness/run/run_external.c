/* run_external.c -- one unit of an external program (run_internal.h), the
 * protocol of docs/EXTERNAL.md:
 *
 *   workload files (once per workload, in a private temporary folder)
 *   -> the unit's folder with request.json -> the process (fork + exec,
 *   timeout, wall time and peak memory from wait4) -> timings.json,
 *   indices.npy, distances.npy -> distances recomputed with the reference
 *   metric, rows sorted by them -> the tie-aware check against the oracle
 *   on the verification sample -> the program's own distances compared
 *   with the reference ones (recorded, no verdict).
 *
 * Every way the program can go wrong (cannot start, crash, non-zero exit,
 * timeout, missing or malformed output, NaN, out-of-range index) ends as a
 * failed unit with a note that names it; a program that cannot run here is
 * stored 'unavailable'.  Nothing the program writes can make the harness
 * fail: its outputs are read with size and shape checks first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child.h"
#include "ct/alloc.h"
#include "ct/metric.h"
#include "ct/npy.h"
#include "files.h"
#include "run_internal.h"
#include "run_external_json.h"

#define OWN_DISTANCE_TOLERANCE 1e-6

extern char **environ;

static void ext_fail(run_unit *u, const char *fmt, const char *a, const char *b)
{
    if (u->failed) return;
    u->failed = 1;
    snprintf(u->note, sizeof u->note, fmt, a, b ? b : "");
}

static void add_extra(run_unit *u, const char *name, double value, int has_value, const char *text)
{
    run_extra *x;
    if (u->n_extras == RUN_MAX_EXTRAS) return;
    x = &u->extras[u->n_extras++];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "%s", name);
    x->value = value;
    x->has_value = has_value;
    if (text) snprintf(x->text, sizeof x->text, "%s", text);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void run_external_cleanup(run_workload *w)
{
    if (!w->ext_dir[0]) return;
    /* the folder is ours (mkdtemp); its parent is removed when empty */
    nftw(w->ext_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    {
        char parent[sizeof w->ext_dir];
        char *slash;
        snprintf(parent, sizeof parent, "%s", w->ext_dir);
        slash = strrchr(parent, '/');
        if (slash) *slash = '\0', rmdir(parent);
    }
    w->ext_dir[0] = '\0';
}

/* ---- the workload's files ---------------------------------------------------- */

static int write_text(const char *path, const char *text, ct_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        if (f) fclose(f);
        return ct_error_set(err, CT_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    return CT_OK;
}

static int write_indices(const char *path, const int32_t *idx, int64_t n, ct_error *err)
{
    int64_t *wide = ct_malloc_array((size_t)(n > 0 ? n : 1), sizeof *wide);
    int rc;
    if (!wide) return ct_error_set(err, CT_ENOMEM, "out of memory for %s", path);
    for (int64_t i = 0; i < n; i++) wide[i] = idx[i];
    rc = ct_npy_save_i64_vector(path, wide, n, err);
    ct_free(wide);
    return rc;
}

static int write_workload(run_session *s, run_workload *w, ct_error *err)
{
    const ct_dataset *ds = &w->ds;
    const char *base = getenv("TMPDIR");
    char dir[900], path[1200], json[2048];
    size_t used;
    int rc;

    (void)s;
    snprintf(dir, sizeof dir, "%s/ctbench-ext-%ld-XXXXXX", base && *base ? base : "/tmp",
             (long)getpid());
    if (!mkdtemp(dir))
        return ct_error_set(err, CT_EIO,
                            "cannot create a folder for the external programs (%s): %s", dir,
                            strerror(errno));
    snprintf(w->ext_dir, sizeof w->ext_dir, "%s/w%lld", dir, (long long)w->workload_id);
    if (mkdir(w->ext_dir, 0700) != 0)
        return ct_error_set(err, CT_EIO, "cannot create %s: %s", w->ext_dir, strerror(errno));
    snprintf(path, sizeof path, "%s/points.npy", w->ext_dir);
    rc = ct_npy_save_f64(path, ds->x, ds->n, ds->dim, err);
    snprintf(path, sizeof path, "%s/V.npy", w->ext_dir);
    if (rc == CT_OK) rc = ct_npy_save_f64(path, ds->v, ds->n, ds->m, err);
    snprintf(path, sizeof path, "%s/p.npy", w->ext_dir);
    if (rc == CT_OK) rc = ct_npy_save_f64_vector(path, ds->p, ds->n, err);
    snprintf(path, sizeof path, "%s/inducing.npy", w->ext_dir);
    if (rc == CT_OK) rc = write_indices(path, ds->inducing, ds->m, err);
    snprintf(path, sizeof path, "%s/queries.npy", w->ext_dir);
    if (rc == CT_OK) rc = write_indices(path, w->queries, w->nq, err);
    if (rc != CT_OK) return rc;
    used = (size_t)snprintf(json, sizeof json,
                            "{\"protocol\": 1, \"n\": %d, \"dim\": %d, \"m\": %d, \"nq\": %d, "
                            "\"covariance\": \"%s\", \"variance\": %.17g, \"lengthscale\": [",
                            (int)ds->n, ds->dim, ds->m, (int)w->nq,
                            ct_covariance_kind_name(ds->cov.kind), ds->cov.variance);
    for (int t = 0; t < ds->dim && used < sizeof json; t++)
        used += (size_t)snprintf(json + used, sizeof json - used, "%s%.17g", t ? ", " : "",
                                 ds->cov.lengthscale[t]);
    if (used < sizeof json) snprintf(json + used, sizeof json - used, "]}\n");
    snprintf(path, sizeof path, "%s/workload.json", w->ext_dir);
    return write_text(path, json, err);
}

/* ---- the process ------------------------------------------------------------- */

typedef struct ext_call {
    char out[1200];
    char args[BENCH_EXTERNAL_ARGS + 2][1400];
    const char *argv[BENCH_EXTERNAL_ARGS + 3];
    char **envp;
    char env_threads[3][64];
} ext_call;

/* {in} and {out} replaced; both appended when the command names neither. */
static void build_argv(const bench_external *x, const char *in, const char *out, ext_call *c)
{
    int named = 0, n = 0;
    for (int a = 0; a < x->argc; a++) {
        const char *src = x->args[a];
        char *dst = c->args[n];
        size_t used = 0;
        while (*src && used + 1 < sizeof c->args[0]) {
            const char *rep = NULL;
            if (!strncmp(src, "{in}", 4)) rep = in, src += 4;
            else if (!strncmp(src, "{out}", 5)) rep = out, src += 5;
            if (rep) {
                named = 1;
                used += (size_t)snprintf(dst + used, sizeof c->args[0] - used, "%s", rep);
                if (used >= sizeof c->args[0]) used = sizeof c->args[0] - 1;
            } else {
                dst[used++] = *src++;
            }
        }
        dst[used] = '\0';
        c->argv[n] = c->args[n];
        n++;
    }
    if (!named) { /* in and out are short paths of ours (< 1200 bytes) */
        c->argv[n++] = in;
        c->argv[n++] = out;
    }
    c->argv[n] = NULL;
}

/* The environment with the thread counts set. */
static int build_env(int threads, ext_call *c)
{
    static const char *const vars[3] = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                        "MKL_NUM_THREADS"};
    size_t n = 0, k = 0;
    while (environ[n]) n++;
    c->envp = calloc(n + 4, sizeof *c->envp);
    if (!c->envp) return -1;
    for (size_t i = 0; i < n; i++) {
        int ours = 0;
        for (int v = 0; v < 3; v++)
            ours |= !strncmp(environ[i], vars[v], strlen(vars[v])) &&
                    environ[i][strlen(vars[v])] == '=';
        if (!ours) c->envp[k++] = environ[i];
    }
    for (int v = 0; v < 3; v++) {
        snprintf(c->env_threads[v], sizeof c->env_threads[v], "%s=%d", vars[v], threads);
        c->envp[k++] = c->env_threads[v];
    }
    c->envp[k] = NULL;
    return 0;
}

/* The last non-empty line of the program's log, for a note. */
static void log_tail(const char *out, char *buf, size_t size)
{
    char path[1300], *text = NULL, *end;
    ct_error e;
    buf[0] = '\0';
    snprintf(path, sizeof path, "%s/log.txt", out);
    if (bench_file_read_text(path, &text, NULL, &e) != CT_OK) return;
    end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ')) *--end = '\0';
    {
        char *line = strrchr(text, '\n');
        snprintf(buf, size, "%.200s", line ? line + 1 : text);
    }
    ct_free(text);
}

/* ---- the outputs --------------------------------------------------------------- */

/* Sort one row by (distance, index), padding (-1, +inf) last. */
static int cmp_pair(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] < y[0]) return -1;
    if (x[0] > y[0]) return 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* indices.npy and distances.npy into u->res (reference distances, sorted
 * rows); the program's own distances checked and compared. */
static int read_answers(run_workload *w, run_unit *u, const char *out, ct_error *err)
{
    const ct_dataset *ds = &w->ds;
    size_t cells = (size_t)w->nq * (size_t)u->k;
    int64_t *idx = ct_malloc_array(cells ? cells : 1, sizeof *idx);
    double *own = ct_malloc_array(cells ? cells : 1, sizeof *own);
    double *row = ct_malloc_array((size_t)u->k * 2, sizeof *row);
    double max_err = 0;
    long wrong = 0;
    char path[1300], where[160];
    int rc = CT_OK;

    if (!idx || !own || !row) {
        rc = ct_error_set(err, CT_ENOMEM, "out of memory for the answers of %s", u->name);
        goto done;
    }
    snprintf(path, sizeof path, "%s/indices.npy", out);
    if ((rc = ct_npy_load_exact(path, "<i8", w->nq, u->k, idx, err)) != CT_OK) goto done;
    snprintf(path, sizeof path, "%s/distances.npy", out);
    if ((rc = ct_npy_load_exact(path, "<f8", w->nq, u->k, own, err)) != CT_OK) goto done;
    for (int32_t q = 0; q < w->nq; q++) {
        int32_t qi = w->queries[q];
        for (int r = 0; r < u->k; r++) {
            size_t c = (size_t)q * (size_t)u->k + (size_t)r;
            int64_t j = idx[c];
            double ref;
            snprintf(where, sizeof where, "query %d (point %d), rank %d", (int)q, (int)qi, r);
            if (j < -1 || j >= ds->n) {
                rc = ct_error_set(err, CT_EFORMAT,
                                  "indices.npy: index %lld at %s is outside [-1, %d)", (long long)j,
                                  where, (int)ds->n);
                goto done;
            }
            if (j < 0) {
                row[2 * r] = INFINITY;
                row[2 * r + 1] = -1;
                continue;
            }
            if (isnan(own[c]) || own[c] == -INFINITY) {
                rc = ct_error_set(err, CT_ENAN, "distances.npy: %s at %s (neighbour %lld)",
                                  isnan(own[c]) ? "NaN" : "-inf", where, (long long)j);
                goto done;
            }
            ref = ct_metric_distance(ds, qi, (int32_t)j);
            if (fabs(own[c] - ref) > max_err || isinf(own[c])) max_err = fabs(own[c] - ref);
            if (!(fabs(own[c] - ref) <= OWN_DISTANCE_TOLERANCE)) wrong++;
            row[2 * r] = ref;
            row[2 * r + 1] = (double)j;
        }
        qsort(row, (size_t)u->k, 2 * sizeof *row, cmp_pair);
        for (int r = 0; r < u->k; r++) {
            size_t c = (size_t)q * (size_t)u->k + (size_t)r;
            u->res.idx[c] = (int32_t)row[2 * r + 1];
            u->res.dist[c] = row[2 * r];
        }
    }
    add_extra(u, "own_distance_max_error", max_err, 1, NULL);
    add_extra(u, "own_distance_wrong", (double)wrong, 1, NULL);
done:
    ct_free(idx);
    ct_free(own);
    ct_free(row);
    return rc;
}

/* timings.json: unavailable, or build_s, warmup_s[], query_s[] into the unit. */
static int read_timings(run_session *s, run_unit *u, const char *out, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    char path[1300], status[64] = "", reason[256] = "";
    char *text = NULL;
    double values[4096], build = NAN;
    int n, rc;

    snprintf(path, sizeof path, "%s/timings.json", out);
    rc = bench_file_read_text(path, &text, NULL, err);
    if (rc != CT_OK) return rc;
    rc = CT_EFORMAT;
    if (run_json_string(text, "status", status, sizeof status) == 0 &&
        strcmp(status, "unavailable") == 0) {
        run_json_string(text, "reason", reason, sizeof reason);
        u->unavailable = 1;
        snprintf(u->note, sizeof u->note, "unavailable: %s",
                 reason[0] ? reason : "the program says so (no reason given)");
        rc = CT_OK;
        goto done;
    }
    if (status[0] && strcmp(status, "ok") != 0) {
        ct_error_set(err, rc, "timings.json: status '%s' (expected ok or unavailable)", status);
        goto done;
    }
    if (run_json_number(text, "build_s", &build) != 0 || !(build >= 0)) {
        ct_error_set(err, rc, "timings.json: no build_s (seconds >= 0)");
        goto done;
    }
    add_extra(u, "own_build_s", build, 1, NULL);
    n = run_json_numbers(text, "query_s", values, 4096);
    if (n > 4096) {
        ct_error_set(err, rc, "timings.json: more than 4096 query_s entries");
        goto done;
    }
    if (n != cfg->repetitions) {
        ct_error_set(err, rc,
                     n < 0 ? "timings.json: no query_s list of numbers"
                           : "timings.json: query_s has %d entries, the request asked for %d",
                     n, cfg->repetitions);
        goto done;
    }
    for (int i = 0; i < n; i++) {
        if (!(values[i] >= 0) || values[i] > 1e9) {
            ct_error_set(err, rc, "timings.json: query_s[%d] is not a time in seconds", i);
            goto done;
        }
        u->rep_ns[i] = (int64_t)llround(values[i] * 1e9);
        u->rep_seq[i] = s->seq++;
        u->rep_round[i] = -1;
    }
    u->reps_done = n;
    n = run_json_numbers(text, "warmup_s", values, 4096);
    if (n < 0) n = 0;
    if (n > cfg->warmup) n = cfg->warmup;
    for (int i = 0; i < n; i++) {
        u->warm_ns[i] = values[i] >= 0 && values[i] < 1e9 ? (int64_t)llround(values[i] * 1e9) : 0;
        u->warm_seq[i] = s->seq++;
        u->warm_round[i] = -1;
    }
    u->warm_done = n;
    rc = CT_OK;
done:
    ct_free(text);
    return rc;
}

static int write_request(run_session *s, run_unit *u, const char *out, ct_error *err)
{
    char path[1300], json[512];
    snprintf(path, sizeof path, "%s/request.json", out);
    snprintf(json, sizeof json,
             "{\"protocol\": 1, \"k\": %d, \"predecessor\": %d, \"exclude_self\": %d, "
             "\"repetitions\": %d, \"warmup\": %d, \"threads\": %d}\n",
             u->k, s->cfg->predecessor, s->cfg->exclude_self, s->cfg->repetitions, s->cfg->warmup,
             u->threads);
    return write_text(path, json, err);
}

/* Run the process and read what it left; a problem of the program is
 * returned as an error (the caller fails the unit with it). */
static int call_program(run_session *s, run_workload *w, run_unit *u, ext_call *c, ct_error *perr,
                        int *interrupted, ct_error *err)
{
    const bench_external *x = u->ext;
    bench_child spec;
    bench_child_status st;
    char log[1300], tail[256];
    int rc;

    snprintf(c->out, sizeof c->out, "%s/u%d", w->ext_dir, w->ext_units++);
    if (mkdir(c->out, 0700) != 0)
        return ct_error_set(err, CT_EIO, "cannot create %s: %s", c->out, strerror(errno));
    rc = write_request(s, u, c->out, err);
    if (rc != CT_OK) return rc;
    build_argv(x, w->ext_dir, c->out, c);
    if (build_env(u->threads, c) != 0) return ct_error_set(err, CT_ENOMEM, "out of memory");
    snprintf(log, sizeof log, "%s/log.txt", c->out);
    memset(&spec, 0, sizeof spec);
    spec.argv = c->argv;
    spec.envp = (const char *const *)c->envp;
    spec.log_path = log;
    spec.timeout_s = x->timeout_s;
    rc = bench_child_run(&spec, &st, perr);
    if (rc != CT_OK) {
        u->unavailable = 1;
        snprintf(u->note, sizeof u->note, "unavailable: %.400s", perr->msg);
        ct_error_clear(perr);
        return CT_OK;
    }
    add_extra(u, "wall_s", st.seconds, 1, NULL);
    add_extra(u, "peak_rss_bytes", (double)st.peak_rss_kb * 1024.0, 1, NULL);
    if (st.interrupted) {
        *interrupted = 1;
        return CT_OK;
    }
    log_tail(c->out, tail, sizeof tail);
    if (st.timed_out)
        return ct_error_set(perr, CT_EIO, "timed out after %g s (killed)%s%s", x->timeout_s,
                            tail[0] ? "; last output: " : "", tail);
    if (!st.exited)
        return ct_error_set(perr, CT_EIO, "killed by signal %d (%s)%s%s", st.signal,
                            strsignal(st.signal), tail[0] ? "; last output: " : "", tail);
    if (st.code != 0)
        return ct_error_set(perr, CT_EIO, "exit status %d%s%s", st.code,
                            tail[0] ? "; last output: " : "", tail);
    rc = read_timings(s, u, c->out, perr);
    if (rc != CT_OK || u->unavailable) return rc;
    return read_answers(w, u, c->out, perr);
}

int run_external_unit(run_session *s, run_workload *w, run_unit *u, ct_error *err)
{
    ct_query_spec spec = {u->k, s->cfg->predecessor, s->cfg->exclude_self};
    ext_call *c;
    ct_error perr, e;
    int rc, interrupted = 0;

    if (!u->ext) {
        ext_fail(u, "no [external:%s] section for this variant%s", u->v.program, NULL);
        return CT_OK;
    }
    if (!w->ext_dir[0]) {
        rc = write_workload(s, w, err);
        if (rc != CT_OK) return rc;
    }
    rc = run_unit_alloc(s, w, u, err);
    if (rc != CT_OK) return rc;
    c = calloc(1, sizeof *c);
    if (!c) return ct_error_set(err, CT_ENOMEM, "out of memory");
    ct_error_clear(&perr);
    add_extra(u, "command", NAN, 0, u->ext->command);
    rc = call_program(s, w, u, c, &perr, &interrupted, err);
    free(c->envp);
    free(c);
    s->samples_done += s->cfg->warmup + s->cfg->repetitions;
    if (rc != CT_OK && perr.code == CT_OK) return rc; /* the harness's own failure */
    if (interrupted) return CT_EINTR;
    if (perr.code != CT_OK) {
        /* the program's fault: a stored error, not the run's */
        ext_fail(u, "external program failed: %.400s%s", perr.msg, NULL);
        add_extra(u, "status", NAN, 0, "error");
        return CT_OK;
    }
    if (u->unavailable) {
        add_extra(u, "status", NAN, 0, "unavailable");
        return CT_OK;
    }
    ct_error_clear(&e);
    if (bench_verify_sample(&w->ds, w->sample_pos, w->sample_queries, w->ns, &spec,
                            &w->oracle[u->k_index], &u->res, u->exact, &u->check, &e) != CT_OK) {
        ext_fail(u, "verification could not run: %.400s%s", e.msg, NULL);
        add_extra(u, "status", NAN, 0, "error");
        return CT_OK;
    }
    u->checked = 1;
    u->hash = bench_answer_hash(&u->res);
    if (!u->check.valid) ext_fail(u, "%s%s", u->check.note, NULL);
    add_extra(u, "status", NAN, 0, u->check.valid ? "ok" : "wrong");
    return CT_OK;
}
