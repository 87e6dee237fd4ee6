// triad_ocl.c: the OpenCL host side of triad.cl, the same STREAM triad
// a[i] = b[i] + s*c[i] over 16M floats as triad.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "triad.h"

#define BLOCK 256

struct args {
    cl_kernel k;
    cl_mem a, b, c;
};

static void launch(void *p)
{
    struct args *x = p;
    float s = SCALAR;
    int n = N;
    size_t global = (N + BLOCK - 1) / BLOCK * BLOCK, local = BLOCK;
    ARG(x->k, 0, x->a);
    ARG(x->k, 1, x->b);
    ARG(x->k, 2, x->c);
    ARG(x->k, 3, s);
    ARG(x->k, 4, n);
    ocl_launch(x->k, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
    fill(b, c);
    ocl_init("triad", "");
    struct args d = {ocl_kernel("triad"), ocl_alloc(bytes, NULL),
                     ocl_alloc(bytes, b), ocl_alloc(bytes, c)};
    double ms = bench_time(launch, &d);
    ocl_read(d.a, a, bytes);
    int bad = bench_report("triad", ms, check(a, b, c));
    ocl_done();
    free(a);
    free(b);
    free(c);
    return bad;
}
