/* test_cpu_fault.c: the CPU device's catching of bad memory accesses
 * (fault.c), without a kernel: armed faults on a worker thread, twice in
 * a row and from a stack overflow, land in the worker; a fault while
 * disarmed goes to the handler that was there before.
 * Build: gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc -Iinclude
 *   -Ibuild/gen tests/unit/test_cpu_fault.c src/dev/cpu/fault.c
 *   src/dev/log.c src/util/[*].c -lpthread */
#include "dev/cpu/cpu.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            failures++;                                               \
        }                                                             \
    } while (0)

static volatile uintptr_t null_address; /* 0, unknown to the compiler */
static volatile long depth_limit = 1L << 40;

static void store_null(void)
{
    *(volatile int *)null_address = 1;
}

static long deep(long n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    if (n >= depth_limit)
        return 0;
    return deep(n + 1) + frame[0];
}

static void overflow(void)
{
    (void)deep(0);
}

/* Runs body armed, as a block loop runs generated code; the signal it
 * died of, or 0. */
static int run_armed(cpu_job *job, cux_cpu_block *blk, void (*body)(void))
{
    cux_cpu_catch c;
    cux_cpu_fault_thread_ready();
    if (sigsetjmp(c.env, 0)) {
        cux_cpu_fault_caught(job, &c);
        CHECK(c.ctaid[0] == 1 && c.ctaid[1] == 2 && c.ctaid[2] == 3);
        return c.sig;
    }
    c.blk = blk;
    cux_cpu_fault_armed = &c;
    body();
    cux_cpu_fault_armed = NULL;
    return 0;
}

static void *worker(void *arg)
{
    cpu_job *job = arg;
    cux_cpu_block blk = {.ctaid = {1, 2, 3}};
    CHECK(run_armed(job, &blk, store_null) == SIGSEGV);
    /* the signal was unblocked after the first jump */
    CHECK(run_armed(job, &blk, store_null) == SIGSEGV);
    CHECK(run_armed(job, &blk, overflow) == SIGSEGV);
    return NULL;
}

static int previous_calls;
static sigjmp_buf previous_jump;

static void previous_handler(int sig, siginfo_t *info, void *context)
{
    (void)sig, (void)info, (void)context;
    previous_calls++;
    siglongjmp(previous_jump, 1);
}

int main(void)
{
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_sigaction = previous_handler;
    act.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &act, NULL);
    cux_cpu_fault_install();

    cux_kernel kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.info.name = "test_kernel";
    cpu_job job = {.kernel = &kernel};
    atomic_init(&job.error, cudaSuccess);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 << 10);
    pthread_t t;
    CHECK(pthread_create(&t, &attr, worker, &job) == 0);
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    CHECK(atomic_load(&job.error) == cudaErrorIllegalAddress);
    CHECK(job.fault == 1);

    if (!sigsetjmp(previous_jump, 1))
        store_null();
    CHECK(previous_calls == 1);
    printf("%s test_cpu_fault\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
