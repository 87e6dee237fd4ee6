// triad_omp.c: the C/OpenMP reference for triad.cu, the same STREAM triad
// a[i] = b[i] + s*c[i] over 16M floats.
#include "bench_omp.h"
#include "triad.h"
#include <stdlib.h>

struct args {
    float *a, *b, *c;
};

static void triad(void *p)
{
    struct args *x = p;
    float *a = x->a;
    const float *b = x->b, *c = x->c;
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < N; i++)
        a[i] = b[i] + SCALAR * c[i];
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    struct args x = {malloc(bytes), malloc(bytes), malloc(bytes)};
    fill(x.b, x.c);
    double ms = bench_time(triad, &x);
    int bad = bench_report("triad", ms, check(x.a, x.b, x.c));
    free(x.a);
    free(x.b);
    free(x.c);
    return bad;
}
