// scan.h: the host side that scan.cu and scan_omp.c share: the size, the
// input and the exact check of the inclusive prefix sum.
#ifndef SCAN_H
#define SCAN_H

#include "bench_common.h"

#define N (1 << 22)

// Values 0..7 from the fixed generator: the total stays below
// 8 * 2^22 = 2^25, so no sum overflows an int.
static void fill(int *in)
{
    unsigned state = 13;
    for (int i = 0; i < N; i++) {
        state = state * 1664525u + 1013904223u;
        in[i] = (int)(state >> 29);
    }
}

// Integer sums are exact: every prefix must equal the host's.
static int check(const int *in, const int *out)
{
    int ref = 0;
    for (int i = 0; i < N; i++) {
        ref += in[i];
        if (out[i] != ref) {
            fprintf(stderr, "scan: out[%d] = %d, expected %d\n", i, out[i],
                    ref);
            return 0;
        }
    }
    return 1;
}

#endif
