// warp_prefix_sum.cu: block-wide inclusive scan: each warp scans with
// shuffles, warp totals are scanned by warp 0 through shared memory,
// then added back; block of 200 threads (a partial last warp).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL warp_prefix_sum\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ int warp_scan(int v, unsigned mask)
{
    int lane = threadIdx.x & 31;
    for (int d = 1; d < 32; d <<= 1) {
        int u = __shfl_up_sync(mask, v, d);
        if (lane >= d)
            v += u;
    }
    return v;
}

__global__ void block_scan(const int *in, int *out)
{
    __shared__ int totals[32];
    int t = threadIdx.x, lane = t & 31, warp = t >> 5;
    int nwarps = (blockDim.x + 31) / 32;
    int g = blockIdx.x * blockDim.x + t;
    // The last warp may be partial: name exactly its lanes.
    int wl = blockDim.x - warp * 32;
    unsigned mask = wl >= 32 ? 0xffffffffu : (1u << wl) - 1;
    int v = warp_scan(in[g], mask);
    if (lane == 31 || t == (int)blockDim.x - 1)
        totals[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int tv = lane < nwarps ? totals[lane] : 0;
        tv = warp_scan(tv, 0xffffffffu);
        if (lane < nwarps)
            totals[lane] = tv;
    }
    __syncthreads();
    if (warp > 0)
        v += totals[warp - 1];
    out[g] = v;
}

int main()
{
    const int threads = 200, blocks = 5, n = threads * blocks;
    int in[n], out[n];
    for (int i = 0; i < n; i++)
        in[i] = (i * 17) % 23 - 11;
    int *din, *dout;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    block_scan<<<blocks, threads>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0, acc = 0;
    for (int i = 0; i < n; i++) {
        acc = i % threads == 0 ? in[i] : acc + in[i];
        if (out[i] != acc && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], acc);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL warp_prefix_sum\n");
        return 1;
    }
    printf("PASS warp_prefix_sum\n");
    return 0;
}
