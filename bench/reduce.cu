// reduce.cu: sum of 16M floats with warp shuffles (__shfl_down_sync) and
// one shared-memory step per block; the C reference is reduce_omp.c.
#include "bench.cuh"
#include "reduce.h"

#define BLOCK 256
#define BLOCKS 1024

__device__ float warp_sum(float v)
{
    for (int off = 16; off > 0; off /= 2)
        v += __shfl_down_sync(0xffffffffu, v, off);
    return v;
}

// Grid-stride partial sums, a shuffle tree in each warp, then the first
// warp adds the warps' sums.  out[blockIdx.x] gets the block's sum, so a
// second launch with one block finishes the job.
__global__ void reduce(const float *in, float *out, int n)
{
    __shared__ float warps[BLOCK / 32];
    float v = 0.0f;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        v += in[i];
    v = warp_sum(v);
    int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    if (lane == 0)
        warps[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = lane < blockDim.x / 32 ? warps[lane] : 0.0f;
        v = warp_sum(v);
        if (lane == 0)
            out[blockIdx.x] = v;
    }
}

struct args {
    float *in, *partial;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    reduce<<<BLOCKS, BLOCK>>>(x->in, x->partial, N);
    reduce<<<1, BLOCK>>>(x->partial, x->partial + BLOCKS, BLOCKS);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *in = (float *)malloc(bytes), sum;
    double ref = fill(in);
    struct args d;
    CHECK(cudaMalloc(&d.in, bytes));
    CHECK(cudaMalloc(&d.partial, (BLOCKS + 1) * sizeof(float)));
    CHECK(cudaMemcpy(d.in, in, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(&sum, d.partial + BLOCKS, sizeof sum,
                     cudaMemcpyDeviceToHost));
    int bad = bench_report("reduce", ms, check("reduce", sum, ref));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.partial));
    free(in);
    return bad;
}
