// histogram_omp.c: the C/OpenMP reference for histogram.cu, a 256-bin
// histogram of 16M bytes with a private histogram per thread, then a merge.
#include "bench_omp.h"
#include "histogram.h"
#include <stdlib.h>
#include <string.h>

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
