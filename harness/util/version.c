/* version.c -- the version strings (version.h).  The commit comes from
 * build_info.c, generated at every build by build_info.cmake. */
#include "version.h"

#include <stdio.h>

#ifndef CT_VERSION
#define CT_VERSION "0.0.0"
#endif

extern const char *const bench_build_commit;
extern const int bench_build_dirty;

const char *bench_version(void)
{
    static char text[160];
    if (!text[0])
        snprintf(text, sizeof text, "%s (commit %.12s%s)", CT_VERSION, bench_build_commit,
                 bench_build_dirty == 1 ? ", dirty" : "");
    return text;
}

const char *bench_version_number(void)
{
    return CT_VERSION;
}

const char *bench_version_commit(void)
{
    return bench_build_commit;
}

int bench_version_dirty(void)
{
    return bench_build_dirty;
}
