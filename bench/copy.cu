// copy.cu: the STREAM copy b[i] = a[i] over 16M floats, one element per
// thread, a pure memory-bandwidth kernel; the C reference is copy_omp.c.
#include "bench.cuh"

#define N (1 << 24)

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

// A copy is exact; the inputs are random, so every element must match.
static int check(const float *b, const float *a)
{
    for (int i = 0; i < N; i++) {
        if (b[i] != a[i]) {
            fprintf(stderr, "copy: b[%d] = %g, expected %g\n", i, b[i],
                    a[i]);
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes);
    unsigned seed = 3;
    for (int i = 0; i < N; i++)
        a[i] = bench_uniform(&seed);
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
