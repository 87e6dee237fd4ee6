// histogram.h: the host side that histogram.cu and histogram_omp.c share:
// the sizes, the input bytes and the exact check of the 256 bins.
#ifndef HISTOGRAM_H
#define HISTOGRAM_H

#include "bench_common.h"
#include <string.h>

#define N (1 << 24)
#define BINS 256

// The top byte of the fixed generator.
static void fill(unsigned char *in)
{
    unsigned state = 11;
    for (int i = 0; i < N; i++) {
        state = state * 1664525u + 1013904223u;
        in[i] = (unsigned char)(state >> 24);
    }
}

// Counts are exact integers: every bin must equal the host's count.
static int check(const unsigned char *in, const unsigned *bins)
{
    unsigned ref[BINS];
    memset(ref, 0, sizeof ref);
    for (int i = 0; i < N; i++)
        ref[in[i]]++;
    for (int b = 0; b < BINS; b++) {
        if (bins[b] != ref[b]) {
            fprintf(stderr, "histogram: bin %d = %u, expected %u\n", b,
                    bins[b], ref[b]);
            return 0;
        }
    }
    return 1;
}

#endif
