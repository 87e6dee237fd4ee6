/* level1.c: cuBLAS's level-1 routines (nrm2, dot, dotu, dotc, scal, axpy,
 * copy, swap, amax, amin, asum) for S, D, C and Z on cblas_.
 *
 * The reductions write their result when their work runs: to a device
 * pointer in CUBLAS_POINTER_MODE_DEVICE, else to the caller's host
 * pointer, and then the call waits for it (queue.c).  As in cuBLAS and
 * the reference BLAS, nrm2, asum, amax and amin of n <= 0 or incx <= 0
 * elements are 0, and scal of them does nothing; amax and amin answer a
 * 1-based index, as Fortran BLAS does. */
#include "cublas_int.h"

#include <stdlib.h>
#include <string.h>

enum { L1_PLAIN, L1_CONJ, L1_REAL_ALPHA, L1_MIN };

static bool empty(const cux_cublas_job *j)
{
    return j->n <= 0 || j->incx <= 0;
}

static void run_nrm2(const cux_cublas_job *j)
{
    bool e = empty(j);
    switch (j->kind) {
    case CUX_BLAS_S:
        *(float *)j->result = e ? 0 : cblas_snrm2(j->n, j->x, j->incx);
        break;
    case CUX_BLAS_D:
        *(double *)j->result = e ? 0 : cblas_dnrm2(j->n, j->x, j->incx);
        break;
    case CUX_BLAS_C:
        *(float *)j->result = e ? 0 : cblas_scnrm2(j->n, j->x, j->incx);
        break;
    case CUX_BLAS_Z:
        *(double *)j->result = e ? 0 : cblas_dznrm2(j->n, j->x, j->incx);
        break;
    }
}

static void run_asum(const cux_cublas_job *j)
{
    bool e = empty(j);
    switch (j->kind) {
    case CUX_BLAS_S:
        *(float *)j->result = e ? 0 : cblas_sasum(j->n, j->x, j->incx);
        break;
    case CUX_BLAS_D:
        *(double *)j->result = e ? 0 : cblas_dasum(j->n, j->x, j->incx);
        break;
    case CUX_BLAS_C:
        *(float *)j->result = e ? 0 : cblas_scasum(j->n, j->x, j->incx);
        break;
    case CUX_BLAS_Z:
        *(double *)j->result = e ? 0 : cblas_dzasum(j->n, j->x, j->incx);
        break;
    }
}

static size_t iamax(const cux_cublas_job *j)
{
    switch (j->kind) {
    case CUX_BLAS_S: return cblas_isamax(j->n, j->x, j->incx);
    case CUX_BLAS_D: return cblas_idamax(j->n, j->x, j->incx);
    case CUX_BLAS_C: return cblas_icamax(j->n, j->x, j->incx);
    case CUX_BLAS_Z: return cblas_izamax(j->n, j->x, j->incx);
    }
    return 0;
}

static size_t iamin(const cux_cublas_job *j)
{
    switch (j->kind) {
    case CUX_BLAS_S: return cblas_isamin(j->n, j->x, j->incx);
    case CUX_BLAS_D: return cblas_idamin(j->n, j->x, j->incx);
    case CUX_BLAS_C: return cblas_icamin(j->n, j->x, j->incx);
    case CUX_BLAS_Z: return cblas_izamin(j->n, j->x, j->incx);
    }
    return 0;
}

/* cblas_i?amax counts from 0; cuBLAS from 1, keeping 0 for "none". */
static void run_iamax(const cux_cublas_job *j)
{
    size_t i = empty(j) ? 0 : (j->variant == L1_MIN ? iamin(j) : iamax(j)) + 1;
    *(int *)j->result = (int)i;
}

static void run_dot(const cux_cublas_job *j)
{
    bool c = j->variant == L1_CONJ;
    switch (j->kind) {
    case CUX_BLAS_S:
        *(float *)j->result = cblas_sdot(j->n, j->x, j->incx, j->y, j->incy);
        break;
    case CUX_BLAS_D:
        *(double *)j->result = cblas_ddot(j->n, j->x, j->incx, j->y, j->incy);
        break;
    case CUX_BLAS_C:
        (c ? cblas_cdotc_sub : cblas_cdotu_sub)(j->n, j->x, j->incx, j->y,
                                                j->incy, j->result);
        break;
    case CUX_BLAS_Z:
        (c ? cblas_zdotc_sub : cblas_zdotu_sub)(j->n, j->x, j->incx, j->y,
                                                j->incy, j->result);
        break;
    }
}

