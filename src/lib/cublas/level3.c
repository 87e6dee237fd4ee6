/* level3.c: symm, syrk, syr2k, trsm and trmm on cblas_ for S, D, C and Z,
 * hemm, herk and her2k for C and Z, and
 * cuBLAS's own extensions geam (C = alpha op(A) + beta op(B)) and dgmm
 * (C = A diag(x) or diag(x) A), which BLAS lacks and are plain loops over
 * C99 complex types (cuComplex has float _Complex's layout).
 *
 * cuBLAS's trmm is out of place (C = alpha op(A) B): B is copied into C
 * and BLAS's in-place trmm runs on C. */
#include "cublas_int.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

#define SC(T, p) (*(const T *)(p))

static void run_symm(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
#define ARGS j->side, j->uplo, j->m, j->n
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_ssymm(CblasColMajor, ARGS, SC(float, a), j->A, j->lda, j->B,
                    j->ldb, SC(float, b), j->C, j->ldc);
        break;
    case CUX_BLAS_D:
        cblas_dsymm(CblasColMajor, ARGS, SC(double, a), j->A, j->lda, j->B,
                    j->ldb, SC(double, b), j->C, j->ldc);
        break;
    case CUX_BLAS_C:
        cblas_csymm(CblasColMajor, ARGS, a, j->A, j->lda, j->B, j->ldb, b,
                    j->C, j->ldc);
        break;
    case CUX_BLAS_Z:
        cblas_zsymm(CblasColMajor, ARGS, a, j->A, j->lda, j->B, j->ldb, b,
                    j->C, j->ldc);
        break;
    }
#undef ARGS
}

/* hemm: symm's arguments, A Hermitian (C, Z only). */
static void run_hemm(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    (j->kind == CUX_BLAS_C ? cblas_chemm : cblas_zhemm)(
        CblasColMajor, j->side, j->uplo, j->m, j->n, a, j->A, j->lda, j->B,
        j->ldb, b, j->C, j->ldc);
}

static void run_syr2k(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
#define ARGS j->uplo, j->ta, j->n, j->k
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_ssyr2k(CblasColMajor, ARGS, SC(float, a), j->A, j->lda, j->B,
                     j->ldb, SC(float, b), j->C, j->ldc);
        break;
    case CUX_BLAS_D:
        cblas_dsyr2k(CblasColMajor, ARGS, SC(double, a), j->A, j->lda, j->B,
                     j->ldb, SC(double, b), j->C, j->ldc);
        break;
    case CUX_BLAS_C:
        cblas_csyr2k(CblasColMajor, ARGS, a, j->A, j->lda, j->B, j->ldb, b,
                     j->C, j->ldc);
        break;
    case CUX_BLAS_Z:
        cblas_zsyr2k(CblasColMajor, ARGS, a, j->A, j->lda, j->B, j->ldb, b,
                     j->C, j->ldc);
        break;
    }
#undef ARGS
}

/* herk (B NULL) and her2k: C = alpha op(A) op(A)^H + beta C, or
 * alpha op(A) op(B)^H + conj(alpha) op(B) op(A)^H + beta C; herk's alpha
 * and both betas are real. */
static void run_herk(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
#define ARGS CblasColMajor, j->uplo, j->ta, j->n, j->k
    bool c = j->kind == CUX_BLAS_C;
    if (!j->B && c)
        cblas_cherk(ARGS, SC(float, a), j->A, j->lda, SC(float, b), j->C,
                    j->ldc);
    else if (!j->B)
        cblas_zherk(ARGS, SC(double, a), j->A, j->lda, SC(double, b), j->C,
                    j->ldc);
    else if (c)
        cblas_cher2k(ARGS, a, j->A, j->lda, j->B, j->ldb, SC(float, b),
                     j->C, j->ldc);
    else
        cblas_zher2k(ARGS, a, j->A, j->lda, j->B, j->ldb, SC(double, b),
                     j->C, j->ldc);
#undef ARGS
}

