// reduce_omp.c: the C/OpenMP reference for reduce.cu, the sum of 16M
// floats with an OpenMP reduction clause.
#include "bench_omp.h"
#include "reduce.h"
#include <stdlib.h>

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

int main(void)
{
    float *in = malloc((size_t)N * sizeof(float));
    double ref = fill(in);
    struct args x = {in, 0.0f};
    double ms = bench_time(reduce, &x);
    int bad = bench_report("reduce", ms, check("reduce", x.sum, ref));
    free(in);
    return bad;
}
