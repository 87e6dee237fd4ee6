/* fault.c: turns a kernel's bad memory access (SIGSEGV, SIGBUS) into
 * CUDA's cudaErrorIllegalAddress instead of the end of the process.
 *
 * A GPU reports a load or store through a wild pointer as an error of
 * the launch; here device memory is host memory, so the CPU faults and
 * the kernel delivers a signal to the worker running the block.  One
 * process-wide handler, installed once and chained to the one it
 * replaces, decides by a thread-local pointer: set only while this
 * thread runs a kernel's generated code (block.c, grid.c arm it around
 * each call of a kernel's entry point), it names a jump buffer, and the
 * handler jumps there; the block loop then marks the launch failed and
 * the worker goes back to the pool as after any fault.  Every other
 * fault (runtime, host code, a signal sent with kill) goes to the
 * previous handler, or, where that was the default action, is raised
 * again with it restored, so a real crash still dumps core and ASan
 * (whose handler cux then replaces, ASan allowing user handlers by
 * default) still reports it.
 *
 * Why jumping out is sound:
 * - The handler only reads its thread-local pointer (initial-exec TLS:
 *   a plain load from the thread pointer, no allocation, so also safe on
 *   a thread that never ran a kernel, and in a dlopen'ed libcux) and
 *   calls siglongjmp, sigaction and raise; nothing else runs in signal
 *   context.  The report is printed after the jump, in normal context.
 * - Generated code takes no locks: its atomics are lock-free, and the
 *   runtime services it calls that lock (printf, assert and trap output)
 *   disarm the pointer while they run (cux_cpu_fault_pause), so a fault
 *   there is cux's own bug and crashes.  The exception is device
 *   malloc/free, the C library's called directly: a fault inside them
 *   means the heap is already corrupt, and the allocator may then stay
 *   locked (docs/compatibility.md).
 * - The pool and the grid barrier need nothing undone: the jump lands in
 *   the worker's own block loop, inside the function the pool called, so
 *   the worker still returns to the pool (and, in a cooperative launch,
 *   still attends the grid meeting).  A block's warps and shared memory
 *   are reset by the next block that uses them.
 * - Rounding-mode changes in generated code bracket register arithmetic
 *   only, so a fault never leaves the thread's rounding mode changed.
 * - The kernel blocks the signal while its handler runs and the jump
 *   skips the sigreturn that would unblock it: the landing side unblocks
 *   it (cux_cpu_fault_caught), so a second fault is caught too.  The jump
 *   buffer saves no signal mask, which keeps arming free of syscalls.
 * - The handler runs on an alternate signal stack of the worker's (one
 *   per thread, kept if the thread already has one, as ASan gives every
 *   thread), so a kernel that overflows its stack is caught as well. */
#include "cpu.h"

#include <fenv.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local cux_cpu_catch *cux_cpu_fault_armed
    __attribute__((tls_model("initial-exec")));

static const int caught_signals[2] = {SIGSEGV, SIGBUS};
static struct sigaction previous[2]; /* written once, before install */
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static pthread_key_t altstack_key;   /* frees a thread's stack at exit */
static _Thread_local bool altstack_ready;

enum { ALTSTACK_BYTES = 64 << 10 }; /* the handler, or the one it chains
                                       to, with AVX-512 signal frames */

/* The previous disposition gets the signal.  A handler is called as the
 * kernel would have called it.  For the default action the handler is
 * removed and the fault recurs when the instruction runs again (a kill
 * does not recur, so it is raised again, to be delivered on return). */
void cux_cpu_fault_pass_on(const struct sigaction *prev, int sig,
                           siginfo_t *info, void *context)
{
    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, info, context);
        return;
    }
    if (prev->sa_handler == SIG_IGN && info->si_code <= 0)
        return;
    if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
        return;
    }
    sigaction(sig, prev, NULL);
    if (info->si_code <= 0)
        raise(sig);
}

