// gap_mempool_attr.cu: the default memory pool and its release threshold,
// as stream-ordered allocation code sets them before cudaMallocAsync.
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>

__global__ void fill(int *v, int n, int base)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = base + 3 * i;
}

int main()
{
    const int n = 1000;
    cudaMemPool_t pool;
    cudaError_t e = cudaDeviceGetDefaultMemPool(&pool, 0);
    uint64_t keep = UINT64_MAX, got = 0;
    if (e == cudaSuccess)
        e = cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold,
                                    &keep);
    if (e == cudaSuccess)
        e = cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReleaseThreshold,
                                    &got);
    cudaStream_t s;
    cudaStreamCreate(&s);
    int *d = 0, h[n], bad = 0;
    if (e == cudaSuccess)
        e = cudaMallocAsync((void **)&d, n * sizeof(int), s);
    if (e == cudaSuccess) {
        fill<<<(n + 255) / 256, 256, 0, s>>>(d, n, 11);
        cudaMemcpyAsync(h, d, sizeof(h), cudaMemcpyDeviceToHost, s);
        e = cudaFreeAsync(d, s);
    }
    if (e == cudaSuccess)
        e = cudaStreamSynchronize(s);
    for (int i = 0; i < n; i++)
        bad += h[i] != 11 + 3 * i;
    if (e != cudaSuccess || bad || got != keep) {
        printf("FAIL gap_mempool_attr: %s, %d wrong, threshold %llu\n",
               cudaGetErrorString(e), bad, (unsigned long long)got);
        return 1;
    }
    printf("PASS gap_mempool_attr\n");
    return 0;
}
