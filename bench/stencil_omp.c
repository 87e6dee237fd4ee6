// stencil_omp.c: the C/OpenMP reference for stencil.cu, one Jacobi step
// of a 5-point stencil on a 4096x4096 float grid, interior points only.
#include "bench_omp.h"
#include "stencil.h"
#include <stdlib.h>

struct args {
    const float *in;
    float *out;
};

// Rows are shared out among the threads; along a row the loads and the
// store are contiguous, so the inner loop vectorizes.
static void stencil(void *p)
{
    struct args *x = p;
    const float *in = x->in;
    float *out = x->out;
#pragma omp parallel for schedule(static)
    for (int y = 1; y < N - 1; y++) {
        const float *c = in + (size_t)y * N;
        float *o = out + (size_t)y * N;
#pragma omp simd
        for (int x = 1; x < N - 1; x++)
            o[x] = 0.25f * ((c[x - N] + c[x + N]) + (c[x - 1] + c[x + 1]));
    }
}

int main(void)
{
    size_t bytes = (size_t)N * N * sizeof(float);
    float *in = malloc(bytes), *out = calloc((size_t)N * N, sizeof(float));
    fill(in);
    struct args x = {in, out};
    double ms = bench_time(stencil, &x);
    int bad = bench_report("stencil", ms, check(in, out));
    free(in);
    free(out);
    return bad;
}