/* si_code > 0: raised by the CPU's fault, not sent by a process. */
static void on_fault(int sig, siginfo_t *info, void *context)
{
    cux_cpu_catch *c = cux_cpu_fault_armed;
    if (!c || info->si_code <= 0) {
        cux_cpu_fault_pass_on(&previous[sig == SIGBUS], sig, info, context);
        return;
    }
    cux_cpu_fault_armed = NULL; /* a fault while reporting crashes */
    c->sig = sig;
    c->code = info->si_code;
    c->addr = info->si_addr;
    /* The block record may live in a frame the jump discards. */
    for (int d = 0; d < 3; d++)
        c->ctaid[d] = c->blk->ctaid[d];
    siglongjmp(c->env, 1);
}

static void drop_altstack(void *stack)
{
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == stack &&
        !(cur.ss_flags & SS_DISABLE)) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
    }
    free(stack);
}

static void install(void)
{
    pthread_key_create(&altstack_key, drop_altstack);
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_sigaction = on_fault;
    act.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&act.sa_mask);
    /* Read the old disposition first, so that the handler never runs
     * before `previous` holds it. */
    for (int i = 0; i < 2; i++)
        if (sigaction(caught_signals[i], NULL, &previous[i]) == 0)
            sigaction(caught_signals[i], &act, NULL);
}

void cux_cpu_fault_install(void)
{
    pthread_once(&install_once, install);
}

/* Called by each worker before it runs kernel code: pool threads and
 * the launching thread alike.  A thread-local flag makes the check a
 * load after the first time. */
void cux_cpu_fault_thread_ready(void)
{
    if (altstack_ready)
        return;
    altstack_ready = true;
    cux_cpu_fault_install(); /* the key */
    stack_t cur;
    if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
        return; /* keep the thread's own (ASan's, the program's) */
    stack_t mine = {.ss_sp = malloc(ALTSTACK_BYTES),
                    .ss_size = ALTSTACK_BYTES};
    if (!mine.ss_sp)
        return; /* faults are still caught, if not an overflow */
    if (sigaltstack(&mine, NULL) != 0 ||
        pthread_setspecific(altstack_key, mine.ss_sp) != 0)
        drop_altstack(mine.ss_sp);
}

/* What the CPU gave as the address: x86-64 reports an address that is
 * not canonical (or an aligned vector access that is not aligned) as a
 * general protection fault, without an address. */
static void describe_address(const cux_cpu_catch *c, char *buf, size_t size)
{
    if (c->sig == SIGSEGV && c->code == SI_KERNEL)
        snprintf(buf, size, "an address the CPU cannot use");
    else
        snprintf(buf, size, "address 0x%" PRIxPTR, (uintptr_t)c->addr);
}

/* The watchdog's signal (watchdog.c) lands here too, from anywhere in
 * the generated code: the watchdog has already set the launch's error,
 * and a rounding-mode bracket it cut short is undone. */
void cux_cpu_fault_caught(cpu_job *job, const cux_cpu_catch *c)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < 2; i++)
        sigaddset(&set, caught_signals[i]);
    sigaddset(&set, c->sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    if (c->sig != SIGSEGV && c->sig != SIGBUS) {
        fesetround(c->round);
        cux_cpu_job_stop(job);
        return;
    }
    int expected = cudaSuccess;
    bool first = atomic_compare_exchange_strong(&job->error, &expected,
                                                cudaErrorIllegalAddress);
    cux_cpu_job_stop(job);
    if (!first)
        return; /* one line per launch, as the first fault decides */
    char where[64];
    describe_address(c, where, sizeof where);
    cux_log("illegal memory access (%s%s) in kernel %s, block [%u,%u,%u]",
            c->sig == SIGBUS ? "bus error, " : "", where,
            job->kernel->info.name, c->ctaid[0], c->ctaid[1], c->ctaid[2]);
}
