// stencil_ocl.c: the OpenCL host side of stencil.cl, the same 5-point
// Jacobi step on a 4096x4096 float grid as stencil.cu, with 32x8
// work-groups, on PoCL's CPU device.
#include "bench_ocl.h"
#include "stencil.h"

#define BX 32
#define BY 8

struct args {
    cl_kernel k;
    cl_mem in, out;
};

static void launch(void *p)
{
    struct args *x = p;
    int n = N;
    size_t local[2] = {BX, BY};
    size_t global[2] = {(N + BX - 1) / BX * BX, (N + BY - 1) / BY * BY};
    ARG(x->k, 0, x->in);
    ARG(x->k, 1, x->out);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 2, global, local);
}

int main(void)
{
    size_t bytes = (size_t)N * N * sizeof(float);
    float *in = malloc(bytes), *out = calloc((size_t)N * N, sizeof(float));
    fill(in);
    ocl_init("stencil", "");
    /* out starts zeroed, as stencil.cu's cudaMemset: the boundary stays */
    struct args d = {ocl_kernel("stencil"), ocl_alloc(bytes, in),
                     ocl_alloc(bytes, out)};
    double ms = bench_time(launch, &d);
    ocl_read(d.out, out, bytes);
    int bad = bench_report("stencil", ms, check(in, out));
    ocl_done();
    free(in);
    free(out);
    return bad;
}
