/* cufft_int.h: what the files of cux's cuFFT share: the plan, the layout
 * of its arrays, the FFTW plans made for it and the record that carries
 * one execution onto its stream.
 *
 * Built against include/ and the CUDA runtime API only (libcux), like any
 * CUDA library: on the CPU device a device pointer is a host pointer, so
 * an execution is one FFTW new-array execute on the caller's pointers,
 * run in stream order by cudaLaunchHostFunc.  docs/cufft.md says more. */
#ifndef CUX_CUFFT_INT_H
#define CUX_CUFFT_INT_H

#include <cufft.h>
#include <cuda_runtime_api.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <fftw3.h>

#define CUX_FFT_EXPORT __attribute__((visibility("default")))

/* cuFFT's plans have rank 1, 2 or 3. */
#define CUX_FFT_MAX_RANK 3

/* Where the elements of one side (input or output) of a plan lie, in
 * units of that side's element (real or complex): element (b; x0..xr-1)
 * is at b * dist + sum of x_i * stride[i]. */
typedef struct {
    long long stride[CUX_FFT_MAX_RANK];
    long long dist;
} cux_fft_side;

/* The FFTW plans one cuFFT plan needs, made on first use: one per
 * in-place or not, aligned or not, and (for C2C/Z2Z) direction. */
enum { CUX_FFT_VARIANTS = 8 };
typedef union {
    fftw_plan d;
    fftwf_plan f;
} cux_fftw_plan;

/* What a plan transforms: its type, sizes and data layout. */
typedef struct {
    cufftType type;
    int rank;
    bool basic;                         /* NULL inembed or onembed */
    long long n[CUX_FFT_MAX_RANK], batch;
    long long inembed[CUX_FFT_MAX_RANK], onembed[CUX_FFT_MAX_RANK];
    long long istride, idist, ostride, odist;
} cux_fft_shape;

struct cux_fft_job;
typedef struct cux_fft_plan {
    cufftHandle id;
    struct cux_fft_plan *next_live;     /* the registry (handle.c) */
    atomic_int refs;                    /* the handle and queued records */
    cudaStream_t stream;
    bool made;                          /* cufftMakePlan* succeeded */
    bool auto_alloc;
    void *work_area;                    /* accepted, never used */
    cux_fft_shape s;                    /* set once, by cufftMakePlan* */
    int threads;                        /* FFTW threads per transform */
    cux_fftw_plan fftw[CUX_FFT_VARIANTS]; /* guarded by the planner lock */
    size_t staged[CUX_FFT_VARIANTS];    /* input copied first: its bytes */
    pthread_mutex_t lock;               /* guards kept */
    struct cux_fft_job *kept;           /* records a captured graph runs */
} cux_fft_plan;

/* One execution, on the heap from the call until it has run. */
typedef struct cux_fft_job {
    cux_fft_plan *plan;                 /* a reference, dropped when freed */
    cux_fftw_plan fftw;                 /* owned by plan */
    cufftType type;
    void *in, *out;
    void *copy;                         /* staged bytes of input, owned */
    size_t staged;
    bool keep;                          /* freed by cufftDestroy */
    struct cux_fft_job *next_kept;
} cux_fft_job;

/* handle.c */
cux_fft_plan *cux_fft_find(cufftHandle handle);
void cux_fft_release(cux_fft_plan *plan);

/* layout.c */
bool cux_fft_type_ok(cufftType type);
bool cux_fft_is_real_in(cufftType type);
bool cux_fft_is_real_out(cufftType type);
bool cux_fft_is_double(cufftType type);
cufftResult cux_fft_check(const cux_fft_shape *s);
void cux_fft_layout(const cux_fft_shape *s, bool in_place,
                    cux_fft_side *in, cux_fft_side *out);
size_t cux_fft_in_span(const cux_fft_shape *s, bool in_place);

/* fftw.c */
int cux_fftw_threads(const cux_fft_shape *s);
cufftResult cux_fftw_get(cux_fft_plan *p, void *in, void *out, int sign,
                         cux_fftw_plan *plan, size_t *staged);
void cux_fftw_execute(const cux_fft_job *job);
void cux_fftw_destroy(cux_fft_plan *p);

/* exec.c */
void cux_fft_free_kept(cux_fft_plan *p);
/* A cufftExec* of the given type: checks, then enqueues on the plan's
 * stream. */
cufftResult cux_fft_exec(cufftHandle handle, cufftType type, void *in,
                         void *out, int sign);

#endif
