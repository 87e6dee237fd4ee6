/* watchdog.c: CUX_KERNEL_TIMEOUT, a limit on how long one launch runs,
 * past which the launch fails with cudaErrorLaunchTimeout, as a GPU's
 * display watchdog ends a kernel that holds it too long.
 *
 * A kernel that loops forever in its generated code never comes back to
 * the block loop, so the stop flag of a launch (cux_cpu_job_stop) alone
 * cannot end it.  One watchdog thread per process, started at the first
 * launch that finds the variable set, keeps the running launches in a
 * list with their deadlines and sleeps until the nearest one.  When a
 * launch passes its deadline the watchdog sets its error (the first
 * error wins, as for a fault), prints one line naming the kernel, stops
 * the job and marks it timed out; then it sends a signal to each worker
 * thread that runs the job.  The handler (in the worker) jumps to the
 * worker's block loop exactly as fault.c's does for a bad access, when
 * the thread is armed for a timed-out job; the block loop hands the
 * catch to cux_cpu_fault_caught, which unblocks the signal and restores
 * the rounding mode.  Workers between blocks, and kernels that loop
 * through a barrier (whose generated code reads the stop flag once a
 * round), end by the stop flag alone.
 *
 * Races, and why they are harmless:
 * - The watchdog touches a job only under its lock and while the job is
 *   in the list; the launch removes it under the lock before its stack
 *   frame goes, so the job the watchdog reads is alive.  The handler
 *   reads only the job of the catch its thread is armed with, which is
 *   alive while armed.
 * - A signal that arrives late (the worker has finished the block, or
 *   moved on to another launch) finds the thread disarmed, or armed for
 *   a job not timed out, and is dropped; a job at the address of an
 *   earlier one starts with timed_out clear.
 * - A signal that is lost (the thread was disarmed for a moment, in a
 *   service such as printf, or had not yet published its job) is sent
 *   again every RETRY_NS while the launch runs, so a thread that loops
 *   forever is hit while armed sooner or later.
 * - Async-signal safety is fault.c's: the handler reads thread-local and
 *   atomic words, calls getpid and siglongjmp.  Generated code holds no
 *   locks, except inside device malloc/free (the C library's): a signal
 *   landing there can leave the allocator locked (docs/compatibility.md).
 * - ThreadSanitizer delays a signal until the thread calls the C library,
 *   so under it only the stop flag ends a launch (tests skip the spins).
 *
 * The signal is SIGRTMAX - 1: not a fault signal, and real-time signals
 * are free for any use; programs that take them count up from SIGRTMIN.
 * cux's handler is installed with the watchdog only, and a signal it
 * does not take goes to the handler it replaced: the watchdog queues
 * its signal with a value no one else sends (pthread_sigqueue), so the
 * program's own raise or kill still reaches the program. */
#include "cpu.h"

#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { RETRY_NS = 50 * 1000 * 1000 };

/* A worker thread that has taken part in a launch: where the watchdog
 * finds it.  Freed when the thread exits. */
typedef struct watch_slot {
    pthread_t thread;
    cpu_job *_Atomic job;      /* the launch it runs, or NULL */
    struct watch_slot *next;
} watch_slot;

static struct {
    pthread_once_t once;
    uint64_t limit_ns;         /* 0: no watchdog */
    double seconds;            /* the limit as given, for messages */
    int sig;
    struct sigaction previous; /* the handler cux's replaced */
    pthread_key_t slot_key;
    pthread_mutex_t lock;      /* guards the lists and each watch */
    pthread_cond_t wake;
    cux_cpu_watch *watches;    /* running launches */
    watch_slot *slots;         /* worker threads */
} wd = {.once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local watch_slot *my_slot;

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Seconds, fractions allowed; unset, empty or 0 is no watchdog.  A bad
 * value is named on stderr and ignored, so the program runs as without
 * the variable. */
static double read_limit(void)
{
    const char *env = getenv("CUX_KERNEL_TIMEOUT");
    if (!env || !*env)
        return 0;
    char *end;
    errno = 0;
    double s = strtod(env, &end);
    if (*end || errno || !isfinite(s) || s < 0 || s > 1e9) {
        cux_log("CUX_KERNEL_TIMEOUT=%s: not a number of seconds from 0 to "
                "1e9; no kernel watchdog", env);
        return 0;
    }
    return s;
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
    cux_cpu_catch *c = cux_cpu_fault_armed;
    if (c && __atomic_load_n(&c->job->timed_out, __ATOMIC_RELAXED)) {
        cux_cpu_fault_armed = NULL;
        c->sig = sig;
        c->code = info->si_code;
        c->addr = NULL;
        for (int d = 0; d < 3; d++)
            c->ctaid[d] = c->blk->ctaid[d];
        siglongjmp(c->env, 1);
    }
    if (info->si_code == SI_QUEUE && info->si_pid == getpid() &&
        info->si_value.sival_ptr == &wd)
        return; /* the watchdog's, late */
    cux_cpu_fault_pass_on(&wd.previous, sig, info, context);
}

static void drop_slot(void *p)
{
    watch_slot *slot = p;
    pthread_mutex_lock(&wd.lock);
    for (watch_slot **s = &wd.slots; *s; s = &(*s)->next)
        if (*s == slot) {
            *s = slot->next;
            break;
        }
    pthread_mutex_unlock(&wd.lock);
    free(slot);
}

static void *watch_main(void *arg);

/* Reads the variable; with a limit, installs the handler and starts the
 * thread, which then lives as long as the process. */
static void setup(void)
{
    double s = read_limit();
    uint64_t ns = (uint64_t)(s * 1e9);
    if (!ns)
        return;
    wd.seconds = s;
    wd.sig = SIGRTMAX - 1;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wd.wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_key_create(&wd.slot_key, drop_slot);
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_sigaction = on_signal;
    act.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&act.sa_mask);
    if (sigaction(wd.sig, NULL, &wd.previous) != 0 ||
        sigaction(wd.sig, &act, NULL) != 0) {
        cux_log("CUX_KERNEL_TIMEOUT: cannot install the signal handler; "
                "no kernel watchdog");
        return;
    }
    pthread_t thread;
    if (pthread_create(&thread, NULL, watch_main, NULL) != 0) {
        cux_log("CUX_KERNEL_TIMEOUT: cannot start the watchdog thread; "
                "no kernel watchdog");
        return;
    }
    pthread_detach(thread);
    wd.limit_ns = ns;
}

