/* devices.c: several devices (CUX_CPU_DEVICES=3, set before the first
 * call): per-device properties, PCI ids, the current device per thread,
 * streams and events bound to their device, peer access with CUDA's
 * errors, peer copies, per-device __device__ variables, synchronisation
 * and reset of one device, and the bad arguments of each. */
#include "rt_test.h"

#include <pthread.h>
#include <stdlib.h>

enum { N = 256 };

static void identities(void)
{
    int count = 0;
    OK(cudaGetDeviceCount(&count));
    CHECK(count == 3);
    char id[3][32];
    for (int d = 0; d < 3; d++) {
        struct cudaDeviceProp prop;
        OK(cudaGetDeviceProperties(&prop, d));
        CHECK(prop.pciBusID == d);
        CHECK(prop.multiProcessorCount >= 1);
        OK(cudaDeviceGetPCIBusId(id[d], sizeof id[d], d));
        int back = -1;
        OK(cudaDeviceGetByPCIBusId(&back, id[d]));
        CHECK(back == d);
        OK(cudaDeviceGetByPCIBusId(&back, id[d] + 5)); /* no domain */
        CHECK(back == d);
    }
    CHECK(strcmp(id[0], id[1]) && strcmp(id[1], id[2]));
    int back;
    EXPECT(cudaDeviceGetByPCIBusId(&back, "0000:09:00.0"),
           cudaErrorInvalidDevice);
    EXPECT(cudaSetDevice(3), cudaErrorInvalidDevice);
}

static void *thread_device(void *arg)
{
    int *seen = arg;
    cudaGetDevice(&seen[0]);
    cudaSetDevice(1);
    cudaGetDevice(&seen[1]);
    return NULL;
}

static void per_thread(void)
{
    OK(cudaSetDevice(2));
    int seen[2] = {-1, -1}, now = -1;
    pthread_t t;
    pthread_create(&t, NULL, thread_device, seen);
    pthread_join(t, NULL);
    CHECK(seen[0] == 0 && seen[1] == 1);
    OK(cudaGetDevice(&now));
    CHECK(now == 2);
    OK(cudaSetDevice(0));
}

static void bound_to_device(int *p1)
{
    cudaStream_t s1;
    cudaEvent_t e0, e1;
    float ms;
    OK(cudaSetDevice(1));
    OK(cudaStreamCreate(&s1));
    OK(cudaEventCreate(&e1));
    OK(cudaSetDevice(0));
    OK(cudaEventCreate(&e0));
    int sdev = -1;
    OK(cudaStreamGetDevice(s1, &sdev));
    CHECK(sdev == 1);
    OK(cudaStreamGetDevice(NULL, &sdev)); /* the current device's */
    CHECK(sdev == 0);
    OK(cudaStreamGetDevice(cudaStreamPerThread, &sdev));
    CHECK(sdev == 0);
    EXPECT(cudaStreamGetDevice(s1, NULL), cudaErrorInvalidValue);
    EXPECT(launch_add_one(p1, N, s1), cudaErrorInvalidResourceHandle);
    OK(cudaMemsetAsync(p1, 0, N * sizeof(int), s1));
    /* stream-ordered memory comes from the pool of the stream's device */
    int *q;
    struct cudaPointerAttributes a;
    OK(cudaMallocAsync((void **)&q, 64, s1));
    OK(cudaPointerGetAttributes(&a, q));
    CHECK(a.device == 1);
    OK(cudaFreeAsync(q, s1));
    EXPECT(cudaEventRecord(e0, s1), cudaErrorInvalidResourceHandle);
    EXPECT(cudaEventRecord(e1, NULL), cudaErrorInvalidResourceHandle);
    OK(cudaEventRecord(e0, NULL));
    OK(cudaEventRecord(e1, s1));
    OK(cudaStreamWaitEvent(NULL, e1, 0));
    OK(cudaEventSynchronize(e1));
    OK(cudaEventSynchronize(e0));
    EXPECT(cudaEventElapsedTime(&ms, e0, e1), cudaErrorInvalidResourceHandle);
    OK(cudaStreamSynchronize(s1));
    OK(cudaSetDevice(1));
    OK(launch_add_one(p1, N, s1));
    OK(launch_add_one(p1, N, NULL)); /* device 1's own legacy stream */
    OK(cudaDeviceSynchronize());
    int h[N];
    OK(cudaMemcpy(h, p1, sizeof h, cudaMemcpyDeviceToHost));
    CHECK(h[0] == 2 && h[N - 1] == 2);
    OK(cudaStreamDestroy(s1));
    OK(cudaEventDestroy(e0));
    OK(cudaEventDestroy(e1));
    OK(cudaSetDevice(0));
}

