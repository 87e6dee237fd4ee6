/* batched_lu.c: cuBLAS's batched LU routines for S, D, C and Z:
 * getrfBatched (factor), getriBatched (invert out of place from the
 * factors), getrsBatched (solve with the factors) and matinvBatched
 * (invert, n <= 32).  Each call is one host function on the handle's
 * stream that loops over the batch, reading the pointer arrays (device
 * memory, host-addressable on the CPU device) when it runs, as gemmBatched
 * does; each matrix is one call into LAPACK as OpenBLAS builds it.
 *
 * Pivoting is LAPACK's getrf.  cuBLAS's "no pivoting" (a NULL pivot
 * array) is an unpivoted LU of our own below: getrf cannot be told not to
 * pivot.  getri and getrs of an unpivoted factorisation are LAPACK's with
 * the identity pivot sequence 1, 2, ..., n, whose row interchanges are all
 * no-ops, so they compute exactly the unpivoted inverse and solve. */
#include "cublas_int.h"

#include <stdlib.h>
#include <string.h>

/* LAPACK's Fortran entry points, which Debian's libopenblas exports
 * (no header of libopenblas-dev declares them; lapack.h would need
 * liblapacke-dev).  Its integers are 32-bit, as blasint in its cblas.h.
 * The matrices are void * so that one table indexed by cux_blas_kind holds
 * all four precisions.  getrs_'s character argument has a hidden length
 * after the last argument in gfortran's convention; it is passed, and is
 * ignored by OpenBLAS's own C getrs. */
typedef void getrf_fn(const int *m, const int *n, void *a, const int *lda,
                      int *ipiv, int *info);
typedef void getri_fn(const int *n, void *a, const int *lda, const int *ipiv,
                      void *work, const int *lwork, int *info);
typedef void getrs_fn(const char *trans, const int *n, const int *nrhs,
                      const void *a, const int *lda, const int *ipiv, void *b,
                      const int *ldb, int *info, size_t trans_len);
getrf_fn sgetrf_, dgetrf_, cgetrf_, zgetrf_;
getri_fn sgetri_, dgetri_, cgetri_, zgetri_;
getrs_fn sgetrs_, dgetrs_, cgetrs_, zgetrs_;

static getrf_fn *const getrf[] = {sgetrf_, dgetrf_, cgetrf_, zgetrf_};
static getri_fn *const getri[] = {sgetri_, dgetri_, cgetri_, zgetri_};
static getrs_fn *const getrs[] = {sgetrs_, dgetrs_, cgetrs_, zgetrs_};

/* LU without pivoting, in place, column-major: A = L U with L unit lower
 * triangular.  Returns 0, or k when U(k,k) is exactly zero for the first
 * such k (1-based), as LAPACK's info.  Such a column cannot be eliminated
 * (its multipliers would divide by zero): it is left as it is, no
 * multipliers and no update of the columns to its right, and the
 * factorisation goes on with the next column, so no Inf or NaN is made;
 * the factors are then not A's, which info says. */
#define CUX_LU_NOPIV(NAME, T)                                                \
    static int NAME(int n, T *a, int lda)                                    \
    {                                                                        \
        int info = 0;                                                        \
        for (int k = 0; k < n; k++) {                                        \
            T *ck = a + (size_t)k * lda;                                     \
            T pivot = ck[k];                                                 \
            if (pivot == 0) {                                                \
                if (!info)                                                   \
                    info = k + 1;                                            \
                continue;                                                    \
            }                                                                \
            for (int i = k + 1; i < n; i++)                                  \
                ck[i] /= pivot;                                              \
            for (int j = k + 1; j < n; j++) {                                \
                T *cj = a + (size_t)j * lda;                                 \
                T u = cj[k];                                                 \
                for (int i = k + 1; i < n; i++)                              \
                    cj[i] -= ck[i] * u;                                      \
            }                                                                \
        }                                                                    \
        return info;                                                         \
    }

