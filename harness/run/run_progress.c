/* run_progress.c -- what the observer of a run hears (runner.h): the run
 * row, notes, setup phases, each sample as it starts, each unit as it is
 * stored.  The runner prints nothing itself; the CLI decides how to show
 * these (a progress line on a terminal, lines in a log). */
#include <string.h>

#include "run_internal.h"

void run_emit(const run_session *s, const bench_run_event *ev)
{
    const bench_run_observer *o = &s->opt->observer;
    if (o->on_event) o->on_event(o->ctx, ev);
}

void run_emit_note(const run_session *s, const char *text)
{
    bench_run_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = BENCH_EV_NOTE;
    ev.run_id = s->rec.run_id;
    ev.text = text;
    run_emit(s, &ev);
}

void run_emit_phase_begin(const run_session *s, const char *phase, const char *detail)
{
    bench_run_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = BENCH_EV_PHASE_BEGIN;
    ev.run_id = s->rec.run_id;
    ev.phase = phase;
    ev.detail = detail;
    ev.samples_done = s->samples_done;
    ev.samples_total = s->samples_total;
    ev.units_done = s->units_done;
    ev.units_total = s->units_total;
    run_emit(s, &ev);
}

void run_emit_phase(const run_session *s, const char *phase, const char *detail, double seconds)
{
    bench_run_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = BENCH_EV_PHASE;
    ev.samples_done = s->samples_done;
    ev.samples_total = s->samples_total;
    ev.units_done = s->units_done;
    ev.units_total = s->units_total;
    ev.run_id = s->rec.run_id;
    ev.phase = phase;
    ev.detail = detail;
    ev.seconds = seconds;
    run_emit(s, &ev);
}

const char *run_unit_build_text(const run_session *s, const run_unit *u)
{
    return u->build >= 0 ? s->build_text[u->build] : BENCH_BUILD_NONE;
}

static void unit_event(const run_session *s, const run_unit *u, bench_run_event *ev)
{
    ev->run_id = s->rec.run_id;
    ev->unit = u->name;
    ev->threads = u->threads;
    ev->k = u->k;
    ev->build = s->n_builds > 1 && u->build >= 0 ? s->build_text[u->build] : NULL;
    ev->samples_done = s->samples_done;
    ev->samples_total = s->samples_total;
    ev->units_done = s->units_done;
    ev->units_total = s->units_total;
}

void run_emit_sample(const run_session *s, const run_unit *u, const char *what, int i, int of)
{
    bench_run_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = BENCH_EV_SAMPLE;
    unit_event(s, u, &ev);
    ev.what = what;
    ev.i = i;
    ev.of = of;
    run_emit(s, &ev);
}

void run_emit_unit(const run_session *s, const run_unit *u)
{
    bench_run_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = BENCH_EV_UNIT;
    unit_event(s, u, &ev);
    ev.failed = u->failed;
    ev.note = u->failed ? u->note : NULL;
    run_emit(s, &ev);
}
