// fft_lib.cu: cuFFT through cux: a 2048x2048 real image forward with a
// 2D R2C plan and back with a C2R plan, as a CUDA program does it; its
// twin fft_lib_omp.c calls FFTW with the same plans and flags, so the
// ratio is what cux's cuFFT layer costs over FFTW itself.
// bench-link: -lcufft
#include "bench.cuh"
#include "fft_lib.h"
#include <cufft.h>

struct args {
    cufftHandle fwd, inv;
    float *img, *back;
    cufftComplex *spec;
};

static void run(void *p)
{
    struct args *a = (struct args *)p;
    if (cufftExecR2C(a->fwd, a->img, a->spec) != CUFFT_SUCCESS ||
        cufftExecC2R(a->inv, a->spec, a->back) != CUFFT_SUCCESS) {
        fprintf(stderr, "fft_lib: cufftExec failed\n");
        exit(1);
    }
}

int main()
{
    size_t rbytes = sizeof(float) * N * N;
    size_t cbytes = sizeof(cufftComplex) * N * HALF;
    float *h = (float *)malloc(rbytes), *back = (float *)malloc(rbytes);
    fill(h);
    struct args a;
    CHECK(cudaMalloc(&a.img, rbytes));
    CHECK(cudaMalloc(&a.back, rbytes));
    CHECK(cudaMalloc(&a.spec, cbytes));
    CHECK(cudaMemcpy(a.img, h, rbytes, cudaMemcpyHostToDevice));
    if (cufftPlan2d(&a.fwd, N, N, CUFFT_R2C) != CUFFT_SUCCESS ||
        cufftPlan2d(&a.inv, N, N, CUFFT_C2R) != CUFFT_SUCCESS) {
        fprintf(stderr, "fft_lib: cufftPlan2d failed\n");
        return 1;
    }
    float ms = bench_time(run, &a);
    CHECK(cudaMemcpy(back, a.back, rbytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("fft_lib", ms, check(back, h));
    cufftDestroy(a.fwd);
    cufftDestroy(a.inv);
    cudaFree(a.img);
    cudaFree(a.back);
    cudaFree(a.spec);
    free(h);
    free(back);
    return bad;
}