static void run_scal(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    if (empty(j))
        return;
    bool r = j->variant == L1_REAL_ALPHA;
    switch (j->kind) {
    case CUX_BLAS_S: cblas_sscal(j->n, *(const float *)a, j->y, j->incx); break;
    case CUX_BLAS_D: cblas_dscal(j->n, *(const double *)a, j->y, j->incx); break;
    case CUX_BLAS_C:
        if (r)
            cblas_csscal(j->n, *(const float *)a, j->y, j->incx);
        else
            cblas_cscal(j->n, a, j->y, j->incx);
        break;
    case CUX_BLAS_Z:
        if (r)
            cblas_zdscal(j->n, *(const double *)a, j->y, j->incx);
        else
            cblas_zscal(j->n, a, j->y, j->incx);
        break;
    }
}

static void run_axpy(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_saxpy(j->n, *(const float *)a, j->x, j->incx, j->y, j->incy);
        break;
    case CUX_BLAS_D:
        cblas_daxpy(j->n, *(const double *)a, j->x, j->incx, j->y, j->incy);
        break;
    case CUX_BLAS_C: cblas_caxpy(j->n, a, j->x, j->incx, j->y, j->incy); break;
    case CUX_BLAS_Z: cblas_zaxpy(j->n, a, j->x, j->incx, j->y, j->incy); break;
    }
}

static void run_copy(const cux_cublas_job *j)
{
    switch (j->kind) {
    case CUX_BLAS_S: cblas_scopy(j->n, j->x, j->incx, j->y, j->incy); break;
    case CUX_BLAS_D: cblas_dcopy(j->n, j->x, j->incx, j->y, j->incy); break;
    case CUX_BLAS_C: cblas_ccopy(j->n, j->x, j->incx, j->y, j->incy); break;
    case CUX_BLAS_Z: cblas_zcopy(j->n, j->x, j->incx, j->y, j->incy); break;
    }
}

/* swap's x is written too; the record keeps it in C. */
static void run_swap(const cux_cublas_job *j)
{
    switch (j->kind) {
    case CUX_BLAS_S: cblas_sswap(j->n, j->C, j->incx, j->y, j->incy); break;
    case CUX_BLAS_D: cblas_dswap(j->n, j->C, j->incx, j->y, j->incy); break;
    case CUX_BLAS_C: cblas_cswap(j->n, j->C, j->incx, j->y, j->incy); break;
    case CUX_BLAS_Z: cblas_zswap(j->n, j->C, j->incx, j->y, j->incy); break;
    }
}

/* The reductions: "CUBLAS_STATUS_INVALID_VALUE: result is NULL"; the
 * result is written in stream order even for n <= 0. */
static cublasStatus_t reduce(cublasHandle_t h,
                             void (*run)(const cux_cublas_job *),
                             cux_blas_kind kind, int variant, int n,
                             const void *x, int incx, const void *y,
                             int incy, void *result)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!result)
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->variant = variant;
    j->n = n, j->x = x, j->incx = incx, j->y = (void *)y, j->incy = incy;
    j->result = result;
    return cux_cublas_enqueue_result(h, j);
}

/* axpy, scal, copy, swap: nothing to do for n <= 0. */
static cublasStatus_t update(cublasHandle_t h,
                             void (*run)(const cux_cublas_job *),
                             cux_blas_kind kind, int variant, int n,
                             const void *alpha, size_t alpha_size,
                             const void *x, int incx, void *y, int incy)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (alpha_size && !alpha)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (n <= 0)
        return CUBLAS_STATUS_SUCCESS;
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->variant = variant;
    if (alpha_size)
        cux_cublas_take(h, &j->alpha, alpha, alpha_size);
    j->n = n, j->x = x, j->incx = incx, j->y = y, j->incy = incy;
    j->C = (void *)x;
    return cux_cublas_enqueue(h, j);
}

#define CUX_L1(P, T, R, KIND)                                                \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##axpy_v2(                       \
        cublasHandle_t handle, int n, const T *alpha, const T *x, int incx,  \
        T *y, int incy)                                                      \
    {                                                                        \
        return update(handle, run_axpy, KIND, L1_PLAIN, n, alpha, sizeof(T), \
                      x, incx, y, incy);                                     \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##scal_v2(                       \
        cublasHandle_t handle, int n, const T *alpha, T *x, int incx)        \
    {                                                                        \
        return update(handle, run_scal, KIND, L1_PLAIN, n, alpha, sizeof(T), \
                      NULL, incx, x, 0);                                     \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##copy_v2(                       \
        cublasHandle_t handle, int n, const T *x, int incx, T *y, int incy)  \
    {                                                                        \
        return update(handle, run_copy, KIND, L1_PLAIN, n, NULL, 0, x, incx, \
                      y, incy);                                              \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##swap_v2(                       \
        cublasHandle_t handle, int n, T *x, int incx, T *y, int incy)        \
    {                                                                        \
        return update(handle, run_swap, KIND, L1_PLAIN, n, NULL, 0, x, incx, \
                      y, incy);                                              \
    }

