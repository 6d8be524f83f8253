/* counters_registry.c -- counter back-ends found by name, like SQLite's
 * os.c finds a VFS (counters.h).
 *
 * One table lists every counters kind a run can ask for with the back-end
 * that counts for it; adding a back-end is one file (its method table) and
 * one line here.  Also the status names and the event list `auto` stands
 * for.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"

typedef struct backend_entry {
    bench_counters_kind kind;
    const char *name;
    const bench_counter_methods *methods; /* what counts around the timed region */
} backend_entry;

static const backend_entry backends[BENCH_COUNTERS_KIND_COUNT] = {
    {BENCH_COUNTERS_PAPI, "papi", &bench_counters_papi},
    {BENCH_COUNTERS_NONE, "none", &bench_counters_none},
    {BENCH_COUNTERS_SIM, "sim", &bench_counters_papi}, /* + the simulator (counters_sim.c) */
};

/* The hardware presets, then the kernel's software events: those count on a
 * VM without a PMU too (perf_event's software PMU), so even there a sample
 * says how much CPU it got, whether it was switched out, and how many pages
 * it faulted in. */
const char *const bench_counters_auto_events[] = {
    "PAPI_TOT_CYC",      "PAPI_TOT_INS", "PAPI_L1_DCM",      "PAPI_L2_DCM",
    "PAPI_L3_TCM",       "PAPI_TLB_DM",  "perf::TASK-CLOCK", "perf::CONTEXT-SWITCHES",
    "perf::PAGE-FAULTS",
};
const int bench_counters_auto_hardware = 6;
const int bench_counters_auto_count =
    (int)(sizeof bench_counters_auto_events / sizeof bench_counters_auto_events[0]);

const char *bench_counters_kind_name(bench_counters_kind kind)
{
    if ((int)kind < 0 || kind >= BENCH_COUNTERS_KIND_COUNT) return NULL;
    return backends[kind].name;
}

int bench_counters_kind_find(const char *name)
{
    for (int i = 0; i < BENCH_COUNTERS_KIND_COUNT; i++)
        if (name && !strcmp(name, backends[i].name)) return (int)backends[i].kind;
    return -1;
}

const char *bench_counters_kind_list(void)
{
    static char list[64];
    if (!list[0]) {
        for (int i = 0; i < BENCH_COUNTERS_KIND_COUNT; i++) {
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", backends[i].name);
        }
    }
    return list;
}

const char *bench_counter_status_name(bench_counter_status s)
{
    static const char *const names[] = {
        [BENCH_CSTAT_OK] = "ok",
        [BENCH_CSTAT_ABSENT] = "absent",
        [BENCH_CSTAT_DENIED] = "denied",
        [BENCH_CSTAT_CONFLICT] = "conflict",
        [BENCH_CSTAT_MULTIPLEXED] = "multiplexed",
        [BENCH_CSTAT_ERROR] = "error",
    };
    if ((int)s < 0 || (size_t)s >= sizeof names / sizeof names[0]) return "error";
    return names[s];
}

int bench_counters_open(bench_counters *c, bench_counters_kind kind, const bench_event_list *events,
                        int max_threads, ct_error *err)
{
    memset(c, 0, sizeof *c);
    if ((int)kind < 0 || kind >= BENCH_COUNTERS_KIND_COUNT)
        return ct_error_set(err, CT_EINVAL, "unknown counters backend %d", (int)kind);
    c->m = backends[kind].methods;
    c->max_threads = max_threads > 0 ? max_threads : 1;
    if (c->m != &bench_counters_none && events) {
        if (events->is_auto) {
            for (int i = 0; i < bench_counters_auto_count; i++)
                snprintf(c->events[c->n_events++], BENCH_EVENT_NAME_MAX, "%s",
                         bench_counters_auto_events[i]);
        } else {
            for (int i = 0; i < events->count && i < BENCH_MAX_EVENTS; i++)
                snprintf(c->events[c->n_events++], BENCH_EVENT_NAME_MAX, "%s", events->names[i]);
        }
    }
    return c->m->init(c, err);
}

void bench_counters_close(bench_counters *c)
{
    if (c->m) c->m->fini(c);
    c->m = NULL;
}