static void run_syrk(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
#define ARGS j->uplo, j->ta, j->n, j->k
    switch (j->kind) {
    case CUX_BLAS_S:
        cblas_ssyrk(CblasColMajor, ARGS, SC(float, a), j->A, j->lda,
                    SC(float, b), j->C, j->ldc);
        break;
    case CUX_BLAS_D:
        cblas_dsyrk(CblasColMajor, ARGS, SC(double, a), j->A, j->lda,
                    SC(double, b), j->C, j->ldc);
        break;
    case CUX_BLAS_C:
        cblas_csyrk(CblasColMajor, ARGS, a, j->A, j->lda, b, j->C, j->ldc);
        break;
    case CUX_BLAS_Z:
        cblas_zsyrk(CblasColMajor, ARGS, a, j->A, j->lda, b, j->C, j->ldc);
        break;
    }
#undef ARGS
}

/* trsm (B in place, kept in C) and trmm (C, after B was copied in). */
static void run_tri(const cux_cublas_job *j)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    bool solve = j->variant;
#define ARGS CblasColMajor, j->side, j->uplo, j->ta, j->diag, j->m, j->n
    switch (j->kind) {
    case CUX_BLAS_S:
        (solve ? cblas_strsm : cblas_strmm)(ARGS, SC(float, a), j->A,
                                            j->lda, j->C, j->ldc);
        break;
    case CUX_BLAS_D:
        (solve ? cblas_dtrsm : cblas_dtrmm)(ARGS, SC(double, a), j->A,
                                            j->lda, j->C, j->ldc);
        break;
    case CUX_BLAS_C:
        (solve ? cblas_ctrsm : cblas_ctrmm)(ARGS, a, j->A, j->lda, j->C,
                                            j->ldc);
        break;
    case CUX_BLAS_Z:
        (solve ? cblas_ztrsm : cblas_ztrmm)(ARGS, a, j->A, j->lda, j->C,
                                            j->ldc);
        break;
    }
#undef ARGS
}

static void run_trmm(const cux_cublas_job *j)
{
    size_t es = cux_blas_size(j->kind);
    if (j->B != j->C)
        for (int c = 0; c < j->n; c++)
            memmove((char *)j->C + (size_t)c * j->ldc * es,
                    (const char *)j->B + (size_t)c * j->ldb * es,
                    (size_t)j->m * es);
    run_tri(j);
}

/* geam and dgmm for one element type T; CONJ conjugates a T. */
#define CUX_L3_LOOPS(NAME, T, CONJ)                                          \
    static T NAME##_at(const cux_cublas_job *j, const T *M, int ld,          \
                       enum CBLAS_TRANSPOSE t, int r, int c)                 \
    {                                                                        \
        if (t == CblasNoTrans)                                               \
            return M[(size_t)c * ld + r];                                    \
        T v = M[(size_t)r * ld + c];                                         \
        (void)j;                                                             \
        return t == CblasConjTrans ? CONJ(v) : v;                            \
    }                                                                        \
    static void NAME##_geam(const cux_cublas_job *j)                         \
    {                                                                        \
        T a = SC(T, cux_cublas_scalar_get(&j->alpha));                       \
        T b = SC(T, cux_cublas_scalar_get(&j->beta));                        \
        T *C = j->C;                                                         \
        for (int c = 0; c < j->n; c++)                                       \
            for (int r = 0; r < j->m; r++) {                                 \
                T v = 0;                                                     \
                if (a != 0)                                                  \
                    v += a * NAME##_at(j, j->A, j->lda, j->ta, r, c);        \
                if (b != 0)                                                  \
                    v += b * NAME##_at(j, j->B, j->ldb, j->tb, r, c);        \
                C[(size_t)c * j->ldc + r] = v;                               \
            }                                                                \
    }                                                                        \
    static void NAME##_dgmm(const cux_cublas_job *j)                         \
    {                                                                        \
        const T *A = j->A, *x = j->x;                                        \
        T *C = j->C;                                                         \
        int len = j->side == CblasLeft ? j->m : j->n;                        \
        long long x0 = j->incx < 0 ? (long long)(1 - len) * j->incx : 0;     \
        for (int c = 0; c < j->n; c++)                                       \
            for (int r = 0; r < j->m; r++) {                                 \
                long long i = j->side == CblasLeft ? r : c;                  \
                C[(size_t)c * j->ldc + r] =                                  \
                    A[(size_t)c * j->lda + r] * x[x0 + i * j->incx];         \
            }                                                                \
    }

#define CUX_NO_CONJ(v) (v)
CUX_L3_LOOPS(s, float, CUX_NO_CONJ)
CUX_L3_LOOPS(d, double, CUX_NO_CONJ)
CUX_L3_LOOPS(c, float _Complex, conjf)
CUX_L3_LOOPS(z, double _Complex, conj)

