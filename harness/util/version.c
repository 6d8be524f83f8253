/* version.c -- the version strings (version.h). */
#include "version.h"

#ifndef CT_VERSION
#define CT_VERSION "0.0.0"
#endif
#ifndef CT_GIT_COMMIT
#define CT_GIT_COMMIT "unknown"
#endif

const char *bench_version(void)
{
    return CT_VERSION " (commit " CT_GIT_COMMIT ")";
}

const char *bench_version_number(void)
{
    return CT_VERSION;
}

const char *bench_version_commit(void)
{
    return CT_GIT_COMMIT;
}
