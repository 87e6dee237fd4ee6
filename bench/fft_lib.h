// fft_lib.h: the host side that fft_lib.cu (cuFFT on cux) and
// fft_lib_omp.c (FFTW called directly) share: the image size, the input
// and the check of a 2D real-to-complex then complex-to-real round trip,
// which gives back N*N times the input (neither library normalises).
#ifndef FFT_LIB_H
#define FFT_LIB_H

#include "bench_common.h"
#include <math.h>

#define N 2048 /* a 2048x2048 float image */
#define HALF (N / 2 + 1)

static void fill(float *img)
{
    unsigned seed = 11;
    for (long i = 0; i < (long)N * N; i++)
        img[i] = bench_uniform(&seed);
}

// Single precision over 2 * log2(N) stages: 1e-4 absolute on values in
// [-1, 1) is far above the rounding and far below any indexing mistake.
static int check(const float *back, const float *img)
{
    for (long i = 0; i < (long)N * N; i++) {
        float v = back[i] / ((float)N * N);
        if (fabsf(v - img[i]) > 1e-4f) {
            fprintf(stderr, "fft_lib: element %ld is %g, expected %g\n", i,
                    v, img[i]);
            return 0;
        }
    }
    return 1;
}

#endif
