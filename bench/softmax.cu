// softmax.cu: row softmax of a 4096x1024 float matrix, one warp per row
// with shuffle reductions for the maximum and the sum; the C reference is
// softmax_omp.c.
#include "bench.cuh"
#include "softmax.h"
#include <math.h>

#define BLOCK 256 /* 8 warps, 8 rows per block */
#define PER_LANE (COLS / 32)
#define FULL 0xffffffffu

// Lane l holds the row's elements l, l + 32, ... in registers, so the row
// is read once and written once (coalesced); the maximum is subtracted
// before expf as usual, then each element is scaled by 1 / sum.
__global__ void softmax(const float *in, float *out, int rows)
{
    int row = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
    int lane = threadIdx.x % 32;
    if (row >= rows) /* the same for the whole warp */
        return;
    const float *src = in + (size_t)row * COLS;
    float v[PER_LANE];
    float m = src[lane];
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = src[k * 32 + lane];
        m = fmaxf(m, v[k]);
    }
    for (int off = 16; off > 0; off /= 2)
        m = fmaxf(m, __shfl_xor_sync(FULL, m, off));
    float sum = 0.0f;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = expf(v[k] - m);
        sum += v[k];
    }
    for (int off = 16; off > 0; off /= 2)
        sum += __shfl_xor_sync(FULL, sum, off);
    float inv = 1.0f / sum;
    float *dst = out + (size_t)row * COLS;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++)
        dst[k * 32 + lane] = v[k] * inv;
}

struct args {
    float *in, *out;
};

static void launch(void *p)
{
    struct args *a = (struct args *)p;
    int rows_per_block = BLOCK / 32;
    softmax<<<(ROWS + rows_per_block - 1) / rows_per_block, BLOCK>>>(
        a->in, a->out, ROWS);
}

int main(void)
{
    size_t bytes = (size_t)ROWS * COLS * sizeof(float);
    float *in = (float *)malloc(bytes), *out = (float *)malloc(bytes);
    fill(in);
    struct args d;
    CHECK(cudaMalloc(&d.in, bytes));
    CHECK(cudaMalloc(&d.out, bytes));
    CHECK(cudaMemcpy(d.in, in, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(out, d.out, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("softmax", ms, check(in, out));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.out));
    free(in);
    free(out);
    return bad;
}
