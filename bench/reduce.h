// reduce.h: the host side that reduce.cu, reduce_smem.cu and their C/OpenMP
// twins share: the size, the input with its exact sum, and the check.
#ifndef REDUCE_H
#define REDUCE_H

#include "bench_common.h"

#define N (1 << 24)

// Small integers: every partial sum is exact in float, so the result does
// not depend on the order of the additions and must match exactly.
static float value(int i)
{
    return (float)(i % 7 - 3 + (i % 1024 == 0) * 5);
}

// Fills in[0..N) and returns the sum the reduction must give.
static double fill(float *in)
{
    double ref = 0.0;
    for (int i = 0; i < N; i++) {
        in[i] = value(i);
        ref += in[i];
    }
    return ref;
}

// name: the benchmark, for the message.
static int check(const char *name, float sum, double ref)
{
    if (sum != ref)
        fprintf(stderr, "%s: sum %.1f, expected %.1f\n", name, sum, ref);
    return sum == ref;
}

#endif
