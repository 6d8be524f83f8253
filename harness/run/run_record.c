/* run_record.c -- the one writer of the results database during a run
 * (run_internal.h).
 *
 * Every row a run stores goes through here, each write in one transaction
 * (bench_db_transaction): the run row (new, or reopened by --resume), the
 * workload and its 'factor' row, the variant rows (so --resume can look
 * units up by variant id), setup rows ('build', 'check', 'lower') as they
 * finish, each tree's shape, and a whole unit -- its result row, warm-up and
 * timed samples, their counters, simulated counters and summary -- in one
 * transaction after it completed, so an interrupt never leaves half a unit.
 * Setup rows an earlier attempt of a resumed run stored are kept, not
 * repeated.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "results.h"
#include "run_internal.h"

int run_record_open(run_session *s, ct_error *err)
{
    int rc = bench_results_open(s->opt->db_path, BENCH_DB_WRITE, &s->rec.db, err);
    if (rc == CT_OK) s->rec.open = 1;
    return rc;
}

void run_record_close(run_session *s)
{
    if (s->rec.open) bench_db_close(&s->rec.db);
    s->rec.open = 0;
}

/* Every write of the run: fn and the run's heartbeat in one transaction.
 * The heartbeat is written only while the row names this process as its
 * writer, so a process that lost the run (it should never happen: resume
 * refuses a live writer) cannot write into it. */
typedef struct record_tx {
    run_session *s;
    int (*fn)(bench_db *db, void *ctx, ct_error *err);
    void *ctx;
} record_tx;

static int with_heartbeat(bench_db *db, void *ctx, ct_error *err)
{
    record_tx *t = ctx;
    int rc = t->fn(db, t->ctx, err);
    if (rc == CT_OK && t->s->rec.run_id)
        rc = bench_store_run_heartbeat(db, t->s->rec.run_id, &t->s->rec.self, err);
    return rc;
}

