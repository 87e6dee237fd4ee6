// multi_device_rules.cu: CUDA's rules for several devices: properties
// and PCI ids per device, allocations and streams bound to the device
// current at creation (a launch into another device's stream fails, a
// copy does not), events, peer access and its errors, a kernel reading a
// peer's memory, cudaMemcpyDefault and cudaMemcpyPeer between devices,
// the current device per host thread, and cudaDeviceReset of one device.
// cux-devices: 2 3
#include <cuda_runtime.h>
#include <pthread.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static int failures;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL multi_device_rules\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(call, code) do { cudaError_t e_ = (call); if (e_ != (code)) { \
    printf("%s:%d: %s -> %s, expected %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorName(e_), cudaGetErrorName(code)); failures++; } \
    } while (0)
#define TRUE(cond) do { if (!(cond)) { printf("%s:%d: %s\n", __FILE__, \
    __LINE__, #cond); failures++; } } while (0)

__global__ void fill(int *p, int n, int v)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = v + i;
}

__global__ void add_from(int *dst, const int *src, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        dst[i] += src[i];
}

enum { N = 4096 };

static void properties(int count)
{
    char id[32], first[256] = "";
    for (int d = 0; d < count; d++) {
        cudaDeviceProp prop;
        CHECK(cudaGetDeviceProperties(&prop, d));
        TRUE(prop.multiProcessorCount >= 1);
        TRUE(d == 0 || strcmp(prop.name, first) != 0);
        if (d == 0)
            snprintf(first, sizeof first, "%s", prop.name);
        CHECK(cudaDeviceGetPCIBusId(id, sizeof id, d));
        int back = -1;
        CHECK(cudaDeviceGetByPCIBusId(&back, id));
        TRUE(back == d);
    }
}

static void *other_thread(void *arg)
{
    int *seen = (int *)arg;
    cudaGetDevice(seen); // a new thread starts on device 0
    cudaSetDevice(1);
    return NULL;
}

static void current_device_per_thread()
{
    CHECK(cudaSetDevice(1));
    int seen = -1, now = -1;
    pthread_t t;
    pthread_create(&t, NULL, other_thread, &seen);
    pthread_join(t, NULL);
    TRUE(seen == 0);
    CHECK(cudaSetDevice(0));
    CHECK(cudaGetDevice(&now));
    TRUE(now == 0);
}

static void streams_and_events(int *a1)
{
    cudaStream_t s1;
    cudaEvent_t e0, e1;
    CHECK(cudaSetDevice(1));
    CHECK(cudaStreamCreate(&s1));
    CHECK(cudaEventCreate(&e1));
    CHECK(cudaSetDevice(0));
    CHECK(cudaEventCreate(&e0));
    // "A kernel launch will fail if it is issued to a stream that is not
    // associated to the current device"
    fill<<<N / 256, 256, 0, s1>>>(a1, N, 0);
    EXPECT(cudaGetLastError(), cudaErrorInvalidResourceHandle);
    // a copy may go to any device's stream
    CHECK(cudaMemsetAsync(a1, 0, N * sizeof(int), s1));
    // an event records only in a stream of its own device
    EXPECT(cudaEventRecord(e0, s1), cudaErrorInvalidResourceHandle);
    CHECK(cudaEventRecord(e1, s1));
    CHECK(cudaEventRecord(e0, 0));
    CHECK(cudaEventSynchronize(e1)); // from another device: fine
    CHECK(cudaEventSynchronize(e0));
    float ms;
    EXPECT(cudaEventElapsedTime(&ms, e0, e1), cudaErrorInvalidResourceHandle);
    CHECK(cudaStreamWaitEvent(0, e1, 0)); // across devices: fine
    CHECK(cudaStreamSynchronize(s1));
    CHECK(cudaEventDestroy(e0));
    CHECK(cudaEventDestroy(e1));
    CHECK(cudaStreamDestroy(s1));
}

