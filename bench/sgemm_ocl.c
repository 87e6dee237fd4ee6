// sgemm_ocl.c: the OpenCL host side of sgemm.cl, the same tiled C = A*B
// as sgemm.cu (side DEFAULT_N, or the first argument), on PoCL's CPU
// device.
#include "bench_ocl.h"
#include "sgemm.h"

#define TILE 16

struct args {
    cl_kernel k;
    cl_mem a, b, c;
    int n;
};

static void launch(void *p)
{
    struct args *x = p;
    size_t local[2] = {TILE, TILE}, global[2] = {x->n, x->n};
    ARG(x->k, 0, x->a);
    ARG(x->k, 1, x->b);
    ARG(x->k, 2, x->c);
    ARG(x->k, 3, x->n);
    ocl_launch(x->k, 2, global, local);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : DEFAULT_N;
    if (n <= 0 || n % TILE) {
        fprintf(stderr, "sgemm: size must be a multiple of %d\n", TILE);
        return 2;
    }
    size_t bytes = (size_t)n * n * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
    fill(a, b, n);
    ocl_init("sgemm", "-DTILE=" BENCH_STR(TILE));
    struct args d = {ocl_kernel("sgemm"), ocl_alloc(bytes, a),
                     ocl_alloc(bytes, b), ocl_alloc(bytes, NULL), n};
    double ms = bench_time(launch, &d);
    ocl_read(d.c, c, bytes);
    int bad = bench_report("sgemm", ms, check(a, b, c, n));
    ocl_done();
    free(a);
    free(b);
    free(c);
    return bad;
}
