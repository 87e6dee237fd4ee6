/* ocl_printf.c: device printf on the OpenCL device.  Kernels append
 * records (the format's CUDA address and a copy of the argument buffer)
 * to a service area in the arena (prelude: cux_vprintf); after each
 * launch the host formats them as the CPU device does
 * (cux_printf_format) and hands the text to the runtime. */
#include "dev/opencl/opencl.h"

#include <stdlib.h>
#include <string.h>

enum { RECORD_HEAD = 16, MAX_ARG_BYTES = 512 };

static const char bad_string[] = "(string outside the device's memory)";

/* Whether [a, a + n) lies in the arena. */
static bool in_arena(const cux_ocl_printf_ctx *c, uint64_t a, uint64_t n)
{
    return a >= c->base && a - c->base <= c->size && n <= c->size - (a - c->base);
}

/* The argument buffer walked as the formatter walks it (each argument
 * aligned to its size), so that every %s pointer that is not a string in
 * the arena, which the host can read, is replaced by one it can. */
static void check_strings(const cux_ocl_printf_ctx *c, const char *fmt,
                          char *args)
{
    size_t off = 0;
    for (const char *p = fmt; *p && off < MAX_ARG_BYTES; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        while (*p && strchr("-+ #0", *p))
            p++;
        if (*p == '*') {
            off = ((off + 3) & ~(size_t)3) + 4;
            p++;
        }
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p == '.') {
            p++;
            if (*p == '*') {
                off = ((off + 3) & ~(size_t)3) + 4;
                p++;
            }
            while (*p >= '0' && *p <= '9')
                p++;
        }
        bool wide = false;
        while (*p && strchr("hlLjzt", *p))
            wide = wide || *p != 'h', p++;
        if (!*p)
            break;
        size_t size = strchr("diuxXoc", *p) ? (wide ? 8 : 4) : 8;
        off = (off + size - 1) & ~(size - 1);
        if (off + size > MAX_ARG_BYTES)
            break;
        if (*p == 's') {
            uint64_t s;
            memcpy(&s, args + off, 8);
            if (s && (!c->unified || !in_arena(c, s, 1))) {
                s = (uint64_t)(uintptr_t)bad_string;
                memcpy(args + off, &s, 8);
            }
        }
        off += size;
    }
}

/* CUDA's own wording, so that scripts that grep for it keep working. */
static void assert_message(const cux_ocl_printf_ctx *c, const uint8_t *rec,
                           cux_strbuf *out)
{
    uint64_t addr[3];
    uint32_t u[7];
    memcpy(addr, rec, sizeof addr);
    memcpy(u, rec + sizeof addr, sizeof u);
    char text[3][512];
    for (int i = 0; i < 3; i++)
        if (!c->read_string(c, addr[i], text[i], sizeof text[i]))
            snprintf(text[i], sizeof text[i], "?");
    cux_strbuf_printf(out, "%s:%u: %s: block: [%u,%u,%u], thread: "
                      "[%u,%u,%u] Assertion `%s` failed.\n", text[1], u[0],
                      text[2], u[1], u[2], u[3], u[4], u[5], u[6], text[0]);
}

bool cux_ocl_printf_flush(const cux_ocl_printf_ctx *c, const uint8_t *area,
                          uint32_t used)
{
    cux_strbuf out = {0};
    char *args = calloc(1, MAX_ARG_BYTES + 8);
    char fmt_copy[4096];
    bool asserted = false;
    for (uint32_t at = 0; args && at + RECORD_HEAD <= used;) {
        uint64_t fmt;
        uint32_t len;
        memcpy(&fmt, area + at, 8);
        memcpy(&len, area + at + 8, 4);
        if (!fmt && len == CUX_OCL_ASSERT_MARK &&
            at + RECORD_HEAD + CUX_OCL_ASSERT_BYTES <= used) {
            assert_message(c, area + at + RECORD_HEAD, &out);
            asserted = true;
            at += RECORD_HEAD + CUX_OCL_ASSERT_BYTES;
            continue;
        }
        if (len > MAX_ARG_BYTES / 2 || at + RECORD_HEAD + len > used)
            break;
        memset(args, 0, MAX_ARG_BYTES + 8);
        memcpy(args, area + at + RECORD_HEAD, len);
        at += RECORD_HEAD + ((len + 7) & ~7u);
        if (!fmt || !c->read_string(c, fmt, fmt_copy, sizeof fmt_copy))
            continue;
        check_strings(c, fmt_copy, args);
        cux_printf_format(&out, fmt_copy, len ? args : NULL);
    }
    if (out.len)
        cux_printf_append(out.data, out.len);
    cux_strbuf_free(&out);
    free(args);
    return asserted;
}
