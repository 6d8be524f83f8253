/* run_schedule.c -- the order in which the units of one group take their
 * samples (run_internal.h).
 *
 * sequential: unit after unit, warm-up then R repetitions, each committed
 * as soon as it completed, each shared setup freed after its last unit.
 * interleaved (`interleave = on`): every round runs one sample of every
 * unit of the group in a freshly shuffled order, seeded by order_seed mixed
 * with the workload's seed, the index of its n and the group (the order is
 * recoverable from the stored seq numbers); units are committed after the
 * last round.  Rounds are numbered across the run (measurement.round), so
 * samples with the same number were taken in the same time window.  The
 * roaming baselines (run_plan.c) join the rounds of every group and are
 * committed after the last group.  Between two samples a pending signal
 * stops the group: the units not committed yet are discarded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ct/rng.h"
#include "run_internal.h"
#include "stats.h"
#include "signals.h"

static int interrupted(run_session *s)
{
    int sig = bench_signals_pending();
    if (sig && !s->outcome->interrupted) s->outcome->interrupted = sig;
    return sig != 0;
}

/* A unit whose timed samples spread widely: IQR over 20% of the median
 * (with at least 3 samples) is worth a warning; its numbers are kept. */
#define WIDE_IQR_FRACTION 0.20

static void warn_wide_iqr(run_session *s, const run_unit *u)
{
    int n = u->reps_done; /* rep_ns holds every group's samples, reps_done counts them all */
    double *v;
    bench_stats st;
    char text[CT_VARIANT_NAME_MAX + 256];
    if (n < 3 || u->failed) return;
    v = malloc((size_t)n * sizeof *v);
    if (!v) return;
    for (int i = 0; i < n; i++) v[i] = (double)u->rep_ns[i];
    bench_stats_compute(v, n, &st);
    free(v);
    if (!(st.median > 0) || (st.q3 - st.q1) <= WIDE_IQR_FRACTION * st.median) return;
    snprintf(text, sizeof text,
             "warning: %s (threads %d, k %d): IQR is %.0f%% of the median over %d samples "
             "(a busy machine or too few repetitions)",
             u->name, u->threads, u->k, 100.0 * (st.q3 - st.q1) / st.median, n);
    run_emit_note(s, text);
}

/* After a unit ran: simulate, commit, count, tell. */
static int finish_unit(run_session *s, run_workload *w, run_tree *t, run_unit *u, ct_error *err)
{
    int rc;
    run_sim_unit(s, w, t, u);
    if (interrupted(s)) return CT_EINTR; /* the simulator child saw the signal too */
    rc = run_record_unit(s, w, u, err);
    if (rc != CT_OK) return rc;
    s->outcome->units_done++;
    s->units_done++;
    if (u->unavailable) s->outcome->units_unavailable++;
    else if (u->failed) s->outcome->units_failed++;
    else if (!u->exact) s->outcome->units_approximate++;
    run_emit_unit(s, u);
    warn_wide_iqr(s, u);
    return CT_OK;
}

static int run_samples(run_session *s, run_workload *w, run_unit *u, int warm, int rep, int round,
                       ct_error *err)
{
    const bench_config *cfg = s->cfg;
    int groups = run_unit_groups(s, u), rc;
    run_emit_sample(s, u, warm ? "warm-up" : "rep", rep,
                    groups * (warm ? cfg->warmup : cfg->repetitions));
    rc = run_unit_sample(s, w, u, warm, rep, round, err);
    if (rc == CT_OK && interrupted(s)) rc = CT_EINTR;
    return rc;
}

