// device_properties.cu: cudaGetDeviceProperties gives the limits every
// CUDA program assumes, and cudaDeviceGetAttribute agrees with it.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_properties\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int attr(cudaDeviceAttr a, int want, const char *what)
{
    int v = -12345;
    CHECK(cudaDeviceGetAttribute(&v, a, 0));
    if (v == want)
        return 0;
    printf("attribute %s = %d, properties say %d\n", what, v, want);
    return 1;
}

int main()
{
    int count = 0, bad = 0;
    CHECK(cudaGetDeviceCount(&count));
    cudaDeviceProp p;
    CHECK(cudaGetDeviceProperties(&p, 0));
    printf("device 0: %s, %d SMs, cc %d.%d\n", p.name, p.multiProcessorCount,
           p.major, p.minor);
    if (count < 1 || p.warpSize != 32 || p.maxThreadsPerBlock != 1024 ||
        p.sharedMemPerBlock != 48 * 1024 || p.multiProcessorCount < 1 ||
        p.maxThreadsDim[0] != 1024 || p.maxThreadsDim[2] != 64 ||
        p.maxGridSize[0] != 0x7fffffff || p.totalGlobalMem == 0 ||
        p.major < 1 || p.name[0] == 0) {
        printf("count %d warp %d maxthreads %d shared %zu SMs %d dims %d %d "
               "grid %d mem %zu\n", count, p.warpSize, p.maxThreadsPerBlock,
               p.sharedMemPerBlock, p.multiProcessorCount, p.maxThreadsDim[0],
               p.maxThreadsDim[2], p.maxGridSize[0], p.totalGlobalMem);
        bad++;
    }
    bad += attr(cudaDevAttrWarpSize, p.warpSize, "warpSize");
    bad += attr(cudaDevAttrMaxThreadsPerBlock, p.maxThreadsPerBlock,
                "maxThreadsPerBlock");
    bad += attr(cudaDevAttrMaxSharedMemoryPerBlock, (int)p.sharedMemPerBlock,
                "sharedMemPerBlock");
    bad += attr(cudaDevAttrMultiProcessorCount, p.multiProcessorCount,
                "multiProcessorCount");
    bad += attr(cudaDevAttrMaxBlockDimX, p.maxThreadsDim[0], "maxBlockDimX");
    bad += attr(cudaDevAttrMaxGridDimX, p.maxGridSize[0], "maxGridDimX");
    bad += attr(cudaDevAttrComputeCapabilityMajor, p.major, "major");
    bad += attr(cudaDevAttrComputeCapabilityMinor, p.minor, "minor");
    bad += attr(cudaDevAttrTotalConstantMemory, (int)p.totalConstMem,
                "totalConstMem");
    int v;
    cudaError_t e = cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 99);
    if (e != cudaErrorInvalidDevice) {
        printf("attribute of device 99: %s\n", cudaGetErrorName(e));
        bad++;
    }
    cudaGetLastError();
    if (bad) {
        printf("FAIL device_properties\n");
        return 1;
    }
    printf("PASS device_properties\n");
    return 0;
}
