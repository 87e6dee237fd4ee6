// reduce_smem_omp.c: the C/OpenMP reference for reduce_smem.cu, the sum of
// 16M floats with an OpenMP reduction clause.
#include "bench_omp.h"
#include <stdlib.h>

#define N (1 << 24)

struct args {
    const float *in;
    float sum;
};

static void reduce(void *p)
{
    struct args *x = p;
    const float *in = x->in;
    float s = 0.0f;
#pragma omp parallel for simd reduction(+ : s) schedule(static)
    for (int i = 0; i < N; i++)
        s += in[i];
    x->sum = s;
}

// Small integers, as in reduce_smem.cu: the sum is exact in any order.
static float value(int i)
{
    return (float)(i % 7 - 3 + (i % 1024 == 0) * 5);
}

int main(void)
{
    float *in = malloc((size_t)N * sizeof(float));
    double ref = 0.0;
    for (int i = 0; i < N; i++) {
        in[i] = value(i);
        ref += in[i];
    }
    struct args x = {in, 0.0f};
    double ms = bench_time(reduce, &x);
    if (x.sum != ref)
        fprintf(stderr, "reduce_smem: sum %.1f, expected %.1f\n", x.sum,
                ref);
    int bad = bench_report("reduce_smem", ms, x.sum == ref);
    free(in);
    return bad;
}
