/* run_sim.c -- simulated counters of a run (--counters sim;
 * run_internal.h): a private temporary directory, the state file the
 * `ctbench sim-query` child reads (dataset, the current tree, the query
 * batch) and one request per unit to measure/counters_sim.c.  The simulator
 * is optional: when it cannot run, every simulated event of the unit is
 * stored with the reason.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_internal.h"
#include "sim_state.h"

#define STATE_FILE "state.bin"

int run_sim_open(run_session *s, ct_error *err)
{
    const char *base = getenv("TMPDIR");
    char why[BENCH_COUNTER_REASON_MAX], exe[PATH_MAX];
    ssize_t len;
    if (bench_sim_available(why, sizeof why) != 0) {
        char note[BENCH_COUNTER_REASON_MAX + 64];
        snprintf(note, sizeof note, "simulated counters: unavailable: %s", why);
        run_emit_note(s, note);
    }
    if (s->opt->self_exe) {
        snprintf(s->exe, sizeof s->exe, "%s", s->opt->self_exe);
    } else {
        len = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (len <= 0)
            return ct_error_set(err, CT_EIO,
                                "cannot find my own executable for the simulator "
                                "child");
        exe[len] = '\0';
        snprintf(s->exe, sizeof s->exe, "%.1000s", exe);
    }
    snprintf(s->sim_dir, sizeof s->sim_dir, "%s/ctbench-sim-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(s->sim_dir)) {
        s->sim_dir[0] = '\0';
        return ct_error_set(err, CT_EIO, "cannot create a temporary directory for the simulator");
    }
    return CT_OK;
}

void run_sim_close(run_session *s)
{
    const char *names[] = {STATE_FILE, "callgrind.out", "sim.log"};
    char path[1200];
    if (!s->sim_dir[0]) return;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", s->sim_dir, names[i]);
        unlink(path);
    }
    rmdir(s->sim_dir);
    s->sim_dir[0] = '\0';
}

static int write_state(run_session *s, run_workload *w, run_tree *t, ct_error *err)
{
    char path[1200];
    int rc;
    if (t->sim_state_ready) return CT_OK;
    snprintf(path, sizeof path, "%s/" STATE_FILE, s->sim_dir);
    rc = bench_sim_state_write(path, &w->ds, t->has_tree ? &t->tree : NULL, w->queries, w->nq, err);
    if (rc == CT_OK) t->sim_state_ready = 1;
    return rc;
}

void run_sim_unit(run_session *s, run_workload *w, run_tree *t, run_unit *u)
{
    bench_sim_request req;
    ct_error e;
    ct_error_clear(&e);
    if (!u->sim || u->failed) return;
    if (write_state(s, w, t, &e) != CT_OK) {
        bench_counter_sample *c = &u->sim_samples[0];
        memset(c, 0, sizeof *c);
        snprintf(c->event, sizeof c->event, "callgrind:Ir");
        c->status = BENCH_CSTAT_ERROR;
        c->ratio = NAN;
        snprintf(c->reason, sizeof c->reason, "%.200s", e.msg);
        u->n_sim = 1;
        return;
    }
    memset(&req, 0, sizeof req);
    req.exe = s->exe;
    req.workdir = s->sim_dir;
    req.state_file = STATE_FILE;
    req.variant = u->name;
    req.k = u->k;
    req.predecessor = s->cfg->predecessor;
    req.exclude_self = s->cfg->exclude_self;
    req.nq = s->cfg->sim_queries < w->nq ? s->cfg->sim_queries : w->nq;
    bench_sim_run(&req, u->sim_samples, BENCH_SIM_MAX_EVENTS, &u->n_sim, &e);
}
