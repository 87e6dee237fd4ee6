// copy_omp.c: the C/OpenMP reference for copy.cu, the same STREAM copy
// b[i] = a[i] over 16M floats.
#include "bench_omp.h"
#include <stdlib.h>

#define N (1 << 24)

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

// The same exact check as copy.cu.
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
    struct args x = {malloc(bytes), malloc(bytes)};
    unsigned seed = 3;
    for (int i = 0; i < N; i++)
        x.a[i] = bench_uniform(&seed);
    double ms = bench_time(copy, &x);
    int bad = bench_report("copy", ms, check(x.b, x.a));
    free(x.a);
    free(x.b);
    return bad;
}
