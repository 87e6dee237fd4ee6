/* packed.c: cuBLAS's level-2 routines on packed triangles (the uplo
 * triangle stored column by column, n(n+1)/2 elements), each one cblas_
 * call: spmv, spr, spr2 for S, D; hpmv, hpr, hpr2 for C, Z; tpmv and tpsv
 * for S, D, C, Z.  As in level2.c the checks are the reference BLAS's,
 * reported as CUBLAS_STATUS_INVALID_VALUE. */
#include "cublas_int.h"

/* spmv (S, D) and hpmv (C, Z): y = alpha A x + beta y. */
static void run_spmv(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sspmv(CblasColMajor, j->uplo, j->n, *(const float *)a, j->A,
                    j->x, j->incx, *(const float *)b, j->y, j->incy);
        break;
    case CUX_BLAS_D:
        cblas_dspmv(CblasColMajor, j->uplo, j->n, *(const double *)a, j->A,
                    j->x, j->incx, *(const double *)b, j->y, j->incy);
        break;
    case CUX_BLAS_C:
        cblas_chpmv(CblasColMajor, j->uplo, j->n, a, j->A, j->x, j->incx, b,
                    j->y, j->incy);
        break;
    case CUX_BLAS_Z:
        cblas_zhpmv(CblasColMajor, j->uplo, j->n, a, j->A, j->x, j->incx, b,
                    j->y, j->incy);
        break;
    }
}

/* spr and hpr: AP += alpha x x^T (x^H), alpha real; AP is kept in C. */
static void run_spr(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sspr(CblasColMajor, j->uplo, j->n, *(const float *)a, j->x,
                   j->incx, j->C);
        break;
    case CUX_BLAS_D:
        cblas_dspr(CblasColMajor, j->uplo, j->n, *(const double *)a, j->x,
                   j->incx, j->C);
        break;
    case CUX_BLAS_C:
        cblas_chpr(CblasColMajor, j->uplo, j->n, *(const float *)a, j->x,
                   j->incx, j->C);
        break;
    case CUX_BLAS_Z:
        cblas_zhpr(CblasColMajor, j->uplo, j->n, *(const double *)a, j->x,
                   j->incx, j->C);
        break;
    }
}

/* spr2 and hpr2: y, an input, is kept in B and AP in C. */
static void run_spr2(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_sspr2(CblasColMajor, j->uplo, j->n, *(const float *)a, j->x,
                    j->incx, j->B, j->incy, j->C);
        break;
    case CUX_BLAS_D:
        cblas_dspr2(CblasColMajor, j->uplo, j->n, *(const double *)a, j->x,
                    j->incx, j->B, j->incy, j->C);
        break;
    case CUX_BLAS_C:
        cblas_chpr2(CblasColMajor, j->uplo, j->n, a, j->x, j->incx, j->B,
                    j->incy, j->C);
        break;
    case CUX_BLAS_Z:
        cblas_zhpr2(CblasColMajor, j->uplo, j->n, a, j->x, j->incx, j->B,
                    j->incy, j->C);
        break;
    }
}

/* tpsv (solve, variant 1) and tpmv: x, written, is kept in y. */
static void run_tp(const cux_cublas_job *j)
{
    bool solve = j->variant;
    switch (j->kind) {
    case CUX_BLAS_S:
        (solve ? cblas_stpsv : cblas_stpmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->y,
                                            j->incx);
        break;
    case CUX_BLAS_D:
        (solve ? cblas_dtpsv : cblas_dtpmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->y,
                                            j->incx);
        break;
    case CUX_BLAS_C:
        (solve ? cblas_ctpsv : cblas_ctpmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->y,
                                            j->incx);
        break;
    case CUX_BLAS_Z:
        (solve ? cblas_ztpsv : cblas_ztpmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->y,
                                            j->incx);
        break;
    }
}

static cublasStatus_t spmv(cublasHandle_t h, cux_blas_kind kind,
                           cublasFillMode_t uplo, int n, const void *alpha,
                           const void *AP, const void *x, int incx,
                           const void *beta, void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_spmv, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || n < 0 || incx == 0 ||
        incy == 0 || !alpha || !beta)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        cux_cublas_take(h, &j->alpha, alpha, cux_blas_size(kind));
        cux_cublas_take(h, &j->beta, beta, cux_blas_size(kind));
    }
    j->n = n, j->A = AP, j->x = x, j->incx = incx, j->y = y, j->incy = incy;
    return cux_cublas_submit(h, j, st, !n);
}

