// blackscholes_ocl.c: the OpenCL host side of blackscholes.cl, the same
// Black-Scholes prices for 4M options as blackscholes.cu, on PoCL's CPU
// device.
#include "bench_ocl.h"
#include "blackscholes.h"

#define BLOCK 256

struct args {
    cl_kernel k;
    cl_mem call, put, s, x, t;
};

static void launch(void *p)
{
    struct args *a = p;
    float r = RATE, v = VOLATILITY;
    int n = N;
    size_t global = (N + BLOCK - 1) / BLOCK * BLOCK, local = BLOCK;
    ARG(a->k, 0, a->call);
    ARG(a->k, 1, a->put);
    ARG(a->k, 2, a->s);
    ARG(a->k, 3, a->x);
    ARG(a->k, 4, a->t);
    ARG(a->k, 5, r);
    ARG(a->k, 6, v);
    ARG(a->k, 7, n);
    ocl_launch(a->k, 1, &global, &local);
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    float *call = malloc(bytes), *put = malloc(bytes), *s = malloc(bytes);
    float *x = malloc(bytes), *t = malloc(bytes);
    fill(s, x, t);
    ocl_init("blackscholes", "");
    struct args d = {ocl_kernel("blackscholes"), ocl_alloc(bytes, NULL),
                     ocl_alloc(bytes, NULL), ocl_alloc(bytes, s),
                     ocl_alloc(bytes, x), ocl_alloc(bytes, t)};
    double ms = bench_time(launch, &d);
    ocl_read(d.call, call, bytes);
    ocl_read(d.put, put, bytes);
    int bad = bench_report("blackscholes", ms, check(call, put, s, x, t));
    ocl_done();
    free(call);
    free(put);
    free(s);
    free(x);
    free(t);
    return bad;
}