CUX_LU_NOPIV(lu_nopiv_s, float)
CUX_LU_NOPIV(lu_nopiv_d, double)
CUX_LU_NOPIV(lu_nopiv_c, float _Complex)
CUX_LU_NOPIV(lu_nopiv_z, double _Complex)

static int lu_nopiv(cux_blas_kind kind, int n, void *a, int lda)
{
    switch (kind) {
    case CUX_BLAS_S: return lu_nopiv_s(n, a, lda);
    case CUX_BLAS_D: return lu_nopiv_d(n, a, lda);
    case CUX_BLAS_C: return lu_nopiv_c(n, a, lda);
    case CUX_BLAS_Z: return lu_nopiv_z(n, a, lda);
    }
    return 0;
}

/* Copies the n x n matrix src (leading dimension ls) to dst (ld). */
static void copy_matrix(cux_blas_kind kind, int n, const void *src, int ls,
                        void *dst, int ld)
{
    size_t es = cux_blas_size(kind);
    for (int c = 0; c < n; c++)
        memcpy((char *)dst + (size_t)c * ld * es,
               (const char *)src + (size_t)c * ls * es, (size_t)n * es);
}

/* The scratch a record owns: getri's workspace of j->k elements first
 * (malloc's alignment suits every precision), then n pivots: the identity
 * sequence (getri, getrs without pivots) or room for getrf's (matinv). */
static void *work_of(const cux_cublas_job *j) { return j->scratch; }
static int *pivots_of(const cux_cublas_job *j)
{
    return (int *)((char *)j->scratch +
                   (size_t)j->k * cux_blas_size(j->kind));
}

/* getri's optimal workspace for order n, from LAPACK's own query (lwork
 * -1 reads neither the matrix nor the pivots); at least n, its minimum. */
static int getri_lwork(cux_blas_kind kind, int n)
{
    _Alignas(16) unsigned char w[16] = {0};
    int minus1 = -1, info = 0, lda = cux_max1(n), ipiv = 1;
    getri[kind](&n, w, &lda, &ipiv, w, &minus1, &info);
    double q;
    if (kind == CUX_BLAS_S || kind == CUX_BLAS_C) {
        float f;
        memcpy(&f, w, sizeof(f));
        q = f;
    } else {
        memcpy(&q, w, sizeof(q));
    }
    int lwork = info == 0 && q > n ? (int)q : n;
    return cux_max1(lwork);
}

/* Gives j its scratch: lwork workspace elements and n pivots, the
 * identity sequence when identity is set.  False when out of memory. */
static bool scratch(cux_cublas_job *j, int lwork, bool identity)
{
    j->k = lwork;
    j->scratch = malloc((size_t)lwork * cux_blas_size(j->kind) +
                        (size_t)cux_max1(j->n) * sizeof(int));
    if (!j->scratch)
        return false;
    int *p = pivots_of(j);
    for (int i = 0; identity && i < j->n; i++)
        p[i] = i + 1;
    return true;
}

/* Pivots of matrix i of the batch: the caller's n a matrix, stored one
 * matrix after the other, or the identity sequence in the scratch. */
static const int *pivots(const cux_cublas_job *j, int i)
{
    return j->ipiv ? j->ipiv + (size_t)i * j->n : pivots_of(j);
}

static void run_getrf(const cux_cublas_job *j)
{
    for (int i = 0; i < j->batch; i++) {
        int info = 0;
        if (j->n > 0) {
            void *a = j->Carr[i];
            if (j->ipiv)
                getrf[j->kind](&j->n, &j->n, a, &j->lda,
                               j->ipiv + (size_t)i * j->n, &info);
            else
                info = lu_nopiv(j->kind, j->n, a, j->lda);
        }
        if (j->info)
            j->info[i] = info;
    }
}

/* getri inverts in place: the factors are copied to C first, so that A
 * keeps them, as cuBLAS's out-of-place getriBatched does. */
