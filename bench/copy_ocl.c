// copy_ocl.c: the OpenCL host side of copy.cl, the same STREAM copy
// b[i] = a[i] over 16M floats as copy.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "copy.h"

#define BLOCK 256

struct args {
    cl_kernel k;
    cl_mem a, b;
};

static void launch(void *p)
{
    struct args *x = p;
    int n = N;
    size_t global = (N + BLOCK - 1) / BLOCK * BLOCK, local = BLOCK;
    ARG(x->k, 0, x->b);
    ARG(x->k, 1, x->a);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes);
    fill(a);
    ocl_init("copy", "");
    struct args d = {ocl_kernel("copy"), ocl_alloc(bytes, a),
                     ocl_alloc(bytes, NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.b, b, bytes);
    int bad = bench_report("copy", ms, check(b, a));
    ocl_done();
    free(a);
    free(b);
    return bad;
}
