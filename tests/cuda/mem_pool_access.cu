// mem_pool_access.cu: cudaMemPoolSetAccess and cudaMemPoolGetAccess on
// two devices, as cuda-samples' streamOrderedAllocationP2P uses them: a
// pool is read-write for its own device and closed to the other until
// granted; a kernel on the second device then reads memory allocated
// from the first device's pool and writes into its own; bad arguments
// are cudaErrorInvalidValue.
// cux-devices: 2
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL mem_pool_access\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("%s\n", what);
        failures++;
    }
}

__global__ void scale(const float *src, float *dst, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        dst[i] = a * src[i];
}

static cudaMemLocation device_location(int id)
{
    cudaMemLocation loc = {};
    loc.type = cudaMemLocationTypeDevice;
    loc.id = id;
    return loc;
}

static cudaMemAccessFlags access_of(cudaMemPool_t pool, int device)
{
    cudaMemAccessFlags f = (cudaMemAccessFlags)-1;
    cudaMemLocation loc = device_location(device);
    CHECK(cudaMemPoolGetAccess(&f, pool, &loc));
    return f;
}

int main(void)
{
    int n_devices = 0;
    CHECK(cudaGetDeviceCount(&n_devices));
    if (n_devices < 2) {
        printf("SKIP mem_pool_access: one device\n");
        return 0;
    }
    int peer = 0;
    CHECK(cudaDeviceCanAccessPeer(&peer, 1, 0));
    if (!peer) {
        printf("SKIP mem_pool_access: no peer access between devices\n");
        return 0;
    }
    cudaMemPool_t pool;
    CHECK(cudaDeviceGetDefaultMemPool(&pool, 0));
    expect(access_of(pool, 0) == cudaMemAccessFlagsProtReadWrite,
           "the owner cannot read and write its pool");
    expect(access_of(pool, 1) == cudaMemAccessFlagsProtNone,
           "another device can reach the pool before it is granted");

    cudaMemAccessDesc desc = {};
    desc.location = device_location(1);
    desc.flags = cudaMemAccessFlagsProtReadWrite;
    CHECK(cudaMemPoolSetAccess(pool, &desc, 1));
    expect(access_of(pool, 1) == cudaMemAccessFlagsProtReadWrite,
           "the grant is not read back");

    enum { N = 4096 };
    static float host[N], out[N];
    for (int i = 0; i < N; i++)
        host[i] = (float)i;
    cudaStream_t s0, s1;
    CHECK(cudaSetDevice(0));
    CHECK(cudaStreamCreate(&s0));
    float *src;
    CHECK(cudaMallocAsync(&src, sizeof host, s0));
    CHECK(cudaMemcpyAsync(src, host, sizeof host, cudaMemcpyHostToDevice, s0));
    CHECK(cudaStreamSynchronize(s0));
    CHECK(cudaSetDevice(1));
    CHECK(cudaStreamCreate(&s1));
    float *dst;
    CHECK(cudaMallocAsync(&dst, sizeof host, s1));
    scale<<<N / 256, 256, 0, s1>>>(src, dst, 3.0f, N);
    CHECK(cudaMemcpyAsync(out, dst, sizeof out, cudaMemcpyDeviceToHost, s1));
    CHECK(cudaFreeAsync(dst, s1));
    CHECK(cudaStreamSynchronize(s1));
    bool right = true;
    for (int i = 0; i < N; i++)
        right &= out[i] == 3.0f * i;
    expect(right, "the second device's kernel read wrong values");

    // Revoking works too.
    desc.flags = cudaMemAccessFlagsProtNone;
    CHECK(cudaMemPoolSetAccess(pool, &desc, 1));
    expect(access_of(pool, 1) == cudaMemAccessFlagsProtNone,
           "the revocation is not read back");

    // Bad arguments.
    cudaMemAccessDesc bad = desc;
    bad.location.id = 99;
    expect(cudaMemPoolSetAccess(pool, &bad, 1) == cudaErrorInvalidValue,
           "a device that does not exist is accepted");
    bad = desc;
    bad.flags = (cudaMemAccessFlags)2;
    expect(cudaMemPoolSetAccess(pool, &bad, 1) == cudaErrorInvalidValue,
           "flags outside the enum are accepted");
    expect(cudaMemPoolSetAccess(NULL, &desc, 1) == cudaErrorInvalidValue,
           "a NULL pool is accepted");
    expect(cudaMemPoolSetAccess(pool, NULL, 1) == cudaErrorInvalidValue,
           "a NULL descriptor list is accepted");
    cudaMemLocation loc = device_location(1);
    expect(cudaMemPoolGetAccess(NULL, pool, &loc) == cudaErrorInvalidValue,
           "a NULL flags pointer is accepted");
    cudaGetLastError();

    CHECK(cudaSetDevice(0));
    CHECK(cudaFreeAsync(src, s0));
    CHECK(cudaStreamSynchronize(s0));
    CHECK(cudaStreamDestroy(s0));
    CHECK(cudaStreamDestroy(s1));
    printf("%s mem_pool_access\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