/* spr and hpr (y NULL), spr2 and hpr2; alpha_size: hpr's alpha is real,
 * hpr2's complex. */
static cublasStatus_t spr(cublasHandle_t h, cux_blas_kind kind,
                          cublasFillMode_t uplo, int n, const void *alpha,
                          size_t alpha_size, const void *x, int incx,
                          const void *y, int incy, void *AP)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(y ? run_spr2 : run_spr, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || n < 0 || incx == 0 ||
        (y && incy == 0) || !alpha)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else
        cux_cublas_take(h, &j->alpha, alpha, alpha_size);
    j->n = n, j->x = x, j->incx = incx, j->B = y, j->incy = incy, j->C = AP;
    return cux_cublas_submit(h, j, st, !n);
}

static cublasStatus_t tp(cublasHandle_t h, cux_blas_kind kind, bool solve,
                         cublasFillMode_t uplo, cublasOperation_t trans,
                         cublasDiagType_t diag, int n, const void *AP,
                         void *x, int incx)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_tp, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || !cux_cublas_op(trans, &j->ta) ||
        !cux_cublas_diag(diag, &j->diag) || n < 0 || incx == 0)
        st = CUBLAS_STATUS_INVALID_VALUE;
    j->variant = solve;
    j->n = n, j->A = AP, j->y = x, j->incx = incx;
    return cux_cublas_submit(h, j, st, !n);
}

#define CUX_TP(P, T, KIND)                                                   \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##tpmv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, cublasDiagType_t diag, int n, const T *AP,  \
        T *x, int incx)                                                      \
    {                                                                        \
        return tp(handle, KIND, false, uplo, trans, diag, n, AP, x, incx);   \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##tpsv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, cublasDiagType_t diag, int n, const T *AP,  \
        T *x, int incx)                                                      \
    {                                                                        \
        return tp(handle, KIND, true, uplo, trans, diag, n, AP, x, incx);    \
    }

CUX_TP(S, float, CUX_BLAS_S)
CUX_TP(D, double, CUX_BLAS_D)
CUX_TP(C, cuComplex, CUX_BLAS_C)
CUX_TP(Z, cuDoubleComplex, CUX_BLAS_Z)

/* The symmetric (S, D) and Hermitian (C, Z) packed routines: R is the
 * type of spr's and hpr's alpha (real), A2 that of spr2's and hpr2's. */
#define CUX_SP(SPMV, SPR, SPR2, T, R, KIND)                                  \
    CUX_BLAS_EXPORT cublasStatus_t SPMV(                                     \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *AP, const T *x, int incx, const T *beta, T *y, int incy)    \
    {                                                                        \
        return spmv(handle, KIND, uplo, n, alpha, AP, x, incx, beta, y,      \
                    incy);                                                   \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t SPR(cublasHandle_t handle,                \
                                       cublasFillMode_t uplo, int n,         \
                                       const R *alpha, const T *x, int incx, \
                                       T *AP)                                \
    {                                                                        \
        return spr(handle, KIND, uplo, n, alpha, sizeof(R), x, incx, NULL,   \
                   0, AP);                                                   \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t SPR2(                                     \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *x, int incx, const T *y, int incy, T *AP)                   \
    {                                                                        \
        return spr(handle, KIND, uplo, n, alpha, sizeof(T), x, incx, y,      \
                   incy, AP);                                                \
    }

CUX_SP(cublasSspmv_v2, cublasSspr_v2, cublasSspr2_v2, float, float,
       CUX_BLAS_S)
CUX_SP(cublasDspmv_v2, cublasDspr_v2, cublasDspr2_v2, double, double,
       CUX_BLAS_D)
CUX_SP(cublasChpmv_v2, cublasChpr_v2, cublasChpr2_v2, cuComplex, float,
       CUX_BLAS_C)
CUX_SP(cublasZhpmv_v2, cublasZhpr_v2, cublasZhpr2_v2, cuDoubleComplex,
       double, CUX_BLAS_Z)
