// error_api_codes.cu: the codes CUDA returns for bad API use (bad memcpy
// kind, huge allocation, bad device, null pointers) and the name and
// string texts of a few codes.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static int expect(const char *what, cudaError_t got, cudaError_t want)
{
    if (got == want)
        return 0;
    printf("%s: %s (%d), expected %s (%d)\n", what, cudaGetErrorName(got),
           (int)got, cudaGetErrorName(want), (int)want);
    return 1;
}

static int same(const char *what, const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 0;
    printf("%s: \"%s\", expected \"%s\"\n", what, got ? got : "(null)", want);
    return 1;
}

int main()
{
    int bad = 0;
    int *d = NULL, h[4] = { 0 };
    bad += expect("cudaMalloc", cudaMalloc(&d, sizeof(h)), cudaSuccess);
    bad += expect("bad kind",
                  cudaMemcpy(d, h, sizeof(h), (cudaMemcpyKind)7),
                  cudaErrorInvalidMemcpyDirection);
    cudaGetLastError();
    void *huge = NULL;
    bad += expect("huge malloc", cudaMalloc(&huge, (size_t)1 << 50),
                  cudaErrorMemoryAllocation);
    bad += expect("last error after huge malloc", cudaGetLastError(),
                  cudaErrorMemoryAllocation);
    bad += expect("cleared", cudaGetLastError(), cudaSuccess);
    int count = 0;
    bad += expect("device count", cudaGetDeviceCount(&count), cudaSuccess);
    bad += expect("set device 99", cudaSetDevice(99), cudaErrorInvalidDevice);
    bad += expect("set device count", cudaSetDevice(count),
                  cudaErrorInvalidDevice);
    cudaGetLastError();
    int dev = -1;
    bad += expect("get device", cudaGetDevice(&dev), cudaSuccess);
    if (dev != 0) {
        printf("current device %d after failed set, expected 0\n", dev);
        bad++;
    }
    bad += expect("malloc null", cudaMalloc(NULL, 16), cudaErrorInvalidValue);
    cudaGetLastError();
    bad += expect("free null", cudaFree(NULL), cudaSuccess);
    bad += same("name success", cudaGetErrorName(cudaSuccess), "cudaSuccess");
    bad += same("name alloc", cudaGetErrorName(cudaErrorMemoryAllocation),
                "cudaErrorMemoryAllocation");
    bad += same("name config",
                cudaGetErrorName(cudaErrorInvalidConfiguration),
                "cudaErrorInvalidConfiguration");
    bad += same("string success", cudaGetErrorString(cudaSuccess),
                "no error");
    bad += same("string value", cudaGetErrorString(cudaErrorInvalidValue),
                "invalid argument");
    bad += same("string alloc", cudaGetErrorString(cudaErrorMemoryAllocation),
                "out of memory");
    bad += same("string device", cudaGetErrorString(cudaErrorInvalidDevice),
                "invalid device ordinal");
    if ((int)cudaErrorInvalidValue != 1 || (int)cudaErrorMemoryAllocation != 2
        || (int)cudaErrorInvalidConfiguration != 9 ||
        (int)cudaErrorInvalidMemcpyDirection != 21 ||
        (int)cudaErrorInvalidDevice != 101 || (int)cudaErrorAssert != 710) {
        printf("enum values differ from CUDA's\n");
        bad++;
    }
    cudaFree(d);
    if (bad) {
        printf("FAIL error_api_codes\n");
        return 1;
    }
    printf("PASS error_api_codes\n");
    return 0;
}
