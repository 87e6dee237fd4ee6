// triad.cu: the STREAM triad a[i] = b[i] + s*c[i] over 16M floats, a pure
// memory-bandwidth kernel; the C reference is triad_omp.c.
#include "bench.cuh"
#include <math.h>

#define N (1 << 24)
#define SCALAR 3.0f

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

// One rounding apart at most: the device may fuse the multiply-add.
static int check(const float *a, const float *b, const float *c)
{
    for (int i = 0; i < N; i++) {
        float ref = b[i] + SCALAR * c[i];
        if (fabsf(a[i] - ref) > 1e-6f * (fabsf(ref) + 1.0f)) {
            fprintf(stderr, "triad: a[%d] = %g, expected %g\n", i, a[i],
                    ref);
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes);
    float *c = (float *)malloc(bytes);
    unsigned seed = 1;
    for (int i = 0; i < N; i++) {
        b[i] = bench_uniform(&seed);
        c[i] = bench_uniform(&seed);
    }
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
