// softmax_omp.c: the C/OpenMP reference for softmax.cu, row softmax of a
// 4096x1024 float matrix, one row per loop iteration.
#include "bench_omp.h"
#include "softmax.h"
#include <math.h>
#include <stdlib.h>

struct args {
    const float *in;
    float *out;
};

// The maximum and the scaling are vector loops; the middle loop calls
// expf (glibc has vector versions only under -ffast-math), so it runs
// serially and sums as it goes.  A row (4 KiB) stays in L1 between loops.
static void softmax(void *p)
{
    struct args *a = p;
#pragma omp parallel for schedule(static)
    for (int r = 0; r < ROWS; r++) {
        const float *x = a->in + (size_t)r * COLS;
        float *y = a->out + (size_t)r * COLS;
        float m = x[0];
#pragma omp simd reduction(max : m)
        for (int j = 0; j < COLS; j++)
            m = x[j] > m ? x[j] : m;
        float sum = 0.0f;
        for (int j = 0; j < COLS; j++) {
            y[j] = expf(x[j] - m);
            sum += y[j];
        }
        float inv = 1.0f / sum;
#pragma omp simd
        for (int j = 0; j < COLS; j++)
            y[j] *= inv;
    }
}

int main(void)
{
    size_t bytes = (size_t)ROWS * COLS * sizeof(float);
    float *in = malloc(bytes), *out = malloc(bytes);
    fill(in);
    struct args a = {in, out};
    double ms = bench_time(softmax, &a);
    int bad = bench_report("softmax", ms, check(in, out));
    free(in);
    free(out);
    return bad;
}
