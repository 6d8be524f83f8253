/* runner_unit.c -- one unit (variant x threads x k on a workload): its timed
 * samples, its verification, its simulated counters and the one transaction
 * that writes it (runner_internal.h).
 *
 * The timed region is exactly: clock read, counters start, the engine call
 * for the whole batch, counters stop, clock read (CLOCK_MONOTONIC).  Hashing,
 * the oracle comparison and the bookkeeping happen after the second clock
 * read.  The first sample that completes (a warm-up when there is one) is
 * compared with the oracle on the verification sample; every later sample
 * must reproduce its answer hash, so each stored repetition is verified.
 * CT_BENCH_INJECT_WRONG (tests only) corrupts answers to exercise the failure
 * path.
 */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct/alloc.h"
#include "runner_internal.h"
#include "store.h"

int bench_unit_alloc(runner *r, unit *u, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    size_t w = (size_t)(cfg->warmup > 0 ? cfg->warmup : 1), R = (size_t)cfg->repetitions;
    size_t ev = (size_t)(r->counters.n_events > 0 ? r->counters.n_events : 1);
    int rc;
    u->warm_ns = calloc(w, sizeof *u->warm_ns);
    u->warm_seq = calloc(w, sizeof *u->warm_seq);
    u->warm_work = calloc(w, sizeof *u->warm_work);
    u->rep_ns = calloc(R, sizeof *u->rep_ns);
    u->rep_seq = calloc(R, sizeof *u->rep_seq);
    u->rep_work = calloc(R, sizeof *u->rep_work);
    u->rep_counters = calloc(R * ev, sizeof *u->rep_counters);
    if (!u->warm_ns || !u->warm_seq || !u->warm_work || !u->rep_ns || !u->rep_seq || !u->rep_work ||
        !u->rep_counters)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the samples of %s", u->name);
    rc = ct_knn_result_alloc(&u->res, r->nq, u->k);
    if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the answers of %s", u->name);
    return CT_OK;
}

void bench_unit_free(unit *u)
{
    free(u->warm_ns);
    free(u->warm_seq);
    free(u->warm_work);
    free(u->rep_ns);
    free(u->rep_seq);
    free(u->rep_work);
    free(u->rep_counters);
    if (u->res.idx || u->res.dist) ct_knn_result_free(&u->res);
    u->warm_ns = u->warm_seq = u->rep_ns = u->rep_seq = NULL;
    u->warm_work = u->rep_work = NULL;
    u->rep_counters = NULL;
}

void bench_runner_progress(runner *r, const unit *u, const char *what, int i, int of)
{
    if (!r->opt->progress || !r->opt->log) return;
    fprintf(r->opt->log, "\r\033[K[%ld/%ld] %s t=%d k=%d%s%.0d %s %d/%d", r->samples_done + 1,
            r->samples_total, u->name, u->threads, u->k,
            r->n_builds > 1 && u->build >= 0 ? " build " : "",
            r->n_builds > 1 && u->build >= 0 ? u->build + 1 : 0, what, i + 1, of);
    fflush(r->opt->log);
}

/* The prepared variant of a unit: the baselines need no layout; tree
 * variants borrow their slot's layout with their own kernel and engine. */
static int unit_prepared(runner *r, unit *u, bench_prepared *p, ct_error *err)
{
    if (u->slot < 0) return bench_prepare(&r->ds, NULL, &u->v, p, NULL, err);
    return bench_prepare_over(&r->slots[u->slot].prep.setup, &u->v, p, err);
}

static void fail_unit(unit *u, const char *prefix, const char *msg)
{
    if (u->failed) return;
    u->failed = 1;
    snprintf(u->note, sizeof u->note, "%s%.400s", prefix, msg);
}

/* Test hook: CT_BENCH_INJECT_WRONG=GLOB corrupts the first sampled answer of
 * the matching variants (after the timed region), so the tests can prove that
 * a wrong variant is stored as failed and reported INVALID. */
static void inject_wrong_answer(runner *r, unit *u)
{
    const char *glob = getenv("CT_BENCH_INJECT_WRONG");
    int32_t *idx;
    if (!glob || !*glob || fnmatch(glob, u->name, 0) != 0 || r->ns == 0) return;
    idx = u->res.idx + (size_t)r->sample_pos[0] * (size_t)u->k;
    idx[0] = (idx[0] + 1) % r->ds.n;
}

