/* banded.c: cuBLAS's level-2 routines on band matrices, each one cblas_
 * call, column-major with BLAS's band storage (column j of the matrix in
 * column j of A, its diagonal in row ku, or k for a triangle or symmetric
 * band): gbmv for S, D, C, Z; sbmv for S, D and hbmv for C, Z; tbmv and
 * tbsv for S, D, C, Z.  The argument checks are the reference BLAS's
 * (xerbla's), which cuBLAS reports as CUBLAS_STATUS_INVALID_VALUE. */
#include "cublas_int.h"

static void run_gbmv(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sgbmv(CblasColMajor, j->ta, j->m, j->n, j->kl, j->ku,
                    *(const float *)a, j->A, j->lda, j->x, j->incx,
                    *(const float *)b, j->y, j->incy);
        break;
    case CUX_BLAS_D:
        cblas_dgbmv(CblasColMajor, j->ta, j->m, j->n, j->kl, j->ku,
                    *(const double *)a, j->A, j->lda, j->x, j->incx,
                    *(const double *)b, j->y, j->incy);
        break;
    case CUX_BLAS_C:
        cblas_cgbmv(CblasColMajor, j->ta, j->m, j->n, j->kl, j->ku, a, j->A,
                    j->lda, j->x, j->incx, b, j->y, j->incy);
        break;
    case CUX_BLAS_Z:
        cblas_zgbmv(CblasColMajor, j->ta, j->m, j->n, j->kl, j->ku, a, j->A,
                    j->lda, j->x, j->incx, b, j->y, j->incy);
        break;
    }
}

/* sbmv (S, D) and hbmv (C, Z): the same arguments. */
static void run_sbmv(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_ssbmv(CblasColMajor, j->uplo, j->n, j->k, *(const float *)a,
                    j->A, j->lda, j->x, j->incx, *(const float *)b, j->y,
                    j->incy);
        break;
    case CUX_BLAS_D:
        cblas_dsbmv(CblasColMajor, j->uplo, j->n, j->k, *(const double *)a,
                    j->A, j->lda, j->x, j->incx, *(const double *)b, j->y,
                    j->incy);
        break;
    case CUX_BLAS_C:
        cblas_chbmv(CblasColMajor, j->uplo, j->n, j->k, a, j->A, j->lda,
                    j->x, j->incx, b, j->y, j->incy);
        break;
    case CUX_BLAS_Z:
        cblas_zhbmv(CblasColMajor, j->uplo, j->n, j->k, a, j->A, j->lda,
                    j->x, j->incx, b, j->y, j->incy);
        break;
    }
}

/* tbsv (solve, variant 1) and tbmv (multiply): x, written, is kept in y. */
static void run_tb(const cux_cublas_job *j)
{
    bool solve = j->variant;
    switch (j->kind) {
    case CUX_BLAS_S:
        (solve ? cblas_stbsv : cblas_stbmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->k, j->A,
                                            j->lda, j->y, j->incx);
        break;
    case CUX_BLAS_D:
        (solve ? cblas_dtbsv : cblas_dtbmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->k, j->A,
                                            j->lda, j->y, j->incx);
        break;
    case CUX_BLAS_C:
        (solve ? cblas_ctbsv : cblas_ctbmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->k, j->A,
                                            j->lda, j->y, j->incx);
        break;
    case CUX_BLAS_Z:
        (solve ? cblas_ztbsv : cblas_ztbmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->k, j->A,
                                            j->lda, j->y, j->incx);
        break;
    }
}

static cublasStatus_t gbmv(cublasHandle_t h, cux_blas_kind kind,
                           cublasOperation_t trans, int m, int n, int kl,
                           int ku, const void *alpha, const void *A, int lda,
                           const void *x, int incx, const void *beta,
                           void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_gbmv, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    /* kl + ku + 1 in long long: two large bands must not wrap past lda. */
    if (!cux_cublas_op(trans, &j->ta) || m < 0 || n < 0 || kl < 0 ||
        ku < 0 || lda < (long long)kl + ku + 1 || incx == 0 || incy == 0 ||
        !alpha || !beta)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
        cux_cublas_take(h, &j->beta, beta, cux_blas_size(kind));
    }
    j->m = m, j->n = n, j->kl = kl, j->ku = ku, j->A = A, j->lda = lda;
    j->x = x, j->incx = incx, j->y = y, j->incy = incy;
    return cux_cublas_submit(h, j, st, !m || !n);
}

