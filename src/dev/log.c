/* log.c: cux's one-line diagnostics on stderr.  The line is formatted
 * first and written with one call, so lines from several threads do not
 * interleave. */
#include "dev/device.h"

#include <stdarg.h>
#include <stdio.h>

void cux_log(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    line[n] = '\0';
    fprintf(stderr, "cux: %s", line);
}