int bench_unit_sample(runner *r, unit *u, int warmup, int rep, ct_error *err)
{
    const bench_config *cfg = r->cfg;
    bench_prepared prep;
    ct_search_params sp;
    ct_query_spec spec = {u->k, cfg->predecessor, cfg->exclude_self};
    ct_work work;
    ct_error e;
    int64_t t0, t1;
    int rc, measure = !warmup;

    (void)err;
    if (u->failed) return CT_OK; /* a failed unit runs no further samples */
    ct_error_clear(&e);
    rc = unit_prepared(r, u, &prep, &e);
    if (rc != CT_OK) {
        fail_unit(u, "setup failed: ", e.msg);
        return CT_OK;
    }
    bench_search_params(&u->v, &spec, &sp);
    bench_runner_set_threads(u->threads);
    memset(&work, 0, sizeof work);

    t0 = bench_now_ns();
    if (measure) r->counters.m->start(&r->counters);
    rc = bench_execute(&prep, r->queries, r->nq, &sp, &u->res, &work, &e);
    if (measure) r->counters.m->stop(&r->counters);
    t1 = bench_now_ns();

    bench_prepared_free(&prep);
    if (warmup) {
        u->warm_ns[rep] = t1 - t0;
        u->warm_work[rep] = work;
        u->warm_seq[rep] = r->seq++;
        u->warm_done = rep + 1;
    } else {
        u->rep_ns[rep] = t1 - t0;
        u->rep_work[rep] = work;
        u->rep_seq[rep] = r->seq++;
        u->reps_done = rep + 1;
        u->n_counter_samples = r->counters.m->read(
            &r->counters,
            u->rep_counters +
                (size_t)rep * (size_t)(r->counters.n_events > 0 ? r->counters.n_events : 1),
            r->counters.n_events);
    }
    r->samples_done++;
    if (rc != CT_OK) {
        fail_unit(u, "engine failed: ", e.msg[0] ? e.msg : ct_status_str(rc));
        return CT_OK;
    }

    /* outside the timed region: verify once, then insist on the same answers */
    inject_wrong_answer(r, u);
    {
        uint64_t h = bench_answer_hash(&u->res);
        if (!u->checked) {
            rc = bench_verify_sample(&r->ds, r->sample_pos, r->sample_queries, r->ns, &spec,
                                     &r->oracle[u->k_index], &u->res, u->exact, &u->check, &e);
            if (rc != CT_OK) {
                fail_unit(u, "verification could not run: ", e.msg);
                return CT_OK;
            }
            u->checked = 1;
            u->hash = h;
            if (!u->check.valid) fail_unit(u, "", u->check.note);
        } else if (h != u->hash) {
            fail_unit(u, "", "answers differ between repetitions (nondeterministic engine)");
        }
    }
    return CT_OK;
}

void bench_unit_simulate(runner *r, unit *u)
{
    bench_sim_request req;
    ct_error e;
    ct_error_clear(&e);
    if (!u->sim || u->failed) return;
    if (bench_runner_sim_state(r, &e) != CT_OK) {
        /* the simulator is optional: record why it did not run */
        memset(&u->sim_samples[0], 0, sizeof u->sim_samples[0]);
        snprintf(u->sim_samples[0].event, sizeof u->sim_samples[0].event, "callgrind:Ir");
        u->sim_samples[0].status = BENCH_CSTAT_ERROR;
        u->sim_samples[0].ratio = NAN;
        snprintf(u->sim_samples[0].reason, sizeof u->sim_samples[0].reason, "%.200s", e.msg);
        u->n_sim = 1;
        return;
    }
    memset(&req, 0, sizeof req);
    req.exe = r->exe;
    req.workdir = r->sim_dir;
    req.state_file = "state.bin";
    req.variant = u->name;
    req.k = u->k;
    req.predecessor = r->cfg->predecessor;
    req.exclude_self = r->cfg->exclude_self;
    req.nq = r->cfg->sim_queries < r->nq ? r->cfg->sim_queries : r->nq;
    bench_sim_run(&req, u->sim_samples, BENCH_SIM_MAX_EVENTS, &u->n_sim, &e);
}

