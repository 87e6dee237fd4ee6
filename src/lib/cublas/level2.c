/* level2.c: cuBLAS's level-2 routines cux implements (gemv for S, D, C,
 * Z; ger, geru, gerc; symv for S, D; trsv for S, D, C, Z), each one
 * cblas_ call, column-major.  The argument checks are those of the
 * reference BLAS (xerbla's), which cuBLAS reports as
 * CUBLAS_STATUS_INVALID_VALUE. */
#include "cublas_int.h"

#include <stdlib.h>

enum { L2_PLAIN, L2_CONJ };

static void run_gemv(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sgemv(CblasColMajor, j->ta, j->m, j->n, *(const float *)a,
                    j->A, j->lda, j->x, j->incx, *(const float *)b, j->y,
                    j->incy);
        break;
    case CUX_BLAS_D:
        cblas_dgemv(CblasColMajor, j->ta, j->m, j->n, *(const double *)a,
                    j->A, j->lda, j->x, j->incx, *(const double *)b, j->y,
                    j->incy);
        break;
    case CUX_BLAS_C:
        cblas_cgemv(CblasColMajor, j->ta, j->m, j->n, a, j->A, j->lda, j->x,
                    j->incx, b, j->y, j->incy);
        break;
    case CUX_BLAS_Z:
        cblas_zgemv(CblasColMajor, j->ta, j->m, j->n, a, j->A, j->lda, j->x,
                    j->incx, b, j->y, j->incy);
        break;
    }
}

/* ger's y is an input; the record keeps it in B and A (written) in C. */
static void run_ger(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    bool c = j->variant == L2_CONJ;
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sger(CblasColMajor, j->m, j->n, *(const float *)a, j->x,
                   j->incx, j->B, j->incy, j->C, j->lda);
        break;
    case CUX_BLAS_D:
        cblas_dger(CblasColMajor, j->m, j->n, *(const double *)a, j->x,
                   j->incx, j->B, j->incy, j->C, j->lda);
        break;
    case CUX_BLAS_C:
        (c ? cblas_cgerc : cblas_cgeru)(CblasColMajor, j->m, j->n, a, j->x,
                                        j->incx, j->B, j->incy, j->C,
                                        j->lda);
        break;
    case CUX_BLAS_Z:
        (c ? cblas_zgerc : cblas_zgeru)(CblasColMajor, j->m, j->n, a, j->x,
                                        j->incx, j->B, j->incy, j->C,
                                        j->lda);
        break;
    }
}

static void run_symv(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    if (j->kind == CUX_BLAS_S)
        cblas_ssymv(CblasColMajor, j->uplo, j->n, *(const float *)a, j->A,
                    j->lda, j->x, j->incx, *(const float *)b, j->y, j->incy);
    else
        cblas_dsymv(CblasColMajor, j->uplo, j->n, *(const double *)a, j->A,
                    j->lda, j->x, j->incx, *(const double *)b, j->y,
                    j->incy);
}

static void run_trsv(const cux_cublas_job *j)
{
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_strsv(CblasColMajor, j->uplo, j->ta, j->diag, j->n, j->A,
                    j->lda, j->y, j->incx);
        break;
    case CUX_BLAS_D:
        cblas_dtrsv(CblasColMajor, j->uplo, j->ta, j->diag, j->n, j->A,
                    j->lda, j->y, j->incx);
        break;
    case CUX_BLAS_C:
        cblas_ctrsv(CblasColMajor, j->uplo, j->ta, j->diag, j->n, j->A,
                    j->lda, j->y, j->incx);
        break;
    case CUX_BLAS_Z:
        cblas_ztrsv(CblasColMajor, j->uplo, j->ta, j->diag, j->n, j->A,
                    j->lda, j->y, j->incx);
        break;
    }
}

/* Takes ownership of j: frees it when st is not success or nothing is to
 * be done, else enqueues it. */
static cublasStatus_t submit(cublasHandle_t h, cux_cublas_job *j,
                             cublasStatus_t st, bool nothing)
{
    if (st != CUBLAS_STATUS_SUCCESS || nothing) {
        cux_cublas_job_free(j);
        return st;
    }
    return cux_cublas_enqueue(h, j);
}

static cublasStatus_t gemv(cublasHandle_t h, cux_blas_kind kind,
                           cublasOperation_t trans, int m, int n,
                           const void *alpha, const void *A, int lda,
                           const void *x, int incx, const void *beta,
                           void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_gemv, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_op(trans, &j->ta) || m < 0 || n < 0 ||
        lda < cux_max1(m) || incx == 0 || incy == 0 || !alpha || !beta)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
        cux_cublas_take(h, &j->beta, beta, cux_blas_size(kind));
    }
    j->m = m, j->n = n, j->A = A, j->lda = lda;
    j->x = x, j->incx = incx, j->y = y, j->incy = incy;
    return submit(h, j, st, !m || !n);
}

