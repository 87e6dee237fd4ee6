/* ocl_clock.c: the host's side of %clock, %clock64 and %globaltimer on
 * the OpenCL device (34_clock.cl says what they count): the host clock
 * word in the arena, kept current while a kernel that reads it runs. */
#include "dev/opencl/ocl_device.h"

#include <sched.h>
#include <time.h>

uint64_t cux_ocl_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* While a kernel that reads a clock runs, a host thread keeps the
 * arena's clock word current (34_clock.cl), where the arena is host
 * memory; elsewhere the word is set at the launch only, and the clock
 * then counts reads. */
static void *tick(void *arg)
{
    cux_ocl_ticker *t = arg;
    while (!atomic_load(&t->stop)) {
        atomic_store(t->word, cux_ocl_now_ns());
        sched_yield();
    }
    return NULL;
}

/* Kernels of several streams may run at once, each launch with a ticker
 * of its own writing the same word: every write is the time it was
 * read, so the word stays about current while any of them runs. */
void cux_ocl_clock_start(ocl_device *o, cl_command_queue q,
                         cux_ocl_ticker *t)
{
    uint64_t now = cux_ocl_now_ns();
    t->running = false;
    atomic_init(&t->stop, false);
    if (o->unified && o->host) {
        t->word = (_Atomic uint64_t *)((char *)o->host + o->clock_offset);
        atomic_store(t->word, now);
        t->running = pthread_create(&t->thread, NULL, tick, t) == 0;
        return;
    }
    o->api.clEnqueueWriteBuffer(q, o->arena, CL_TRUE, o->clock_offset,
                                sizeof now, &now, 0, NULL, NULL);
}

void cux_ocl_clock_stop(cux_ocl_ticker *t)
{
    if (!t->running)
        return;
    atomic_store(&t->stop, true);
    pthread_join(t->thread, NULL);
}
