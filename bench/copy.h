// copy.h: the host side that copy.cu and copy_omp.c share: the size, the
// random input and the exact check of the STREAM copy b[i] = a[i].
#ifndef COPY_H
#define COPY_H

#include "bench_common.h"

#define N (1 << 24)

static void fill(float *a)
{
    unsigned seed = 3;
    for (int i = 0; i < N; i++)
        a[i] = bench_uniform(&seed);
}

// A copy is exact; the inputs are random, so every element must match.
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

#endif
