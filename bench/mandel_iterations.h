// mandel_iterations.h: the iteration count of one point, written once for
// every side: mandel.cu runs it on the device, mandel_omp.c in its loop,
// mandel.cl as an OpenCL C function, and mandel.h's check on the host.
// The includer defines MAX_ITER and BENCH_HOST_DEVICE (empty but for CUDA)
// and includes nothing else here, so OpenCL C can include it too.
#ifndef MANDEL_ITERATIONS_H
#define MANDEL_ITERATIONS_H

static BENCH_HOST_DEVICE int iterations(float cr, float ci)
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

#endif
