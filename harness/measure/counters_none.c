/* counters_none.c -- the back-end without counters (--counters none): every
 * method does nothing and no event is read (counters.h). */
#include "counters.h"

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
