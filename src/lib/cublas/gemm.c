/* gemm.c: cublas<t>gemm, cublas<t>gemmBatched and
 * cublas<t>gemmStridedBatched for S, D, C and Z: one cblas_<t>gemm per
 * matrix product, column-major as cuBLAS's are. */
#include "cublas_int.h"

#include <stdlib.h>

void cux_cublas_gemm_one(const cux_cublas_job *j, const void *A,
                         const void *B, void *C)
{
    const void *al = cux_cublas_scalar_get(&j->alpha);
    const void *be = cux_cublas_scalar_get(&j->beta);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k,
                    *(const float *)al, A, j->lda, B, j->ldb,
                    *(const float *)be, C, j->ldc);
        break;
    case CUX_BLAS_D:
        cblas_dgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k,
                    *(const double *)al, A, j->lda, B, j->ldb,
                    *(const double *)be, C, j->ldc);
        break;
    case CUX_BLAS_C:
        cblas_cgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k, al, A,
                    j->lda, B, j->ldb, be, C, j->ldc);
        break;
    case CUX_BLAS_Z:
        cblas_zgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k, al, A,
                    j->lda, B, j->ldb, be, C, j->ldc);
        break;
    }
}

static void run_gemm(const cux_cublas_job *j)
{
    cux_cublas_gemm_one(j, j->A, j->B, j->C);
}

static void run_strided(const cux_cublas_job *j)
{
    size_t es = cux_blas_size(j->kind);
    for (int i = 0; i < j->batch; i++)
        cux_cublas_gemm_one(j, (const char *)j->A + (size_t)(i * j->sa) * es,
                 (const char *)j->B + (size_t)(i * j->sb) * es,
                 (char *)j->C + (size_t)(i * j->sc) * es);
}

/* The pointer arrays live in device memory and may be written by kernels
 * queued before the call, so they are read when the work runs. */
static void run_batched(const cux_cublas_job *j)
{
    for (int i = 0; i < j->batch; i++)
        cux_cublas_gemm_one(j, j->Aarr[i], j->Barr[i], j->Carr[i]);
}

/* cuBLAS's gemm checks: "CUBLAS_STATUS_INVALID_VALUE if m, n, k < 0, or
 * transa, transb not N, T or C, or lda < max(1, m) if transa == N and
 * lda < max(1, k) otherwise, or ldb < max(1, k) if transb == N and
 * ldb < max(1, n) otherwise, or ldc < max(1, m), or alpha, beta NULL";
 * the batched forms add batchCount < 0. */
cublasStatus_t cux_cublas_gemm_check(cublasHandle_t h, cux_cublas_job *j,
                                     cublasOperation_t transa,
                                     cublasOperation_t transb,
                                     const void *alpha, const void *beta,
                                     size_t scalar_size)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!cux_cublas_op(transa, &j->ta) || !cux_cublas_op(transb, &j->tb))
        return CUBLAS_STATUS_INVALID_VALUE;
    if (j->m < 0 || j->n < 0 || j->k < 0 || j->batch < 0 || !alpha || !beta)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (j->lda < cux_max1(transa == CUBLAS_OP_N ? j->m : j->k) ||
        j->ldb < cux_max1(transb == CUBLAS_OP_N ? j->k : j->n) ||
        j->ldc < cux_max1(j->m))
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_take(h, &j->alpha, alpha, scalar_size);
    cux_cublas_take(h, &j->beta, beta, scalar_size);
    return CUBLAS_STATUS_SUCCESS;
}

/* Fills and enqueues j (owned from here on); nothing is queued for an
 * empty product or batch. */
static cublasStatus_t gemm(cublasHandle_t h, cux_cublas_job *j,
                           cublasOperation_t transa,
                           cublasOperation_t transb, const void *alpha,
                           const void *beta)
{
    cublasStatus_t st = cux_cublas_gemm_check(h, j, transa, transb, alpha,
                                              beta, cux_blas_size(j->kind));
    if (st != CUBLAS_STATUS_SUCCESS || !j->m || !j->n || !j->batch) {
        cux_cublas_job_free(j);
        return st;
    }
    return cux_cublas_enqueue(h, j);
}

static cux_cublas_job *job(void (*run)(const cux_cublas_job *),
                           cux_blas_kind kind, int m, int n, int k, int lda,
                           int ldb, int ldc, int batch)
{
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (j) {
        j->m = m, j->n = n, j->k = k;
        j->lda = lda, j->ldb = ldb, j->ldc = ldc;
        j->batch = batch;
    }
    return j;
}

#define CUX_GEMM(P, T, KIND)                                                 \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gemm_v2(                       \
        cublasHandle_t handle, cublasOperation_t transa,                     \
        cublasOperation_t transb, int m, int n, int k, const T *alpha,       \
        const T *A, int lda, const T *B, int ldb, const T *beta, T *C,       \
        int ldc)                                                             \
    {                                                                        \
        cux_cublas_job *j = job(run_gemm, KIND, m, n, k, lda, ldb, ldc, 1);  \
        if (!j)                                                              \
            return CUBLAS_STATUS_ALLOC_FAILED;                               \
        j->A = A, j->B = B, j->C = C;                                        \
        return gemm(handle, j, transa, transb, alpha, beta);                 \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gemmStridedBatched(            \
        cublasHandle_t handle, cublasOperation_t transa,                     \
        cublasOperation_t transb, int m, int n, int k, const T *alpha,       \
        const T *A, int lda, long long int strideA, const T *B, int ldb,     \
        long long int strideB, const T *beta, T *C, int ldc,                 \
        long long int strideC, int batchCount)                               \
    {                                                                        \
        cux_cublas_job *j = job(run_strided, KIND, m, n, k, lda, ldb, ldc,   \
                                batchCount);                                 \
        if (!j)                                                              \
            return CUBLAS_STATUS_ALLOC_FAILED;                               \
        j->A = A, j->B = B, j->C = C;                                        \
        j->sa = strideA, j->sb = strideB, j->sc = strideC;                   \
        return gemm(handle, j, transa, transb, alpha, beta);                 \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gemmBatched(                   \
        cublasHandle_t handle, cublasOperation_t transa,                     \
        cublasOperation_t transb, int m, int n, int k, const T *alpha,       \
        const T *const Aarray[], int lda, const T *const Barray[], int ldb,  \
        const T *beta, T *const Carray[], int ldc, int batchCount)           \
    {                                                                        \
        cux_cublas_job *j = job(run_batched, KIND, m, n, k, lda, ldb, ldc,   \
                                batchCount);                                 \
        if (!j)                                                              \
            return CUBLAS_STATUS_ALLOC_FAILED;                               \
        j->Aarr = (const void *const *)Aarray;                               \
        j->Barr = (const void *const *)Barray;                               \
        j->Carr = (void *const *)Carray;                                     \
        return gemm(handle, j, transa, transb, alpha, beta);                 \
    }

CUX_GEMM(S, float, CUX_BLAS_S)
CUX_GEMM(D, double, CUX_BLAS_D)
CUX_GEMM(C, cuComplex, CUX_BLAS_C)
CUX_GEMM(Z, cuDoubleComplex, CUX_BLAS_Z)