static cublasStatus_t sbmv(cublasHandle_t h, cux_blas_kind kind,
                           cublasFillMode_t uplo, int n, int k,
                           const void *alpha, const void *A, int lda,
                           const void *x, int incx, const void *beta,
                           void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_sbmv, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || n < 0 || k < 0 ||
        lda < (long long)k + 1 || incx == 0 || incy == 0 || !alpha || !beta)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
        cux_cublas_take(h, &j->beta, beta, cux_blas_size(kind));
    }
    j->n = n, j->k = k, j->A = A, j->lda = lda;
    j->x = x, j->incx = incx, j->y = y, j->incy = incy;
    return cux_cublas_submit(h, j, st, !n);
}

static cublasStatus_t tb(cublasHandle_t h, cux_blas_kind kind, bool solve,
                         cublasFillMode_t uplo, cublasOperation_t trans,
                         cublasDiagType_t diag, int n, int k, const void *A,
                         int lda, void *x, int incx)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_tb, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || !cux_cublas_op(trans, &j->ta) ||
        !cux_cublas_diag(diag, &j->diag) || n < 0 || k < 0 ||
        lda < (long long)k + 1 || incx == 0)
        st = CUBLAS_STATUS_INVALID_VALUE;
    j->variant = solve;
    j->n = n, j->k = k, j->A = A, j->lda = lda, j->y = x, j->incx = incx;
    return cux_cublas_submit(h, j, st, !n);
}

#define CUX_BANDED(P, T, KIND)                                               \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gbmv_v2(                       \
        cublasHandle_t handle, cublasOperation_t trans, int m, int n,        \
        int kl, int ku, const T *alpha, const T *A, int lda, const T *x,     \
        int incx, const T *beta, T *y, int incy)                             \
    {                                                                        \
        return gbmv(handle, KIND, trans, m, n, kl, ku, alpha, A, lda, x,     \
                    incx, beta, y, incy);                                    \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##tbmv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, cublasDiagType_t diag, int n, int k,        \
        const T *A, int lda, T *x, int incx)                                 \
    {                                                                        \
        return tb(handle, KIND, false, uplo, trans, diag, n, k, A, lda, x,   \
                  incx);                                                     \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##tbsv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, cublasDiagType_t diag, int n, int k,        \
        const T *A, int lda, T *x, int incx)                                 \
    {                                                                        \
        return tb(handle, KIND, true, uplo, trans, diag, n, k, A, lda, x,    \
                  incx);                                                     \
    }

CUX_BANDED(S, float, CUX_BLAS_S)
CUX_BANDED(D, double, CUX_BLAS_D)
CUX_BANDED(C, cuComplex, CUX_BLAS_C)
CUX_BANDED(Z, cuDoubleComplex, CUX_BLAS_Z)

/* sbmv (S, D) and hbmv (C, Z) take the same arguments. */
#define CUX_SBMV(NAME, T, KIND)                                              \
    CUX_BLAS_EXPORT cublasStatus_t NAME(                                     \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, int k,          \
        const T *alpha, const T *A, int lda, const T *x, int incx,           \
        const T *beta, T *y, int incy)                                       \
    {                                                                        \
        return sbmv(handle, KIND, uplo, n, k, alpha, A, lda, x, incx, beta,  \
                    y, incy);                                                \
    }

CUX_SBMV(cublasSsbmv_v2, float, CUX_BLAS_S)
CUX_SBMV(cublasDsbmv_v2, double, CUX_BLAS_D)
CUX_SBMV(cublasChbmv_v2, cuComplex, CUX_BLAS_C)
CUX_SBMV(cublasZhbmv_v2, cuDoubleComplex, CUX_BLAS_Z)
