// blas_lib.cu: cuBLAS through cux: C = A * B for 1024x1024 floats with
// cublasSgemm, as a CUDA program does it; its twin blas_lib_omp.c calls
// OpenBLAS's cblas_sgemm on the same matrices, so the ratio is what cux's
// cuBLAS layer (the checks, the stream queue) costs over OpenBLAS itself.
// bench-link: -lcublas
#include "bench.cuh"
#include "blas_lib.h"
#include <cublas_v2.h>

struct args {
    cublasHandle_t h;
    float *a, *b, *c;
};

static void run(void *p)
{
    struct args *x = (struct args *)p;
    const float one = 1.0f, zero = 0.0f;
    if (cublasSgemm(x->h, CUBLAS_OP_N, CUBLAS_OP_N, N, N, N, &one, x->a, N,
                    x->b, N, &zero, x->c, N) != CUBLAS_STATUS_SUCCESS) {
        fprintf(stderr, "blas_lib: cublasSgemm failed\n");
        exit(1);
    }
}

int main()
{
    size_t bytes = sizeof(float) * N * N;
    float *a = (float *)malloc(bytes), *b = (float *)malloc(bytes);
    float *c = (float *)malloc(bytes);
    fill(a, 3);
    fill(b, 7);
    struct args x;
    CHECK(cudaMalloc(&x.a, bytes));
    CHECK(cudaMalloc(&x.b, bytes));
    CHECK(cudaMalloc(&x.c, bytes));
    CHECK(cudaMemcpy(x.a, a, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(x.b, b, bytes, cudaMemcpyHostToDevice));
    if (cublasCreate(&x.h) != CUBLAS_STATUS_SUCCESS) {
        fprintf(stderr, "blas_lib: cublasCreate failed\n");
        return 1;
    }
    float ms = bench_time(run, &x);
    CHECK(cudaMemcpy(c, x.c, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("blas_lib", ms, check(c, a, b));
    cublasDestroy(x.h);
    cudaFree(x.a);
    cudaFree(x.b);
    cudaFree(x.c);
    free(a);
    free(b);
    free(c);
    return bad;
}