static void run_geam(const cux_cublas_job *j)
{
    static void (*const f[])(const cux_cublas_job *) = {
        s_geam, d_geam, c_geam, z_geam};
    f[j->kind](j);
}

static void run_dgmm(const cux_cublas_job *j)
{
    static void (*const f[])(const cux_cublas_job *) = {
        s_dgmm, d_dgmm, c_dgmm, z_dgmm};
    f[j->kind](j);
}

/* Checks shared by every entry point: a live handle, then the fields
 * already in j; takes ownership of j. */
/* The scalars are of the element type, except herk's and her2k's real
 * ones: real_alpha, real_beta. */
static cublasStatus_t submit_scalars(cublasHandle_t h, cux_cublas_job *j,
                                     bool invalid, const void *alpha,
                                     bool real_alpha, const void *beta,
                                     bool real_beta, bool nothing)
{
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    size_t es = cux_blas_size(j->kind), rs = es / 2;
    if (!cux_cublas_live(h))
        st = CUBLAS_STATUS_NOT_INITIALIZED;
    else if (invalid || (j->run != run_dgmm && !alpha) ||
             (j->run != run_tri && j->run != run_trmm &&
              j->run != run_dgmm && !beta))
        st = CUBLAS_STATUS_INVALID_VALUE;
    if (st != CUBLAS_STATUS_SUCCESS || nothing) {
        cux_cublas_job_free(j);
        return st;
    }
    if (alpha)
        cux_cublas_take(h, &j->alpha, alpha, real_alpha ? rs : es);
    if (beta)
        cux_cublas_take(h, &j->beta, beta, real_beta ? rs : es);
    return cux_cublas_enqueue(h, j);
}

static cublasStatus_t submit(cublasHandle_t h, cux_cublas_job *j,
                             bool invalid, const void *alpha,
                             const void *beta, bool nothing)
{
    return submit_scalars(h, j, invalid, alpha, false, beta, false, nothing);
}

static cux_cublas_job *job(void (*run)(const cux_cublas_job *),
                           cux_blas_kind kind, int m, int n, const void *A,
                           int lda, const void *B, int ldb, void *C, int ldc)
{
    cux_cublas_job *j = cux_cublas_job_new(run, kind);
    if (j) {
        j->m = m, j->n = n;
        j->A = A, j->lda = lda, j->B = B, j->ldb = ldb;
        j->C = C, j->ldc = ldc;
    }
    return j;
}

/* "lda < max(1, m) if side == LEFT and max(1, n) otherwise, ldb and
 * ldc < max(1, m)" */
static cublasStatus_t symm(cublasHandle_t h, cux_blas_kind kind,
                           bool hermitian, cublasSideMode_t side,
                           cublasFillMode_t uplo, int m, int n,
                           const void *alpha, const void *A, int lda,
                           const void *B, int ldb, const void *beta,
                           void *C, int ldc)
{
    cux_cublas_job *j = job(hermitian ? run_hemm : run_symm, kind, m, n, A,
                            lda, B, ldb, C, ldc);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    bool bad = !cux_cublas_side(side, &j->side) ||
               !cux_cublas_uplo(uplo, &j->uplo) || m < 0 || n < 0 ||
               lda < cux_max1(side == CUBLAS_SIDE_LEFT ? m : n) ||
               ldb < cux_max1(m) || ldc < cux_max1(m);
    return submit(h, j, bad, alpha, beta, !m || !n);
}

/* Complex syrk and syr2k are symmetric, not Hermitian: CUBLAS_OP_C is
 * refused for C and Z, and means CUBLAS_OP_T for S and D, as in BLAS.
 * B is syr2k's second matrix (NULL for syrk), shaped as A. */
static cublasStatus_t syrk(cublasHandle_t h, cux_blas_kind kind,
                           cublasFillMode_t uplo, cublasOperation_t trans,
                           int n, int k, const void *alpha, const void *A,
                           int lda, const void *B, int ldb, const void *beta,
                           void *C, int ldc)
{
    cux_cublas_job *j = job(B ? run_syr2k : run_syrk, kind, 0, n, A, lda, B,
                            ldb, C, ldc);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->k = k;
    bool cplx = kind == CUX_BLAS_C || kind == CUX_BLAS_Z;
    int rows = trans == CUBLAS_OP_N ? n : k;
    bool bad = !cux_cublas_uplo(uplo, &j->uplo) ||
               !cux_cublas_op(trans, &j->ta) ||
               (cplx && trans == CUBLAS_OP_C) || n < 0 || k < 0 ||
               lda < cux_max1(rows) || (B && ldb < cux_max1(rows)) ||
               ldc < cux_max1(n);
    if (!cplx && j->ta == CblasConjTrans)
        j->ta = CblasTrans;
    return submit(h, j, bad, alpha, beta, !n);
}

