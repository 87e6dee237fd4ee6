// stencil_omp.c: the C/OpenMP reference for stencil.cu, one Jacobi step
// of a 5-point stencil on a 2048x2048 float grid, interior points only.
#include "bench_omp.h"
#include <math.h>
#include <stdlib.h>

#define N 4096 /* grid side */

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

// The same check as stencil.cu: under 1e-7 of rounding, see there.
static int check(const float *in, const float *out)
{
    for (int y = 0; y < N; y++) {
        for (int x = 0; x < N; x++) {
            int i = y * N + x;
            double ref = 0.0;
            if (x > 0 && x < N - 1 && y > 0 && y < N - 1)
                ref = 0.25 * ((double)in[i - N] + in[i + N] + in[i - 1] +
                              in[i + 1]);
            if (fabs(out[i] - ref) > 1e-6) {
                fprintf(stderr, "stencil: out[%d][%d] = %g, expected %g\n",
                        y, x, out[i], ref);
                return 0;
            }
        }
    }
    return 1;
}

int main(void)
{
    size_t bytes = (size_t)N * N * sizeof(float);
    float *in = malloc(bytes), *out = calloc((size_t)N * N, sizeof(float));
    unsigned seed = 5;
    for (int i = 0; i < N * N; i++)
        in[i] = bench_uniform(&seed);
    struct args x = {in, out};
    double ms = bench_time(stencil, &x);
    int bad = bench_report("stencil", ms, check(in, out));
    free(in);
    free(out);
    return bad;
}
