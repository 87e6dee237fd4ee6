/* batched.c: cuBLAS's batched gemv (gemvBatched with pointer arrays,
 * gemvStridedBatched with strides) and trsmBatched, S, D, C and Z: one
 * host call on the stream per batch, one cblas_ call per member.  The
 * pointer arrays live in device memory and may be written by kernels
 * queued before the call, so they are read when the work runs.  Checks
 * are gemv's and trsm's, and batchCount < 0. */
#include "cublas_int.h"

/* One gemv of the batch; x is kept in B's slot of the record. */
static void gemv_one(const cux_cublas_job *j, const void *A, const void *x,
                     void *y)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sgemv(CblasColMajor, j->ta, j->m, j->n, *(const float *)a, A,
                    j->lda, x, j->incx, *(const float *)b, y, j->incy);
        break;
    case CUX_BLAS_D:
        cblas_dgemv(CblasColMajor, j->ta, j->m, j->n, *(const double *)a, A,
                    j->lda, x, j->incx, *(const double *)b, y, j->incy);
        break;
    case CUX_BLAS_C:
        cblas_cgemv(CblasColMajor, j->ta, j->m, j->n, a, A, j->lda, x,
                    j->incx, b, y, j->incy);
        break;
    case CUX_BLAS_Z:
        cblas_zgemv(CblasColMajor, j->ta, j->m, j->n, a, A, j->lda, x,
                    j->incx, b, y, j->incy);
        break;
    }
}

static void run_gemv_batched(const cux_cublas_job *j)
{
    for (int i = 0; i < j->batch; i++)
        gemv_one(j, j->Aarr[i], j->Barr[i], j->Carr[i]);
}

static void run_gemv_strided(const cux_cublas_job *j)
{
    size_t es = cux_blas_size(j->kind);
    for (int i = 0; i < j->batch; i++)
        gemv_one(j, (const char *)j->A + (size_t)(i * j->sa) * es,
                 (const char *)j->B + (size_t)(i * j->sb) * es,
                 (char *)j->C + (size_t)(i * j->sc) * es);
}

static void run_trsm_batched(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    for (int i = 0; i < j->batch; i++) {
        const void *A = j->Aarr[i];
        void *B = j->Carr[i];
#define ARGS CblasColMajor, j->side, j->uplo, j->ta, j->diag, j->m, j->n
        switch (j->kind) {
        case CUX_BLAS_S:
            cblas_strsm(ARGS, *(const float *)a, A, j->lda, B, j->ldb);
            break;
        case CUX_BLAS_D:
            cblas_dtrsm(ARGS, *(const double *)a, A, j->lda, B, j->ldb);
            break;
        case CUX_BLAS_C:
            cblas_ctrsm(ARGS, a, A, j->lda, B, j->ldb);
            break;
        case CUX_BLAS_Z:
            cblas_ztrsm(ARGS, a, A, j->lda, B, j->ldb);
            break;
        }
#undef ARGS
    }
}

/* Both gemv forms: the caller sets the arrays or the strides. */
static cux_cublas_job *gemv_job(cublasHandle_t h, cux_blas_kind kind,
                                bool strided, cublasOperation_t trans, int m,
                                int n, const void *alpha, int lda, int incx,
                                const void *beta, int incy, int batch,
                                cublasStatus_t *st)
{
    *st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_live(h)) {
        *st = CUBLAS_STATUS_NOT_INITIALIZED;
        return NULL;
    }
    cux_cublas_job *j = cux_cublas_job_new(
        strided ? run_gemv_strided : run_gemv_batched, kind);
    if (!j) {
        *st = CUBLAS_STATUS_ALLOC_FAILED;
        return NULL;
    }
    if (!cux_cublas_op(trans, &j->ta) || m < 0 || n < 0 ||
        lda < cux_max1(m) || incx == 0 || incy == 0 || batch < 0 || !alpha ||
        !beta)
        *st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
        cux_cublas_take(h, &j->beta, beta, cux_blas_size(kind));
    }
    j->m = m, j->n = n, j->lda = lda, j->incx = incx, j->incy = incy;
    j->batch = batch;
    return j;
}

static cublasStatus_t trsm_batched(cublasHandle_t h, cux_blas_kind kind,
                                   cublasSideMode_t side,
                                   cublasFillMode_t uplo,
                                   cublasOperation_t trans,
                                   cublasDiagType_t diag, int m, int n,
                                   const void *alpha, const void *const *A,
                                   int lda, void *const *B, int ldb,
                                   int batch)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_trsm_batched, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_side(side, &j->side) ||
        !cux_cublas_uplo(uplo, &j->uplo) || !cux_cublas_op(trans, &j->ta) ||
        !cux_cublas_diag(diag, &j->diag) || m < 0 || n < 0 ||
        lda < cux_max1(side == CUBLAS_SIDE_LEFT ? m : n) ||
        ldb < cux_max1(m) || batch < 0 || !alpha)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
    j->m = m, j->n = n, j->Aarr = A, j->lda = lda, j->Carr = B, j->ldb = ldb;
    j->batch = batch;
    return cux_cublas_submit(h, j, st, !m || !n || !batch);
}

#define CUX_BATCHED_L2(P, T, KIND)                                           \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gemvBatched(                   \
        cublasHandle_t handle, cublasOperation_t trans, int m, int n,        \
        const T *alpha, const T *const Aarray[], int lda,                    \
        const T *const xarray[], int incx, const T *beta,                    \
        T *const yarray[], int incy, int batchCount)                         \
    {                                                                        \
        cublasStatus_t st;                                                   \
        cux_cublas_job *j = gemv_job(handle, KIND, false, trans, m, n,       \
                                     alpha, lda, incx, beta, incy,           \
                                     batchCount, &st);                       \
        if (!j)                                                              \
            return st;                                                       \
        j->Aarr = (const void *const *)Aarray;                               \
        j->Barr = (const void *const *)xarray;                               \
        j->Carr = (void *const *)yarray;                                     \
        return cux_cublas_submit(handle, j, st, !m || !n || !batchCount);    \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gemvStridedBatched(            \
        cublasHandle_t handle, cublasOperation_t trans, int m, int n,        \
        const T *alpha, const T *A, int lda, long long int strideA,          \
        const T *x, int incx, long long int stridex, const T *beta, T *y,    \
        int incy, long long int stridey, int batchCount)                     \
    {                                                                        \
        cublasStatus_t st;                                                   \
        cux_cublas_job *j = gemv_job(handle, KIND, true, trans, m, n, alpha, \
                                     lda, incx, beta, incy, batchCount,      \
                                     &st);                                   \
        if (!j)                                                              \
            return st;                                                       \
        j->A = A, j->sa = strideA, j->B = x, j->sb = stridex;                \
        j->C = y, j->sc = stridey;                                           \
        return cux_cublas_submit(handle, j, st, !m || !n || !batchCount);    \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##trsmBatched(                   \
        cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo, \
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n,        \
        const T *alpha, const T *const A[], int lda, T *const B[], int ldb,  \
        int batchCount)                                                      \
    {                                                                        \
        return trsm_batched(handle, KIND, side, uplo, trans, diag, m, n,     \
                            alpha, (const void *const *)A, lda,              \
                            (void *const *)B, ldb, batchCount);              \
    }

CUX_BATCHED_L2(S, float, CUX_BLAS_S)
CUX_BATCHED_L2(D, double, CUX_BLAS_D)
CUX_BATCHED_L2(C, cuComplex, CUX_BLAS_C)
CUX_BATCHED_L2(Z, cuDoubleComplex, CUX_BLAS_Z)
