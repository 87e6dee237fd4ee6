/* streams.c: stream creation and destruction, order within a stream,
 * host functions and callbacks, cudaStreamQuery while busy, the legacy
 * default stream's synchronisation with blocking (but not non-blocking)
 * streams, cudaStreamWaitEvent, cudaStreamPerThread, destroyed handles. */
#include "rt_test.h"

#include <stdatomic.h>

static atomic_int order[16];
static atomic_int n_order;
static atomic_int flag;

static void push(void *arg)
{
    order[atomic_fetch_add(&n_order, 1)] = (int)(intptr_t)arg;
}

static void slow_set(void *arg)
{
    sleep_ms(150);
    atomic_store(&flag, (int)(intptr_t)arg);
}

static void check_flag(void *arg)
{
    *(int *)arg = atomic_load(&flag);
}

static cudaError_t seen_status = cudaErrorUnknown;
static void CUDART_CB callback(cudaStream_t s, cudaError_t status, void *arg)
{
    (void)s;
    seen_status = status;
    push(arg);
}

static void ordering(void)
{
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(cudaStreamQuery(s));
    gate_close();
    OK(cudaLaunchHostFunc(s, gate_wait, NULL));
    OK(cudaLaunchHostFunc(s, slow_set, (void *)1));
    EXPECT(cudaStreamQuery(s), cudaErrorNotReady);
    gate_open();
    for (int i = 0; i < 5; i++)
        OK(cudaLaunchHostFunc(s, push, (void *)(intptr_t)i));
    OK(cudaStreamAddCallback(s, callback, (void *)5, 0));
    EXPECT(cudaStreamAddCallback(s, callback, NULL, 1),
           cudaErrorInvalidValue);
    OK(cudaStreamSynchronize(s));
    OK(cudaStreamQuery(s));
    CHECK(atomic_load(&n_order) == 6);
    for (int i = 0; i < 6; i++)
        CHECK(order[i] == i);
    CHECK(seen_status == cudaSuccess);
    CHECK(atomic_load(&flag) == 1);
    OK(cudaStreamDestroy(s));
}

static void legacy(void)
{
    cudaStream_t blocking, nonblocking;
    unsigned flags = 9;
    int seen = -1, x = 0, y = 0;
    OK(cudaStreamCreate(&blocking));
    OK(cudaStreamCreateWithFlags(&nonblocking, cudaStreamNonBlocking));
    OK(cudaStreamGetFlags(nonblocking, &flags));
    CHECK(flags == cudaStreamNonBlocking);
    OK(cudaStreamGetFlags(blocking, &flags));
    CHECK(flags == 0);

    /* Work on the legacy stream waits for earlier work in a blocking
     * stream; a synchronous copy is such work. */
    atomic_store(&flag, 0);
    OK(cudaLaunchHostFunc(blocking, slow_set, (void *)2));
    OK(cudaMemcpy(&y, &x, sizeof x, cudaMemcpyHostToHost));
    CHECK(atomic_load(&flag) == 2);

    /* ...and work queued on a blocking stream waits for the legacy
     * stream. */
    atomic_store(&flag, 0);
    OK(cudaLaunchHostFunc(0, slow_set, (void *)3));
    OK(cudaLaunchHostFunc(blocking, check_flag, &seen));
    OK(cudaStreamSynchronize(blocking));
    CHECK(seen == 3);

    /* A non-blocking stream does not synchronise with the legacy one:
     * the copy returns while the non-blocking stream waits at the gate. */
    atomic_store(&flag, 0);
    gate_close();
    OK(cudaLaunchHostFunc(nonblocking, gate_wait, NULL));
    OK(cudaLaunchHostFunc(nonblocking, slow_set, (void *)4));
    OK(cudaMemcpy(&y, &x, sizeof x, cudaMemcpyHostToHost));
    CHECK(atomic_load(&flag) == 0);
    gate_open();
    OK(cudaDeviceSynchronize());
    CHECK(atomic_load(&flag) == 4);
    OK(cudaStreamDestroy(blocking));
    OK(cudaStreamDestroy(nonblocking));
}

static void waits(void)
{
    cudaStream_t a, b;
    cudaEvent_t e;
    int seen = -1;
    OK(cudaStreamCreateWithFlags(&a, cudaStreamNonBlocking));
    OK(cudaStreamCreateWithFlags(&b, cudaStreamNonBlocking));
    OK(cudaEventCreateWithFlags(&e, cudaEventDisableTiming));
    atomic_store(&flag, 0);
    OK(cudaLaunchHostFunc(a, slow_set, (void *)5));
    OK(cudaEventRecord(e, a));
    OK(cudaStreamWaitEvent(b, e, 0));
    OK(cudaLaunchHostFunc(b, check_flag, &seen));
    OK(cudaStreamSynchronize(b));
    CHECK(seen == 5);
    EXPECT(cudaStreamWaitEvent(b, e, 0x10), cudaErrorInvalidValue);
    OK(cudaEventDestroy(e));
    OK(cudaStreamDestroy(a));
    OK(cudaStreamDestroy(b));
}

static void special(void)
{
    cudaStream_t s;
    int prio = 1;
    OK(cudaStreamCreateWithPriority(&s, 0, -1));
    OK(cudaStreamGetPriority(s, &prio));
    CHECK(prio == -1);
    OK(cudaStreamDestroy(s));
    /* Destroyed and made-up handles are refused, never dereferenced. */
    EXPECT(cudaStreamSynchronize(s), cudaErrorInvalidResourceHandle);
    EXPECT(cudaStreamQuery(s), cudaErrorInvalidResourceHandle);
    EXPECT(cudaStreamDestroy(s), cudaErrorInvalidResourceHandle);
    EXPECT(cudaLaunchHostFunc(s, push, NULL),
           cudaErrorInvalidResourceHandle);
    EXPECT(cudaStreamQuery((cudaStream_t)0x1234),
           cudaErrorInvalidResourceHandle);
    EXPECT(cudaStreamDestroy(0), cudaErrorInvalidResourceHandle);
    EXPECT(cudaStreamCreate(NULL), cudaErrorInvalidValue);
    EXPECT(cudaStreamCreateWithFlags(&s, 0x40), cudaErrorInvalidValue);
    atomic_store(&flag, 0);
    OK(cudaLaunchHostFunc(cudaStreamPerThread, slow_set, (void *)6));
    OK(cudaStreamSynchronize(cudaStreamPerThread));
    CHECK(atomic_load(&flag) == 6);
    OK(cudaStreamQuery(cudaStreamLegacy));
    OK(cudaStreamSynchronize(0));
    /* Destroying a busy stream lets its work finish first. */
    OK(cudaStreamCreate(&s));
    atomic_store(&flag, 0);
    OK(cudaLaunchHostFunc(s, slow_set, (void *)7));
    OK(cudaStreamDestroy(s));
    OK(cudaDeviceSynchronize());
    CHECK(atomic_load(&flag) == 7);
}

int main(void)
{
    ordering();
    legacy();
    waits();
    special();
    cudaGetLastError();
    return finish("streams");
}
