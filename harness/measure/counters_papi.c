/* counters_papi.c -- hardware counters through PAPI's low-level API
 * (counters.h, backend "papi").
 *
 * init checks every requested event on the main thread: name -> code, then
 * added to one event set.  What cannot count gets a status and a reason:
 *   - no PMU (a VM without a virtual PMU): PAPI_library_init works, the
 *     perf_event component is active but lists 0 presets and the kernel has
 *     no `cpu` event source, so every hardware event is "absent" with that
 *     reason (software events such as perf::TASK-CLOCK still count);
 *   - PAPI_EPERM: "denied", with /proc/sys/kernel/perf_event_paranoid;
 *   - PAPI_ECNFLCT: the event set is converted to a multiplexed one once; if
 *     the event still does not fit it is "conflict".  Multiplexed events are
 *     "multiplexed": PAPI scales their counts but does not expose the
 *     enabled/running ratio through the low-level API, so ratio is NULL.
 * Counting: one event set per OpenMP thread (PAPI counts per OS thread).
 * start/stop each open an OpenMP parallel region with the thread count the
 * engine will use; libgomp keeps the same pool threads for teams of the same
 * size, so thread t of the start region is thread t of the engine's region,
 * and the per-thread counts are summed.  Caveats: threads created outside
 * OpenMP (OpenBLAS's own pthreads inside brute_blas's dgemm) are not counted,
 * and the two small parallel regions are inside the counted interval.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters.h"

#if CT_HAVE_PAPI

#include <omp.h>
#include <papi.h>
#include <pthread.h>

typedef struct papi_event {
    int code;
    bench_counter_status status;
    char reason[BENCH_COUNTER_REASON_MAX];
    int active; /* in the event set */
} papi_event;

typedef struct papi_state {
    int lib_ok;
    int cidx;               /* perf_event component */
    int component_disabled; /* perf_event compiled in but disabled on this machine */
    char version[32];
    char describe[1024];
    papi_event ev[BENCH_MAX_EVENTS];
    int codes[BENCH_MAX_EVENTS];     /* active event codes in set order */
    int set_index[BENCH_MAX_EVENTS]; /* event -> position in the set, -1 */
    int n_active;
    int multiplexed;
    int *es;              /* per OpenMP thread event set, PAPI_NULL if none */
    unsigned long *owner; /* OS thread that created es[t] */
    long long *vals;      /* max_threads * BENCH_MAX_EVENTS */
    int *thread_rc;       /* per thread result of the last start/stop */
    int threads;          /* threads of the last start */
    int run_rc;           /* first failure of the last start/stop */
    long long totals[BENCH_MAX_EVENTS];
} papi_state;

static unsigned long thread_id(void)
{
    return (unsigned long)pthread_self();
}

static int paranoid_level(void)
{
    FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
    int level = -99;
    if (f) {
        if (fscanf(f, "%d", &level) != 1) level = -99;
        fclose(f);
    }
    return level;
}

static int has_cpu_pmu(void)
{
    return access("/sys/bus/event_source/devices/cpu", F_OK) == 0 ||
           access("/sys/bus/event_source/devices/cpu_core", F_OK) == 0 ||
           access("/sys/bus/event_source/devices/armv8_pmuv3_0", F_OK) == 0;
}

static void set_status(papi_event *e, bench_counter_status s, const char *fmt, const char *a,
                       const char *b)
{
    e->status = s;
    snprintf(e->reason, sizeof e->reason, fmt, a ? a : "", b ? b : "");
}

/* Reason for an event that does not exist or cannot be added. */
static void classify(papi_state *ps, papi_event *e, int code, const char *pmu_reason)
{
    char buf[96];
    switch (code) {
    case PAPI_ENOEVNT:
        if (pmu_reason[0]) set_status(e, BENCH_CSTAT_ABSENT, "%s%s", pmu_reason, NULL);
        else
            set_status(e, BENCH_CSTAT_ABSENT, "not available on this CPU (%s)%s",
                       PAPI_strerror(code), NULL);
        break;
    case PAPI_ECMP_DISABLED: /* its component (perf_event) is disabled */
        set_status(e, BENCH_CSTAT_ABSENT, "%s%s", pmu_reason[0] ? pmu_reason : PAPI_strerror(code),
                   NULL);
        break;
    case PAPI_EPERM:
        snprintf(buf, sizeof buf, "%d", paranoid_level());
        set_status(e, BENCH_CSTAT_DENIED, "permission denied (perf_event_paranoid = %s): %s", buf,
                   PAPI_strerror(code));
        break;
    case PAPI_ECNFLCT:
    case PAPI_ECOUNT:
        set_status(e, BENCH_CSTAT_CONFLICT,
                   "does not fit in the event set with the events "
                   "before it, even multiplexed (%s)%s",
                   PAPI_strerror(code), NULL);
        break;
    default: set_status(e, BENCH_CSTAT_ERROR, "PAPI: %s%s", PAPI_strerror(code), NULL); break;
    }
    (void)ps;
}

