/* diag.c: collects the first error with its place; counts the rest.
 * Library code reports here and returns; the caller decides what to print. */
#include "util.h"

#include <stdio.h>

void cux_diag_vreport(cux_diag *diag, const char *origin, uint32_t line,
                      uint32_t column, const char *fmt, va_list ap)
{
    if (!diag)
        return;
    if (diag->count++ > 0)
        return;
    int used = snprintf(diag->message, sizeof(diag->message),
                        "%s:%u:%u: error: ", origin ? origin : "<ptx>", line,
                        column);
    if (used < 0 || (size_t)used >= sizeof(diag->message))
        return;
    vsnprintf(diag->message + used, sizeof(diag->message) - (size_t)used, fmt,
              ap);
}

void cux_diag_report(cux_diag *diag, const char *origin, uint32_t line,
                     uint32_t column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cux_diag_vreport(diag, origin, line, column, fmt, ap);
    va_end(ap);
}
