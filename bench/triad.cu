// triad.cu: the STREAM triad a[i] = b[i] + s*c[i] over 16M floats, a pure
// memory-bandwidth kernel; the C reference is triad_omp.c.
#include "bench.cuh"
#include "triad.h"

__global__ void triad(float *a, const float *b, const float *c, float s,
                      int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        a[i] = b[i] + s * c[i];
}

struct args {
    float *a, *b, *c;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    triad<<<(N + 255) / 256, 256>>>(x->a, x->b, x->c, SCALAR, N);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes);
    float *c = (float *)malloc(bytes);
    fill(b, c);
    struct args d;
    CHECK(cudaMalloc(&d.a, bytes));
    CHECK(cudaMalloc(&d.b, bytes));
    CHECK(cudaMalloc(&d.c, bytes));
    CHECK(cudaMemcpy(d.b, b, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.c, c, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(a, d.a, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("triad", ms, check(a, b, c));
    CHECK(cudaFree(d.a));
    CHECK(cudaFree(d.b));
    CHECK(cudaFree(d.c));
    free(a);
    free(b);
    free(c);
    return bad;
}