static int store_counters(runner *r, int64_t result_id, int64_t measurement_id,
                          const bench_counter_sample *s, int n, const char *source, ct_error *err)
{
    for (int i = 0; i < n; i++) {
        bench_counter_row c;
        int rc;
        memset(&c, 0, sizeof c);
        c.run_id = r->run_id;
        c.result_id = result_id;
        c.measurement_id = measurement_id;
        c.event = s[i].event;
        c.has_value = s[i].has_value;
        c.value = s[i].value;
        c.source = source;
        c.status = bench_counter_status_name(s[i].status);
        c.reason = s[i].reason[0] ? s[i].reason : NULL;
        c.ratio = s[i].ratio;
        rc = bench_store_counter(&r->db, &c, err);
        if (rc != CT_OK) return rc;
    }
    return CT_OK;
}

/* One stored sample (warm-up or timed repetition) of a unit, carrying the
 * unit's verdict from its result row. */
static bench_measurement_row sample_row(const runner *r, const unit *u, int64_t result_id,
                                        const char *phase, int repetition, int64_t seq,
                                        int64_t wall_ns, const ct_work *work,
                                        const bench_result_row *res)
{
    bench_measurement_row m;
    memset(&m, 0, sizeof m);
    m.run_id = r->run_id;
    m.workload_id = r->workload_id;
    m.result_id = result_id;
    m.variant_id = u->variant_id;
    m.threads = u->threads;
    m.phase = phase;
    m.repetition = repetition;
    m.seq = seq;
    m.wall_ns = wall_ns;
    m.nq = r->nq;
    m.work = work;
    m.verified = res->verified;
    m.recall = res->recall;
    m.valid = res->valid;
    return m;
}

int bench_unit_commit(runner *r, unit *u, ct_error *err)
{
    bench_result_row res;
    int64_t result_id = 0;
    const char *verified;
    int valid, rc;
    size_t ev = (size_t)(r->counters.n_events > 0 ? r->counters.n_events : 1);

    memset(&res, 0, sizeof res);
    res.key.run_id = r->run_id;
    res.key.variant_id = u->variant_id;
    res.key.workload_id = r->workload_id;
    res.key.build = bench_unit_build_text(r, u);
    res.key.threads = u->threads;
    res.key.k = u->k;
    res.key.predecessor = r->cfg->predecessor;
    res.key.exclude_self = r->cfg->exclude_self;
    res.nq = r->nq;
    if (u->failed) {
        verified = "failed";
        valid = 0;
    } else {
        verified = u->check.verified;
        valid = u->check.valid;
    }
    res.verified = verified;
    res.valid = valid;
    res.recall = u->checked ? u->check.recall : NAN;
    res.verify_queries = r->ns;
    res.exact_queries = u->checked ? u->check.exact_queries : -1;
    res.max_distance_error = u->checked ? u->check.max_distance_error : NAN;
    res.answer_hash = u->hash;
    res.has_answer_hash = u->checked;
    res.note = u->failed ? u->note : (u->check.note[0] ? u->check.note : NULL);

    rc = bench_db_begin(&r->db, err);
    if (rc != CT_OK) return rc;
    rc = bench_store_result(&r->db, &res, &result_id, err);
    for (int w = 0; rc == CT_OK && w < u->warm_done; w++) {
        bench_measurement_row m = sample_row(r, u, result_id, "warmup", w, u->warm_seq[w],
                                             u->warm_ns[w], &u->warm_work[w], &res);
        rc = bench_store_measurement(&r->db, &m, NULL, err);
    }
    for (int q = 0; rc == CT_OK && q < u->reps_done; q++) {
        int64_t mid = 0;
        bench_measurement_row m = sample_row(r, u, result_id, "query", q, u->rep_seq[q],
                                             u->rep_ns[q], &u->rep_work[q], &res);
        rc = bench_store_measurement(&r->db, &m, &mid, err);
        if (rc == CT_OK)
            rc = store_counters(r, result_id, mid, u->rep_counters + (size_t)q * ev,
                                u->n_counter_samples, r->counters.m->source, err);
    }
    if (rc == CT_OK && u->n_sim > 0)
        rc = store_counters(r, result_id, 0, u->sim_samples, u->n_sim, "simulated", err);
    if (rc == CT_OK) rc = bench_store_summary(&r->db, result_id, err);
    if (rc != CT_OK) {
        bench_db_rollback(&r->db);
        return rc;
    }
    return bench_db_commit(&r->db, err);
}
