// nbody_ocl.c: the OpenCL host side of nbody.cl, the same all-pairs
// accelerations of 8192 bodies as nbody.cu, on PoCL's CPU device.  Bodies
// are float4 (x, y, z, mass), as on the CUDA side.
#include "bench_ocl.h"
#include "nbody.h"

#define BLOCK 256

struct args {
    cl_kernel k;
    cl_mem pos, acc;
};

static void launch(void *p)
{
    struct args *x = p;
    int n = N;
    size_t global = N, local = BLOCK;
    ARG(x->k, 0, x->pos);
    ARG(x->k, 1, x->acc);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)N * 4 * sizeof(float);
    float *p = malloc(bytes), *a = malloc(bytes); /* x, y, z, w, x, ... */
    fill(p, p + 1, p + 2, p + 3, 4);
    ocl_init("nbody",
             "-DBLOCK=" BENCH_STR(BLOCK) " -DEPS2=" BENCH_STR(EPS2));
    struct args d = {ocl_kernel("nbody"), ocl_alloc(bytes, p),
                     ocl_alloc(bytes, NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.acc, a, bytes);
    int ok = check(p, p + 1, p + 2, p + 3, a, a + 1, a + 2, 4);
    int bad = bench_report("nbody", ms, ok);
    ocl_done();
    free(p);
    free(a);
    return bad;
}
