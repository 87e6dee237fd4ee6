// fft_lib_omp.c: the reference for fft_lib.cu: the same 2D R2C and C2R
// transforms of a 2048x2048 image, planned and run by FFTW directly with
// the flags cux's cuFFT uses (FFTW_ESTIMATE, new-array execution on
// arrays from fftwf_malloc) and, like it, on FFTW's threads, as many as
// OpenMP's (cux: as many as its worker threads).
// bench-link: -lfftw3f_threads -lfftw3f
#include "bench_omp.h"
#include "fft_lib.h"
#include <fftw3.h>

struct args {
    fftwf_plan fwd, inv;
    float *img, *back;
    fftwf_complex *spec;
};

static void run(void *p)
{
    struct args *a = p;
    fftwf_execute_dft_r2c(a->fwd, a->img, a->spec);
    fftwf_execute_dft_c2r(a->inv, a->spec, a->back);
}

int main(void)
{
    size_t rbytes = sizeof(float) * N * N;
    float *h = malloc(rbytes);
    fill(h);
    struct args a;
    a.img = fftwf_malloc(rbytes);
    a.back = fftwf_malloc(rbytes);
    a.spec = fftwf_malloc(sizeof(fftwf_complex) * N * HALF);
    if (!fftwf_init_threads())
        return 1;
    fftwf_plan_with_nthreads(omp_get_max_threads());
    a.fwd = fftwf_plan_dft_r2c_2d(N, N, a.img, a.spec, FFTW_ESTIMATE);
    a.inv = fftwf_plan_dft_c2r_2d(N, N, a.spec, a.back, FFTW_ESTIMATE);
    for (long i = 0; i < (long)N * N; i++)
        a.img[i] = h[i];
    double ms = bench_time(run, &a);
    int bad = bench_report("fft_lib", ms, check(a.back, h));
    fftwf_destroy_plan(a.fwd);
    fftwf_destroy_plan(a.inv);
    fftwf_free(a.img);
    fftwf_free(a.back);
    fftwf_free(a.spec);
    free(h);
    return bad;
}
