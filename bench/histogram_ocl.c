// histogram_ocl.c: the OpenCL host side of histogram.cl, the same 256-bin
// histogram of 16M bytes as histogram.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "histogram.h"

#define BLOCK 256
#define BLOCKS 256

struct args {
    cl_kernel k;
    cl_mem in, bins;
};

// Clears the bins, as histogram.cu's cudaMemset, then counts.
static void launch(void *p)
{
    struct args *x = p;
    cl_uint zero = 0;
    int n = N;
    size_t global = (size_t)BLOCKS * BLOCK, local = BLOCK;
    CHECK(clEnqueueFillBuffer(ocl.queue, x->bins, &zero, sizeof zero, 0,
                              BINS * sizeof(cl_uint), 0, NULL, NULL));
    ARG(x->k, 0, x->in);
    ARG(x->k, 1, x->bins);
    ARG(x->k, 2, n);
    ocl_launch(x->k, 1, &global, &local);
}

int main(void)
{
    unsigned char *in = malloc(N);
    unsigned bins[BINS];
    fill(in);
    ocl_init("histogram", "-DBINS=" BENCH_STR(BINS));
    struct args d = {ocl_kernel("histogram"), ocl_alloc(N, in),
                     ocl_alloc(BINS * sizeof(cl_uint), NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.bins, bins, sizeof bins);
    int bad = bench_report("histogram", ms, check(in, bins));
    ocl_done();
    free(in);
    return bad;
}
