// histogram_omp.c: the C/OpenMP reference for histogram.cu, a 256-bin
// histogram of 16M bytes with a private histogram per thread, then a merge.
#include "bench_omp.h"
#include <stdlib.h>
#include <string.h>

#define N (1 << 24)
#define BINS 256

struct args {
    const unsigned char *in;
    unsigned *bins;
};

// Each thread counts its static share of the input into its own bins on
// its stack, then adds them to the shared histogram with one atomic per
// bin.
static void histogram(void *p)
{
    struct args *x = p;
    const unsigned char *in = x->in;
    unsigned *bins = x->bins;
    memset(bins, 0, BINS * sizeof(unsigned));
#pragma omp parallel
    {
        unsigned local[BINS];
        memset(local, 0, sizeof local);
#pragma omp for schedule(static) nowait
        for (int i = 0; i < N; i++)
            local[in[i]]++;
        for (int b = 0; b < BINS; b++) {
#pragma omp atomic
            bins[b] += local[b];
        }
    }
}

// The top byte of the fixed generator, identical in histogram.cu.
static void fill(unsigned char *in)
{
    unsigned state = 11;
    for (int i = 0; i < N; i++) {
        state = state * 1664525u + 1013904223u;
        in[i] = (unsigned char)(state >> 24);
    }
}

// The same exact check as histogram.cu.
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

int main(void)
{
    unsigned char *in = malloc(N);
    unsigned bins[BINS];
    fill(in);
    struct args x = {in, bins};
    double ms = bench_time(histogram, &x);
    int bad = bench_report("histogram", ms, check(in, bins));
    free(in);
    return bad;
}
