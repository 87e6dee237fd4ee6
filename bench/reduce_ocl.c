// reduce_ocl.c: the OpenCL host side of reduce.cl, the same sum of 16M
// floats in two launches as reduce.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "reduce.h"

#define BLOCK 256
#define BLOCKS 1024

struct args {
    cl_kernel k;
    cl_mem in, partial, sum; /* reduce.cu's partial + BLOCKS is sum here */
};

// One launch of BLOCKS groups, then one of a single group over the
// partial sums.
static void launch(void *p)
{
    struct args *x = p;
    int n = N, blocks = BLOCKS;
    size_t global = (size_t)BLOCKS * BLOCK, local = BLOCK;
    ARG(x->k, 0, x->in);
    ARG(x->k, 1, x->partial);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 1, &global, &local);
    global = BLOCK;
    ARG(x->k, 0, x->partial);
    ARG(x->k, 1, x->sum);
    ARG(x->k, 2, blocks);
    ocl_launch(x->k, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *in = malloc(bytes), sum;
    double ref = fill(in);
    ocl_init("reduce", "-DBLOCK=" BENCH_STR(BLOCK));
    struct args d = {ocl_kernel("reduce"), ocl_alloc(bytes, in),
                     ocl_alloc(BLOCKS * sizeof(float), NULL),
                     ocl_alloc(sizeof(float), NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.sum, &sum, sizeof sum);
    int bad = bench_report("reduce", ms, check("reduce", sum, ref));
    ocl_done();
    free(in);
    return bad;
}
