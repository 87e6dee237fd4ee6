/* level2.c: cuBLAS's level-2 routines cux implements (gemv, trmv and
 * trsv for S, D, C, Z; ger, geru, gerc; symv, syr and syr2 for S, D;
 * hemv, her and her2 for C, Z), each one cblas_ call, column-major
 * (banded.c and packed.c have the other storages, symmetric_complex.c the
 * complex symmetric forms).  The argument checks are those of the
 * reference BLAS (xerbla's), which cuBLAS reports as
 * CUBLAS_STATUS_INVALID_VALUE. */
#include "cublas_int.h"

#include <stdlib.h>

enum { L2_PLAIN, L2_CONJ, L2_SOLVE };

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

/* trsv (solve) and trmv (multiply) share their arguments: x, written,
 * is kept in y. */
static void run_tri(const cux_cublas_job *j)
{
    bool solve = j->variant == L2_SOLVE;
    switch (j->kind) {
    case CUX_BLAS_S:
        (solve ? cblas_strsv : cblas_strmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->lda,
                                            j->y, j->incx);
        break;
    case CUX_BLAS_D:
        (solve ? cblas_dtrsv : cblas_dtrmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->lda,
                                            j->y, j->incx);
        break;
    case CUX_BLAS_C:
        (solve ? cblas_ctrsv : cblas_ctrmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->lda,
                                            j->y, j->incx);
        break;
    case CUX_BLAS_Z:
        (solve ? cblas_ztrsv : cblas_ztrmv)(CblasColMajor, j->uplo, j->ta,
                                            j->diag, j->n, j->A, j->lda,
                                            j->y, j->incx);
        break;
    }
}

static void run_hemv(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    (j->kind == CUX_BLAS_C ? cblas_chemv : cblas_zhemv)(
        CblasColMajor, j->uplo, j->n, a, j->A, j->lda, j->x, j->incx, b,
        j->y, j->incy);
}

/* syr and her: A += alpha x x^T (x^H); her's alpha is real.  The record
 * keeps A (written) in C. */
static void run_syr(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_ssyr(CblasColMajor, j->uplo, j->n, *(const float *)a, j->x,
                   j->incx, j->C, j->lda);
        break;
    case CUX_BLAS_D:
        cblas_dsyr(CblasColMajor, j->uplo, j->n, *(const double *)a, j->x,
                   j->incx, j->C, j->lda);
        break;
    case CUX_BLAS_C:
        cblas_cher(CblasColMajor, j->uplo, j->n, *(const float *)a, j->x,
                   j->incx, j->C, j->lda);
        break;
    case CUX_BLAS_Z:
        cblas_zher(CblasColMajor, j->uplo, j->n, *(const double *)a, j->x,
                   j->incx, j->C, j->lda);
        break;
    }
}

/* syr2 and her2: A += alpha x y^T + alpha y x^T (her2: with conjugates);
 * y, an input, is kept in B and A in C. */
static void run_syr2(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_ssyr2(CblasColMajor, j->uplo, j->n, *(const float *)a, j->x,
                    j->incx, j->B, j->incy, j->C, j->lda);
        break;
    case CUX_BLAS_D:
        cblas_dsyr2(CblasColMajor, j->uplo, j->n, *(const double *)a, j->x,
                    j->incx, j->B, j->incy, j->C, j->lda);
        break;
    case CUX_BLAS_C:
        cblas_cher2(CblasColMajor, j->uplo, j->n, a, j->x, j->incx, j->B,
                    j->incy, j->C, j->lda);
        break;
    case CUX_BLAS_Z:
        cblas_zher2(CblasColMajor, j->uplo, j->n, a, j->x, j->incx, j->B,
                    j->incy, j->C, j->lda);
        break;
    }
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
    return cux_cublas_submit(h, j, st, !m || !n);
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
    return cux_cublas_submit(h, j, st, !m || !n);
}

/* symv (S, D) and hemv (C, Z): y = alpha A x + beta y. */
cublasStatus_t cux_cublas_symv(cublasHandle_t h, cux_blas_kind kind,
                               cux_cublas_run run, cublasFillMode_t uplo,
                               int n, const void *alpha, const void *A,
                               int lda, const void *x, int incx,
                               const void *beta, void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
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
    return cux_cublas_submit(h, j, st, !n);
}

