/* cublas_int.h: what the files of cux's cuBLAS share: the handle, the
 * work record that carries one call onto its stream, and the argument
 * checks every entry point starts with.
 *
 * Built against include/ and the CUDA runtime API only (libcux), like any
 * CUDA library: on the CPU device a device pointer is a host pointer, so
 * the work is an OpenBLAS call on the caller's pointers, run in stream
 * order by cudaLaunchHostFunc.  docs/cublas.md says more. */
#ifndef CUX_CUBLAS_INT_H
#define CUX_CUBLAS_INT_H

#include <cublas_api.h>
#include <cuda_runtime_api.h>
#include <pthread.h>
#include <stdbool.h>
#include <cblas.h>

#define CUX_BLAS_EXPORT __attribute__((visibility("default")))

/* The four BLAS precisions; a record carries one and each run function
 * calls the cblas_ routine of that precision. */
typedef enum { CUX_BLAS_S, CUX_BLAS_D, CUX_BLAS_C, CUX_BLAS_Z } cux_blas_kind;

struct cux_cublas_job;
struct cublasContext {
    cudaStream_t stream;
    cublasPointerMode_t pointer_mode;
    cublasMath_t math_mode;
    cublasAtomicsMode_t atomics_mode;
    pthread_mutex_t lock;               /* guards kept */
    struct cux_cublas_job *kept;        /* records a captured graph runs */
};

/* A scalar argument (alpha, beta): with CUBLAS_POINTER_MODE_HOST its value
 * is copied when the call is made, as cuBLAS reads host scalars before it
 * returns; with _DEVICE the pointer is kept and read when the work runs,
 * after the kernels queued before it have written it. */
typedef struct {
    _Alignas(16) unsigned char value[16];
    const void *device;
} cux_cublas_scalar;

/* One call's arguments, on the heap from the call until its work has
 * run; every operation uses the fields it needs. */
typedef struct cux_cublas_job {
    void (*run)(const struct cux_cublas_job *);
    struct cux_cublas_job *next_kept;
    bool keep;                          /* freed by cublasDestroy */
    cux_blas_kind kind;
    int variant;                        /* conjugate, real alpha, ... */
    enum CBLAS_TRANSPOSE ta, tb;
    enum CBLAS_SIDE side;
    enum CBLAS_UPLO uplo;
    enum CBLAS_DIAG diag;
    int m, n, k, lda, ldb, ldc, incx, incy, batch;
    int kl, ku;                         /* gbmv: the band's width */
    long long sa, sb, sc;
    cux_cublas_scalar alpha, beta;
    const void *A, *B, *x;
    void *C, *y, *result;
    const void *const *Aarr, *const *Barr;
    void *const *Carr;
    cudaDataType at, bt, ct;
    cublasComputeType_t compute;
    void *scratch;                      /* owned, freed with the record */
    void *rot[5];                       /* rotg, rotmg: their scalars */
    int *ipiv;                          /* batched LU: n pivots a matrix */
    int *info;                          /* batched LU: one int a matrix */
} cux_cublas_job;

/* gemm.c */
void cux_cublas_gemm_one(const cux_cublas_job *j, const void *A,
                         const void *B, void *C);
cublasStatus_t cux_cublas_gemm_check(cublasHandle_t h, cux_cublas_job *j,
                                     cublasOperation_t transa,
                                     cublasOperation_t transb,
                                     const void *alpha, const void *beta,
                                     size_t scalar_size);

/* handle.c */
bool cux_cublas_live(cublasHandle_t handle);

/* level2.c: the checks and job of symv (and hemv) and of syr, syr2, her
 * and her2 (y NULL for the rank-1 forms), run by `run`; the complex
 * symmetric forms (symmetric_complex.c) pass their own. */
typedef void (*cux_cublas_run)(const cux_cublas_job *);
cublasStatus_t cux_cublas_symv(cublasHandle_t h, cux_blas_kind kind,
                               cux_cublas_run run, cublasFillMode_t uplo,
                               int n, const void *alpha, const void *A,
                               int lda, const void *x, int incx,
                               const void *beta, void *y, int incy);
cublasStatus_t cux_cublas_syr(cublasHandle_t h, cux_blas_kind kind,
                              cux_cublas_run run, cublasFillMode_t uplo,
                              int n, const void *alpha, size_t alpha_size,
                              const void *x, int incx, const void *y,
                              int incy, void *A, int lda);

/* queue.c */
cux_cublas_job *cux_cublas_job_new(void (*run)(const cux_cublas_job *),
                                   cux_blas_kind kind);
void cux_cublas_take(cublasHandle_t handle, cux_cublas_scalar *s,
                     const void *value, size_t size);
const void *cux_cublas_scalar_get(const cux_cublas_scalar *s);
cublasStatus_t cux_cublas_enqueue(cublasHandle_t handle,
                                  cux_cublas_job *job);
cublasStatus_t cux_cublas_enqueue_result(cublasHandle_t handle,
                                         cux_cublas_job *job);
void cux_cublas_job_free(cux_cublas_job *job);
cublasStatus_t cux_cublas_submit(cublasHandle_t handle, cux_cublas_job *job,
                                 cublasStatus_t st, bool nothing);
void cux_cublas_free_kept(cublasHandle_t handle);
size_t cux_blas_size(cux_blas_kind kind);
bool cux_cublas_op(cublasOperation_t op, enum CBLAS_TRANSPOSE *out);
bool cux_cublas_uplo(cublasFillMode_t uplo, enum CBLAS_UPLO *out);
bool cux_cublas_side(cublasSideMode_t side, enum CBLAS_SIDE *out);
bool cux_cublas_diag(cublasDiagType_t diag, enum CBLAS_DIAG *out);

static inline int cux_max1(int v) { return v > 1 ? v : 1; }

#endif
