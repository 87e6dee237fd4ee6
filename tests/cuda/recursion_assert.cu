// recursion_assert.cu: a device assert inside a recursive function (one
// that writes to memory after its call, so the compiler keeps the
// recursion): a passing one leaves the result alone, a failing one at
// depth makes the synchronize return cudaErrorAssert.
#include <cuda_runtime.h>
#include <cassert>
#include <cstdio>

__device__ __noinline__ int depth(int n, int limit, int *scratch)
{
    assert(n != limit);
    if (n <= 0)
        return 0;
    int below = depth(n - 1, limit, scratch);
    scratch[n & 7] ^= below;
    return below + 1;
}

__global__ void run(int *out, int n, int limit)
{
    __shared__ int scratch[8];
    if (threadIdx.x < 8)
        scratch[threadIdx.x] = 0;
    __syncthreads();
    if (threadIdx.x == 0)
        out[blockIdx.x] = depth(n, limit, scratch);
}

int main()
{
    int *d, h[2] = {0, 0};
    if (cudaMalloc(&d, sizeof(h)) != cudaSuccess) {
        printf("setup failed\nFAIL recursion_assert\n");
        return 1;
    }
    run<<<2, 32>>>(d, 20, 50);
    cudaError_t ok = cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);
    int bad = ok != cudaSuccess || h[0] != 20 || h[1] != 20;
    if (bad)
        printf("passing asserts: %s, results %d %d (expected 20 20)\n",
               cudaGetErrorString(ok), h[0], h[1]);
    run<<<1, 32>>>(d, 40, 25);
    cudaError_t failed = cudaDeviceSynchronize();
    if (failed != cudaErrorAssert) {
        printf("an assert failing 15 calls deep: %s, expected "
               "cudaErrorAssert\n", cudaGetErrorString(failed));
        bad = 1;
    }
    printf("%s recursion_assert\n", bad ? "FAIL" : "PASS");
    return bad;
}
