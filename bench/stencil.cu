// stencil.cu: one Jacobi step of a 5-point stencil on a 4096x4096 float
// grid, out = 0.25*(N+S+E+W) at interior points, neighbours read straight
// from global memory by 32x8 blocks; the C reference is stencil_omp.c.
#include "bench.cuh"
#include "stencil.h"

#define BX 32
#define BY 8

// One thread per point; the boundary rows and columns are left alone.
__global__ void stencil(const float *in, float *out, int n)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x > 0 && x < n - 1 && y > 0 && y < n - 1) {
        int i = y * n + x;
        out[i] = 0.25f * ((in[i - n] + in[i + n]) + (in[i - 1] + in[i + 1]));
    }
}

struct args {
    float *in, *out;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    dim3 block(BX, BY), grid((N + BX - 1) / BX, (N + BY - 1) / BY);
    stencil<<<grid, block>>>(x->in, x->out, N);
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
    CHECK(cudaMemset(d.out, 0, bytes));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(out, d.out, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("stencil", ms, check(in, out));
    CHECK(cudaFree(d.in));
    CHECK(cudaFree(d.out));
    free(in);
    free(out);
    return bad;
}
