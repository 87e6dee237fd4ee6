// triad_omp.c: the C/OpenMP reference for triad.cu, the same STREAM triad
// a[i] = b[i] + s*c[i] over 16M floats.
#include "bench_omp.h"
#include <math.h>
#include <stdlib.h>

#define N (1 << 24)
#define SCALAR 3.0f

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
    struct args x = {malloc(bytes), malloc(bytes), malloc(bytes)};
    unsigned seed = 1;
    for (int i = 0; i < N; i++) {
        x.b[i] = bench_uniform(&seed);
        x.c[i] = bench_uniform(&seed);
    }
    double ms = bench_time(triad, &x);
    int bad = bench_report("triad", ms, check(x.a, x.b, x.c));
    free(x.a);
    free(x.b);
    free(x.c);
    return bad;
}