/* Create an event set on the calling thread with the active events. */
static int make_set(papi_state *ps, int *es)
{
    int rc;
    *es = PAPI_NULL;
    PAPI_register_thread();
    rc = PAPI_create_eventset(es);
    if (rc != PAPI_OK) return rc;
    if (ps->multiplexed) {
        rc = PAPI_assign_eventset_component(*es, ps->cidx);
        if (rc == PAPI_OK) rc = PAPI_set_multiplex(*es);
        if (rc != PAPI_OK) return rc;
    }
    for (int i = 0; i < ps->n_active; i++) {
        rc = PAPI_add_event(*es, ps->codes[i]);
        if (rc != PAPI_OK) return rc;
    }
    return PAPI_OK;
}

static int papi_init(bench_counters *c, ct_error *err)
{
    papi_state *ps = calloc(1, sizeof *ps);
    const PAPI_component_info_t *cmp;
    const PAPI_hw_info_t *hw;
    char pmu_reason[BENCH_COUNTER_REASON_MAX] = "";
    char comp_note[PAPI_HUGE_STR_LEN + 64] = "";
    int rc, ver, es = PAPI_NULL, countable = 0;

    if (!ps) return ct_error_set(err, CT_ENOMEM, "out of memory");
    c->state = ps;
    for (int t = 0; t < BENCH_MAX_EVENTS; t++) ps->set_index[t] = -1;
    ver = PAPI_library_init(PAPI_VER_CURRENT);
    if (ver != PAPI_VER_CURRENT) {
        for (int i = 0; i < c->n_events; i++)
            set_status(&ps->ev[i], BENCH_CSTAT_ABSENT, "PAPI_library_init failed: %s%s",
                       ver > 0 ? "version mismatch" : PAPI_strerror(ver), NULL);
        snprintf(ps->describe, sizeof ps->describe, "PAPI unusable: PAPI_library_init failed (%s)",
                 ver > 0 ? "version mismatch" : PAPI_strerror(ver));
        return CT_OK;
    }
    ps->lib_ok = 1;
    snprintf(ps->version, sizeof ps->version, "%d.%d.%d.%d", PAPI_VERSION_MAJOR(ver),
             PAPI_VERSION_MINOR(ver), PAPI_VERSION_REVISION(ver), PAPI_VERSION_INCREMENT(ver));
    {
        /* the library's own version (the header's ver is the API version) */
        int lib = PAPI_get_opt(PAPI_LIB_VERSION, NULL);
        if (lib > 0)
            snprintf(ps->version, sizeof ps->version, "%d.%d.%d.%d", PAPI_VERSION_MAJOR(lib),
                     PAPI_VERSION_MINOR(lib), PAPI_VERSION_REVISION(lib),
                     PAPI_VERSION_INCREMENT(lib));
    }
    PAPI_thread_init(thread_id);
    ps->cidx = PAPI_get_component_index("perf_event");
    cmp = ps->cidx >= 0 ? PAPI_get_component_info(ps->cidx) : NULL;
    hw = PAPI_get_hardware_info();
    if (!cmp) {
        snprintf(pmu_reason, sizeof pmu_reason, "perf_event: component not compiled into PAPI");
        snprintf(comp_note, sizeof comp_note, "perf_event missing");
    } else if (cmp->disabled) {
        /* e.g. "libpfm4 no default PMU found": a VM without a PMU whose CPU
         * model this libpfm4 does not know; then not even perf_event's
         * software events can be added through PAPI */
        int pmu = has_cpu_pmu();
        ps->component_disabled = 1;
        snprintf(pmu_reason, sizeof pmu_reason, "perf_event: component disabled: %.150s%s%s",
                 cmp->disabled_reason, pmu ? "" : "; no CPU PMU",
                 pmu ? "" : (hw && hw->virtualized ? " in this VM" : " (no cpu event source)"));
        snprintf(comp_note, sizeof comp_note, "perf_event disabled (%.150s)%s%s",
                 cmp->disabled_reason, pmu ? "" : ", no CPU PMU",
                 pmu ? "" : (hw && hw->virtualized ? " (virtual machine)" : ""));
    } else if (!has_cpu_pmu()) {
        snprintf(pmu_reason, sizeof pmu_reason,
                 "perf_event: no hardware counters (no PMU%s: the kernel has no cpu event "
                 "source and PAPI lists %d presets)",
                 hw && hw->virtualized ? " in this VM" : "", cmp->num_preset_events);
        snprintf(comp_note, sizeof comp_note, "perf_event active, %d presets, no CPU PMU%s",
                 cmp->num_preset_events, hw && hw->virtualized ? " (virtual machine)" : "");
    } else {
        snprintf(comp_note, sizeof comp_note, "perf_event active, %d presets",
                 cmp->num_preset_events);
    }

    rc = PAPI_create_eventset(&es);
    for (int i = 0; i < c->n_events; i++) {
        papi_event *e = &ps->ev[i];
        int code = PAPI_NULL;
        int r = PAPI_event_name_to_code(c->events[i], &code);
        e->code = code;
        if (r != PAPI_OK) {
            /* the name is unknown here: a preset this machine lacks, or no such event */
            if (!strncmp(c->events[i], "PAPI_", 5)) classify(ps, e, PAPI_ENOEVNT, pmu_reason);
            else if (ps->component_disabled)
                set_status(e, BENCH_CSTAT_ABSENT,
                           "%s (so are its software events; each sample's CPU time and "
                           "context switches are stored from getrusage)%s",
                           pmu_reason, NULL);
            else
                set_status(e, BENCH_CSTAT_ABSENT, "no such event on this machine (%s)%s",
                           PAPI_strerror(r), pmu_reason[0] ? "; no PMU here" : "");
            continue;
        }
        if (rc != PAPI_OK) {
            classify(ps, e, rc, pmu_reason);
            continue;
        }
        r = PAPI_add_event(es, code);
        if ((r == PAPI_ECNFLCT || r == PAPI_ECOUNT) && !ps->multiplexed) {
            /* rebuild the set multiplexed and try again */
            PAPI_cleanup_eventset(es);
            PAPI_destroy_eventset(&es);
            es = PAPI_NULL;
            if (PAPI_multiplex_init() == PAPI_OK) {
                ps->multiplexed = 1;
                if (make_set(ps, &es) == PAPI_OK) r = PAPI_add_event(es, code);
            }
        }
        if (r != PAPI_OK) {
            classify(ps, e, r, pmu_reason);
            continue;
        }
        e->active = 1;
        e->status = ps->multiplexed ? BENCH_CSTAT_MULTIPLEXED : BENCH_CSTAT_OK;
        ps->set_index[i] = ps->n_active;
        ps->codes[ps->n_active++] = code;
        countable++;
    }
    if (ps->multiplexed) {
        for (int i = 0; i < c->n_events; i++)
            if (ps->ev[i].active) {
                ps->ev[i].status = BENCH_CSTAT_MULTIPLEXED;
                snprintf(ps->ev[i].reason, sizeof ps->ev[i].reason,
                         "counted time-shared (PAPI multiplexing, scaled counts); the "
                         "enabled/running ratio is not exposed by PAPI's low-level API");
            }
    }
    ps->es = malloc((size_t)c->max_threads * sizeof *ps->es);
    ps->vals = calloc((size_t)c->max_threads * BENCH_MAX_EVENTS, sizeof *ps->vals);
    ps->thread_rc = calloc((size_t)c->max_threads, sizeof *ps->thread_rc);
    ps->owner = calloc((size_t)c->max_threads, sizeof *ps->owner);
    if (!ps->es || !ps->vals || !ps->thread_rc || !ps->owner)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    for (int t = 0; t < c->max_threads; t++) ps->es[t] = PAPI_NULL;
    ps->es[0] = es; /* the main thread is OpenMP thread 0 of every team */
    ps->owner[0] = thread_id();
    snprintf(ps->describe, sizeof ps->describe, "PAPI %s; %s; %d of %d events countable%s",
             ps->version, comp_note, countable, c->n_events,
             ps->multiplexed ? " (multiplexed)" : "");
    return CT_OK;
}