/* herk and her2k (B NULL for herk): CUBLAS_OP_T is refused, as op is
 * N or C for a Hermitian product. */
static cublasStatus_t herk(cublasHandle_t h, cux_blas_kind kind,
                           cublasFillMode_t uplo, cublasOperation_t trans,
                           int n, int k, const void *alpha, const void *A,
                           int lda, const void *B, int ldb, const void *beta,
                           void *C, int ldc)
{
    cux_cublas_job *j = job(run_herk, kind, 0, n, A, lda, B, ldb, C, ldc);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->k = k;
    int rows = trans == CUBLAS_OP_N ? n : k;
    bool bad = !cux_cublas_uplo(uplo, &j->uplo) ||
               !cux_cublas_op(trans, &j->ta) || trans == CUBLAS_OP_T ||
               n < 0 || k < 0 || lda < cux_max1(rows) ||
               (B && ldb < cux_max1(rows)) || ldc < cux_max1(n);
    return submit_scalars(h, j, bad, alpha, !B, beta, true, !n);
}

static cublasStatus_t tri(cublasHandle_t h, cux_blas_kind kind, bool solve,
                          cublasSideMode_t side, cublasFillMode_t uplo,
                          cublasOperation_t trans, cublasDiagType_t diag,
                          int m, int n, const void *alpha, const void *A,
                          int lda, const void *B, int ldb, void *C, int ldc)
{
    cux_cublas_job *j = job(solve ? run_tri : run_trmm, kind, m, n, A, lda,
                            B, ldb, C, ldc);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->variant = solve;
    bool bad = !cux_cublas_side(side, &j->side) ||
               !cux_cublas_uplo(uplo, &j->uplo) ||
               !cux_cublas_op(trans, &j->ta) ||
               !cux_cublas_diag(diag, &j->diag) || m < 0 || n < 0 ||
               lda < cux_max1(side == CUBLAS_SIDE_LEFT ? m : n) ||
               ldb < cux_max1(m) || ldc < cux_max1(m);
    return submit(h, j, bad, alpha, NULL, !m || !n);
}

/* geam: "C == A requires transa == N and lda == ldc, C == B likewise"
 * (in place is allowed only without transposition). */
static cublasStatus_t geam(cublasHandle_t h, cux_blas_kind kind,
                           cublasOperation_t transa, cublasOperation_t transb,
                           int m, int n, const void *alpha, const void *A,
                           int lda, const void *beta, const void *B, int ldb,
                           void *C, int ldc)
{
    cux_cublas_job *j = job(run_geam, kind, m, n, A, lda, B, ldb, C, ldc);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    bool bad = !cux_cublas_op(transa, &j->ta) ||
               !cux_cublas_op(transb, &j->tb) || m < 0 || n < 0 ||
               lda < cux_max1(transa == CUBLAS_OP_N ? m : n) ||
               ldb < cux_max1(transb == CUBLAS_OP_N ? m : n) ||
               ldc < cux_max1(m) ||
               (C == A && (transa != CUBLAS_OP_N || lda != ldc)) ||
               (C == B && (transb != CUBLAS_OP_N || ldb != ldc));
    return submit(h, j, bad, alpha, beta, !m || !n);
}

static cublasStatus_t dgmm(cublasHandle_t h, cux_blas_kind kind,
                           cublasSideMode_t mode, int m, int n,
                           const void *A, int lda, const void *x, int incx,
                           void *C, int ldc)
{
    cux_cublas_job *j = job(run_dgmm, kind, m, n, A, lda, NULL, 0, C, ldc);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->x = x, j->incx = incx;
    bool bad = !cux_cublas_side(mode, &j->side) || m < 0 || n < 0 ||
               lda < cux_max1(m) || ldc < cux_max1(m);
    return submit(h, j, bad, NULL, NULL, !m || !n);
}