/* trsv (solve) or trmv (multiply) with a triangular A, in place on x. */
static cublasStatus_t trsv(cublasHandle_t h, cux_blas_kind kind, bool solve,
                           cublasFillMode_t uplo, cublasOperation_t trans,
                           cublasDiagType_t diag, int n, const void *A,
                           int lda, void *x, int incx)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_tri, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || !cux_cublas_op(trans, &j->ta) ||
        !cux_cublas_diag(diag, &j->diag) || n < 0 || lda < cux_max1(n) ||
        incx == 0)
        st = CUBLAS_STATUS_INVALID_VALUE;
    j->variant = solve ? L2_SOLVE : L2_PLAIN;
    j->n = n, j->A = A, j->lda = lda, j->y = x, j->incx = incx;
    return cux_cublas_submit(h, j, st, !n);
}

/* syr and her (y NULL), syr2 and her2: rank-1 and rank-2 updates of the
 * uplo triangle of A.  her's alpha is real: alpha_size says its bytes. */
cublasStatus_t cux_cublas_syr(cublasHandle_t h, cux_blas_kind kind,
                              cux_cublas_run run, cublasFillMode_t uplo,
                              int n, const void *alpha, size_t alpha_size,
                              const void *x, int incx, const void *y,
                              int incy, void *A, int lda)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || n < 0 || incx == 0 ||
        (y && incy == 0) || lda < cux_max1(n) || !alpha)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else
        cux_cublas_take(h, &j->alpha, alpha, alpha_size);
    j->n = n, j->x = x, j->incx = incx, j->B = y, j->incy = incy;
    j->C = A, j->lda = lda;
    return cux_cublas_submit(h, j, st, !n);
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
        return trsv(handle, KIND, true, uplo, trans, diag, n, A, lda, x,     \
                    incx);                                                   \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##trmv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, cublasDiagType_t diag, int n, const T *A,   \
        int lda, T *x, int incx)                                             \
    {                                                                        \
        return trsv(handle, KIND, false, uplo, trans, diag, n, A, lda, x,    \
                    incx);                                                   \
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

/* symv (S, D) and hemv (C, Z) take the same arguments. */
#define CUX_SYMV(NAME, T, KIND, RUN)                                         \
    CUX_BLAS_EXPORT cublasStatus_t NAME(                                     \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *A, int lda, const T *x, int incx, const T *beta, T *y,      \
        int incy)                                                            \
    {                                                                        \
        return cux_cublas_symv(handle, KIND, RUN, uplo, n, alpha, A, lda, x, \
                               incx, beta, y, incy);                         \
    }

CUX_SYMV(cublasSsymv_v2, float, CUX_BLAS_S, run_symv)
CUX_SYMV(cublasDsymv_v2, double, CUX_BLAS_D, run_symv)
CUX_SYMV(cublasChemv_v2, cuComplex, CUX_BLAS_C, run_hemv)
CUX_SYMV(cublasZhemv_v2, cuDoubleComplex, CUX_BLAS_Z, run_hemv)

/* syr/syr2 (S, D: a real alpha) and her/her2 (C, Z: her's alpha real,
 * her2's complex). */
#define CUX_SYR(SYR, SYR2, T, R, A2, KIND)                                  \
    CUX_BLAS_EXPORT cublasStatus_t SYR(cublasHandle_t handle,                \
                                       cublasFillMode_t uplo, int n,         \
                                       const R *alpha, const T *x, int incx, \
                                       T *A, int lda)                        \
    {                                                                        \
        return cux_cublas_syr(handle, KIND, run_syr, uplo, n, alpha,         \
                              sizeof(R), x, incx, NULL, 0, A, lda);          \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t SYR2(cublasHandle_t handle,               \
                                        cublasFillMode_t uplo, int n,        \
                                        const A2 *alpha, const T *x,         \
                                        int incx, const T *y, int incy,      \
                                        T *A, int lda)                       \
    {                                                                        \
        return cux_cublas_syr(handle, KIND, run_syr2, uplo, n, alpha,        \
                              sizeof(A2), x, incx, y, incy, A, lda);         \
    }

CUX_SYR(cublasSsyr_v2, cublasSsyr2_v2, float, float, float, CUX_BLAS_S)
CUX_SYR(cublasDsyr_v2, cublasDsyr2_v2, double, double, double, CUX_BLAS_D)
CUX_SYR(cublasCher_v2, cublasCher2_v2, cuComplex, float, cuComplex,
        CUX_BLAS_C)
CUX_SYR(cublasZher_v2, cublasZher2_v2, cuDoubleComplex, double,
        cuDoubleComplex, CUX_BLAS_Z)