static cublasStatus_t ger(cublasHandle_t h, cux_blas_kind kind, int variant,
                          int m, int n, const void *alpha, const void *x,
                          int incx, const void *y, int incy, void *A,
                          int lda)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_ger, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (m < 0 || n < 0 || incx == 0 || incy == 0 || lda < cux_max1(m) ||
        !alpha)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
    j->variant = variant;
    j->m = m, j->n = n, j->x = x, j->incx = incx, j->B = y, j->incy = incy;
    j->C = A, j->lda = lda;
    return submit(h, j, st, !m || !n);
}

static cublasStatus_t symv(cublasHandle_t h, cux_blas_kind kind,
                           cublasFillMode_t uplo, int n, const void *alpha,
                           const void *A, int lda, const void *x, int incx,
                           const void *beta, void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_symv, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || n < 0 || lda < cux_max1(n) ||
        incx == 0 || incy == 0 || !alpha || !beta)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
        cux_cublas_take(h, &j->beta, beta, cux_blas_size(kind));
    }
    j->n = n, j->A = A, j->lda = lda;
    j->x = x, j->incx = incx, j->y = y, j->incy = incy;
    return submit(h, j, st, !n);
}

static cublasStatus_t trsv(cublasHandle_t h, cux_blas_kind kind,
                           cublasFillMode_t uplo, cublasOperation_t trans,
                           cublasDiagType_t diag, int n, const void *A,
                           int lda, void *x, int incx)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_trsv, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || !cux_cublas_op(trans, &j->ta) ||
        !cux_cublas_diag(diag, &j->diag) || n < 0 || lda < cux_max1(n) ||
        incx == 0)
        st = CUBLAS_STATUS_INVALID_VALUE;
    j->n = n, j->A = A, j->lda = lda, j->y = x, j->incx = incx;
    return submit(h, j, st, !n);
}

#define CUX_L2(P, T, KIND)                                                   \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##gemv_v2(                       \
        cublasHandle_t handle, cublasOperation_t trans, int m, int n,        \
        const T *alpha, const T *A, int lda, const T *x, int incx,           \
        const T *beta, T *y, int incy)                                       \
    {                                                                        \
        return gemv(handle, KIND, trans, m, n, alpha, A, lda, x, incx, beta, \
                    y, incy);                                                \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##trsv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, cublasDiagType_t diag, int n, const T *A,   \
        int lda, T *x, int incx)                                             \
    {                                                                        \
        return trsv(handle, KIND, uplo, trans, diag, n, A, lda, x, incx);    \
    }

CUX_L2(S, float, CUX_BLAS_S)
CUX_L2(D, double, CUX_BLAS_D)
CUX_L2(C, cuComplex, CUX_BLAS_C)
CUX_L2(Z, cuDoubleComplex, CUX_BLAS_Z)

#define CUX_GER(NAME, T, KIND, VARIANT)                                      \
    CUX_BLAS_EXPORT cublasStatus_t NAME(cublasHandle_t handle, int m, int n, \
                                        const T *alpha, const T *x,          \
                                        int incx, const T *y, int incy,      \
                                        T *A, int lda)                       \
    {                                                                        \
        return ger(handle, KIND, VARIANT, m, n, alpha, x, incx, y, incy, A,  \
                   lda);                                                     \
    }

CUX_GER(cublasSger_v2, float, CUX_BLAS_S, L2_PLAIN)
CUX_GER(cublasDger_v2, double, CUX_BLAS_D, L2_PLAIN)
CUX_GER(cublasCgeru_v2, cuComplex, CUX_BLAS_C, L2_PLAIN)
CUX_GER(cublasCgerc_v2, cuComplex, CUX_BLAS_C, L2_CONJ)
CUX_GER(cublasZgeru_v2, cuDoubleComplex, CUX_BLAS_Z, L2_PLAIN)
CUX_GER(cublasZgerc_v2, cuDoubleComplex, CUX_BLAS_Z, L2_CONJ)

#define CUX_SYMV(P, T, KIND)                                                 \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##symv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *A, int lda, const T *x, int incx, const T *beta, T *y,      \
        int incy)                                                            \
    {                                                                        \
        return symv(handle, KIND, uplo, n, alpha, A, lda, x, incx, beta, y,  \
                    incy);                                                   \
    }

CUX_SYMV(S, float, CUX_BLAS_S)
CUX_SYMV(D, double, CUX_BLAS_D)
