// managed_memory.cu: cudaMallocManaged memory written by the host, changed
// by kernels, read by the host after cudaDeviceSynchronize, with a
// managed counter updated by device atomics.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL managed_memory\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void square(long long *p, int n, int *total)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        p[i] = p[i] * p[i];
        atomicAdd(total, 1);
    }
}

int main()
{
    const int n = 3000;
    long long *p;
    int *total;
    CHECK(cudaMallocManaged(&p, n * sizeof(long long)));
    CHECK(cudaMallocManaged(&total, sizeof(int), cudaMemAttachGlobal));
    for (int i = 0; i < n; i++)
        p[i] = i - 1000;
    *total = 5;
    square<<<(n + 255) / 256, 256>>>(p, n, total);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    square<<<(n + 255) / 256, 256>>>(p, 100, total);
    CHECK(cudaDeviceSynchronize());
    int bad = 0;
    for (int i = 0; i < n; i++) {
        long long v = (long long)(i - 1000) * (i - 1000);
        if (i < 100)
            v *= v;
        if (p[i] != v && bad++ < 5)
            printf("p[%d] = %lld, expected %lld\n", i, p[i], v);
    }
    if (*total != 5 + n + 100) {
        printf("total %d, expected %d\n", *total, 5 + n + 100);
        bad++;
    }
    CHECK(cudaFree(p));
    CHECK(cudaFree(total));
    if (bad) {
        printf("FAIL managed_memory\n");
        return 1;
    }
    printf("PASS managed_memory\n");
    return 0;
}
