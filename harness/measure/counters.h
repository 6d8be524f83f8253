/* counters.h -- hardware and simulated counters behind one method table.
 *
 * Like SQLite's sqlite3_io_methods, each backend is a const table of
 * functions found by name:
 *   papi  PAPI low-level API, one event set per OpenMP thread, started and
 *         stopped inside parallel regions around the timed call (see
 *         counters_papi.c for the caveats);
 *   none  no counters at all (--counters none);
 *   sim   not a start/stop backend: the query phase is re-executed under
 *         valgrind's cache simulator (counters_sim.c, bench_sim_run).
 * Every requested event yields one sample per measurement, with a status:
 *   ok, absent (no PMU, event not on this CPU, PAPI missing), denied
 *   (perf_event_paranoid / permissions), conflict (does not fit the event
 *   set), multiplexed (counted time-shared, scaled), error (start/stop failed)
 * and a reason string when it is not ok.
 */
#ifndef BENCH_COUNTERS_H
#define BENCH_COUNTERS_H

#include <stdint.h>

#include "ct/status.h"

typedef enum {
    BENCH_CSTAT_OK = 0,
    BENCH_CSTAT_ABSENT,
    BENCH_CSTAT_DENIED,
    BENCH_CSTAT_CONFLICT,
    BENCH_CSTAT_MULTIPLEXED,
    BENCH_CSTAT_ERROR
} bench_counter_status;

const char *bench_counter_status_name(bench_counter_status s);

#define BENCH_COUNTER_REASON_MAX 256
#define BENCH_EVENT_NAME_MAX 64
#define BENCH_MAX_EVENTS 16

/* The counter back-ends a run can ask for ([counters] backend, --counters):
 * papi (hardware counters; the default), none, and sim (papi plus the query
 * phase re-run under valgrind's cache simulator). */
typedef enum {
    BENCH_COUNTERS_PAPI = 0,
    BENCH_COUNTERS_NONE = 1,
    BENCH_COUNTERS_SIM = 2,
    BENCH_COUNTERS_KIND_COUNT
} bench_counters_kind;

/* "papi", "none", "sim"; NULL when out of range. */
const char *bench_counters_kind_name(bench_counters_kind kind);
/* The kind of a name, or -1. */
int bench_counters_kind_find(const char *name);
/* "papi, none, sim" (for messages). */
const char *bench_counters_kind_list(void);

typedef struct bench_counter_sample {
    char event[BENCH_EVENT_NAME_MAX];
    bench_counter_status status;
    int has_value;
    int64_t value;
    double ratio; /* enabled/running for multiplexed events; NaN otherwise */
    char reason[BENCH_COUNTER_REASON_MAX];
} bench_counter_sample;

typedef struct bench_counters bench_counters;

typedef struct bench_counter_methods {
    const char *name;   /* "papi", "none" */
    const char *source; /* counter.source in the database */
    /* Check each event and prepare what can count; never fails because an
     * event is missing (that is a status), only on programming errors. */
    int (*init)(bench_counters *c, ct_error *err);
    /* Just inside the timed region, around the engine call; they run with the
     * OpenMP thread count the engine will use. */
    void (*start)(bench_counters *c);
    void (*stop)(bench_counters *c);
    /* One sample per requested event for the last start/stop. */
    int (*read)(bench_counters *c, bench_counter_sample *out, int max);
    /* "PAPI 7.0.0.0; perf_event: ...": stored as run.papi_status. */
    const char *(*describe)(bench_counters *c);
    const char *(*version)(bench_counters *c);
    void (*fini)(bench_counters *c);
} bench_counter_methods;

struct bench_counters {
    const bench_counter_methods *m;
    int n_events;
    char events[BENCH_MAX_EVENTS][BENCH_EVENT_NAME_MAX];
    int max_threads;
    void *state; /* backend's own */
};

extern const bench_counter_methods bench_counters_papi;
extern const bench_counter_methods bench_counters_none;

/* The events `events = auto` stands for: cycles, instructions, L1 and L2
 * data misses, L3 misses (Intel has no L3 data-miss preset, so total), data
 * TLB misses, then the software task clock, context switches and page
 * faults. */
extern const char *const bench_counters_auto_events[];
extern const int bench_counters_auto_count;
/* The first this many of them are hardware presets; the rest are software
 * events (perf::TASK-CLOCK, perf::CONTEXT-SWITCHES, perf::PAGE-FAULTS). */
extern const int bench_counters_auto_hardware;

/* The event list a run asks for ([counters] events): `auto` (expanded by
 * bench_counters_open to bench_counters_auto_events) or explicit names. */
typedef struct bench_event_list {
    int is_auto;
    int count;
    char names[BENCH_MAX_EVENTS][BENCH_EVENT_NAME_MAX];
} bench_event_list;

/* Set up c for a kind (sim counts like papi) and an event list (auto
 * expanded; none counts nothing).  max_threads bounds the OpenMP threads
 * that will count.  The back-end is found by name in the registry
 * (counters_registry.c). */
int bench_counters_open(bench_counters *c, bench_counters_kind kind, const bench_event_list *events,
                        int max_threads, ct_error *err);
void bench_counters_close(bench_counters *c);

/* ---- simulated counters (valgrind) ---------------------------------------- */

/* Names of the simulated events, as stored ("callgrind:Ir", ...). */
#define BENCH_SIM_MAX_EVENTS 16

/* Is valgrind runnable?  0 yes; -1 no, with the reason. */
int bench_sim_available(char *reason, size_t size);

typedef struct bench_sim_request {
    const char *exe;        /* the ctbench binary to re-execute */
    const char *workdir;    /* holds the state file; the child runs here */
    const char *state_file; /* name of the state file inside workdir */
    const char *variant;    /* variant name */
    int k;
    int predecessor;
    int exclude_self;
    int32_t nq; /* queries simulated (the first nq of the state's batch) */
} bench_sim_request;

/* Run the query batch of one variant under callgrind's cache simulator with
 * pinned cache geometry (I1 32K/8, D1 48K/12, LL 1M/16, 64-byte lines), one
 * thread, instrumentation only around the engine call; fill one sample per
 * simulated event (source 'simulated').  When valgrind is missing or the
 * child fails, every sample is absent/error with the reason and CT_OK is
 * returned: a missing simulator is a status, not a failure of the run. */
int bench_sim_run(const bench_sim_request *req, bench_counter_sample *out, int max, int *count,
                  ct_error *err);

#endif
