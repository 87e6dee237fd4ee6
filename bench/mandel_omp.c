// mandel_omp.c: the C/OpenMP reference for mandel.cu, iteration counts of
// the Mandelbrot set, 2048x1536, one row per loop iteration.
#include "bench_omp.h"
#include <stdlib.h>

#define W 2048
#define H 1536
#define MAX_ITER 256
#define X0 -2.25f
#define STEP (3.0f / W)
#define Y0 (-STEP * H / 2)

static int iterations(float cr, float ci)
{
    float zr = 0.0f, zi = 0.0f;
    int iter = 0;
    while (iter < MAX_ITER && zr * zr + zi * zi <= 4.0f) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        iter++;
    }
    return iter;
}

// Rows near the set cost far more than rows outside it, hence dynamic.
static void mandel(void *p)
{
    int *out = p;
#pragma omp parallel for schedule(dynamic, 8)
    for (int py = 0; py < H; py++)
        for (int px = 0; px < W; px++)
            out[py * W + px] = iterations(X0 + px * STEP, Y0 + py * STEP);
}

// The same check as mandel.cu, against a serial recomputation.
static int check(const int *out)
{
    long bad = 0, total = 0;
    for (int py = 0; py < H; py += 8)
        for (int px = 0; px < W; px++, total++)
            bad += out[py * W + px] != iterations(X0 + px * STEP,
                                                  Y0 + py * STEP);
    if (bad * 100 > total)
        fprintf(stderr, "mandel: %ld of %ld pixels differ\n", bad, total);
    return bad * 100 <= total;
}

int main(void)
{
    int *out = malloc((size_t)W * H * sizeof(int));
    double ms = bench_time(mandel, out);
    int bad = bench_report("mandel", ms, check(out));
    free(out);
    return bad;
}
