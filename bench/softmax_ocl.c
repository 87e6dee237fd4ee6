// softmax_ocl.c: the OpenCL host side of softmax.cl, the same row softmax
// of a 4096x1024 float matrix as softmax.cu, on PoCL's CPU device.
#include "bench_ocl.h"
#include "softmax.h"

#define BLOCK 256 /* 8 warps of 32, 8 rows per group */

struct args {
    cl_kernel k;
    cl_mem in, out;
};

static void launch(void *p)
{
    struct args *a = p;
    int rows = ROWS, rows_per_block = BLOCK / 32;
    size_t local = BLOCK;
    size_t global = (size_t)(ROWS + rows_per_block - 1) / rows_per_block *
                    BLOCK;
    ARG(a->k, 0, a->in);
    ARG(a->k, 1, a->out);
    ARG(a->k, 2, rows);
    ocl_launch(a->k, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)ROWS * COLS * sizeof(float);
    float *in = malloc(bytes), *out = malloc(bytes);
    fill(in);
    ocl_init("softmax",
             "-DBLOCK=" BENCH_STR(BLOCK) " -DCOLS=" BENCH_STR(COLS));
    struct args d = {ocl_kernel("softmax"), ocl_alloc(bytes, in),
                     ocl_alloc(bytes, NULL)};
    double ms = bench_time(launch, &d);
    ocl_read(d.out, out, bytes);
    int bad = bench_report("softmax", ms, check(in, out));
    ocl_done();
    free(in);
    free(out);
    return bad;
}