static void papi_start(bench_counters *c)
{
    papi_state *ps = c->state;
    int threads = omp_get_max_threads();
    if (!ps->lib_ok || ps->n_active == 0) return;
    if (threads > c->max_threads) threads = c->max_threads;
    ps->threads = threads;
    ps->run_rc = PAPI_OK;
#pragma omp parallel num_threads(threads)
    {
        int t = omp_get_thread_num();
        int r = PAPI_OK;
        /* a new pool thread behind this OpenMP thread number needs its own set */
        if (ps->es[t] == PAPI_NULL || ps->owner[t] != thread_id()) {
            r = make_set(ps, &ps->es[t]);
            ps->owner[t] = thread_id();
        }
        if (r == PAPI_OK) r = PAPI_start(ps->es[t]);
        ps->thread_rc[t] = r;
    }
    for (int t = 0; t < threads; t++)
        if (ps->thread_rc[t] != PAPI_OK && ps->run_rc == PAPI_OK) ps->run_rc = ps->thread_rc[t];
}

static void papi_stop(bench_counters *c)
{
    papi_state *ps = c->state;
    int threads = ps->threads;
    if (!ps->lib_ok || ps->n_active == 0) return;
#pragma omp parallel num_threads(threads)
    {
        int t = omp_get_thread_num();
        if (ps->thread_rc[t] == PAPI_OK)
            ps->thread_rc[t] = PAPI_stop(ps->es[t], ps->vals + (size_t)t * BENCH_MAX_EVENTS);
    }
    memset(ps->totals, 0, sizeof ps->totals);
    for (int t = 0; t < threads; t++) {
        if (ps->thread_rc[t] != PAPI_OK) {
            if (ps->run_rc == PAPI_OK) ps->run_rc = ps->thread_rc[t];
            continue;
        }
        for (int i = 0; i < ps->n_active; i++)
            ps->totals[i] += ps->vals[(size_t)t * BENCH_MAX_EVENTS + i];
    }
}

