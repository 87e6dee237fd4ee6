/* rankkx.c: cuBLAS's syrkx (S, D, C, Z) and herkx (C, Z), the rank-k
 * updates with a second matrix, on the uplo triangle of C only:
 *   syrkx: C = alpha op(A) op(B)^T + beta C;
 *   herkx: C = alpha op(A) op(B)^H + beta C, beta real, and the diagonal
 *          of C left real, as herk leaves it (cuBLAS meant it for a B
 *          that makes the product Hermitian).
 * BLAS has no such routine: each column of the triangle is one cblas_
 * gemm of its part of op(A) with one row of op(B), so the other triangle
 * is neither computed nor written. */
#include "cublas_int.h"

#include <complex.h>
#include <string.h>

static void run_rankkx(const cux_cublas_job *j)
{
    size_t es = cux_blas_size(j->kind);
    const char *A = j->A, *B = j->B;
    char *C = j->C;
    bool herm = j->variant;
    bool notrans = j->ta == CblasNoTrans;
    /* op(B)^T (^H) column c: row c of op(B), read by gemm as a 1 x k
     * block transposed when op is N, as a k x 1 column otherwise. */
    enum CBLAS_TRANSPOSE tb =
        notrans ? (herm ? CblasConjTrans : CblasTrans) : CblasNoTrans;
    const void *alpha = cux_cublas_scalar_get(&j->alpha);
    const void *bp = cux_cublas_scalar_get(&j->beta);
    /* herkx's beta is real; gemm's is of the element type. */
    _Alignas(16) unsigned char beta[16] = {0};
    memcpy(beta, bp, herm ? es / 2 : es);
    for (int c = 0; c < j->n; c++) {
        int r0 = j->uplo == CblasUpper ? 0 : c;
        int rows = j->uplo == CblasUpper ? c + 1 : j->n - c;
        const char *a = A + (notrans ? (size_t)r0 : (size_t)r0 * j->lda) * es;
        const char *b = B + (notrans ? (size_t)c : (size_t)c * j->ldb) * es;
        char *cc = C + ((size_t)c * j->ldc + r0) * es;
        switch (j->kind) {
        case CUX_BLAS_S:
            cblas_sgemm(CblasColMajor, j->ta, tb, rows, 1, j->k,
                        *(const float *)alpha, (const float *)a, j->lda,
                        (const float *)b, j->ldb, *(const float *)beta,
                        (float *)cc, j->ldc);
            break;
        case CUX_BLAS_D:
            cblas_dgemm(CblasColMajor, j->ta, tb, rows, 1, j->k,
                        *(const double *)alpha, (const double *)a, j->lda,
                        (const double *)b, j->ldb, *(const double *)beta,
                        (double *)cc, j->ldc);
            break;
        case CUX_BLAS_C:
            cblas_cgemm(CblasColMajor, j->ta, tb, rows, 1, j->k, alpha, a,
                        j->lda, b, j->ldb, beta, cc, j->ldc);
            if (herm) {
                float complex *d = (float complex *)(C) +
                                   (size_t)c * j->ldc + c;
                *d = crealf(*d);
            }
            break;
        case CUX_BLAS_Z:
            cblas_zgemm(CblasColMajor, j->ta, tb, rows, 1, j->k, alpha, a,
                        j->lda, b, j->ldb, beta, cc, j->ldc);
            if (herm) {
                double complex *d = (double complex *)(C) +
                                    (size_t)c * j->ldc + c;
                *d = creal(*d);
            }
            break;
        }
    }
}

/* op: syrkx takes N and T (and C for S and D, meaning T, as syrk);
 * herkx N and C.  op(A) and op(B) are n x k. */
static cublasStatus_t rankkx(cublasHandle_t h, cux_blas_kind kind, bool herm,
                             cublasFillMode_t uplo, cublasOperation_t trans,
                             int n, int k, const void *alpha, const void *A,
                             int lda, const void *B, int ldb,
                             const void *beta, void *C, int ldc)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_cublas_job *j = cux_cublas_job_new(run_rankkx, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    bool cplx = kind == CUX_BLAS_C || kind == CUX_BLAS_Z;
    int rows = trans == CUBLAS_OP_N ? n : k;
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    if (!cux_cublas_uplo(uplo, &j->uplo) || !cux_cublas_op(trans, &j->ta) ||
        (herm && trans == CUBLAS_OP_T) ||
        (!herm && cplx && trans == CUBLAS_OP_C) || n < 0 || k < 0 ||
        lda < cux_max1(rows) || ldb < cux_max1(rows) || ldc < cux_max1(n) ||
        !alpha || !beta)
        st = CUBLAS_STATUS_INVALID_VALUE;
    else {
        size_t es = cux_blas_size(kind);
        cux_cublas_take(h, &j->alpha, alpha, es);
        cux_cublas_take(h, &j->beta, beta, herm ? es / 2 : es);
    }
    if (!cplx && j->ta == CblasConjTrans)
        j->ta = CblasTrans;
    j->variant = herm;
    j->n = n, j->k = k, j->A = A, j->lda = lda, j->B = B, j->ldb = ldb;
    j->C = C, j->ldc = ldc;
    return cux_cublas_submit(h, j, st, !n);
}

#define CUX_SYRKX(P, T, KIND)                                                \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##syrkx(                         \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, int n, int k, const T *alpha, const T *A,   \
        int lda, const T *B, int ldb, const T *beta, T *C, int ldc)          \
    {                                                                        \
        return rankkx(handle, KIND, false, uplo, trans, n, k, alpha, A, lda, \
                      B, ldb, beta, C, ldc);                                 \
    }

CUX_SYRKX(S, float, CUX_BLAS_S)
CUX_SYRKX(D, double, CUX_BLAS_D)
CUX_SYRKX(C, cuComplex, CUX_BLAS_C)
CUX_SYRKX(Z, cuDoubleComplex, CUX_BLAS_Z)

#define CUX_HERKX(P, T, R, KIND)                                             \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##herkx(                         \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, int n, int k, const T *alpha, const T *A,   \
        int lda, const T *B, int ldb, const R *beta, T *C, int ldc)          \
    {                                                                        \
        return rankkx(handle, KIND, true, uplo, trans, n, k, alpha, A, lda,  \
                      B, ldb, beta, C, ldc);                                 \
    }

CUX_HERKX(C, cuComplex, float, CUX_BLAS_C)
CUX_HERKX(Z, cuDoubleComplex, double, CUX_BLAS_Z)
