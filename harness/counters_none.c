/* counters_none.c -- the backend without counters (--counters none), the
 * status names, the `auto` event list and backend selection (counters.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"

const char *const bench_counters_auto_events[] = {
    "PAPI_TOT_CYC", "PAPI_TOT_INS", "PAPI_L1_DCM", "PAPI_L2_DCM", "PAPI_L3_TCM", "PAPI_TLB_DM",
};
const int bench_counters_auto_count =
    (int)(sizeof bench_counters_auto_events / sizeof bench_counters_auto_events[0]);

const char *bench_counter_status_name(bench_counter_status s)
{
    switch (s) {
    case BENCH_CSTAT_OK: return "ok";
    case BENCH_CSTAT_ABSENT: return "absent";
    case BENCH_CSTAT_DENIED: return "denied";
    case BENCH_CSTAT_CONFLICT: return "conflict";
    case BENCH_CSTAT_MULTIPLEXED: return "multiplexed";
    case BENCH_CSTAT_ERROR: return "error";
    }
    return "error";
}

static int none_init(bench_counters *c, ct_error *err)
{
    (void)c;
    (void)err;
    return CT_OK;
}

static void none_nop(bench_counters *c)
{
    (void)c;
}

static int none_read(bench_counters *c, bench_counter_sample *out, int max)
{
    (void)c;
    (void)out;
    (void)max;
    return 0;
}

static const char *none_describe(bench_counters *c)
{
    (void)c;
    return "hardware counters disabled (--counters none)";
}

static const char *none_version(bench_counters *c)
{
    (void)c;
    return NULL;
}

const bench_counter_methods bench_counters_none = {
    "none", "none", none_init, none_nop, none_nop, none_read, none_describe, none_version, none_nop,
};

int bench_counters_open(bench_counters *c, const char *backend, const bench_config *cfg,
                        int max_threads, ct_error *err)
{
    memset(c, 0, sizeof *c);
    if (!strcmp(backend, "papi")) c->m = &bench_counters_papi;
    else if (!strcmp(backend, "none")) c->m = &bench_counters_none;
    else return ct_error_set(err, CT_EINVAL, "unknown counters backend '%s'", backend);
    c->max_threads = max_threads > 0 ? max_threads : 1;
    if (c->m != &bench_counters_none) {
        if (cfg->events_auto) {
            for (int i = 0; i < bench_counters_auto_count; i++)
                snprintf(c->events[c->n_events++], BENCH_EVENT_NAME_MAX, "%s",
                         bench_counters_auto_events[i]);
        } else {
            for (int i = 0; i < cfg->n_events; i++)
                snprintf(c->events[c->n_events++], BENCH_EVENT_NAME_MAX, "%s", cfg->events[i]);
        }
    }
    return c->m->init(c, err);
}

void bench_counters_close(bench_counters *c)
{
    if (c->m) c->m->fini(c);
    c->m = NULL;
}
