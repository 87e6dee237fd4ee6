// reduce_smem.cu: sum of 16M floats with the classic shared-memory tree
// (two elements per thread, halving strides, __syncthreads at each step);
// the C reference is reduce_smem_omp.c.
#include "bench.cuh"
#include "reduce.h"

#define BLOCK 256
#define BLOCKS (N / (2 * BLOCK)) /* one pair of elements per thread */

// Each thread first adds the elements i and i + blockDim.x of its block's
// span of 2 * blockDim.x, striding over the grid when the grid is smaller
// than the input (the second launch), then the block halves the active
// threads at each step of the tree.  out[blockIdx.x] gets the block's sum;
// blockDim.x must be BLOCK, a power of two.
__global__ void reduce_smem(const float *in, float *out, unsigned n)
{
    __shared__ float sdata[BLOCK];
    unsigned tid = threadIdx.x;
    float v = 0.0f;
    for (unsigned i = blockIdx.x * blockDim.x * 2 + tid; i < n;
         i += gridDim.x * blockDim.x * 2) {
        v += in[i];
        if (i + blockDim.x < n)
            v += in[i + blockDim.x];
    }
    sdata[tid] = v;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s)
            sdata[tid] += sdata[tid + s];
        __syncthreads();
    }
    if (tid == 0)
        out[blockIdx.x] = sdata[0];
}

struct args {
    float *in, *partial;
};

// The second launch's one block adds the BLOCKS partial sums.
static void launch(void *p)
{
    struct args *x = (struct args *)p;
    reduce_smem<<<BLOCKS, BLOCK>>>(x->in, x->partial, N);
    reduce_smem<<<1, BLOCK>>>(x->partial, x->partial + BLOCKS, BLOCKS);
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
    int bad = bench_report("reduce_smem", ms,
                           check("reduce_smem", sum, ref));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.partial));
    free(in);
    return bad;
}
