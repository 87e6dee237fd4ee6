// scan_ocl.c: the OpenCL host side of scan.cl, the same inclusive prefix
// sum of 4M ints in three launches as scan.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "scan.h"

#define SEG 1024 /* elements per segment; SEG / 2 work-items scan one */
#define SEGS (N / SEG)

#if N % SEG != 0
#error "N must be a multiple of SEG"
#endif

struct args {
    cl_kernel segments, sums, offsets;
    cl_mem in, out, seg_sums;
};

static void launch(void *p)
{
    struct args *x = p;
    int segs = SEGS;
    size_t global = (size_t)SEGS * (SEG / 2), local = SEG / 2;
    ARG(x->segments, 0, x->in);
    ARG(x->segments, 1, x->out);
    ARG(x->segments, 2, x->seg_sums);
    ocl_launch(x->segments, 1, &global, &local);
    ARG(x->sums, 0, x->seg_sums);
    ARG(x->sums, 1, segs);
    ocl_launch(x->sums, 1, &local, &local); /* one group */
    ARG(x->offsets, 0, x->out);
    ARG(x->offsets, 1, x->seg_sums);
    ocl_launch(x->offsets, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(int);
    int *in = malloc(bytes), *out = malloc(bytes);
    fill(in);
    ocl_init("scan", "-DSEG=" BENCH_STR(SEG));
    struct args d = {ocl_kernel("scan_segments"), ocl_kernel("scan_sums"),
                     ocl_kernel("add_offsets"), ocl_alloc(bytes, in),
                     ocl_alloc(bytes, NULL),
                     ocl_alloc(SEGS * sizeof(int), NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.out, out, bytes);
    int bad = bench_report("scan", ms, check(in, out));
    ocl_done();
    free(in);
    free(out);
    return bad;
}