static void peers(void)
{
    int can = -1;
    OK(cudaDeviceCanAccessPeer(&can, 0, 2));
    CHECK(can == 1);
    OK(cudaDeviceCanAccessPeer(&can, 2, 2));
    CHECK(can == 0);
    EXPECT(cudaDeviceCanAccessPeer(NULL, 0, 1), cudaErrorInvalidValue);
    EXPECT(cudaDeviceCanAccessPeer(&can, -1, 1), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceCanAccessPeer(&can, 0, 3), cudaErrorInvalidDevice);
    OK(cudaSetDevice(0));
    EXPECT(cudaDeviceEnablePeerAccess(0, 0), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceEnablePeerAccess(3, 0), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceEnablePeerAccess(-1, 0), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceEnablePeerAccess(1, 2), cudaErrorInvalidValue);
    EXPECT(cudaDeviceDisablePeerAccess(1), cudaErrorPeerAccessNotEnabled);
    EXPECT(cudaDeviceDisablePeerAccess(7), cudaErrorInvalidDevice);
    OK(cudaDeviceEnablePeerAccess(1, 0));
    EXPECT(cudaDeviceEnablePeerAccess(1, 0),
           cudaErrorPeerAccessAlreadyEnabled);
    OK(cudaSetDevice(1)); /* access is one-way */
    EXPECT(cudaDeviceDisablePeerAccess(0), cudaErrorPeerAccessNotEnabled);
    OK(cudaDeviceEnablePeerAccess(0, 0));
    OK(cudaDeviceReset()); /* takes both directions with it */
    OK(cudaSetDevice(0));
    EXPECT(cudaDeviceDisablePeerAccess(1), cudaErrorPeerAccessNotEnabled);
    OK(cudaDeviceEnablePeerAccess(2, 0));
    OK(cudaDeviceDisablePeerAccess(2));
    EXPECT(cudaGetLastError(), cudaErrorPeerAccessNotEnabled);
}

static void peer_copies(void)
{
    int *p[3], h[N];
    for (int d = 0; d < 3; d++) {
        OK(cudaSetDevice(d));
        OK(cudaMalloc((void **)&p[d], N * sizeof(int)));
        OK(cudaMemset(p[d], 0, N * sizeof(int)));
        struct cudaPointerAttributes a;
        OK(cudaPointerGetAttributes(&a, p[d]));
        CHECK(a.type == cudaMemoryTypeDevice && a.device == d);
    }
    OK(cudaSetDevice(2));
    for (int k = 0; k < 3; k++)
        OK(launch_add_one(p[2], N, NULL)); /* device 2's work, pending */
    OK(cudaSetDevice(0));
    OK(cudaMemcpyPeer(p[1], 1, p[2], 2, N * sizeof(int)));
    OK(cudaMemcpy(h, p[1], sizeof h, cudaMemcpyDeviceToHost));
    CHECK(h[0] == 3 && h[N - 1] == 3);
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(cudaMemcpyPeerAsync(p[0], 0, p[1], 1, N * sizeof(int), s));
    OK(cudaMemcpyAsync(h, p[0], sizeof h, cudaMemcpyDefault, s));
    OK(cudaStreamSynchronize(s));
    CHECK(h[0] == 3 && h[N - 1] == 3);
    OK(cudaMemcpy(p[2], p[0], N * sizeof(int), cudaMemcpyDefault));
    OK(cudaStreamDestroy(s));
    EXPECT(cudaMemcpyPeer(p[0], 3, p[1], 1, 4), cudaErrorInvalidDevice);
    EXPECT(cudaMemcpyPeerAsync(p[0], 0, p[1], -2, 4, NULL),
           cudaErrorInvalidDevice);
    OK(cudaMemcpyPeer(p[0], 0, p[1], 1, 0));
    for (int d = 0; d < 3; d++)
        OK(cudaFree(p[d]));
}

/* Each device has its own copy of a module's variables. */
static void own_variables(void)
{
    unsigned v[4];
    for (unsigned d = 0; d < 3; d++) {
        unsigned mine[4] = {d, d, d, d};
        OK(cudaSetDevice((int)d));
        OK(cudaMemcpyToSymbol(host_cvar, mine, sizeof mine, 0,
                              cudaMemcpyHostToDevice));
    }
    for (unsigned d = 0; d < 3; d++) {
        OK(cudaSetDevice((int)d));
        OK(cudaMemcpyFromSymbol(v, host_cvar, sizeof v, 0,
                                cudaMemcpyDeviceToHost));
        CHECK(v[0] == d && v[3] == d);
    }
    OK(cudaSetDevice(0));
}

/* A reset frees what was made on that device alone. */
static void reset_one(void)
{
    int *p0, *p2;
    OK(cudaSetDevice(2));
    OK(cudaMalloc((void **)&p2, 64));
    OK(cudaSetDevice(0));
    OK(cudaMalloc((void **)&p0, 64));
    OK(cudaSetDevice(2));
    OK(cudaDeviceReset());
    struct cudaPointerAttributes a;
    OK(cudaPointerGetAttributes(&a, p2));
    CHECK(a.type == cudaMemoryTypeUnregistered);
    OK(cudaPointerGetAttributes(&a, p0));
    CHECK(a.type == cudaMemoryTypeDevice && a.device == 0);
    OK(cudaSetDevice(0));
    OK(cudaMemset(p0, 1, 64));
    OK(cudaFree(p0));
}

int main(void)
{
    setenv("CUX_CPU_DEVICES", "3", 1);
    unsetenv("CUDA_VISIBLE_DEVICES");
    register_test_module();
    identities();
    per_thread();
    int *p1;
    OK(cudaSetDevice(1));
    OK(cudaMalloc((void **)&p1, N * sizeof(int)));
    OK(cudaSetDevice(0));
    bound_to_device(p1);
    peers();
    peer_copies();
    own_variables();
    reset_one();
    return finish("devices");
}
