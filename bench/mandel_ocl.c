// mandel_ocl.c: the OpenCL host side of mandel.cl, the same Mandelbrot
// iteration counts, 2048x1536, as mandel.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "mandel.h"

#define BLOCK 16 /* work-groups of 16x16 */

struct args {
    cl_kernel k;
    cl_mem out;
};

static void launch(void *p)
{
    struct args *a = p;
    float x0 = X0, y0 = Y0, step = STEP;
    size_t local[2] = {BLOCK, BLOCK};
    size_t global[2] = {(W + BLOCK - 1) / BLOCK * BLOCK,
                        (H + BLOCK - 1) / BLOCK * BLOCK};
    ARG(a->k, 0, a->out);
    ARG(a->k, 1, x0);
    ARG(a->k, 2, y0);
    ARG(a->k, 3, step);
    ocl_launch(a->k, 2, global, local);
}

int main(void)
{
    size_t bytes = (size_t)W * H * sizeof(int);
    int *out = malloc(bytes);
    ocl_init("mandel", "-DW=" BENCH_STR(W) " -DH=" BENCH_STR(H)
                       " -DMAX_ITER=" BENCH_STR(MAX_ITER));
    struct args d = {ocl_kernel("mandel"), ocl_alloc(bytes, NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.out, out, bytes);
    int bad = bench_report("mandel", ms, check(out));
    ocl_done();
    free(out);
    return bad;
}
