/* ocl_printf.c: device printf on the OpenCL device.  Kernels append
 * records (the format's CUDA address and a copy of the argument buffer)
 * to a service area in the arena (prelude: cux_vprintf); after each
 * launch the host formats them as the CPU device does
 * (cux_printf_format) and hands the text to the runtime. */
#include "dev/opencl/opencl.h"

#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

enum { RECORD_HEAD = 16, MAX_ARG_BYTES = 512 };

/* Whether [a, a + n) lies in the arena. */
static bool in_arena(const cux_ocl_printf_ctx *c, uint64_t a, uint64_t n)
{
    return a >= c->base && a - c->base <= c->size && n <= c->size - (a - c->base);
}

/* Whether a NUL ends readable host memory from `address` within 64 KB:
 * process_vm_readv on this process copies until an unmapped page
 * instead of faulting, so a bad pointer is found out, not followed. */
static bool host_string_readable(uint64_t address)
{
    char chunk[256];
    for (uint64_t done = 0; done < 65536;) {
        struct iovec local = {chunk, sizeof chunk};
        struct iovec remote = {(void *)(uintptr_t)(address + done),
                               sizeof chunk};
        ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
        if (n <= 0)
            return false;
        if (memchr(chunk, '\0', (size_t)n))
            return true;
        done += (uint64_t)n;
    }
    return false;
}

/* A %s pointer the host can read: a string in the arena where the arena
 * is host memory, or where kernels reach host memory in place (as the
 * CPU device's do), a readable string of host memory. */
static bool string_ok(void *ctx, uint64_t address)
{
    const cux_ocl_printf_ctx *c = ctx;
    if (c->unified && in_arena(c, address, 1))
        return true;
    return c->host_reachable && address && host_string_readable(address);
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
        cux_printf_format_checked(&out, fmt_copy, len ? args : NULL,
                                  string_ok, (void *)c);
    }
    if (out.len)
        cux_printf_append(out.data, out.len);
    cux_strbuf_free(&out);
    free(args);
    return asserted;
}
