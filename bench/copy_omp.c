// copy_omp.c: the C/OpenMP reference for copy.cu, the same STREAM copy
// b[i] = a[i] over 16M floats.
#include "bench_omp.h"
#include "copy.h"
#include <stdlib.h>

struct args {
    float *a, *b;
};

static void copy(void *p)
{
    struct args *x = p;
    const float *a = x->a;
    float *b = x->b;
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < N; i++)
        b[i] = a[i];
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    struct args x = {malloc(bytes), malloc(bytes)};
    fill(x.a);
    double ms = bench_time(copy, &x);
    int bad = bench_report("copy", ms, check(x.b, x.a));
    free(x.a);
    free(x.b);
    return bad;
}
