// copy.cu: the STREAM copy b[i] = a[i] over 16M floats, one element per
// thread, a pure memory-bandwidth kernel; the C reference is copy_omp.c.
#include "bench.cuh"
#include "copy.h"

__global__ void copy(float *b, const float *a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        b[i] = a[i];
}

struct args {
    float *a, *b;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    copy<<<(N + 255) / 256, 256>>>(x->b, x->a, N);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes);
    fill(a);
    struct args d;
    CHECK(cudaMalloc(&d.a, bytes));
    CHECK(cudaMalloc(&d.b, bytes));
    CHECK(cudaMemcpy(d.a, a, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(b, d.b, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("copy", ms, check(b, a));
    CHECK(cudaFree(d.a));
    CHECK(cudaFree(d.b));
    free(a);
    free(b);
    return bad;
}
