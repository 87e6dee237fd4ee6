/* strbuf.c: an append-only text buffer used by printers and code
 * generators, which build whole files before handing them on. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cux_strbuf_append(cux_strbuf *buf, const char *text, size_t len)
{
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        buf->data = cux_xrealloc(buf->data, cap);
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, text, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void cux_strbuf_puts(cux_strbuf *buf, const char *text)
{
    cux_strbuf_append(buf, text, strlen(text));
}

void cux_strbuf_printf(cux_strbuf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cux_strbuf_vprintf(buf, fmt, ap);
    va_end(ap);
}

void cux_strbuf_vprintf(cux_strbuf *buf, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(small, sizeof(small), fmt, ap);
    if (len >= 0 && (size_t)len < sizeof(small)) {
        cux_strbuf_append(buf, small, (size_t)len);
    } else if (len >= 0) {
        char *big = cux_xrealloc(NULL, (size_t)len + 1);
        vsnprintf(big, (size_t)len + 1, fmt, again);
        cux_strbuf_append(buf, big, (size_t)len);
        free(big);
    }
    va_end(again);
}

void cux_strbuf_free(cux_strbuf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
