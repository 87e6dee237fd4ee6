// reduce_ocl.h: the OpenCL host side both reductions share, as their CUDA
// versions share reduce.h: the sum of N floats in two launches of kernel
// `name` (name.cl) on PoCL's CPU device, `blocks` groups of BLOCK
// work-items and then one group over their partial sums.  The includer
// defines BLOCK and calls reduce_ocl from main.
#ifndef REDUCE_OCL_H
#define REDUCE_OCL_H

#include "bench_ocl.h"
#include "reduce.h"

struct args {
    cl_kernel k;
    cl_mem in, partial, sum; /* the .cu's partial + blocks is sum here */
    unsigned blocks;
};

static void launch(void *p)
{
    struct args *x = p;
    unsigned n = N; /* the kernels take it as int or unsigned: same bits */
    size_t global = (size_t)x->blocks * BLOCK, local = BLOCK;
    ARG(x->k, 0, x->in);
    ARG(x->k, 1, x->partial);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 1, &global, &local);
    global = BLOCK;
    ARG(x->k, 0, x->partial);
    ARG(x->k, 1, x->sum);
    ARG(x->k, 2, x->blocks);
    ocl_launch(x->k, 1, &global, &local);
}

static int reduce_ocl(const char *name, unsigned blocks)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *in = malloc(bytes), sum;
    double ref = fill(in);
    ocl_init(name, "-DBLOCK=" BENCH_STR(BLOCK));
    struct args d = {ocl_kernel(name), ocl_alloc(bytes, in),
                     ocl_alloc(blocks * sizeof(float), NULL),
                     ocl_alloc(sizeof(float), NULL), blocks};
    double ms = bench_time(launch, &d);
    ocl_read(d.sum, &sum, sizeof sum);
    int bad = bench_report(name, ms, check(name, sum, ref));
    ocl_done();
    free(in);
    return bad;
}

#endif
