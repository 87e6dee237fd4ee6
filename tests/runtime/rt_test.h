/* rt_test.h: shared helpers of the runtime tests: checks that name the
 * line and the CUDA error, and a test module registered through the same
 * ABI clang's host code uses (hand-written PTX in cux's container). */
#ifndef CUX_RT_TEST_H
#define CUX_RT_TEST_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cuda_runtime_api.h"

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            failures++;                                                    \
        }                                                                  \
    } while (0)

/* EXPECT(call, code): the call returns exactly code. */
#define EXPECT(call, code)                                                 \
    do {                                                                   \
        cudaError_t got_ = (call);                                         \
        if (got_ != (code)) {                                              \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s\n",        \
                    __FILE__, __LINE__, #call, cudaGetErrorName(got_),     \
                    cudaGetErrorName(code));                               \
            failures++;                                                    \
        }                                                                  \
    } while (0)

#define OK(call) EXPECT(call, cudaSuccess)

static inline int finish(const char *name)
{
    printf("%s %s\n", failures ? "FAIL" : "PASS", name);
    return failures != 0;
}

static inline void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* A gate: a host function that holds its stream until the test opens the
 * gate, so that what is queued behind it is still pending when the test
 * looks, however loaded the machine (CUDA promises nothing about how
 * soon work completes, so a sleep cannot promise it).  It gives up after
 * 20 s so that a runtime that waits for it wrongly fails the test rather
 * than hanging it. */
static atomic_int gate_is_open;

static inline void gate_close(void)
{
    atomic_store(&gate_is_open, 0);
}

static inline void gate_open(void)
{
    atomic_store(&gate_is_open, 1);
}

static inline void gate_wait(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000 && !atomic_load(&gate_is_open); i++)
        sleep_ms(1);
}

/* The test module: add_one(int *p, int n) adds 1 to p[0..n); spin(ms)
 * keeps a thread busy for about ms milliseconds; fault() traps; gvar and
 * cvar are a .global and a .const variable. */
static const char test_ptx[] =
    ".version 7.0\n"
    ".target sm_75\n"
    ".address_size 64\n"
    ".global .align 4 .b8 gvar[64];\n"
    ".global .align 4 .u32 sink;\n"
    ".const .align 4 .u32 cvar[4];\n"
    ".visible .entry add_one(.param .u64 add_one_p, .param .u32 add_one_n)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .b32 %r<8>;\n"
    "  .reg .b64 %rd<5>;\n"
    "  ld.param.u64 %rd1, [add_one_p];\n"
    "  ld.param.u32 %r1, [add_one_n];\n"
    "  mov.u32 %r2, %ctaid.x;\n"
    "  mov.u32 %r3, %ntid.x;\n"
    "  mov.u32 %r4, %tid.x;\n"
    "  mad.lo.s32 %r5, %r2, %r3, %r4;\n"
    "  setp.ge.s32 %p1, %r5, %r1;\n"
    "  @%p1 bra DONE;\n"
    "  cvta.to.global.u64 %rd2, %rd1;\n"
    "  mul.wide.s32 %rd3, %r5, 4;\n"
    "  add.s64 %rd4, %rd2, %rd3;\n"
    "  ld.global.u32 %r6, [%rd4];\n"
    "  add.s32 %r7, %r6, 1;\n"
    "  st.global.u32 [%rd4], %r7;\n"
    "DONE:\n"
    "  ret;\n"
    "}\n"
    ".visible .entry spin(.param .u32 spin_ms)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .b32 %r<6>;\n"
    "  ld.param.u32 %r1, [spin_ms];\n"
    "  mul.lo.u32 %r2, %r1, 200000;\n"
    "  mov.u32 %r3, 0;\n"
    "  mov.u32 %r4, 12345;\n"
    "LOOP:\n"
    "  setp.ge.u32 %p1, %r3, %r2;\n"
    "  @%p1 bra END;\n"
    "  mad.lo.u32 %r4, %r4, 1664525, 1013904223;\n"
    "  add.u32 %r3, %r3, 1;\n"
    "  bra LOOP;\n"
    "END:\n"
    "  st.global.u32 [sink], %r4;\n"
    "  ret;\n"
    "}\n"
    ".visible .entry fault()\n"
    "{\n"
    "  trap;\n"
    "  ret;\n"
    "}\n";

/* Host-side stand-ins for what clang generates: a stub address per
 * kernel, a shadow per variable. */
static char stub_add_one, stub_spin, stub_fault, stub_unknown;
static char host_gvar[64];
static unsigned host_cvar[4];

typedef struct test_wrapper {
    int magic, version;
    const void *data;
    void *unused;
} test_wrapper;

/* Wraps text in the container "CUXPTX01" + LE64 length + text + NUL. */
static inline void make_container(unsigned char *buf, const char *text)
{
    uint64_t len = strlen(text);
    memcpy(buf, "CUXPTX01", 8);
    for (int i = 0; i < 8; i++)
        buf[8 + i] = (unsigned char)(len >> (8 * i));
    memcpy(buf + 16, text, len + 1);
}

static unsigned char test_container[sizeof test_ptx + 16];
static test_wrapper test_wrap;

static inline void **register_test_module(void)
{
    make_container(test_container, test_ptx);
    test_wrap = (test_wrapper){0x466243b1, 1, test_container, NULL};
    void **h = __cudaRegisterFatBinary(&test_wrap);
    __cudaRegisterFunction(h, &stub_add_one, (char *)"add_one", "add_one",
                           -1, NULL, NULL, NULL, NULL, NULL);
    __cudaRegisterFunction(h, &stub_spin, (char *)"spin", "spin", -1, NULL,
                           NULL, NULL, NULL, NULL);
    __cudaRegisterFunction(h, &stub_fault, (char *)"fault", "fault", -1,
                           NULL, NULL, NULL, NULL, NULL);
    __cudaRegisterVar(h, host_gvar, (char *)"gvar", "gvar", 0,
                      sizeof host_gvar, 0, 0);
    __cudaRegisterVar(h, (char *)host_cvar, (char *)"cvar", "cvar", 0,
                      sizeof host_cvar, 1, 0);
    __cudaRegisterFatBinaryEnd(h);
    return h;
}

static inline cudaError_t launch_add_one(int *p, int n, cudaStream_t s)
{
    void *args[] = {&p, &n};
    dim3 grid = {(unsigned)(n + 63) / 64, 1, 1}, block = {64, 1, 1};
    return cudaLaunchKernel(&stub_add_one, grid, block, args, 0, s);
}

static inline cudaError_t launch_spin(int ms, cudaStream_t s)
{
    void *args[] = {&ms};
    dim3 one = {1, 1, 1};
    return cudaLaunchKernel(&stub_spin, one, one, args, 0, s);
}

#endif