CUX_L1(S, float, float, CUX_BLAS_S)
CUX_L1(D, double, double, CUX_BLAS_D)
CUX_L1(C, cuComplex, float, CUX_BLAS_C)
CUX_L1(Z, cuDoubleComplex, double, CUX_BLAS_Z)

/* The names of the reductions do not follow one pattern (Scnrm2,
 * Dzasum, Icamax), so each family is spelled out per type. */
#define CUX_REDUCE1(NAME, RUN, T, R, KIND, VARIANT)                          \
    CUX_BLAS_EXPORT cublasStatus_t NAME(cublasHandle_t handle, int n,        \
                                        const T *x, int incx, R *result)     \
    {                                                                        \
        return reduce(handle, RUN, KIND, VARIANT, n, x, incx, NULL, 0,       \
                      result);                                               \
    }
#define CUX_DOT(NAME, T, KIND, VARIANT)                                      \
    CUX_BLAS_EXPORT cublasStatus_t NAME(cublasHandle_t handle, int n,        \
                                        const T *x, int incx, const T *y,    \
                                        int incy, T *result)                 \
    {                                                                        \
        return reduce(handle, run_dot, KIND, VARIANT, n, x, incx, y, incy,   \
                      result);                                               \
    }

CUX_REDUCE1(cublasSnrm2_v2, run_nrm2, float, float, CUX_BLAS_S, 0)
CUX_REDUCE1(cublasDnrm2_v2, run_nrm2, double, double, CUX_BLAS_D, 0)
CUX_REDUCE1(cublasScnrm2_v2, run_nrm2, cuComplex, float, CUX_BLAS_C, 0)
CUX_REDUCE1(cublasDznrm2_v2, run_nrm2, cuDoubleComplex, double, CUX_BLAS_Z, 0)
CUX_REDUCE1(cublasSasum_v2, run_asum, float, float, CUX_BLAS_S, 0)
CUX_REDUCE1(cublasDasum_v2, run_asum, double, double, CUX_BLAS_D, 0)
CUX_REDUCE1(cublasScasum_v2, run_asum, cuComplex, float, CUX_BLAS_C, 0)
CUX_REDUCE1(cublasDzasum_v2, run_asum, cuDoubleComplex, double, CUX_BLAS_Z, 0)
CUX_REDUCE1(cublasIsamax_v2, run_iamax, float, int, CUX_BLAS_S, L1_PLAIN)
CUX_REDUCE1(cublasIdamax_v2, run_iamax, double, int, CUX_BLAS_D, L1_PLAIN)
CUX_REDUCE1(cublasIcamax_v2, run_iamax, cuComplex, int, CUX_BLAS_C, L1_PLAIN)
CUX_REDUCE1(cublasIzamax_v2, run_iamax, cuDoubleComplex, int, CUX_BLAS_Z,
            L1_PLAIN)
CUX_REDUCE1(cublasIsamin_v2, run_iamax, float, int, CUX_BLAS_S, L1_MIN)
CUX_REDUCE1(cublasIdamin_v2, run_iamax, double, int, CUX_BLAS_D, L1_MIN)
CUX_REDUCE1(cublasIcamin_v2, run_iamax, cuComplex, int, CUX_BLAS_C, L1_MIN)
CUX_REDUCE1(cublasIzamin_v2, run_iamax, cuDoubleComplex, int, CUX_BLAS_Z,
            L1_MIN)
CUX_DOT(cublasSdot_v2, float, CUX_BLAS_S, L1_PLAIN)
CUX_DOT(cublasDdot_v2, double, CUX_BLAS_D, L1_PLAIN)
CUX_DOT(cublasCdotu_v2, cuComplex, CUX_BLAS_C, L1_PLAIN)
CUX_DOT(cublasCdotc_v2, cuComplex, CUX_BLAS_C, L1_CONJ)
CUX_DOT(cublasZdotu_v2, cuDoubleComplex, CUX_BLAS_Z, L1_PLAIN)
CUX_DOT(cublasZdotc_v2, cuDoubleComplex, CUX_BLAS_Z, L1_CONJ)

/* scal of a complex vector by a real scalar */
CUX_BLAS_EXPORT cublasStatus_t cublasCsscal_v2(cublasHandle_t handle, int n,
                                               const float *alpha,
                                               cuComplex *x, int incx)
{
    return update(handle, run_scal, CUX_BLAS_C, L1_REAL_ALPHA, n, alpha,
                  sizeof(float), NULL, incx, x, 0);
}

CUX_BLAS_EXPORT cublasStatus_t cublasZdscal_v2(cublasHandle_t handle, int n,
                                               const double *alpha,
                                               cuDoubleComplex *x, int incx)
{
    return update(handle, run_scal, CUX_BLAS_Z, L1_REAL_ALPHA, n, alpha,
                  sizeof(double), NULL, incx, x, 0);
}
