// sgemm.cu: C = A*B for square float matrices with 16x16 shared-memory
// tiles and __syncthreads; the C reference is sgemm_omp.c.
#include "bench.cuh"
#include "sgemm.h"

#define TILE 16

// Each block computes one TILE x TILE tile of C; each step stages one tile
// of A and one of B in shared memory, and all threads read them there.
// n must be a multiple of TILE (main checks).
__global__ void sgemm(const float *a, const float *b, float *c, int n)
{
    __shared__ float as[TILE][TILE];
    __shared__ float bs[TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty, col = blockIdx.x * TILE + tx;
    float sum = 0.0f;
    for (int t = 0; t < n; t += TILE) {
        as[ty][tx] = a[row * n + t + tx];
        bs[ty][tx] = b[(t + ty) * n + col];
        __syncthreads();
        for (int k = 0; k < TILE; k++)
            sum += as[ty][k] * bs[k][tx];
        __syncthreads();
    }
    c[row * n + col] = sum;
}

struct args {
    float *a, *b, *c;
    int n;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    dim3 grid(x->n / TILE, x->n / TILE), block(TILE, TILE);
    sgemm<<<grid, block>>>(x->a, x->b, x->c, x->n);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : DEFAULT_N;
    if (n <= 0 || n % TILE) {
        fprintf(stderr, "sgemm: size must be a multiple of %d\n", TILE);
        return 2;
    }
    size_t bytes = (size_t)n * n * sizeof(float);
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes);
    float *c = (float *)malloc(bytes);
    fill(a, b, n);
    struct args d = {NULL, NULL, NULL, n};
    CHECK(cudaMalloc(&d.a, bytes));
    CHECK(cudaMalloc(&d.b, bytes));
    CHECK(cudaMalloc(&d.c, bytes));
    CHECK(cudaMemcpy(d.a, a, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.b, b, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(c, d.c, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("sgemm", ms, check(a, b, c, n));
    CHECK(cudaFree(d.a));
    CHECK(cudaFree(d.b));
    CHECK(cudaFree(d.c));
    free(a);
    free(b);
    free(c);
    return bad;
}
