// block_sizes.cu: a blockDim-dependent kernel (shared-memory sum over a
// non-power-of-two block, warp ids, lane ids) run with block sizes 32,
// 64, 96, 100, 256 and 1024 to exercise partial last warps.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL block_sizes\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void sums(const int *in, int *block_sum, int *info, int n)
{
    extern __shared__ int s[];
    int t = threadIdx.x, g = blockIdx.x * blockDim.x + t;
    s[t] = g < n ? in[g] : 0;
    __syncthreads();
    // Fold the block onto the next power of two below it, then halve.
    int p = 1;
    while (p * 2 <= (int)blockDim.x)
        p *= 2;
    if (t >= p)
        s[t - p] += s[t];
    __syncthreads();
    for (int stride = p / 2; stride > 0; stride /= 2) {
        if (t < stride)
            s[t] += s[t + stride];
        __syncthreads();
    }
    if (t == 0)
        block_sum[blockIdx.x] = s[0];
    if (g < n)
        info[g] = (t / warpSize) * 100 + t % warpSize
                  + __popc(__activemask()) * 10000;
}

static int run(int threads)
{
    const int n = 3000;
    int blocks = (n + threads - 1) / threads;
    int *in = (int *)malloc(n * sizeof(int));
    int *bs = (int *)malloc(blocks * sizeof(int));
    int *info = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        in[i] = (i * 13) % 29 - 10;
    int *din, *dbs, *dinfo;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dbs, blocks * sizeof(int)));
    CHECK(cudaMalloc(&dinfo, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    sums<<<blocks, threads, threads * sizeof(int)>>>(din, dbs, dinfo, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(bs, dbs, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(info, dinfo, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
        int want = 0;
        for (int t = 0; t < threads && b * threads + t < n; t++)
            want += in[b * threads + t];
        if (bs[b] != want && bad++ < 3)
            printf("threads %d block %d: sum %d, expected %d\n", threads, b,
                   bs[b], want);
    }
    for (int g = 0; g < n; g++) {
        // Lanes past n are not active where the kernel asks.
        int t = g % threads, w = t / 32, wsize = 0;
        for (int l = 0; l < 32 && w * 32 + l < threads; l++)
            wsize += g - t + w * 32 + l < n;
        int want = w * 100 + t % 32 + wsize * 10000;
        if (info[g] != want && bad++ < 3)
            printf("threads %d thread %d: info %d, expected %d\n", threads,
                   g, info[g], want);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dbs));
    CHECK(cudaFree(dinfo));
    free(in); free(bs); free(info);
    return bad;
}

int main()
{
    static const int sizes[] = { 32, 64, 96, 100, 256, 1024 };
    int bad = 0;
    for (int k = 0; k < 6; k++)
        bad += run(sizes[k]);
    if (bad) {
        printf("FAIL block_sizes\n");
        return 1;
    }
    printf("PASS block_sizes\n");
    return 0;
}
