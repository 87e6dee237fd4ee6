// histogram.cu: a 256-bin histogram of 16M bytes with a shared-memory
// histogram per block (atomicAdd on shared) merged into the global one
// with atomicAdd; the C reference is histogram_omp.c.
#include "bench.cuh"
#include "histogram.h"

#define BLOCK 256
#define BLOCKS 256

// Grid-stride over the input; the shared atomics stay inside the block,
// and each block adds its non-empty bins to the global histogram once.
__global__ void histogram(const unsigned char *in, unsigned *bins, int n)
{
    __shared__ unsigned local[BINS];
    for (int b = threadIdx.x; b < BINS; b += blockDim.x)
        local[b] = 0;
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        atomicAdd(&local[in[i]], 1u);
    __syncthreads();
    for (int b = threadIdx.x; b < BINS; b += blockDim.x)
        if (local[b] != 0)
            atomicAdd(&bins[b], local[b]);
}

struct args {
    unsigned char *in;
    unsigned *bins;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    CHECK(cudaMemset(x->bins, 0, BINS * sizeof(unsigned)));
    histogram<<<BLOCKS, BLOCK>>>(x->in, x->bins, N);
}

int main(void)
{
    unsigned char *in = (unsigned char *)malloc(N);
    unsigned bins[BINS];
    fill(in);
    struct args d;
    CHECK(cudaMalloc(&d.in, N));
    CHECK(cudaMalloc(&d.bins, BINS * sizeof(unsigned)));
    CHECK(cudaMemcpy(d.in, in, N, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(bins, d.bins, sizeof bins, cudaMemcpyDeviceToHost));
    int bad = bench_report("histogram", ms, check(in, bins));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.bins));
    free(in);
    return bad;
}
