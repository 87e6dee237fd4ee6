// launch_zero_blocks.cu: a grid with a zero dimension (or zero threads)
// is an invalid configuration; nothing runs and the next launch works.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL launch_zero_blocks\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void touch(int *p)
{
    atomicAdd(p, 1);
}

int main()
{
    int *d, h;
    int bad = 0;
    CHECK(cudaMalloc(&d, sizeof(int)));
    CHECK(cudaMemset(d, 0, sizeof(int)));
    touch<<<0, 32>>>(d);
    cudaError_t e1 = cudaGetLastError();
    touch<<<dim3(4, 0, 1), 32>>>(d);
    cudaError_t e2 = cudaGetLastError();
    touch<<<4, 0>>>(d);
    cudaError_t e3 = cudaGetLastError();
    if (e1 != cudaErrorInvalidConfiguration ||
        e2 != cudaErrorInvalidConfiguration ||
        e3 != cudaErrorInvalidConfiguration) {
        printf("errors %s %s %s\n", cudaGetErrorName(e1),
               cudaGetErrorName(e2), cudaGetErrorName(e3));
        bad++;
    }
    touch<<<3, 32>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&h, d, sizeof(int), cudaMemcpyDeviceToHost));
    if (h != 96) {
        printf("count %d, expected 96\n", h);
        bad++;
    }
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL launch_zero_blocks\n");
        return 1;
    }
    printf("PASS launch_zero_blocks\n");
    return 0;
}