static bool enabled(void)
{
    pthread_once(&wd.once, setup);
    return wd.limit_ns != 0;
}

/* Called with the lock held, once per RETRY_NS while the job runs past
 * its deadline: ends it the first time, signals its workers each time. */
static void expire(cux_cpu_watch *w)
{
    cpu_job *job = w->job;
    if (!w->expired) {
        w->expired = true;
        int expected = cudaSuccess;
        if (atomic_compare_exchange_strong(&job->error, &expected,
                                           cudaErrorLaunchTimeout))
            cux_log("kernel %s ran longer than CUX_KERNEL_TIMEOUT=%g s; "
                    "launch ended", job->kernel->info.name, wd.seconds);
        __atomic_store_n(&job->timed_out, 1, __ATOMIC_RELAXED);
        cux_cpu_job_stop(job);
    }
    for (watch_slot *s = wd.slots; s; s = s->next)
        if (atomic_load(&s->job) == job)
            pthread_sigqueue(s->thread, wd.sig,
                             (union sigval){.sival_ptr = &wd});
}

static void *watch_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&wd.lock);
    for (;;) {
        uint64_t now = now_ns(), next = UINT64_MAX;
        for (cux_cpu_watch *w = wd.watches; w; w = w->next) {
            uint64_t at = w->deadline;
            if (now >= at) {
                expire(w);
                at = now + RETRY_NS;
            }
            next = at < next ? at : next;
        }
        if (next == UINT64_MAX) {
            pthread_cond_wait(&wd.wake, &wd.lock);
            continue;
        }
        struct timespec until = {.tv_sec = (time_t)(next / 1000000000u),
                                 .tv_nsec = (long)(next % 1000000000u)};
        pthread_cond_timedwait(&wd.wake, &wd.lock, &until);
    }
    return NULL;
}

void cux_cpu_watch_begin(cux_cpu_watch *w, cpu_job *job)
{
    w->job = NULL;
    if (!enabled())
        return;
    w->job = job;
    w->expired = false;
    pthread_mutex_lock(&wd.lock);
    w->deadline = now_ns() + wd.limit_ns;
    w->next = wd.watches;
    wd.watches = w;
    pthread_cond_signal(&wd.wake); /* its deadline may be the nearest */
    pthread_mutex_unlock(&wd.lock);
}

void cux_cpu_watch_end(cux_cpu_watch *w)
{
    if (!w->job)
        return;
    pthread_mutex_lock(&wd.lock);
    for (cux_cpu_watch **p = &wd.watches; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            break;
        }
    pthread_mutex_unlock(&wd.lock);
}

/* The first time on a thread, its slot joins the list; it leaves the
 * list when the thread exits (drop_slot), so the watchdog never signals
 * a thread that is gone. */
static watch_slot *slot(void)
{
    if (my_slot)
        return my_slot;
    watch_slot *s = calloc(1, sizeof *s);
    if (!s)
        return NULL; /* a loop on this thread ends by the stop flag only */
    s->thread = pthread_self();
    if (pthread_setspecific(wd.slot_key, s) != 0) {
        free(s);
        return NULL;
    }
    pthread_mutex_lock(&wd.lock);
    s->next = wd.slots;
    wd.slots = s;
    pthread_mutex_unlock(&wd.lock);
    return my_slot = s;
}

void cux_cpu_watch_enter(cpu_job *job, cux_cpu_catch *c)
{
    c->job = job;
    if (!wd.limit_ns) /* set before any launch runs a worker */
        return;
    c->round = fegetround();
    watch_slot *s = slot();
    if (s)
        atomic_store(&s->job, job);
}

void cux_cpu_watch_leave(void)
{
    if (my_slot)
        atomic_store(&my_slot->job, NULL);
}
