/* run_unit.c -- one unit (variant x threads x k on a workload): its setup,
 * its buffers and its samples (run_internal.h).
 *
 * The timed region is exactly: clock read, counters start, the engine call
 * for the whole batch, counters stop, clock read (CLOCK_MONOTONIC).  Hashing,
 * the oracle comparison and the bookkeeping happen after the second clock
 * read.  The first sample that completes (a warm-up when there is one) is
 * compared with the oracle on the verification sample; every later sample
 * must reproduce its answer hash, so each stored repetition is verified.
 * A unit that fails (setup, engine, verification) is marked failed with a
 * note, takes no further samples and is stored INVALID; the run goes on.
 * CT_BENCH_INJECT_WRONG=GLOB (tests only) corrupts one answer of the
 * matching variants to exercise that path.
 */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "ct/alloc.h"
#include "run_internal.h"

static void fail_unit(run_unit *u, const char *prefix, const char *msg)
{
    if (u->failed) return;
    u->failed = 1;
    snprintf(u->note, sizeof u->note, "%s%.400s", prefix, msg);
}

void run_slot_free(run_slot *slot)
{
    if (slot->ready) ct_run_setup_free(&slot->setup);
    slot->ready = 0;
}

/* The unit's setup: its slot's (built now, timed as 'lower', if this is
 * the slot's first unit) or its own trivial one; then the variant over it.
 * A failure other than the database's fails the unit, not the run. */
int run_unit_setup(run_session *s, run_workload *w, run_tree *t, run_unit *u, ct_error *err)
{
    const ct_tree *tree = t->has_tree ? &t->tree : NULL;
    const ct_setup *setup;
    ct_error e;
    int rc;

    ct_error_clear(&e);
    if (u->slot >= 0) {
        run_slot *slot = &w->slots[u->slot];
        if (!slot->ready) {
            int64_t t0 = bench_now_ns();
            double secs;
            ct_run_set_threads(s->max_threads);
            run_emit_phase_begin(s, "lower", slot->key);
            rc = ct_run_setup(&w->ds, tree, &u->v, &slot->setup, &e);
            secs = (double)(bench_now_ns() - t0) * 1e-9;
            if (rc != CT_OK) {
                fail_unit(u, "lowering failed: ", e.msg);
                return CT_OK;
            }
            slot->ready = 1;
            run_emit_phase(s, "lower", slot->key, secs);
            rc = run_record_setup(s, w, "lower", slot->key,
                                  slot->build >= 0 ? s->build_text[slot->build] : NULL,
                                  (int64_t)llround(secs * 1e9), err);
            if (rc != CT_OK) return rc;
        }
        setup = &slot->setup;
    } else {
        rc = ct_run_setup(&w->ds, tree, &u->v, &u->own_setup, &e);
        if (rc != CT_OK) {
            fail_unit(u, "setup failed: ", e.msg);
            return CT_OK;
        }
        setup = &u->own_setup;
    }
    rc = ct_run_prepare(setup, &u->v, &u->prep, &e);
    if (rc != CT_OK) {
        fail_unit(u, "setup failed: ", e.msg);
        return CT_OK;
    }
    u->prepared = 1;
    return CT_OK;
}

int run_unit_groups(const run_session *s, const run_unit *u)
{
    return u->roams ? s->n_builds : 1;
}

int run_unit_alloc(run_session *s, run_workload *w, run_unit *u, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    size_t groups = (size_t)run_unit_groups(s, u);
    size_t wu = groups * (size_t)(cfg->warmup > 0 ? cfg->warmup : 1);
    size_t reps = groups * (size_t)cfg->repetitions;
    size_t ev = (size_t)(s->counters.n_events > 0 ? s->counters.n_events : 1);
    int rc;
    if (u->allocated) return CT_OK;
    u->allocated = 1;
    u->warm_ns = calloc(wu, sizeof *u->warm_ns);
    u->warm_seq = calloc(wu, sizeof *u->warm_seq);
    u->warm_work = calloc(wu, sizeof *u->warm_work);
    u->rep_ns = calloc(reps, sizeof *u->rep_ns);
    u->rep_seq = calloc(reps, sizeof *u->rep_seq);
    u->rep_work = calloc(reps, sizeof *u->rep_work);
    u->rep_counters = calloc(reps * ev, sizeof *u->rep_counters);
    u->warm_noise = calloc(wu, sizeof *u->warm_noise);
    u->rep_noise = calloc(reps, sizeof *u->rep_noise);
    u->warm_round = calloc(wu, sizeof *u->warm_round);
    u->rep_round = calloc(reps, sizeof *u->rep_round);
    if (!u->warm_ns || !u->warm_seq || !u->warm_work || !u->rep_ns || !u->rep_seq || !u->rep_work ||
        !u->rep_counters || !u->warm_noise || !u->rep_noise || !u->warm_round || !u->rep_round)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the samples of %s", u->name);
    rc = ct_knn_result_alloc(&u->res, w->nq, u->k);
    if (rc != CT_OK) return ct_error_set(err, rc, "out of memory for the answers of %s", u->name);
    return CT_OK;
}

