// blas_lib_omp.c: the reference for blas_lib.cu: the same 1024x1024
// single-precision product, column-major, by OpenBLAS's cblas_sgemm
// called directly, on OpenBLAS's own threads as under cux's cuBLAS.
// bench-link: -lopenblas
#include "bench_omp.h"
#include <cblas.h> /* before blas_lib.h: its prototypes name a parameter N */
#include "blas_lib.h"

struct args {
    float *a, *b, *c;
};

static void run(void *p)
{
    struct args *x = p;
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0f,
                x->a, N, x->b, N, 0.0f, x->c, N);
}

int main(void)
{
    size_t bytes = sizeof(float) * N * N;
    struct args x = {malloc(bytes), malloc(bytes), malloc(bytes)};
    fill(x.a, 3);
    fill(x.b, 7);
    double ms = bench_time(run, &x);
    int bad = bench_report("blas_lib", ms, check(x.c, x.a, x.b));
    free(x.a);
    free(x.b);
    free(x.c);
    return bad;
}
