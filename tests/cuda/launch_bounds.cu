// launch_bounds.cu: kernels declared with __launch_bounds__ (max threads,
// and max threads plus min blocks) run correctly at and below the bound;
// launching above the bound fails.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL launch_bounds\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void __launch_bounds__(256) add1(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] += 1;
}

__global__ void __launch_bounds__(128, 4) mul3(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] *= 3;
}

int main()
{
    const int n = 1000;
    int h[n], *d;
    for (int i = 0; i < n; i++)
        h[i] = i;
    CHECK(cudaMalloc(&d, sizeof(h)));
    CHECK(cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice));
    add1<<<(n + 255) / 256, 256>>>(d, n);
    CHECK(cudaGetLastError());
    add1<<<(n + 99) / 100, 100>>>(d, n);
    CHECK(cudaGetLastError());
    mul3<<<(n + 127) / 128, 128>>>(d, n);
    CHECK(cudaGetLastError());
    cudaFuncAttributes fa;
    CHECK(cudaFuncGetAttributes(&fa, add1));
    int bad = 0;
    if (fa.maxThreadsPerBlock > 256 || fa.maxThreadsPerBlock < 1) {
        printf("add1 maxThreadsPerBlock %d, bound 256\n",
               fa.maxThreadsPerBlock);
        bad++;
    }
    // Over the declared bound: the launch must fail, not run.
    add1<<<1, 512>>>(d, n);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess) {
        printf("launch of 512 threads above __launch_bounds__(256) "
               "succeeded\n");
        bad++;
    }
    CHECK(cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        if (h[i] != (i + 2) * 3 && bad++ < 5)
            printf("h[%d] = %d, expected %d\n", i, h[i], (i + 2) * 3);
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL launch_bounds\n");
        return 1;
    }
    printf("PASS launch_bounds\n");
    return 0;
}
