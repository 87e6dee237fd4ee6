// transpose.cu: out = in^T for a 4096x4096 float matrix through a 32x33
// shared-memory tile, the classic coalesced transpose with 32x8 blocks;
// the C reference is transpose_omp.c.
#include "bench.cuh"
#include "transpose.h"

#define TILE 32
#define ROWS 8 /* threads per block along y: each moves TILE / ROWS */

// A block reads a TILE x TILE tile row by row (coalesced) into shared
// memory and writes it to the mirrored tile, again row by row, reading the
// shared tile down its columns; the extra column keeps those column reads
// off a single bank.
__global__ void transpose(const float *in, float *out, int n)
{
    __shared__ float tile[TILE][TILE + 1];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * n + x];
    __syncthreads();
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        out[(y + j) * n + x] = tile[threadIdx.x][threadIdx.y + j];
}

struct args {
    float *in, *out;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    dim3 block(TILE, ROWS), grid(N / TILE, N / TILE);
    transpose<<<grid, block>>>(x->in, x->out, N);
}

int main(void)
{
    size_t bytes = (size_t)N * N * sizeof(float);
    float *in = (float *)malloc(bytes), *out = (float *)malloc(bytes);
    fill(in);
    struct args d;
    CHECK(cudaMalloc(&d.in, bytes));
    CHECK(cudaMalloc(&d.out, bytes));
    CHECK(cudaMemcpy(d.in, in, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(out, d.out, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("transpose", ms, check(out));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.out));
    free(in);
    free(out);
    return bad;
}
