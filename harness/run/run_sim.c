/* run_sim.c -- simulated counters of a run (--counters sim;
 * run_internal.h): a private temporary directory (ctbench-sim-PID-XXXXXX;
 * those of a ctbench that died are removed at the next run), the state file the
 * `ctbench sim-query` child reads (dataset, the current tree, the query
 * batch) and one request per unit to measure/counters_sim.c.  The simulator
 * is optional: when it cannot run, every simulated event of the unit is
 * stored with the reason.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_internal.h"
#include "sim_state.h"

#define STATE_FILE "state.bin"
#define SIM_DIR_PREFIX "ctbench-sim-"

static void remove_dir(const char *dir)
{
    const char *names[] = {STATE_FILE, "callgrind.out", "sim.log"};
    char path[1200];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Directories ctbench-sim-PID-XXXXXX whose ctbench (PID) is gone: a run
 * killed with SIGKILL could not remove its own.  Only our own names, only
 * when that process no longer exists. */
static void remove_stale_dirs(const char *base)
{
    DIR *d = opendir(base);
    struct dirent *e;
    if (!d) return;
    while ((e = readdir(d))) {
        char path[1200], *end;
        long long pid;
        if (strncmp(e->d_name, SIM_DIR_PREFIX, strlen(SIM_DIR_PREFIX)) != 0) continue;
        pid = strtoll(e->d_name + strlen(SIM_DIR_PREFIX), &end, 10);
        if (pid <= 0 || *end != '-' || pid == (long long)getpid()) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        snprintf(path, sizeof path, "%s/%s", base, e->d_name);
        remove_dir(path);
    }
    closedir(d);
}

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
    if (!base || !*base) base = "/tmp";
    remove_stale_dirs(base);
    snprintf(s->sim_dir, sizeof s->sim_dir, "%s/" SIM_DIR_PREFIX "%lld-XXXXXX", base,
             (long long)getpid());
    if (!mkdtemp(s->sim_dir)) {
        s->sim_dir[0] = '\0';
        return ct_error_set(err, CT_EIO, "cannot create a temporary directory for the simulator");
    }
    return CT_OK;
}

void run_sim_close(run_session *s)
{
    if (!s->sim_dir[0]) return;
    remove_dir(s->sim_dir);
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
