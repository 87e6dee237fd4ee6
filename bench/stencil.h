// stencil.h: the host side that stencil.cu and stencil_omp.c share: the
// grid side, the random input and the check of one 5-point Jacobi step.
#ifndef STENCIL_H
#define STENCIL_H

#include "bench_common.h"
#include <math.h>

#define N 4096 /* grid side */

static void fill(float *in)
{
    unsigned seed = 5;
    for (int i = 0; i < N * N; i++)
        in[i] = bench_uniform(&seed);
}

// Every point against a double-precision reference.  The inputs lie in
// [-1, 1), so each of the three float additions (in any order) rounds a
// partial sum below 4 in magnitude by at most 2^-23, and the scaling by
// 0.25 is exact: the error is under 3 * 2^-23 / 4 < 1e-7, while a wrong
// neighbour or index is off by about 0.1.  The boundary was zeroed before
// the runs and must still be zero.
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

#endif
