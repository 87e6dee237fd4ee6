/* test_ocl_printf.c: the OpenCL device's printf records formatted on the
 * host: arguments as the format says, a %s pointer the host may not read
 * replaced by a placeholder, malformed records stopping the walk, a
 * failed assert's record.
 * Build: src/dev/opencl/ocl_printf.c src/dev/printf_format.c */
#include "dev/opencl/opencl.h"

#include <stdio.h>
#include <string.h>

static int failures;
static cux_strbuf printed;

/* The runtime's service, here collecting the text. */
void cux_printf_append(const char *text, size_t len)
{
    cux_strbuf_append(&printed, text, len);
}

static void report(bool ok, const char *name)
{
    printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : ": ",
           ok ? "" : (printed.data ? printed.data : "(nothing)"));
    if (!ok)
        failures++;
}

/* The fake arena: formats live here at their "CUDA addresses". */
static char arena[256];

static bool read_string(const cux_ocl_printf_ctx *c, uint64_t addr, char *buf,
                        size_t cap)
{
    if (addr < c->base || addr - c->base >= c->size)
        return false;
    snprintf(buf, cap, "%s", (const char *)(uintptr_t)addr);
    return true;
}

static size_t record(uint8_t *area, size_t at, uint64_t fmt,
                     const void *args, uint32_t len)
{
    memcpy(area + at, &fmt, 8);
    memcpy(area + at + 8, &len, 4);
    memcpy(area + at + 16, args, len);
    return at + 16 + ((len + 7) & ~7u);
}

int main(void)
{
    cux_ocl_printf_ctx c = {.base = (uint64_t)(uintptr_t)arena,
                            .size = sizeof arena, .unified = true,
                            .read_string = read_string};
    strcpy(arena, "n=%d s=%s x=%.1f\n");
    strcpy(arena + 64, "word");
    uint8_t area[512] = {0};
    struct { int n; int pad; uint64_t s; double x; } good = {
        7, 0, (uint64_t)(uintptr_t)(arena + 64), 2.5};
    size_t used = record(area, 0, (uint64_t)(uintptr_t)arena, &good,
                         sizeof good);
    struct { int n; int pad; uint64_t s; double x; } bad = {
        8, 0, 0xfffe000000000010ull /* a shared-window address */, 1.0};
    used = record(area, used, (uint64_t)(uintptr_t)arena, &bad, sizeof bad);
    cux_ocl_printf_flush(&c, area, (uint32_t)used);
    report(printed.data &&
           strstr(printed.data, "n=7 s=word x=2.5\n") &&
           strstr(printed.data, "n=8 s=(string outside the device's "
                                "memory) x=1.0\n"),
           "records formatted, a %s the host cannot read replaced");
    cux_strbuf_free(&printed);

    /* A format outside the arena is skipped; a record claiming more
     * argument bytes than the area holds ends the walk. */
    memset(area, 0, sizeof area);
    used = record(area, 0, 12345, &good, sizeof good);
    used = record(area, used, (uint64_t)(uintptr_t)arena, &good, sizeof good);
    uint32_t huge = 100000;
    memcpy(area + used + 8, &huge, 4);
    cux_ocl_printf_flush(&c, area, (uint32_t)used + 16);
    report(printed.data && !strcmp(printed.data, "n=7 s=word x=2.5\n"),
           "a bad format address and a malformed record");
    cux_strbuf_free(&printed);

    /* A failed assert: CUDA's message, and the flush says so. */
    memset(area, 0, sizeof area);
    strcpy(arena + 100, "x > 0");
    strcpy(arena + 120, "k.cu");
    strcpy(arena + 140, "void k()");
    uint64_t head[2] = {0, CUX_OCL_ASSERT_MARK};
    uint64_t strings[3] = {(uint64_t)(uintptr_t)(arena + 100),
                           (uint64_t)(uintptr_t)(arena + 120),
                           (uint64_t)(uintptr_t)(arena + 140)};
    uint32_t where[8] = {12, 1, 0, 0, 5, 0, 0, 0};
    memcpy(area, head, 16);
    memcpy(area + 16, strings, 24);
    memcpy(area + 40, where, 32);
    bool asserted = cux_ocl_printf_flush(&c, area, 16 + CUX_OCL_ASSERT_BYTES);
    report(asserted && printed.data &&
           !strcmp(printed.data, "k.cu:12: void k(): block: [1,0,0], "
                                 "thread: [5,0,0] Assertion `x > 0` "
                                 "failed.\n"),
           "a failed assert's record");
    cux_strbuf_free(&printed);
    return failures ? 1 : 0;
}