static int papi_read(bench_counters *c, bench_counter_sample *out, int max)
{
    papi_state *ps = c->state;
    int n = 0;
    for (int i = 0; i < c->n_events && n < max; i++, n++) {
        const papi_event *e = &ps->ev[i];
        bench_counter_sample *s = &out[n];
        memset(s, 0, sizeof *s);
        snprintf(s->event, sizeof s->event, "%s", c->events[i]);
        s->ratio = NAN;
        s->status = e->status;
        snprintf(s->reason, sizeof s->reason, "%s", e->reason);
        if (!e->active) continue;
        if (ps->run_rc != PAPI_OK) {
            s->status = BENCH_CSTAT_ERROR;
            snprintf(s->reason, sizeof s->reason, "PAPI_start/PAPI_stop failed: %s",
                     PAPI_strerror(ps->run_rc));
            continue;
        }
        s->has_value = 1;
        s->value = ps->totals[ps->set_index[i]];
    }
    return n;
}

static const char *papi_describe(bench_counters *c)
{
    return ((papi_state *)c->state)->describe;
}

static const char *papi_version(bench_counters *c)
{
    papi_state *ps = c->state;
    return ps->lib_ok ? ps->version : NULL;
}

static void papi_fini(bench_counters *c)
{
    papi_state *ps = c->state;
    if (!ps) return;
    if (ps->lib_ok) PAPI_shutdown();
    free(ps->es);
    free(ps->vals);
    free(ps->thread_rc);
    free(ps->owner);
    free(ps);
    c->state = NULL;
}

#else /* !CT_HAVE_PAPI */

typedef struct papi_state {
    char describe[128];
} papi_state;

static int papi_init(bench_counters *c, ct_error *err)
{
    papi_state *ps = calloc(1, sizeof *ps);
    if (!ps) return ct_error_set(err, CT_ENOMEM, "out of memory");
    snprintf(ps->describe, sizeof ps->describe,
             "PAPI not available: ctbench was built without "
             "libpapi");
    c->state = ps;
    return CT_OK;
}

static void papi_start(bench_counters *c)
{
    (void)c;
}

static void papi_stop(bench_counters *c)
{
    (void)c;
}

static int papi_read(bench_counters *c, bench_counter_sample *out, int max)
{
    int n = 0;
    for (int i = 0; i < c->n_events && n < max; i++, n++) {
        memset(&out[n], 0, sizeof out[n]);
        snprintf(out[n].event, sizeof out[n].event, "%s", c->events[i]);
        out[n].status = BENCH_CSTAT_ABSENT;
        out[n].ratio = NAN;
        snprintf(out[n].reason, sizeof out[n].reason,
                 "ctbench was built without PAPI (libpapi-dev missing at configure time)");
    }
    return n;
}

static const char *papi_describe(bench_counters *c)
{
    return ((papi_state *)c->state)->describe;
}

static const char *papi_version(bench_counters *c)
{
    (void)c;
    return NULL;
}

static void papi_fini(bench_counters *c)
{
    free(c->state);
    c->state = NULL;
}

#endif

const bench_counter_methods bench_counters_papi = {
    "papi",    "papi",        papi_init,    papi_start, papi_stop,
    papi_read, papi_describe, papi_version, papi_fini,
};
