/* events.c: event records, queries, synchronisation and elapsed time,
 * and the codes for untimed, unrecorded, pending and destroyed events. */
#include "rt_test.h"

static void slow(void *arg)
{
    sleep_ms((int)(intptr_t)arg);
}

int main(void)
{
    cudaEvent_t a, b, untimed;
    cudaStream_t s;
    float ms = -1;
    OK(cudaEventCreate(&a));
    OK(cudaEventCreate(&b));
    OK(cudaEventCreateWithFlags(&untimed, cudaEventDisableTiming));
    EXPECT(cudaEventCreateWithFlags(&untimed, 0x80), cudaErrorInvalidValue);
    EXPECT(cudaEventCreateWithFlags(&untimed, cudaEventInterprocess),
           cudaErrorInvalidValue);
    EXPECT(cudaEventCreate(NULL), cudaErrorInvalidValue);
    OK(cudaStreamCreate(&s));

    OK(cudaEventQuery(a)); /* never recorded: complete */
    EXPECT(cudaEventElapsedTime(&ms, a, b), cudaErrorInvalidResourceHandle);

    gate_close();
    OK(cudaEventRecord(a, s));
    OK(cudaLaunchHostFunc(s, slow, (void *)100));
    OK(cudaLaunchHostFunc(s, gate_wait, NULL));
    OK(cudaEventRecord(b, s));
    EXPECT(cudaEventQuery(b), cudaErrorNotReady);
    EXPECT(cudaEventElapsedTime(&ms, a, b), cudaErrorNotReady);
    gate_open();
    OK(cudaEventSynchronize(b));
    OK(cudaEventQuery(b));
    OK(cudaEventElapsedTime(&ms, a, b));
    /* At least the 100 ms sleep; the upper bound only checks the unit
     * (a loaded machine may take any time). */
    CHECK(ms >= 95.0f && ms < 60000.0f);
    EXPECT(cudaEventElapsedTime(NULL, a, b), cudaErrorInvalidValue);

    OK(cudaEventRecord(untimed, s));
    OK(cudaEventSynchronize(untimed));
    EXPECT(cudaEventElapsedTime(&ms, a, untimed),
           cudaErrorInvalidResourceHandle);

    /* Records on the default stream and re-records. */
    OK(cudaEventRecord(a, 0));
    OK(cudaEventRecord(a, 0));
    OK(cudaEventRecord(b, 0));
    OK(cudaEventSynchronize(b));
    OK(cudaEventElapsedTime(&ms, a, b));
    CHECK(ms >= 0.0f && ms < 60000.0f);

    /* An event destroyed with its record still pending is fine. */
    cudaEvent_t c;
    OK(cudaEventCreate(&c));
    OK(cudaLaunchHostFunc(s, slow, (void *)50));
    OK(cudaEventRecord(c, s));
    OK(cudaEventDestroy(c));
    EXPECT(cudaEventDestroy(c), cudaErrorInvalidResourceHandle);
    EXPECT(cudaEventQuery(c), cudaErrorInvalidResourceHandle);
    EXPECT(cudaEventRecord(c, s), cudaErrorInvalidResourceHandle);
    EXPECT(cudaEventSynchronize((cudaEvent_t)0x99),
           cudaErrorInvalidResourceHandle);
    EXPECT(cudaEventRecord(a, (cudaStream_t)0x99),
           cudaErrorInvalidResourceHandle);
    OK(cudaStreamSynchronize(s));

    OK(cudaEventDestroy(a));
    OK(cudaEventDestroy(b));
    OK(cudaEventDestroy(untimed));
    OK(cudaStreamDestroy(s));
    cudaGetLastError();
    return finish("events");
}
