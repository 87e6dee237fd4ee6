// mandel.cl: the OpenCL C port of mandel.cu, run by mandel_ocl.c:
// iteration counts of the Mandelbrot set in 16x16 work-groups.  W, H and
// MAX_ITER come from the host's build options, the window (x0, y0, step)
// as arguments, computed there from mandel.h.

#define BENCH_HOST_DEVICE
#include "mandel_iterations.h"

__kernel void mandel(__global int *out, float x0, float y0, float step)
{
    int px = get_global_id(0), py = get_global_id(1);
    if (px < W && py < H)
        out[py * W + px] = iterations(x0 + px * step, y0 + py * step);
}