static int run_sequential(run_session *s, run_workload *w, run_tree *t, int start, int end,
                          ct_error *err)
{
    const bench_config *cfg = s->cfg;
    int rc = CT_OK;
    for (int i = start; i < end && rc == CT_OK; i++) {
        run_unit *u = &w->units[i];
        if (!u->resumed && u->ext) {
            rc = run_external_unit(s, w, u, err);
            if (rc == CT_OK) rc = finish_unit(s, w, t, u, err);
            run_unit_free(u);
        } else if (!u->resumed) {
            rc = run_unit_setup(s, w, t, u, err);
            if (rc == CT_OK) rc = run_unit_alloc(s, w, u, err);
            for (int r = 0; rc == CT_OK && r < cfg->warmup; r++)
                rc = run_samples(s, w, u, 1, r, -1, err);
            for (int r = 0; rc == CT_OK && r < cfg->repetitions; r++)
                rc = run_samples(s, w, u, 0, r, -1, err);
            if (rc == CT_OK) rc = finish_unit(s, w, t, u, err);
            run_unit_free(u);
        }
        for (int sl = 0; sl < w->n_slots; sl++)
            if (w->slots[sl].last_unit == i) run_slot_free(&w->slots[sl]);
    }
    return rc;
}

/* Fisher-Yates with the project's RNG. */
static void shuffle(int *a, int n, ct_rng *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)ct_rng_below(rng, (uint64_t)i + 1);
        int tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
    }
}

static int run_interleaved(run_session *s, run_workload *w, run_tree *t, int start, int end,
                           int group, int last, ct_error *err)
{
    const bench_config *cfg = s->cfg;
    int *order = malloc((size_t)(w->n_units > 0 ? w->n_units : 1) * sizeof *order);
    int n = 0, rc = CT_OK;
    ct_rng rng;

    /* the extra terms are 0 for the first size and group: a run with one n
     * and one build shuffles exactly as before sweeps existed */
    ct_rng_seed(&rng, cfg->order_seed ^ (w->seed * 0x9e3779b97f4a7c15ULL) ^
                          ((uint64_t)group * 0xbf58476d1ce4e5b9ULL) ^
                          ((uint64_t)w->n_index * 0x94d049bb133111ebULL));
    if (!order) return ct_error_set(err, CT_ENOMEM, "out of memory");
    /* the group's own units, then the baselines that roam every group */
    for (int i = 0; i < w->n_units && rc == CT_OK; i++) {
        run_unit *u = &w->units[i];
        if (u->resumed || (u->roams ? 0 : i < start || i >= end)) continue;
        if (u->ext) continue; /* runs its own repetitions, after the rounds */
        order[n++] = i;
        if (u->allocated) continue; /* a roaming unit set up in an earlier group */
        rc = run_unit_setup(s, w, t, u, err);
        if (rc == CT_OK) rc = run_unit_alloc(s, w, u, err);
    }
    for (int round = 0; rc == CT_OK && round < cfg->warmup + cfg->repetitions; round++) {
        int warm = round < cfg->warmup;
        int64_t id = s->next_round++;
        shuffle(order, n, &rng);
        for (int j = 0; j < n && rc == CT_OK; j++) {
            run_unit *u = &w->units[order[j]];
            rc = run_samples(s, w, u, warm, warm ? u->warm_done : u->reps_done, (int)id, err);
        }
    }
    for (int j = 0; j < n && rc == CT_OK; j++) {
        run_unit *u = &w->units[order[j]];
        if (!u->roams || last) rc = finish_unit(s, w, t, u, err);
    }
    for (int j = 0; j < n; j++) {
        run_unit *u = &w->units[order[j]];
        if (!u->roams || last || rc != CT_OK) run_unit_free(u);
    }
    /* external programs: after the group's rounds, one process per unit */
    for (int i = start; i < end && rc == CT_OK; i++) {
        run_unit *u = &w->units[i];
        if (u->resumed || !u->ext) continue;
        rc = run_external_unit(s, w, u, err);
        if (rc == CT_OK) rc = finish_unit(s, w, t, u, err);
        run_unit_free(u);
    }
    for (int sl = 0; sl < w->n_slots; sl++)
        if (w->slots[sl].build == group || (w->slots[sl].build < 0 && last))
            run_slot_free(&w->slots[sl]);
    free(order);
    return rc;
}

int run_schedule_group(run_session *s, run_workload *w, run_tree *t, int start, int end, int group,
                       int last, ct_error *err)
{
    if (s->cfg->interleave) return run_interleaved(s, w, t, start, end, group, last, err);
    return run_sequential(s, w, t, start, end, err);
}