static int record(run_session *s, int (*fn)(bench_db *db, void *ctx, ct_error *err), void *ctx,
                  ct_error *err)
{
    record_tx t = {s, fn, ctx};
    int rc = bench_db_transaction(&s->rec.db, with_heartbeat, &t, err);
    if (rc != CT_OK && err && !strstr(err->msg, s->opt->db_path)) {
        char msg[CT_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        ct_error_set(err, rc, "results database %s: %s", s->opt->db_path, msg);
    }
    return rc;
}

/* ---- the run row ---------------------------------------------------------- */

typedef struct run_tx {
    run_session *s;
    const bench_run_row *row;
    const char *status;
    const char *message;
    int64_t run_id;
} run_tx;

static int insert_run(bench_db *db, void *ctx, ct_error *err)
{
    run_tx *t = ctx;
    return bench_store_run_begin(db, t->row, &t->s->rec.run_id, err);
}

/* Resume: take the run over, unless its writer still lives. */
static int claim_run(bench_db *db, void *ctx, ct_error *err)
{
    run_tx *t = ctx;
    bench_run_writer w;
    int rc = bench_store_run_writer(db, t->run_id, &w, err);
    if (rc != CT_OK) return rc;
    if (!strcmp(w.state, "running") || !strcmp(w.state, "running?"))
        return ct_error_set(err, CT_EINVAL,
                            "not resuming run %lld: it is still being written by pid %lld on "
                            "%s%s (last write %s); wait for it to finish or stop it first",
                            (long long)t->run_id, (long long)w.writer.pid, w.writer.host,
                            !strcmp(w.state, "running?") ? ", which this host cannot check" : "",
                            w.heartbeat[0] ? w.heartbeat : "unknown");
    snprintf(t->s->rec.resumed_status, sizeof t->s->rec.resumed_status, "%s", w.state);
    rc = bench_store_run_claim(db, t->run_id, &t->s->rec.self, err);
    if (rc == CT_OK) rc = bench_store_run_next_round(db, t->run_id, &t->s->next_round, err);
    if (rc == CT_OK) t->s->rec.run_id = t->run_id;
    return rc;
}

static int finish_run(bench_db *db, void *ctx, ct_error *err)
{
    run_tx *t = ctx;
    return bench_store_run_finish(db, t->s->rec.run_id, t->status, t->message, &t->s->noise,
                                  &t->s->rec.self, err);
}

int run_record_run(run_session *s, int *resumed, char *status, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    bench_run_row row;
    run_tx t = {s, &row, NULL, NULL, 0};
    char hash[17], baseline[CT_VARIANT_NAME_MAX] = "";
    int rc;

    *resumed = 0;
    bench_process_self(&s->rec.self);
    bench_hex64(cfg->hash, hash);
    if (s->opt->resume) {
        rc = bench_store_run_find(&s->rec.db, hash, s->sys.git_commit, s->sys.host,
                                  s->shard[0] ? s->shard : NULL, &t.run_id, err);
        if (rc != CT_OK) return rc;
        if (t.run_id) {
            rc = bench_db_transaction(&s->rec.db, claim_run, &t, err);
            if (rc == CT_OK) {
                *resumed = 1;
                snprintf(status, 16, "%s", s->rec.resumed_status);
            }
            return rc;
        }
    }
    if (cfg->speedup_ref >= 0)
        ct_variant_format(&cfg->variants[cfg->speedup_ref], baseline, sizeof baseline);
    memset(&row, 0, sizeof row);
    row.cfg = cfg;
    row.sys = &s->sys;
    row.writer = &s->rec.self;
    row.counters_backend = bench_counters_kind_name(s->counters_kind);
    row.papi_version = s->counters.m->version(&s->counters);
    row.papi_status = s->counters.m->describe(&s->counters);
    row.baseline = baseline[0] ? baseline : NULL;
    row.noise = &s->noise;
    row.shard = s->shard[0] ? s->shard : NULL;
    row.only_glob = s->opt->only_glob;
    return bench_db_transaction(&s->rec.db, insert_run, &t, err);
}

/* The final status must land: a writer holding the lock for a while (or a
 * slow disk) is waited for, up to a minute, before giving up. */
#define FINISH_ATTEMPTS 60

int run_record_finish(run_session *s, const char *status, const char *message, ct_error *err)
{
    run_tx t = {s, NULL, status, message, 0};
    int rc = CT_OK;
    if (!s->rec.open || !s->rec.run_id) return CT_OK;
    bench_db_rollback(&s->rec.db);
    for (int attempt = 0; attempt < FINISH_ATTEMPTS; attempt++) {
        ct_error_clear(err);
        rc = bench_db_transaction(&s->rec.db, finish_run, &t, err);
        if (rc == CT_OK || !bench_db_busy(&s->rec.db)) break;
        bench_sleep_ms(1000);
    }
    return rc;
}

typedef struct roofline_tx {
    run_session *s;
    const bench_blas_rate *rate;
} roofline_tx;

static int set_roofline(bench_db *db, void *ctx, ct_error *err)
{
    roofline_tx *t = ctx;
    char shape[96];
    snprintf(shape, sizeof shape, "dgemm %dx%dx%d, %d threads, best of %d", t->rate->rows,
             t->rate->rows, t->rate->m, t->rate->threads, t->rate->reps);
    return bench_store_run_set_roofline(db, t->s->rec.run_id, t->rate->gflops, shape,
                                        &t->s->rec.self, err);
}

int run_record_roofline(run_session *s, const bench_blas_rate *rate, ct_error *err)
{
    roofline_tx t = {s, rate};
    return record(s, set_roofline, &t, err);
}

/* ---- workload, variants, setup rows, trees -------------------------------- */

typedef struct setup_tx {
    run_session *s;
    run_workload *w;
    const char *phase, *detail, *build;
    int64_t wall_ns;
} setup_tx;

static int insert_setup(bench_db *db, void *ctx, ct_error *err)
{
    setup_tx *t = ctx;
    bench_measurement_row m;
    int exists = 0;
    int rc = bench_store_setup_exists(db, t->s->rec.run_id, t->w->workload_id, t->phase, t->detail,
                                      t->build, &exists, err);
    if (rc != CT_OK || exists) return rc; /* resumed: the first attempt's row stands */
    memset(&m, 0, sizeof m);
    m.run_id = t->s->rec.run_id;
    m.workload_id = t->w->workload_id;
    m.threads = t->s->max_threads;
    m.phase = t->phase;
    m.detail = t->detail;
    m.build = t->build;
    m.seq = t->s->seq++;
    m.wall_ns = t->wall_ns;
    m.recall = NAN;
    m.valid = -1;
    m.round = -1;
    return bench_store_measurement(db, &m, NULL, err);
}

int run_record_setup(run_session *s, run_workload *w, const char *phase, const char *detail,
                     const char *build, int64_t wall_ns, ct_error *err)
{
    setup_tx t = {s, w, phase, detail, build, wall_ns};
    return record(s, insert_setup, &t, err);
}

static void lengthscale_text(const bench_config *cfg, const ct_dataset *ds, char *buf, size_t size)
{
    int count = cfg->lengthscale_count == 1 ? 1 : ds->dim;
    buf[0] = '\0';
    for (int t = 0; t < count; t++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%.17g", t ? "," : "", ds->cov.lengthscale[t]);
    }
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void workload_row(const run_session *s, const run_workload *w, bench_workload_row *row,
                         run_workload_text *text)
{
    const bench_config *cfg = s->cfg;
    const ct_dataset *ds = &w->ds;
    char *label = text->label, *ls = text->lengthscale, *files = text->files;

    memset(row, 0, sizeof *row);
    files[0] = '\0';
    lengthscale_text(cfg, ds, ls, sizeof text->lengthscale);
    if (cfg->source == BENCH_SOURCE_SYNTHETIC) {
        snprintf(label, sizeof text->label, "%s-n%d-d%d-m%d-%s-s2=%g-l=%s-seed%llu",
                 ct_points_kind_name(cfg->generator), (int)ds->n, ds->dim, ds->m,
                 ct_covariance_kind_name(cfg->cov.kind), cfg->cov.variance, ls,
                 (unsigned long long)w->seed);
        row->source = "synthetic";
        row->generator = ct_points_kind_name(cfg->generator);
    } else {
        snprintf(label, sizeof text->label, "npy:%.200s-n%d-d%d-m%d-seed%llu",
                 basename_of(cfg->points_path), (int)ds->n, ds->dim, ds->m,
                 (unsigned long long)w->seed);
        snprintf(files, sizeof text->files, "points=%s%s%s%s%s%s%s%s%s", cfg->points_path,
                 cfg->inducing_path[0] ? " inducing=" : "", cfg->inducing_path,
                 cfg->v_path[0] ? " v=" : "", cfg->v_path, cfg->p_path[0] ? " p=" : "", cfg->p_path,
                 cfg->query_indices_path[0] ? " queries=" : "", cfg->query_indices_path);
        row->source = "npy";
        row->files = files;
    }
    if (cfg->ordering != CT_ORDERING_NATURAL) {
        /* the ordering is part of the workload's identity (a permutation can
         * leave x unchanged, e.g. n = 1, so the content hash alone is not) */
        size_t len = strlen(label);
        snprintf(label + len, sizeof text->label - len, "-ordering=%s",
                 ct_ordering_name(cfg->ordering));
    }
    row->label = label;
    row->n = ds->n;
    row->dim = ds->dim;
    row->m = ds->m;
    row->covariance = ct_covariance_kind_name(ds->cov.kind);
    row->variance = ds->cov.variance;
    row->lengthscale = ls;
    row->seed = (int64_t)w->seed;
    row->content_hash = ct_dataset_hash(ds);
}

typedef struct workload_tx {
    run_workload *w;
    const bench_workload_row *row;
} workload_tx;

static int insert_workload(bench_db *db, void *ctx, ct_error *err)
{
    workload_tx *t = ctx;
    return bench_store_workload(db, t->row, &t->w->workload_id, err);
}

int run_record_workload(run_session *s, run_workload *w, ct_error *err)
{
    bench_workload_row row;
    run_workload_text text;
    workload_tx t = {w, &row};
    int rc;
    workload_row(s, w, &row, &text);
    rc = record(s, insert_workload, &t, err);
    if (rc != CT_OK || w->factor_s < 0) return rc;
    return run_record_setup(s, w, "factor", NULL, NULL, (int64_t)llround(w->factor_s * 1e9), err);
}

typedef struct variants_tx {
    run_workload *w;
} variants_tx;

static int insert_variants(bench_db *db, void *ctx, ct_error *err)
{
    run_workload *w = ((variants_tx *)ctx)->w;
    for (int i = 0; i < w->n_units; i++) {
        run_unit *u = &w->units[i];
        int rc;
        if (i > 0 && !strcmp(u->name, w->units[i - 1].name)) {
            u->variant_id = w->units[i - 1].variant_id;
            continue;
        }
        rc = bench_store_variant(db, &u->v, &u->variant_id, err);
        if (rc != CT_OK) return rc;
    }
    return CT_OK;
}

int run_record_variants(run_session *s, run_workload *w, ct_error *err)
{
    variants_tx t = {w};
    return record(s, insert_variants, &t, err);
}

int run_record_mark_resumed(run_session *s, run_workload *w, ct_error *err)
{
    for (int i = 0; i < w->n_units; i++) {
        run_unit *u = &w->units[i];
        bench_unit_key key = {
            s->rec.run_id, u->variant_id, w->workload_id,      run_unit_build_text(s, u),
            u->threads,    u->k,          s->cfg->predecessor, s->cfg->exclude_self};
        int exists = 0, rc = bench_store_unit_exists(&s->rec.db, &key, &exists, err);
        if (rc != CT_OK) return rc;
        u->resumed = exists;
        if (exists) s->outcome->units_resumed++;
    }
    return CT_OK;
}

typedef struct tree_tx {
    const bench_tree_row *row;
} tree_tx;

static int insert_tree(bench_db *db, void *ctx, ct_error *err)
{
    return bench_store_tree(db, ((tree_tx *)ctx)->row, err);
}

int run_record_tree(run_session *s, run_workload *w, const run_tree *t, ct_error *err)
{
    const char *text = s->build_text[t->build];
    ct_order insertion;
    ct_build_params params;
    bench_tree_row row;
    tree_tx tx = {&row};
    int64_t build_ns = (int64_t)llround(t->build_s * 1e9);
    int64_t check_ns = t->check_s >= 0 ? (int64_t)llround(t->check_s * 1e9) : -1;
    int rc = run_record_setup(s, w, "build", text, text, build_ns, err);
    if (rc == CT_OK && check_ns >= 0)
        rc = run_record_setup(s, w, "check", text, text, check_ns, err);
    if (rc != CT_OK) return rc;
    bench_config_build(s->cfg, t->build, &insertion, &params);
    memset(&row, 0, sizeof row);
    row.run_id = s->rec.run_id;
    row.workload_id = w->workload_id;
    row.build = text;
    row.insertion = ct_axis_value_name(CT_AXIS_ORDER, insertion);
    row.base = params.base;
    row.si = ct_si_mode_name(params.si_mode);
    row.batch = params.batch;
    row.threads = s->max_threads;
    row.build_ns = build_ns;
    row.check_ns = check_ns;
    row.stats = &t->stats;
    return record(s, insert_tree, &tx, err);
}

/* ---- a unit ----------------------------------------------------------------- */

typedef struct unit_tx {
    run_session *s;
    run_workload *w;
    run_unit *u;
} unit_tx;

static int insert_counters(run_session *s, bench_db *db, int64_t result_id, int64_t measurement_id,
                           const bench_counter_sample *c, int n, const char *source, ct_error *err)
{
    for (int i = 0; i < n; i++) {
        bench_counter_row row;
        int rc;
        memset(&row, 0, sizeof row);
        row.run_id = s->rec.run_id;
        row.result_id = result_id;
        row.measurement_id = measurement_id;
        row.event = c[i].event;
        row.has_value = c[i].has_value;
        row.value = c[i].value;
        row.source = source;
        row.status = bench_counter_status_name(c[i].status);
        row.reason = c[i].reason[0] ? c[i].reason : NULL;
        row.ratio = c[i].ratio;
        rc = bench_store_counter(db, &row, err);
        if (rc != CT_OK) return rc;
    }
    return CT_OK;
}

/* One stored sample (warm-up or timed repetition), carrying the unit's verdict. */
static bench_measurement_row sample_row(const unit_tx *t, int64_t result_id, const char *phase,
                                        int repetition, int64_t seq, int64_t wall_ns,
                                        const ct_work *work, const bench_result_row *res, int round,
                                        const bench_sample_noise *noise)
{
    bench_measurement_row m;
    memset(&m, 0, sizeof m);
    m.run_id = t->s->rec.run_id;
    m.workload_id = t->w->workload_id;
    m.result_id = result_id;
    m.variant_id = t->u->variant_id;
    m.threads = t->u->threads;
    m.phase = phase;
    m.repetition = repetition;
    m.seq = seq;
    m.wall_ns = wall_ns;
    m.nq = t->w->nq;
    m.work = work;
    m.verified = res->verified;
    m.recall = res->recall;
    m.valid = res->valid;
    m.round = round;
    m.noise = noise;
    return m;
}

static void result_row(const unit_tx *t, bench_result_row *res)
{
    const run_unit *u = t->u;
    memset(res, 0, sizeof *res);
    res->key.run_id = t->s->rec.run_id;
    res->key.variant_id = u->variant_id;
    res->key.workload_id = t->w->workload_id;
    res->key.build = run_unit_build_text(t->s, u);
    res->key.threads = u->threads;
    res->key.k = u->k;
    res->key.predecessor = t->s->cfg->predecessor;
    res->key.exclude_self = t->s->cfg->exclude_self;
    res->nq = t->w->nq;
    res->verified = u->failed || u->unavailable ? "failed" : u->check.verified;
    res->valid = u->failed || u->unavailable ? 0 : u->check.valid;
    res->recall = u->checked ? u->check.recall : NAN;
    res->verify_queries = t->w->ns;
    res->exact_queries = u->checked ? u->check.exact_queries : -1;
    res->max_distance_error = u->checked ? u->check.max_distance_error : NAN;
    res->answer_hash = u->hash;
    res->has_answer_hash = u->checked;
    res->note = u->failed || u->unavailable ? u->note : (u->check.note[0] ? u->check.note : NULL);
}

static int insert_unit(bench_db *db, void *ctx, ct_error *err)
{
    unit_tx *t = ctx;
    run_session *s = t->s;
    run_unit *u = t->u;
    size_t ev = (size_t)(s->counters.n_events > 0 ? s->counters.n_events : 1);
    bench_result_row res;
    int64_t result_id = 0;
    int rc;

    result_row(t, &res);
    rc = bench_store_result(db, &res, &result_id, err);
    for (int i = 0; rc == CT_OK && i < u->warm_done; i++) {
        bench_measurement_row m =
            sample_row(t, result_id, "warmup", i, u->warm_seq[i], u->warm_ns[i], &u->warm_work[i],
                       &res, u->warm_round[i], &u->warm_noise[i]);
        rc = bench_store_measurement(db, &m, NULL, err);
    }
    for (int i = 0; rc == CT_OK && i < u->reps_done; i++) {
        int64_t mid = 0;
        bench_measurement_row m =
            sample_row(t, result_id, "query", i, u->rep_seq[i], u->rep_ns[i], &u->rep_work[i], &res,
                       u->rep_round[i], &u->rep_noise[i]);
        rc = bench_store_measurement(db, &m, &mid, err);
        if (rc == CT_OK)
            rc = insert_counters(s, db, result_id, mid, u->rep_counters + (size_t)i * ev,
                                 u->n_counter_samples, s->counters.m->source, err);
    }
    if (rc == CT_OK && u->n_sim > 0)
        rc = insert_counters(s, db, result_id, 0, u->sim_samples, u->n_sim, "simulated", err);
    for (int i = 0; rc == CT_OK && i < u->n_extras; i++)
        rc = bench_store_result_extra(db, result_id, u->extras[i].name,
                                      u->extras[i].has_value ? &u->extras[i].value : NULL,
                                      u->extras[i].text[0] ? u->extras[i].text : NULL, err);
    if (rc == CT_OK) rc = bench_store_summary(db, result_id, err);
    return rc;
}

int run_record_unit(run_session *s, run_workload *w, run_unit *u, ct_error *err)
{
    unit_tx t = {s, w, u};
    return record(s, insert_unit, &t, err);
}