static void run_getri(const cux_cublas_job *j)
{
    for (int i = 0; i < j->batch; i++) {
        int info = 0;
        if (j->n > 0) {
            void *c = j->Carr[i];
            copy_matrix(j->kind, j->n, j->Aarr[i], j->lda, c, j->ldc);
            getri[j->kind](&j->n, c, &j->ldc, pivots(j, i), work_of(j), &j->k,
                           &info);
        }
        if (j->info)
            j->info[i] = info;
    }
}

/* getrs_'s info reports only bad arguments, which the call has ruled
 * out: it is not looked at. */
static void run_getrs(const cux_cublas_job *j)
{
    char t = j->ta == CblasNoTrans ? 'N' : j->ta == CblasTrans ? 'T' : 'C';
    for (int i = 0; i < j->batch; i++) {
        int info = 0;
        getrs[j->kind](&t, &j->n, &j->m, j->Aarr[i], &j->lda, pivots(j, i),
                       j->Carr[i], &j->ldb, &info, 1);
    }
}

/* matinv: A is copied to Ainv, factored there with pivoting and inverted
 * in place; A is left as it was, and a singular matrix is not inverted. */
static void run_matinv(const cux_cublas_job *j)
{
    int *p = pivots_of(j);
    for (int i = 0; i < j->batch; i++) {
        int info = 0;
        if (j->n > 0) {
            void *c = j->Carr[i];
            copy_matrix(j->kind, j->n, j->Aarr[i], j->lda, c, j->ldc);
            getrf[j->kind](&j->n, &j->n, c, &j->ldc, p, &info);
            if (info == 0)
                getri[j->kind](&j->n, c, &j->ldc, p, work_of(j), &j->k,
                               &info);
        }
        if (j->info)
            j->info[i] = info;
    }
}

/* Enqueues j (owned from here on), or frees it when the batch is empty. */
static cublasStatus_t submit(cublasHandle_t h, cux_cublas_job *j)
{
    if (!j->batch) {
        cux_cublas_job_free(j);
        return CUBLAS_STATUS_SUCCESS;
    }
    return cux_cublas_enqueue(h, j);
}

static cux_cublas_job *job(void (*run)(const cux_cublas_job *),
                           cux_blas_kind kind, int n, int lda, int batch,
                           int *info)
{
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (j) {
        j->n = n, j->lda = lda, j->batch = batch;
        j->info = info;
    }
    return j;
}

/* cuBLAS's checks: n < 0, lda < max(1, n) or batchSize < 0 is
 * CUBLAS_STATUS_INVALID_VALUE (hipBLAS's tests of getriBatched, run on
 * cuBLAS too, expect it for lda = n - 1 as well as lda < 0).  An empty batch queues nothing; n = 0 queues the
 * writing of info, 0 for every matrix, without reading A[]. */
static cublasStatus_t getrf_batched(cublasHandle_t h, cux_blas_kind kind,
                                    int n, void *const A[], int lda, int *P,
                                    int *info, int batch)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (n < 0 || lda < cux_max1(n) || batch < 0)
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_job *j = job(run_getrf, kind, n, lda, batch, info);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->Carr = A;
    j->ipiv = P;
    return submit(h, j);
}

/* The same checks, and ldc < max(1, n). */
static cublasStatus_t getri_batched(cublasHandle_t h, cux_blas_kind kind,
                                    int n, const void *const A[], int lda,
                                    const int *P, void *const C[], int ldc,
                                    int *info, int batch)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (n < 0 || lda < cux_max1(n) || ldc < cux_max1(n) || batch < 0)
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_job *j = job(run_getri, kind, n, lda, batch, info);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->Aarr = A, j->Carr = C, j->ldc = ldc;
    /* The record never writes the caller's pivots. */
    j->ipiv = (int *)P;
    if (!scratch(j, getri_lwork(kind, n), !P)) {
        cux_cublas_job_free(j);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    return submit(h, j);
}

/* getrsBatched reports a bad argument in *info (host memory) as well as
 * in its status: -k for the k-th argument counted from trans, LAPACK's
 * numbering, which hipBLAS's tests find cuBLAS uses (n -2, nrhs -3,
 * lda -5, ldb -8); batchSize is -10.  *info is 0 otherwise.  n = 0 or
 * nrhs = 0 is nothing to do, and no pointer is read then. */
