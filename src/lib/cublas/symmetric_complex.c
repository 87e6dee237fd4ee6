/* symmetric_complex.c: cuBLAS's complex symmetric (not Hermitian) level-2
 * routines, Csymv, Zsymv, Csyr, Zsyr, Csyr2, Zsyr2: A = A^T with nothing
 * conjugated.  CBLAS has only the real and the Hermitian forms, so these
 * are loops over the uplo triangle in C99 complex types (cuComplex's
 * layout):
 *   symv: y = alpha A x + beta y (y not read when beta is 0, as BLAS);
 *   syr:  A += alpha x x^T;
 *   syr2: A += alpha (x y^T + y x^T).
 * The checks and the job are level2.c's (cux_cublas_symv, cux_cublas_syr),
 * run by the loops here. */
#include "cublas_int.h"

#include <complex.h>

/* Offset of element 0 of a vector of n with stride inc (BLAS walks a
 * negative stride from the far end). */
static long long first(int n, int inc)
{
    return inc < 0 ? (long long)(1 - n) * inc : 0;
}

/* Element (r, c) of the symmetric A from its uplo triangle. */
#define SYM(A, lda, upper, r, c)                                             \
    ((upper) == ((r) <= (c)) ? (A)[(r) + (long long)(c) * (lda)]             \
                             : (A)[(c) + (long long)(r) * (lda)])

#define CUX_SYM_LOOPS(SUFFIX, T)                                             \
    static void symv_##SUFFIX(const cux_cublas_job *j)                       \
    {                                                                        \
        T alpha = *(const T *)cux_cublas_scalar_get(&j->alpha);              \
        T beta = *(const T *)cux_cublas_scalar_get(&j->beta);                \
        const T *A = j->A, *x = j->x;                                        \
        T *y = j->y;                                                         \
        bool upper = j->uplo == CblasUpper;                                  \
        long long x0 = first(j->n, j->incx);                                 \
        long long iy = first(j->n, j->incy);                                 \
        for (int r = 0; r < j->n; r++, iy += j->incy) {                      \
            T s = 0;                                                         \
            long long ix = x0;                                               \
            for (int c = 0; c < j->n; c++, ix += j->incx)                    \
                s += SYM(A, j->lda, upper, r, c) * x[ix];                    \
            y[iy] = beta == 0 ? alpha * s : alpha * s + beta * y[iy];        \
        }                                                                    \
    }                                                                        \
    /* syr (B NULL) and syr2 (y in B). */                                    \
    static void syr_##SUFFIX(const cux_cublas_job *j)                        \
    {                                                                        \
        T alpha = *(const T *)cux_cublas_scalar_get(&j->alpha);              \
        const T *x = j->x, *y = j->B;                                        \
        T *A = j->C;                                                         \
        bool upper = j->uplo == CblasUpper;                                  \
        long long x0 = first(j->n, j->incx), y0 = first(j->n, j->incy);      \
        for (int c = 0; c < j->n; c++) {                                     \
            T xc = x[x0 + (long long)c * j->incx];                           \
            T yc = y ? y[y0 + (long long)c * j->incy] : 0;                   \
            int lo = upper ? 0 : c, hi = upper ? c : j->n - 1;               \
            for (int r = lo; r <= hi; r++) {                                 \
                T xr = x[x0 + (long long)r * j->incx];                       \
                T add = y ? xr * yc + y[y0 + (long long)r * j->incy] * xc    \
                          : xr * xc;                                         \
                A[r + (long long)c * j->lda] += alpha * add;                 \
            }                                                                \
        }                                                                    \
    }

CUX_SYM_LOOPS(c, float complex)
CUX_SYM_LOOPS(z, double complex)

static void run_symv(const cux_cublas_job *j)
{
    (j->kind == CUX_BLAS_C ? symv_c : symv_z)(j);
}

static void run_syr(const cux_cublas_job *j)
{
    (j->kind == CUX_BLAS_C ? syr_c : syr_z)(j);
}

#define CUX_CSYM(P, T, KIND)                                                 \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##symv_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *A, int lda, const T *x, int incx, const T *beta, T *y,      \
        int incy)                                                            \
    {                                                                        \
        return cux_cublas_symv(handle, KIND, run_symv, uplo, n, alpha, A,    \
                               lda, x, incx, beta, y, incy);                 \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##syr_v2(                        \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *x, int incx, T *A, int lda)                                 \
    {                                                                        \
        return cux_cublas_syr(handle, KIND, run_syr, uplo, n, alpha,         \
                              sizeof(T), x, incx, NULL, 0, A, lda);          \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##syr2_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha, \
        const T *x, int incx, const T *y, int incy, T *A, int lda)           \
    {                                                                        \
        return cux_cublas_syr(handle, KIND, run_syr, uplo, n, alpha,         \
                              sizeof(T), x, incx, y, incy, A, lda);          \
    }

CUX_CSYM(C, cuComplex, CUX_BLAS_C)
CUX_CSYM(Z, cuDoubleComplex, CUX_BLAS_Z)
