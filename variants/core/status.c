/* status.c -- status-code names and the ct_error message carrier (status.h).
 *
 * The library reports failures as negative CT_E* codes; a caller who wants to
 * know what went wrong passes a ct_error, which gets one formatted line.
 */
#include "ct/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ct_status_str(int code)
{
    switch (code) {
    case CT_OK: return "ok";
    case CT_ENOMEM: return "out of memory";
    case CT_EINVAL: return "invalid argument";
    case CT_EIO: return "I/O error";
    case CT_EFORMAT: return "malformed input";
    case CT_ENAN: return "NaN or infinity in input";
    case CT_ENOTSUP: return "not supported";
    case CT_ENUMERIC: return "numerical failure";
    case CT_EINTR: return "interrupted";
    case CT_EDB: return "database error";
    case CT_EVERIFY: return "verification failed";
    case CT_EINTERNAL: return "internal error";
    default: return "unknown status";
    }
}

int ct_error_set(ct_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    if (!err) return code;
    err->code = code;
    if (!fmt) {
        snprintf(err->msg, sizeof err->msg, "%s", ct_status_str(code));
        return code;
    }
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void ct_error_clear(ct_error *err)
{
    if (!err) return;
    err->code = CT_OK;
    err->msg[0] = '\0';
}
