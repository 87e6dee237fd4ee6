// managed_hints.cu: prefetches and advice on managed memory, in CUDA 12's
// form (a device ordinal or cudaCpuDeviceId) and in the location form of
// CUDA 12.2's _v2 entry points, which CUDA 13 calls by the plain names;
// the errors for a null pointer, a bad device and a bad location; and the
// memory read and written by a kernel and the host around them.  The
// hints move nothing on a device that shares the host's memory, so only
// what CUDA guarantees is checked: the results and the error codes.
#include <cuda_runtime.h>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL managed_hints\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)
#define EXPECT(call, want) do { cudaError_t e_ = (call); if (e_ != (want)) { \
    printf("%s:%d: %s -> %s, want %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorString(e_), cudaGetErrorString(want)); bad++; } \
    cudaGetLastError(); } while (0)

__global__ void twice(int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] *= 2;
}

int main()
{
    const int n = 4096;
    const size_t bytes = n * sizeof(int);
    int *v, bad = 0;
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMallocManaged(&v, bytes));
    for (int i = 0; i < n; i++)
        v[i] = i;

    struct cudaMemLocation dev = {cudaMemLocationTypeDevice, 0};
    struct cudaMemLocation host = {cudaMemLocationTypeHost, 0};
#if CUDART_VERSION >= 13000
    CHECK(cudaMemAdvise(v, bytes, cudaMemAdviseSetPreferredLocation, dev));
    CHECK(cudaMemPrefetchAsync(v, bytes, dev, 0, s));
#else
    CHECK(cudaMemAdvise(v, bytes, cudaMemAdviseSetPreferredLocation, 0));
    CHECK(cudaMemAdvise(v, bytes, cudaMemAdviseSetReadMostly, 0));
    CHECK(cudaMemPrefetchAsync(v, bytes, 0, s));
#endif
    CHECK(cudaMemAdvise_v2(v, bytes, cudaMemAdviseSetAccessedBy, host));
    CHECK(cudaMemPrefetchAsync_v2(v, bytes, dev, 0, s));
    twice<<<n / 256, 256, 0, s>>>(v, n);
    CHECK(cudaMemPrefetchAsync_v2(v, bytes, host, 0, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++)
        if (v[i] != 2 * i && bad++ < 5)
            printf("v[%d] = %d, want %d\n", i, v[i], 2 * i);

    // what CUDA refuses
    struct cudaMemLocation no_device = {cudaMemLocationTypeDevice, 99};
    struct cudaMemLocation no_type = {cudaMemLocationTypeInvalid, 0};
    EXPECT(cudaMemPrefetchAsync_v2(NULL, bytes, dev, 0, s), cudaErrorInvalidValue);
    EXPECT(cudaMemPrefetchAsync_v2(v, bytes, no_device, 0, s), cudaErrorInvalidDevice);
    EXPECT(cudaMemPrefetchAsync_v2(v, bytes, no_type, 0, s), cudaErrorInvalidValue);
    EXPECT(cudaMemAdvise_v2(v, 0, cudaMemAdviseSetReadMostly, dev), cudaErrorInvalidValue);
    EXPECT(cudaMemAdvise_v2(v, bytes, cudaMemAdviseSetReadMostly, no_device),
           cudaErrorInvalidDevice);
#if CUDART_VERSION < 13000
    EXPECT(cudaMemPrefetchAsync(v, bytes, 99, s), cudaErrorInvalidDevice);
    EXPECT(cudaMemAdvise(NULL, bytes, cudaMemAdviseSetReadMostly, 0),
           cudaErrorInvalidValue);
#endif

    CHECK(cudaFree(v));
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL managed_hints\n");
        return 1;
    }
    printf("PASS managed_hints\n");
    return 0;
}
