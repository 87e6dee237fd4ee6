// bench_common.h: what both sides of bench/ share, the CUDA programs
// (through bench.cuh) and their C/OpenMP twins (through bench_omp.h): the
// input generator, the BENCH line and a marker for functions the CUDA
// side also runs on the device.  C11 and CUDA C++ alike.
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>

// Marks a function that a kernel calls and the host reruns as the
// reference; in C it is an ordinary function.
#ifdef __CUDACC__
#define BENCH_HOST_DEVICE __host__ __device__
#else
#define BENCH_HOST_DEVICE
#endif

// A fixed generator in [-1, 1), so both sides see the same inputs.
static inline float bench_uniform(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return (float)(*state >> 8) / 16777216.0f * 2.0f - 1.0f;
}

// Prints `BENCH name key=ms` (key: cuda_ms or omp_ms), or the error when
// the result was wrong; returns the exit status.
static inline int bench_print(const char *name, const char *key, double ms,
                              int ok)
{
    if (!ok) {
        printf("BENCH %s error=wrong-result\n", name);
        return 1;
    }
    printf("BENCH %s %s=%.3f\n", name, key, ms);
    return 0;
}

#endif
