// mandel_omp.c: the C/OpenMP reference for mandel.cu, iteration counts of
// the Mandelbrot set, 2048x1536, one row per loop iteration.
#include "bench_omp.h"
#include "mandel.h"
#include <stdlib.h>

// Rows near the set cost far more than rows outside it, hence dynamic.
static void mandel(void *p)
{
    int *out = p;
#pragma omp parallel for schedule(dynamic, 8)
    for (int py = 0; py < H; py++)
        for (int px = 0; px < W; px++)
            out[py * W + px] = iterations(X0 + px * STEP, Y0 + py * STEP);
}

int main(void)
{
    int *out = malloc((size_t)W * H * sizeof(int));
    double ms = bench_time(mandel, out);
    int bad = bench_report("mandel", ms, check(out));
    free(out);
    return bad;
}