void run_unit_free(run_unit *u)
{
    free(u->warm_ns);
    free(u->warm_seq);
    free(u->warm_work);
    free(u->rep_ns);
    free(u->rep_seq);
    free(u->rep_work);
    free(u->rep_counters);
    free(u->warm_noise);
    free(u->rep_noise);
    free(u->warm_round);
    free(u->rep_round);
    u->warm_noise = u->rep_noise = NULL;
    u->warm_round = u->rep_round = NULL;
    if (u->res.idx || u->res.dist) ct_knn_result_free(&u->res);
    u->warm_ns = u->warm_seq = u->rep_ns = u->rep_seq = NULL;
    u->warm_work = u->rep_work = NULL;
    u->rep_counters = NULL;
    u->allocated = 0;
    if (u->prepared) ct_run_prepared_free(&u->prep);
    u->prepared = 0;
    if (u->own_setup.ops) ct_run_setup_free(&u->own_setup);
}

/* Test hook: CT_BENCH_INJECT_WRONG=GLOB corrupts the first sampled answer of
 * the matching variants (after the timed region), so the tests can prove that
 * a wrong variant is stored as failed and reported INVALID. */
static void inject_wrong_answer(const run_workload *w, run_unit *u)
{
    const char *glob = getenv("CT_BENCH_INJECT_WRONG");
    int32_t *idx;
    if (!glob || !*glob || fnmatch(glob, u->name, 0) != 0 || w->ns == 0) return;
    idx = u->res.idx + (size_t)w->sample_pos[0] * (size_t)u->k;
    idx[0] = (idx[0] + 1) % w->ds.n;
}

/* Outside the timed region: verify once, then insist on the same answers. */
static void check_answers(const run_workload *w, run_unit *u, const ct_query_spec *spec)
{
    uint64_t h = bench_answer_hash(&u->res);
    ct_error e;
    ct_error_clear(&e);
    if (u->checked) {
        if (h != u->hash)
            fail_unit(u, "", "answers differ between repetitions (nondeterministic engine)");
        return;
    }
    if (bench_verify_sample(&w->ds, w->sample_pos, w->sample_queries, w->ns, spec,
                            &w->oracle[u->k_index], &u->res, u->exact, &u->check, &e) != CT_OK) {
        fail_unit(u, "verification could not run: ", e.msg);
        return;
    }
    u->checked = 1;
    u->hash = h;
    if (!u->check.valid) fail_unit(u, "", u->check.note);
}

int run_unit_sample(run_session *s, run_workload *w, run_unit *u, int warmup, int rep, int round,
                    ct_error *err)
{
    const bench_config *cfg = s->cfg;
    ct_search_params sp;
    ct_query_spec spec = {u->k, cfg->predecessor, cfg->exclude_self};
    bench_counters *c = &s->counters;
    size_t ev = (size_t)(c->n_events > 0 ? c->n_events : 1);
    ct_work work;
    ct_error e;
    bench_cpu_snapshot before, after;
    int64_t t0, t1;
    int rc;

    (void)err;
    if (u->failed || !u->prepared) return CT_OK; /* a failed unit runs no further samples */
    ct_error_clear(&e);
    ct_run_search_params(&u->v, &spec, &sp);
    ct_run_set_threads(u->threads);
    memset(&work, 0, sizeof work);

    bench_cpu_snapshot_take(&before);
    t0 = bench_now_ns();
    if (!warmup) c->m->start(c);
    rc = ct_run_execute(&u->prep, w->queries, w->nq, &sp, &u->res, &work, &e);
    if (!warmup) c->m->stop(c);
    t1 = bench_now_ns();
    bench_cpu_snapshot_take(&after);

    bench_noise_between(&before, &after, warmup ? &u->warm_noise[rep] : &u->rep_noise[rep]);
    if (!warmup) bench_run_noise_sample(&s->noise, &u->rep_noise[rep]);
    (warmup ? u->warm_round : u->rep_round)[rep] = round;
    if (warmup) {
        u->warm_ns[rep] = t1 - t0;
        u->warm_work[rep] = work;
        u->warm_seq[rep] = s->seq++;
        u->warm_done = rep + 1;
    } else {
        u->rep_ns[rep] = t1 - t0;
        u->rep_work[rep] = work;
        u->rep_seq[rep] = s->seq++;
        u->reps_done = rep + 1;
        u->n_counter_samples = c->m->read(c, u->rep_counters + (size_t)rep * ev, c->n_events);
    }
    s->samples_done++;
    if (rc != CT_OK) {
        fail_unit(u, "engine failed: ", e.msg[0] ? e.msg : ct_status_str(rc));
        return CT_OK;
    }
    inject_wrong_answer(w, u);
    check_answers(w, u, &spec);
    return CT_OK;
}
