/* errors.c: error names and strings from the one table, unknown codes,
 * and the per-thread last-error rules (set by failing calls, returned and
 * reset by cudaGetLastError, kept by cudaPeekAtLastError). */
#include "rt_test.h"

#include <pthread.h>

static void *other_thread(void *arg)
{
    (void)arg;
    /* The last error is per host thread. */
    return (void *)(intptr_t)cudaPeekAtLastError();
}

int main(void)
{
    CHECK(!strcmp(cudaGetErrorName(cudaSuccess), "cudaSuccess"));
    CHECK(!strcmp(cudaGetErrorString(cudaSuccess), "no error"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorInvalidValue),
                  "invalid argument"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorMemoryAllocation),
                  "out of memory"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorInvalidConfiguration),
                  "invalid configuration argument"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorInvalidDeviceFunction),
                  "invalid device function"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorAssert),
                  "device-side assert triggered"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorLaunchFailure),
                  "unspecified launch failure"));
    CHECK(!strcmp(cudaGetErrorString(cudaErrorInvalidPtx),
                  "a PTX JIT compilation failed"));
    CHECK(!strcmp(cudaGetErrorName(cudaErrorIllegalAddress),
                  "cudaErrorIllegalAddress"));
    CHECK(!strcmp(cudaGetErrorName(cudaErrorUnknown), "cudaErrorUnknown"));
    CHECK(!strcmp(cudaGetErrorName((cudaError_t)12345),
                  "unrecognized error code"));
    CHECK(!strcmp(cudaGetErrorString((cudaError_t)-1),
                  "unrecognized error code"));

    OK(cudaGetLastError());
    EXPECT(cudaMalloc(NULL, 16), cudaErrorInvalidValue);
    EXPECT(cudaPeekAtLastError(), cudaErrorInvalidValue);
    EXPECT(cudaPeekAtLastError(), cudaErrorInvalidValue);
    pthread_t t;
    void *seen;
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, &seen);
    CHECK((cudaError_t)(intptr_t)seen == cudaSuccess);
    EXPECT(cudaGetLastError(), cudaErrorInvalidValue);
    OK(cudaGetLastError());

    /* A success does not clear an earlier error. */
    EXPECT(cudaSetDevice(999), cudaErrorInvalidDevice);
    OK(cudaSetDevice(0));
    EXPECT(cudaGetLastError(), cudaErrorInvalidDevice);

    /* cudaErrorNotReady is not recorded. */
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    void **h = register_test_module();
    (void)h;
    gate_close();
    if (launch_spin(300, s) == cudaSuccess &&
        cudaLaunchHostFunc(s, gate_wait, NULL) == cudaSuccess) {
        EXPECT(cudaStreamQuery(s), cudaErrorNotReady);
        OK(cudaPeekAtLastError());
    }
    gate_open();
    OK(cudaStreamSynchronize(s));
    OK(cudaStreamDestroy(s));
    OK(cudaGetLastError());
    return finish("errors");
}
