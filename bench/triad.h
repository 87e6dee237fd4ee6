// triad.h: the host side that triad.cu and triad_omp.c share: the size,
// the scalar, the random inputs and the check of a[i] = b[i] + s*c[i].
#ifndef TRIAD_H
#define TRIAD_H

#include "bench_common.h"
#include <math.h>

#define N (1 << 24)
#define SCALAR 3.0f

static void fill(float *b, float *c)
{
    unsigned seed = 1;
    for (int i = 0; i < N; i++) {
        b[i] = bench_uniform(&seed);
        c[i] = bench_uniform(&seed);
    }
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

#endif
