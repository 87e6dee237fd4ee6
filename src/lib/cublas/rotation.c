/* rotation.c: cuBLAS's plane rotations for S and D, each one cblas_ call:
 * rot and rotm apply a rotation to two vectors; rotg and rotmg construct
 * one from scalars they overwrite.  Scalars follow the pointer mode: in
 * host memory they are read (or written) before the call returns, so
 * rotm, rotg and rotmg, whose scalars are arrays or outputs, block then
 * as cuBLAS's reductions do; in device memory they are read in stream
 * order. */
#include "cublas_int.h"

/* x and y are both written: the record keeps x in C. */
static void run_rot(const cux_cublas_job *j)
{
    const void *c = cux_cublas_scalar_get(&j->alpha);
    const void *s = cux_cublas_scalar_get(&j->beta);
    if (j->kind == CUX_BLAS_S)
        cblas_srot(j->n, j->C, j->incx, j->y, j->incy, *(const float *)c,
                   *(const float *)s);
    else
        cblas_drot(j->n, j->C, j->incx, j->y, j->incy, *(const double *)c,
                   *(const double *)s);
}

static void run_rotm(const cux_cublas_job *j)
{
    if (j->kind == CUX_BLAS_S)
        cblas_srotm(j->n, j->C, j->incx, j->y, j->incy, j->rot[0]);
    else
        cblas_drotm(j->n, j->C, j->incx, j->y, j->incy, j->rot[0]);
}

static void run_rotg(const cux_cublas_job *j)
{
    if (j->kind == CUX_BLAS_S)
        cblas_srotg(j->rot[0], j->rot[1], j->rot[2], j->rot[3]);
    else
        cblas_drotg(j->rot[0], j->rot[1], j->rot[2], j->rot[3]);
}

/* rotmg's y1 is an input by value in BLAS, by pointer in cuBLAS. */
static void run_rotmg(const cux_cublas_job *j)
{
    if (j->kind == CUX_BLAS_S)
        cblas_srotmg(j->rot[0], j->rot[1], j->rot[2],
                     *(const float *)j->rot[3], j->rot[4]);
    else
        cblas_drotmg(j->rot[0], j->rot[1], j->rot[2],
                     *(const double *)j->rot[3], j->rot[4]);
}

/* rot (c and s scalars) and rotm (param, five of them): nothing to do for
 * n <= 0. */
static cublasStatus_t apply(cublasHandle_t h, cux_blas_kind kind, int n,
                            void *x, int incx, void *y, int incy,
                            const void *c, const void *s, const void *param)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!param && (!c || !s))
        return CUBLAS_STATUS_INVALID_VALUE;
    if (n <= 0)
        return CUBLAS_STATUS_SUCCESS;
    cux_cublas_job *j = cux_cublas_job_new(param ? run_rotm : run_rot, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->n = n, j->C = x, j->incx = incx, j->y = y, j->incy = incy;
    if (param) {
        j->rot[0] = (void *)param;
        return cux_cublas_enqueue_result(h, j);
    }
    cux_cublas_take(h, &j->alpha, c, cux_blas_size(kind));
    cux_cublas_take(h, &j->beta, s, cux_blas_size(kind));
    return cux_cublas_enqueue(h, j);
}

/* rotg (four scalars) and rotmg (five); every pointer must be given. */
static cublasStatus_t construct(cublasHandle_t h, cux_blas_kind kind,
                                void (*run)(const cux_cublas_job *),
                                void *const *scalars, int count)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    for (int i = 0; i < count; i++)
        if (!scalars[i])
            return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    for (int i = 0; i < count; i++)
        j->rot[i] = scalars[i];
    return cux_cublas_enqueue_result(h, j);
}

#define CUX_ROT(P, T, KIND)                                                  \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##rot_v2(                        \
        cublasHandle_t handle, int n, T *x, int incx, T *y, int incy,        \
        const T *c, const T *s)                                              \
    {                                                                        \
        return apply(handle, KIND, n, x, incx, y, incy, c, s, NULL);         \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##rotm_v2(                       \
        cublasHandle_t handle, int n, T *x, int incx, T *y, int incy,        \
        const T *param)                                                      \
    {                                                                        \
        if (!param)                                                          \
            return cux_cublas_live(handle) ? CUBLAS_STATUS_INVALID_VALUE     \
                                           : CUBLAS_STATUS_NOT_INITIALIZED;  \
        return apply(handle, KIND, n, x, incx, y, incy, NULL, NULL, param);  \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##rotg_v2(                       \
        cublasHandle_t handle, T *a, T *b, T *c, T *s)                       \
    {                                                                        \
        void *const scalars[] = {a, b, c, s};                                \
        return construct(handle, KIND, run_rotg, scalars, 4);                \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##rotmg_v2(                      \
        cublasHandle_t handle, T *d1, T *d2, T *x1, const T *y1, T *param)   \
    {                                                                        \
        void *const scalars[] = {d1, d2, x1, (void *)y1, param};             \
        return construct(handle, KIND, run_rotmg, scalars, 5);               \
    }

CUX_ROT(S, float, CUX_BLAS_S)
CUX_ROT(D, double, CUX_BLAS_D)
