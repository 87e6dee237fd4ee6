// mandel.cu: iteration counts of the Mandelbrot set, 2048x1536, a kernel
// whose warps diverge heavily; the C reference is mandel_omp.c.
#include "bench.cuh"
#include "mandel.h"

__global__ void mandel(int *out)
{
    int px = blockIdx.x * blockDim.x + threadIdx.x;
    int py = blockIdx.y * blockDim.y + threadIdx.y;
    if (px < W && py < H)
        out[py * W + px] = iterations(X0 + px * STEP, Y0 + py * STEP);
}

static void launch(void *p)
{
    dim3 block(16, 16), grid((W + 15) / 16, (H + 15) / 16);
    mandel<<<grid, block>>>((int *)p);
}

int main(void)
{
    size_t bytes = (size_t)W * H * sizeof(int);
    int *out = (int *)malloc(bytes), *d_out;
    CHECK(cudaMalloc(&d_out, bytes));
    float ms = bench_time(launch, d_out);
    CHECK(cudaMemcpy(out, d_out, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("mandel", ms, check(out));
    CHECK(cudaFree(d_out));
    free(out);
    return bad;
}
