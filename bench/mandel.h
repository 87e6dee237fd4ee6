// mandel.h: what mandel.cu and mandel_omp.c share: the image and its
// window on the plane, the iteration count (the CUDA kernel runs it on the
// device, the C side in its loop, and the check reruns it on the host) and
// the check.
#ifndef MANDEL_H
#define MANDEL_H

#include "bench_common.h"

#define W 2048
#define H 1536
#define MAX_ITER 256
#define X0 -2.25f
#define STEP (3.0f / W)
#define Y0 (-STEP * H / 2)

#include "mandel_iterations.h"

// Every 8th row against the host.  Whether the compiler fuses
// multiply-adds changes the count of a few pixels on the set's edge, where
// the orbit is chaotic, so up to 1% of the pixels may differ.
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

#endif
