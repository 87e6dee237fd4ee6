/* groups_half_managed.cu: what nvcc makes of a template kernel taking a
 * struct by value, dynamic shared memory, __ldg, cooperative groups (block
 * sync, a tile of 16 and its shuffles), double atomicAdd, 64-bit integer
 * division, __half arithmetic and __syncwarp, on managed memory in a
 * stream between two events; checked against the host. */
#include <cooperative_groups.h>
#include <cuda_fp16.h>
#include <cmath>
#include <cstdio>

namespace cg = cooperative_groups;

struct params {
    float scale, offset;
    int div;
};

template <int B>
__global__ void work(params p, const double *in, double *sum, long long *q,
                     __half *h, int n)
{
    extern __shared__ double sh[];
    cg::thread_block block = cg::this_thread_block();
    int i = blockIdx.x * B + threadIdx.x;
    sh[threadIdx.x] = i < n ? __ldg(in + i) : 0.0;
    block.sync();
    cg::thread_block_tile<16> tile = cg::tiled_partition<16>(block);
    double v = sh[threadIdx.x];
    for (int o = 8; o > 0; o /= 2)
        v += tile.shfl_down(v, o);
    if (tile.thread_rank() == 0)
        atomicAdd(sum, v);
    if (i < n) {
        q[i] = (long long)i * i / (p.div + 1) % 1000003 + (i >> 3);
        h[i] = __hadd(__float2half(p.scale * i), __float2half(p.offset));
    }
    __syncwarp();
}

int main()
{
    const int n = 1000;
    double *in, *sum;
    long long *q;
    __half *h;
    cudaMallocManaged(&in, n * sizeof(double));
    cudaMallocManaged(&sum, sizeof(double));
    cudaMallocManaged(&q, n * sizeof(long long));
    cudaMallocManaged(&h, n * sizeof(__half));
    for (int i = 0; i < n; i++)
        in[i] = i * 0.5;
    *sum = 0;
    cudaStream_t s;
    cudaEvent_t e0, e1;
    cudaStreamCreate(&s);
    cudaEventCreate(&e0);
    cudaEventCreate(&e1);
    cudaEventRecord(e0, s);
    params p = {0.25f, 1.0f, 6};
    work<128><<<(n + 127) / 128, 128, 128 * sizeof(double), s>>>(p, in, sum,
                                                                  q, h, n);
    cudaEventRecord(e1, s);
    cudaError_t err = cudaStreamSynchronize(s);
    float ms = -1;
    if (err == cudaSuccess)
        err = cudaEventElapsedTime(&ms, e0, e1);
    if (err != cudaSuccess || ms < 0) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    double want = 0;
    for (int i = 0; i < n; i++)
        want += i * 0.5;
    double got = *sum;
    int bad = got != want;
    for (int i = 0; i < n; i++) {
        long long wq = (long long)i * i / 7 % 1000003 + (i >> 3);
        float hv = __half2float(h[i]), wh = 0.25f * i + 1.0f;
        if (q[i] != wq || fabsf(hv - wh) > wh * 2e-3f + 1e-3f)
            bad++;
    }
    cudaStreamDestroy(s);
    cudaEventDestroy(e0);
    cudaEventDestroy(e1);
    cudaFree(in);
    cudaFree(sum);
    cudaFree(q);
    cudaFree(h);
    printf("%s sum %g want %g, %d wrong\n", bad ? "FAIL" : "PASS", got,
           want, bad);
    return bad != 0;
}