static cublasStatus_t getrs_batched(cublasHandle_t h, cux_blas_kind kind,
                                    cublasOperation_t trans, int n, int nrhs,
                                    const void *const A[], int lda,
                                    const int *ipiv, void *const B[], int ldb,
                                    int *info, int batch)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    enum CBLAS_TRANSPOSE t;
    int bad = !cux_cublas_op(trans, &t) ? 1
              : n < 0                    ? 2
              : nrhs < 0                 ? 3
              : lda < cux_max1(n)        ? 5
              : ldb < cux_max1(n)        ? 8
              : batch < 0                ? 10
                                         : 0;
    if (info)
        *info = -bad;
    if (bad)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (!n || !nrhs || !batch)
        return CUBLAS_STATUS_SUCCESS;
    cux_cublas_job *j = job(run_getrs, kind, n, lda, batch, NULL);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->ta = t, j->m = nrhs, j->ldb = ldb;
    j->Aarr = A, j->Carr = B;
    j->ipiv = (int *)ipiv;
    if (!ipiv && !scratch(j, 0, true)) {
        cux_cublas_job_free(j);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    return submit(h, j);
}

/* matinvBatched is for n <= 32 only: a larger n, like n < 0, lda or
 * lda_inv < max(1, n) or batchSize < 0, is CUBLAS_STATUS_INVALID_VALUE. */
static cublasStatus_t matinv_batched(cublasHandle_t h, cux_blas_kind kind,
                                     int n, const void *const A[], int lda,
                                     void *const Ainv[], int lda_inv,
                                     int *info, int batch)
{
    if (!cux_cublas_live(h))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (n < 0 || n > 32 || lda < cux_max1(n) || lda_inv < cux_max1(n) ||
        batch < 0)
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_cublas_job *j = job(run_matinv, kind, n, lda, batch, info);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->Aarr = A, j->Carr = Ainv, j->ldc = lda_inv;
    if (!scratch(j, getri_lwork(kind, n), false)) {
        cux_cublas_job_free(j);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    return submit(h, j);
}

#define CUX_BATCHED_LU(P, T, KIND)                                           \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##getrfBatched(                  \
        cublasHandle_t handle, int n, T *const A[], int lda, int *P_,        \
        int *info, int batchSize)                                            \
    {                                                                        \
        return getrf_batched(handle, KIND, n, (void *const *)A, lda, P_,     \
                             info, batchSize);                               \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##getriBatched(                  \
        cublasHandle_t handle, int n, const T *const A[], int lda,           \
        const int *P_, T *const C[], int ldc, int *info, int batchSize)      \
    {                                                                        \
        return getri_batched(handle, KIND, n, (const void *const *)A, lda,   \
                             P_, (void *const *)C, ldc, info, batchSize);    \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##getrsBatched(                  \
        cublasHandle_t handle, cublasOperation_t trans, int n, int nrhs,     \
        const T *const Aarray[], int lda, const int *devIpiv,                \
        T *const Barray[], int ldb, int *info, int batchSize)                \
    {                                                                        \
        return getrs_batched(handle, KIND, trans, n, nrhs,                   \
                             (const void *const *)Aarray, lda, devIpiv,      \
                             (void *const *)Barray, ldb, info, batchSize);   \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##matinvBatched(                 \
        cublasHandle_t handle, int n, const T *const A[], int lda,           \
        T *const Ainv[], int lda_inv, int *info, int batchSize)              \
    {                                                                        \
        return matinv_batched(handle, KIND, n, (const void *const *)A, lda,  \
                              (void *const *)Ainv, lda_inv, info,            \
                              batchSize);                                    \
    }

CUX_BATCHED_LU(S, float, CUX_BLAS_S)
CUX_BATCHED_LU(D, double, CUX_BLAS_D)
CUX_BATCHED_LU(C, cuComplex, CUX_BLAS_C)
CUX_BATCHED_LU(Z, cuDoubleComplex, CUX_BLAS_Z)
