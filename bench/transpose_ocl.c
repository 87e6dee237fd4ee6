// transpose_ocl.c: the OpenCL host side of transpose.cl, the same tiled
// transpose of a 4096x4096 float matrix as transpose.cu, on PoCL's CPU
// device.
#include "bench_ocl.h"
#include "transpose.h"

#define TILE 32
#define ROWS 8 /* work-items per group along y: each moves TILE / ROWS */

struct args {
    cl_kernel k;
    cl_mem in, out;
};

static void launch(void *p)
{
    struct args *x = p;
    int n = N;
    size_t local[2] = {TILE, ROWS};
    size_t global[2] = {N / TILE * TILE, N / TILE * ROWS};
    ARG(x->k, 0, x->in);
    ARG(x->k, 1, x->out);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 2, global, local);
}

int main(void)
{
    size_t bytes = (size_t)N * N * sizeof(float);
    float *in = malloc(bytes), *out = malloc(bytes);
    fill(in);
    ocl_init("transpose",
             "-DTILE=" BENCH_STR(TILE) " -DROWS=" BENCH_STR(ROWS));
    struct args d = {ocl_kernel("transpose"), ocl_alloc(bytes, in),
                     ocl_alloc(bytes, NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.out, out, bytes);
    int bad = bench_report("transpose", ms, check(out));
    ocl_done();
    free(in);
    free(out);
    return bad;
}