#define CUX_L3(P, T, KIND)                                                   \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##symm_v2(                       \
        cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo, \
        int m, int n, const T *alpha, const T *A, int lda, const T *B,       \
        int ldb, const T *beta, T *C, int ldc)                               \
    {                                                                        \
        return symm(handle, KIND, false, side, uplo, m, n, alpha, A, lda, B, \
                    ldb, beta, C, ldc);                                      \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##syrk_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, int n, int k, const T *alpha, const T *A,   \
        int lda, const T *beta, T *C, int ldc)                               \
    {                                                                        \
        return syrk(handle, KIND, uplo, trans, n, k, alpha, A, lda, NULL, 0, \
                    beta, C, ldc);                                           \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##syr2k_v2(                      \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, int n, int k, const T *alpha, const T *A,   \
        int lda, const T *B, int ldb, const T *beta, T *C, int ldc)          \
    {                                                                        \
        return syrk(handle, KIND, uplo, trans, n, k, alpha, A, lda, B, ldb,  \
                    beta, C, ldc);                                           \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##trsm_v2(                       \
        cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo, \
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n,        \
        const T *alpha, const T *A, int lda, T *B, int ldb)                  \
    {                                                                        \
        return tri(handle, KIND, true, side, uplo, trans, diag, m, n, alpha, \
                   A, lda, B, ldb, B, ldb);                                  \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##trmm_v2(                       \
        cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo, \
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n,        \
        const T *alpha, const T *A, int lda, const T *B, int ldb, T *C,      \
        int ldc)                                                             \
    {                                                                        \
        return tri(handle, KIND, false, side, uplo, trans, diag, m, n,       \
                   alpha, A, lda, B, ldb, C, ldc);                           \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##geam(                          \
        cublasHandle_t handle, cublasOperation_t transa,                     \
        cublasOperation_t transb, int m, int n, const T *alpha, const T *A,  \
        int lda, const T *beta, const T *B, int ldb, T *C, int ldc)          \
    {                                                                        \
        return geam(handle, KIND, transa, transb, m, n, alpha, A, lda, beta, \
                    B, ldb, C, ldc);                                         \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##dgmm(                          \
        cublasHandle_t handle, cublasSideMode_t mode, int m, int n,          \
        const T *A, int lda, const T *x, int incx, T *C, int ldc)            \
    {                                                                        \
        return dgmm(handle, KIND, mode, m, n, A, lda, x, incx, C, ldc);      \
    }

CUX_L3(S, float, CUX_BLAS_S)
CUX_L3(D, double, CUX_BLAS_D)
CUX_L3(C, cuComplex, CUX_BLAS_C)
CUX_L3(Z, cuDoubleComplex, CUX_BLAS_Z)

#define CUX_HEMM(P, T, KIND)                                                 \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##hemm_v2(                       \
        cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo, \
        int m, int n, const T *alpha, const T *A, int lda, const T *B,       \
        int ldb, const T *beta, T *C, int ldc)                               \
    {                                                                        \
        return symm(handle, KIND, true, side, uplo, m, n, alpha, A, lda, B,  \
                    ldb, beta, C, ldc);                                      \
    }

CUX_HEMM(C, cuComplex, CUX_BLAS_C)
CUX_HEMM(Z, cuDoubleComplex, CUX_BLAS_Z)

#define CUX_HERK(P, T, R, KIND)                                              \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##herk_v2(                       \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, int n, int k, const R *alpha, const T *A,   \
        int lda, const R *beta, T *C, int ldc)                               \
    {                                                                        \
        return herk(handle, KIND, uplo, trans, n, k, alpha, A, lda, NULL, 0, \
                    beta, C, ldc);                                           \
    }                                                                        \
    CUX_BLAS_EXPORT cublasStatus_t cublas##P##her2k_v2(                      \
        cublasHandle_t handle, cublasFillMode_t uplo,                        \
        cublasOperation_t trans, int n, int k, const T *alpha, const T *A,   \
        int lda, const T *B, int ldb, const R *beta, T *C, int ldc)          \
    {                                                                        \
        return herk(handle, KIND, uplo, trans, n, k, alpha, A, lda, B, ldb,  \
                    beta, C, ldc);                                           \
    }

CUX_HERK(C, cuComplex, float, CUX_BLAS_C)
CUX_HERK(Z, cuDoubleComplex, double, CUX_BLAS_Z)