static void peer_access(int count, int *a0, int *a1)
{
    int can = -1;
    CHECK(cudaDeviceCanAccessPeer(&can, 0, 1));
    TRUE(can == 1);
    CHECK(cudaDeviceCanAccessPeer(&can, 1, 1));
    TRUE(can == 0);
    EXPECT(cudaDeviceCanAccessPeer(&can, 0, count), cudaErrorInvalidDevice);
    CHECK(cudaSetDevice(0));
    EXPECT(cudaDeviceDisablePeerAccess(1), cudaErrorPeerAccessNotEnabled);
    EXPECT(cudaDeviceEnablePeerAccess(0, 0), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceEnablePeerAccess(count, 0), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceEnablePeerAccess(1, 1), cudaErrorInvalidValue);
    CHECK(cudaDeviceEnablePeerAccess(1, 0));
    EXPECT(cudaDeviceEnablePeerAccess(1, 0),
           cudaErrorPeerAccessAlreadyEnabled);
    cudaGetLastError();

    // device 0's kernel reads device 1's memory
    CHECK(cudaSetDevice(1));
    fill<<<N / 256, 256>>>(a1, N, 1000);
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaSetDevice(0));
    fill<<<N / 256, 256>>>(a0, N, 0);
    add_from<<<N / 256, 256>>>(a0, a1, N);
    static int h[N];
    CHECK(cudaMemcpy(h, a0, sizeof h, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += h[i] != 2 * i + 1000;
    TRUE(bad == 0);
    CHECK(cudaDeviceDisablePeerAccess(1));
    EXPECT(cudaDeviceDisablePeerAccess(1), cudaErrorPeerAccessNotEnabled);
    cudaGetLastError();
}

static void copies(int count, int *a0, int *a1)
{
    static int h[N];
    CHECK(cudaSetDevice(1));
    fill<<<N / 256, 256>>>(a1, N, 7); // not waited for here
    CHECK(cudaSetDevice(0));
    // cudaMemcpyPeer waits for the source device's work
    CHECK(cudaMemcpyPeer(a0, 0, a1, 1, N * sizeof(int)));
    CHECK(cudaMemcpy(h, a0, sizeof h, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += h[i] != 7 + i;
    TRUE(bad == 0);
    CHECK(cudaMemset(a1, 0, N * sizeof(int)));
    CHECK(cudaMemcpy(a1, a0, N * sizeof(int), cudaMemcpyDefault));
    CHECK(cudaMemcpy(h, a1, sizeof h, cudaMemcpyDefault));
    bad = 0;
    for (int i = 0; i < N; i++)
        bad += h[i] != 7 + i;
    TRUE(bad == 0);
    EXPECT(cudaMemcpyPeer(a0, count, a1, 1, 4), cudaErrorInvalidDevice);
    EXPECT(cudaMemcpyPeer(a0, 0, a1, -1, 4), cudaErrorInvalidDevice);
}

static void reset_one(int *a0, int *a1)
{
    CHECK(cudaSetDevice(0));
    CHECK(cudaDeviceEnablePeerAccess(1, 0));
    CHECK(cudaSetDevice(1));
    CHECK(cudaDeviceReset());
    cudaPointerAttributes attr;
    CHECK(cudaPointerGetAttributes(&attr, a1));
    TRUE(attr.type == cudaMemoryTypeUnregistered); // freed by the reset
    CHECK(cudaPointerGetAttributes(&attr, a0));
    TRUE(attr.type == cudaMemoryTypeDevice && attr.device == 0);
    CHECK(cudaSetDevice(0));
    // the reset peer's mapping is gone with its context
    CHECK(cudaDeviceEnablePeerAccess(1, 0));
    fill<<<N / 256, 256>>>(a0, N, 3); // device 0 untouched
    CHECK(cudaDeviceSynchronize());
}

int main()
{
    int count = 0;
    CHECK(cudaGetDeviceCount(&count));
    if (count < 2) {
        printf("needs CUX_CPU_DEVICES=2 or more\nFAIL multi_device_rules\n");
        return 1;
    }
    properties(count);
    current_device_per_thread();
    int *a0, *a1;
    CHECK(cudaSetDevice(1));
    CHECK(cudaMalloc(&a1, N * sizeof(int)));
    CHECK(cudaSetDevice(0));
    CHECK(cudaMalloc(&a0, N * sizeof(int)));
    cudaPointerAttributes attr;
    CHECK(cudaPointerGetAttributes(&attr, a1));
    TRUE(attr.type == cudaMemoryTypeDevice && attr.device == 1);
    CHECK(cudaPointerGetAttributes(&attr, a0));
    TRUE(attr.device == 0);
    streams_and_events(a1);
    peer_access(count, a0, a1);
    copies(count, a0, a1);
    reset_one(a0, a1);
    CHECK(cudaFree(a0));
    printf("%s multi_device_rules\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
