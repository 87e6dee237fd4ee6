/* rotation_complex.c: cuBLAS's complex plane rotations, written from
 * their definitions (CBLAS has no crot/zrot with a complex sine, so all
 * of them are loops here, in C99 complex types, which share cuComplex's
 * layout):
 *   rot  (Crot, Zrot):   x' = c x + s y,  y' = c y - conj(s) x, c real;
 *   srot (Csrot, Zdrot): the same with s real;
 *   rotg (Crotg, Zrotg): c (real) and s with [c s; -conj(s) c] [a; b] =
 *        [r; 0], r written over a, b left as it is.
 * Scalars follow the pointer mode as in rotation.c: rot's c and s are
 * read when the call is made (host) or when it runs (device); rotg's are
 * all read and written when it runs, and in host memory the call waits
 * for it. */
#include "cublas_int.h"

#include <complex.h>
#include <math.h>

/* job->variant: s is real (srot). */
enum { ROT_COMPLEX_S, ROT_REAL_S };

/* Offset of element 0 of a vector of n with stride inc: BLAS walks a
 * negative stride from the far end. */
static long long first(int n, int inc)
{
    return inc < 0 ? (long long)(1 - n) * inc : 0;
}

#define CUX_ROT_LOOP(NAME, T, R)                                             \
    static void NAME(const cux_cublas_job *j)                                \
    {                                                                        \
        R c = *(const R *)cux_cublas_scalar_get(&j->alpha);                  \
        const void *sp = cux_cublas_scalar_get(&j->beta);                    \
        T s = j->variant == ROT_REAL_S ? (T) * (const R *)sp                 \
                                       : *(const T *)sp;                     \
        T *x = j->C, *y = j->y;                                              \
        long long ix = first(j->n, j->incx), iy = first(j->n, j->incy);      \
        for (int i = 0; i < j->n; i++, ix += j->incx, iy += j->incy) {       \
            T xi = x[ix], yi = y[iy];                                        \
            x[ix] = c * xi + s * yi;                                         \
            y[iy] = c * yi - conj(s) * xi;                                   \
        }                                                                    \
    }

CUX_ROT_LOOP(rot_c, float complex, float)
CUX_ROT_LOOP(rot_z, double complex, double)

static void run_rot(const cux_cublas_job *j)
{
    (j->kind == CUX_BLAS_C ? rot_c : rot_z)(j);
}

/* |a| = 0: c = 0, s = 1, r = b (a rotation by a right angle, as the
 * reference BLAS's crotg chooses).  Otherwise, with n = |(a, b)| taken
 * through hypot so that neither squares overflow: c = |a| / n,
 * s = (a / |a|) conj(b) / n, r = (a / |a|) n. */
#define CUX_ROTG(NAME, T, R, ABS, HYPOT)                                     \
    static void NAME(const cux_cublas_job *j)                                \
    {                                                                        \
        T *a = j->rot[0], *s = j->rot[3];                                    \
        T b = *(const T *)j->rot[1];                                         \
        R *c = j->rot[2];                                                    \
        R aa = ABS(*a);                                                      \
        if (aa == 0) {                                                       \
            *c = 0;                                                          \
            *s = 1;                                                          \
            *a = b;                                                          \
            return;                                                          \
        }                                                                    \
        R norm = HYPOT(aa, ABS(b));                                          \
        T phase = *a / aa;                                                   \
        *c = aa / norm;                                                      \
        *s = phase * conj(b) / norm;                                         \
        *a = phase * norm;                                                   \
    }

CUX_ROTG(rotg_c, float complex, float, cabsf, hypotf)
CUX_ROTG(rotg_z, double complex, double, cabs, hypot)

static void run_rotg(const cux_cublas_job *j)
{
    (j->kind == CUX_BLAS_C ? rotg_c : rotg_z)(j);
}

/* rot and srot: c is real; s complex (rot) or real (srot). */
static cublasStatus_t rot(cublasHandle_t h, cux_blas_kind kind, int variant,
                          int n, void *x, int incx, void *y, int incy,
                          const void *c, const void *s)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!c || !s)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (n <= 0)
        return CUBLAS_STATUS_SUCCESS;
    cux_cublas_job *j = cux_cublas_job_new(run_rot, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    size_t real_size = kind == CUX_BLAS_C ? sizeof(float) : sizeof(double);
    j->variant = variant;
    j->n = n, j->C = x, j->incx = incx, j->y = y, j->incy = incy;
    cux_cublas_take(h, &j->alpha, c, real_size);
    cux_cublas_take(h, &j->beta, s,
                    variant == ROT_REAL_S ? real_size : cux_blas_size(kind));
    return cux_cublas_enqueue(h, j);
}

static cublasStatus_t rotg(cublasHandle_t h, cux_blas_kind kind, void *a,
                           void *b, void *c, void *s)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!a || !b || !c || !s)
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_job *j = cux_cublas_job_new(run_rotg, kind);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->rot[0] = a, j->rot[1] = b, j->rot[2] = c, j->rot[3] = s;
    return cux_cublas_enqueue_result(h, j);
}

#define CUX_CROT(P, SR, T, R, KIND)                                          \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##rot_v2(                        \
        cublasHandle_t handle, int n, T *x, int incx, T *y, int incy,        \
        const R *c, const T *s)                                              \
    {                                                                        \
        return rot(handle, KIND, ROT_COMPLEX_S, n, x, incx, y, incy, c, s);  \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##SR##rot_v2(                       \
        cublasHandle_t handle, int n, T *x, int incx, T *y, int incy,        \
        const R *c, const R *s)                                              \
    {                                                                        \
        return rot(handle, KIND, ROT_REAL_S, n, x, incx, y, incy, c, s);     \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##rotg_v2(                       \
        cublasHandle_t handle, T *a, T *b, R *c, T *s)                       \
    {                                                                        \
        return rotg(handle, KIND, a, b, c, s);                               \
    }

CUX_CROT(C, Cs, cuComplex, float, CUX_BLAS_C)
CUX_CROT(Z, Zd, cuDoubleComplex, double, CUX_BLAS_Z)
