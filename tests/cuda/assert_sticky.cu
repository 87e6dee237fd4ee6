// assert_sticky.cu: a failing device assert makes the synchronize return
// cudaErrorAssert, and the error is sticky: later calls fail the same way.
#include <cuda_runtime.h>
#include <cassert>
#include <cstdio>
#include <cstdlib>

__global__ void check_positive(const int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        assert(v[i] > 0);
}

int main()
{
    const int n = 64;
    int h[n], *d;
    for (int i = 0; i < n; i++)
        h[i] = i == 37 ? -1 : i + 1;
    if (cudaMalloc(&d, sizeof(h)) != cudaSuccess ||
        cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL assert_sticky\n");
        return 1;
    }
    // A passing assert first: nothing happens.
    h[37] = 5;
    cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice);
    check_positive<<<2, 32>>>(d, n);
    cudaError_t ok = cudaDeviceSynchronize();
    h[37] = -1;
    cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice);
    check_positive<<<2, 32>>>(d, n);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t last = cudaGetLastError();
    cudaError_t again = cudaGetLastError();
    int *d2 = NULL;
    cudaError_t alloc = cudaMalloc(&d2, 16);
    cudaError_t copy = cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);
    fflush(stderr);
    // The launch itself succeeds, but the kernel runs asynchronously and
    // may already have failed when cudaGetLastError is called ("it may
    // also return error codes from previous, asynchronous launches").
    bool launch_ok = launch == cudaSuccess || launch == cudaErrorAssert;
    if (ok != cudaSuccess || !launch_ok || sync != cudaErrorAssert
        || last != cudaErrorAssert || again != cudaErrorAssert ||
        alloc != cudaErrorAssert || copy != cudaErrorAssert) {
        printf("ok=%s launch=%s sync=%s last=%s again=%s alloc=%s copy=%s\n",
               cudaGetErrorName(ok), cudaGetErrorName(launch),
               cudaGetErrorName(sync), cudaGetErrorName(last),
               cudaGetErrorName(again), cudaGetErrorName(alloc),
               cudaGetErrorName(copy));
        printf("FAIL assert_sticky\n");
        return 1;
    }
    printf("PASS assert_sticky\n");
    return 0;
}
