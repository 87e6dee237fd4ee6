/* gemm_ex.c: cublasGemmEx, cublasGemmBatchedEx, cublasGemmStridedBatchedEx
 * and cublasSgemmEx: products whose matrices and compute precision are
 * given as cudaDataType / cublasComputeType_t.
 *
 * Where every matrix has the compute type (float, double, complex) the
 * product is the plain cblas_<t>gemm.  Half and bfloat16 matrices with
 * float compute (CUBLAS_COMPUTE_32F, or CUBLAS_COMPUTE_16F, whose
 * scalars are half) are widened to float in a scratch buffer, multiplied
 * by cblas_sgemm and C rounded back once: the precision cuBLAS gives with
 * float accumulation.  Other combinations are CUBLAS_STATUS_NOT_SUPPORTED
 * (docs/cublas.md lists them). */
#include "cublas_int.h"
#include "blas_shared.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { EX_NATIVE, EX_WIDEN, EX_WIDEN_HALF_SCALARS };

static float load(const void *p, cudaDataType t, size_t i)
{
    if (t == CUDA_R_32F)
        return ((const float *)p)[i];
    uint16_t b = ((const uint16_t *)p)[i];
    return t == CUDA_R_16F ? cux_half_to_float(b) : cux_bf16_to_float(b);
}

static void store(void *p, cudaDataType t, size_t i, float v)
{
    if (t == CUDA_R_32F)
        ((float *)p)[i] = v;
    else
        ((uint16_t *)p)[i] = t == CUDA_R_16F ? cux_float_to_half(v)
                                             : cux_float_to_bf16(v);
}

/* rows x cols of src (leading dimension ld) into dst, packed. */
static void widen(float *dst, const void *src, cudaDataType t, int rows,
                  int cols, int ld)
{
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            dst[(size_t)c * rows + r] = load(src, t, (size_t)c * ld + r);
}

static void narrow(void *dst, cudaDataType t, int ld, const float *src,
                   int rows, int cols)
{
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            store(dst, t, (size_t)c * ld + r, src[(size_t)c * rows + r]);
}

static void scalars(const cux_cublas_job *j, float *alpha, float *beta)
{
    const void *a = cux_cublas_scalar_get(&j->alpha);
    const void *b = cux_cublas_scalar_get(&j->beta);
    if (j->variant == EX_WIDEN_HALF_SCALARS) {
        *alpha = cux_half_to_float(*(const uint16_t *)a);
        *beta = cux_half_to_float(*(const uint16_t *)b);
    } else {
        *alpha = *(const float *)a;
        *beta = *(const float *)b;
    }
}

/* The scratch buffer holds op(A), op(B) and C as float, packed. */
static void widened_one(const cux_cublas_job *j, const void *A,
                        const void *B, void *C)
{
    int ar = j->ta == CblasNoTrans ? j->m : j->k;
    int ac = j->ta == CblasNoTrans ? j->k : j->m;
    int br = j->tb == CblasNoTrans ? j->k : j->n;
    int bc = j->tb == CblasNoTrans ? j->n : j->k;
    float *a = j->scratch, *b = a + (size_t)ar * ac, *c = b + (size_t)br * bc;
    float alpha, beta;
    scalars(j, &alpha, &beta);
    widen(a, A, j->at, ar, ac, j->lda);
    widen(b, B, j->bt, br, bc, j->ldb);
    /* beta == 0: C is output only and may hold anything, NaN included */
    if (beta != 0.0f)
        widen(c, C, j->ct, j->m, j->n, j->ldc);
    cblas_sgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k, alpha, a,
                cux_max1(ar), b, cux_max1(br), beta, c, cux_max1(j->m));
    narrow(C, j->ct, j->ldc, c, j->m, j->n);
}

static void ex_one(const cux_cublas_job *j, const void *A, const void *B,
                   void *C)
{
    if (j->variant == EX_NATIVE)
        cux_cublas_gemm_one(j, A, B, C);
    else
        widened_one(j, A, B, C);
}

static void run_ex(const cux_cublas_job *j)
{
    ex_one(j, j->A, j->B, j->C);
}

static void run_ex_strided(const cux_cublas_job *j)
{
    size_t as = cux_blas_type_size(j->at), bs = cux_blas_type_size(j->bt);
    size_t cs = cux_blas_type_size(j->ct);
    for (int i = 0; i < j->batch; i++)
        ex_one(j, (const char *)j->A + (size_t)(i * j->sa) * as,
               (const char *)j->B + (size_t)(i * j->sb) * bs,
               (char *)j->C + (size_t)(i * j->sc) * cs);
}

static void run_ex_batched(const cux_cublas_job *j)
{
    for (int i = 0; i < j->batch; i++)
        ex_one(j, j->Aarr[i], j->Barr[i], j->Carr[i]);
}

static bool narrow_type(cudaDataType t)
{
    return t == CUDA_R_16F || t == CUDA_R_16BF;
}

/* Chooses how j runs and the size of its scalars, or returns false for
 * a combination cux does not implement. */
static bool plan(cux_cublas_job *j, size_t *scalar_size)
{
    cudaDataType a = j->at, c = j->ct;
    bool same = a == j->bt && a == c;
    switch (j->compute) {
    case CUBLAS_COMPUTE_32F: case CUBLAS_COMPUTE_32F_PEDANTIC:
    case CUBLAS_COMPUTE_32F_FAST_16F: case CUBLAS_COMPUTE_32F_FAST_16BF:
    case CUBLAS_COMPUTE_32F_FAST_TF32:
        if (same && (a == CUDA_R_32F || a == CUDA_C_32F)) {
            j->variant = EX_NATIVE;
            j->kind = a == CUDA_R_32F ? CUX_BLAS_S : CUX_BLAS_C;
            *scalar_size = cux_blas_size(j->kind);
            return true;
        }
        j->variant = EX_WIDEN;
        *scalar_size = 4;
        return narrow_type(a) && a == j->bt &&
               (c == a || c == CUDA_R_32F);
    case CUBLAS_COMPUTE_64F: case CUBLAS_COMPUTE_64F_PEDANTIC:
        j->variant = EX_NATIVE;
        j->kind = a == CUDA_R_64F ? CUX_BLAS_D : CUX_BLAS_Z;
        *scalar_size = cux_blas_size(j->kind);
        return same && (a == CUDA_R_64F || a == CUDA_C_64F);
    case CUBLAS_COMPUTE_16F: case CUBLAS_COMPUTE_16F_PEDANTIC:
        j->variant = EX_WIDEN_HALF_SCALARS;
        *scalar_size = 2;
        return same && a == CUDA_R_16F;
    default:
        return false;
    }
}

static size_t scratch_floats(const cux_cublas_job *j)
{
    return (size_t)j->m * j->k + (size_t)j->k * j->n + (size_t)j->m * j->n;
}

/* Owns j. */
static cublasStatus_t gemm_ex(cublasHandle_t h, cux_cublas_job *j,
                              cublasOperation_t transa,
                              cublasOperation_t transb, const void *alpha,
                              const void *beta)
{
    size_t ss = 0;
    cublasStatus_t st = CUBLAS_STATUS_NOT_SUPPORTED;
    if (!cux_cublas_live(h))
        st = CUBLAS_STATUS_NOT_INITIALIZED;
    else if (plan(j, &ss))
        st = cux_cublas_gemm_check(h, j, transa, transb, alpha, beta, ss);
    if (st == CUBLAS_STATUS_SUCCESS && j->variant != EX_NATIVE && j->m &&
        j->n && j->batch &&
        !(j->scratch = malloc(scratch_floats(j) * sizeof(float))))
        st = CUBLAS_STATUS_ALLOC_FAILED;
    if (st != CUBLAS_STATUS_SUCCESS || !j->m || !j->n || !j->batch) {
        cux_cublas_job_free(j);
        return st;
    }
    return cux_cublas_enqueue(h, j);
}

static cux_cublas_job *job(void (*run)(const cux_cublas_job *), int m,
                           int n, int k, cudaDataType at, int lda,
                           cudaDataType bt, int ldb, cudaDataType ct,
                           int ldc, int batch, cublasComputeType_t compute)
{
    cux_cublas_job *j = cux_cublas_job_new(run, CUX_BLAS_S);
    if (j) {
        j->m = m, j->n = n, j->k = k, j->batch = batch;
        j->at = at, j->bt = bt, j->ct = ct;
        j->lda = lda, j->ldb = ldb, j->ldc = ldc;
        j->compute = compute;
    }
    return j;
}

/* The algorithm is a hint; every value names the same product here. */
CUX_BLAS_EXPORT cublasStatus_t cublasGemmEx(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const void *alpha,
    const void *A, cudaDataType Atype, int lda, const void *B,
    cudaDataType Btype, int ldb, const void *beta, void *C,
    cudaDataType Ctype, int ldc, cublasComputeType_t computeType,
    cublasGemmAlgo_t algo)
{
    (void)algo;
    cux_cublas_job *j = job(run_ex, m, n, k, Atype, lda, Btype, ldb, Ctype,
                            ldc, 1, computeType);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->A = A, j->B = B, j->C = C;
    return gemm_ex(handle, j, transa, transb, alpha, beta);
}

CUX_BLAS_EXPORT cublasStatus_t cublasGemmStridedBatchedEx(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const void *alpha,
    const void *A, cudaDataType Atype, int lda, long long int strideA,
    const void *B, cudaDataType Btype, int ldb, long long int strideB,
    const void *beta, void *C, cudaDataType Ctype, int ldc,
    long long int strideC, int batchCount, cublasComputeType_t computeType,
    cublasGemmAlgo_t algo)
{
    (void)algo;
    cux_cublas_job *j = job(run_ex_strided, m, n, k, Atype, lda, Btype, ldb,
                            Ctype, ldc, batchCount, computeType);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->A = A, j->B = B, j->C = C;
    j->sa = strideA, j->sb = strideB, j->sc = strideC;
    return gemm_ex(handle, j, transa, transb, alpha, beta);
}

CUX_BLAS_EXPORT cublasStatus_t cublasGemmBatchedEx(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const void *alpha,
    const void *const Aarray[], cudaDataType Atype, int lda,
    const void *const Barray[], cudaDataType Btype, int ldb,
    const void *beta, void *const Carray[], cudaDataType Ctype, int ldc,
    int batchCount, cublasComputeType_t computeType, cublasGemmAlgo_t algo)
{
    (void)algo;
    cux_cublas_job *j = job(run_ex_batched, m, n, k, Atype, lda, Btype, ldb,
                            Ctype, ldc, batchCount, computeType);
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    j->Aarr = Aarray, j->Barr = Barray, j->Carr = Carray;
    return gemm_ex(handle, j, transa, transb, alpha, beta);
}

/* cublasHgemm and its batched forms: GemmEx on half matrices with half
 * scalars and CUBLAS_COMPUTE_16F. */
CUX_BLAS_EXPORT cublasStatus_t cublasHgemm(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const __half *alpha,
    const __half *A, int lda, const __half *B, int ldb, const __half *beta,
    __half *C, int ldc)
{
    return cublasGemmEx(handle, transa, transb, m, n, k, alpha, A,
                        CUDA_R_16F, lda, B, CUDA_R_16F, ldb, beta, C,
                        CUDA_R_16F, ldc, CUBLAS_COMPUTE_16F,
                        CUBLAS_GEMM_DEFAULT);
}

CUX_BLAS_EXPORT cublasStatus_t cublasHgemmBatched(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const __half *alpha,
    const __half *const Aarray[], int lda, const __half *const Barray[],
    int ldb, const __half *beta, __half *const Carray[], int ldc,
    int batchCount)
{
    /* arrays of object pointers, read as the arrays of void pointers
     * they are in memory */
    return cublasGemmBatchedEx(handle, transa, transb, m, n, k, alpha,
                               (const void *const *)Aarray, CUDA_R_16F, lda,
                               (const void *const *)Barray, CUDA_R_16F, ldb,
                               beta, (void *const *)Carray, CUDA_R_16F, ldc,
                               batchCount, CUBLAS_COMPUTE_16F,
                               CUBLAS_GEMM_DEFAULT);
}

CUX_BLAS_EXPORT cublasStatus_t cublasHgemmStridedBatched(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const __half *alpha,
    const __half *A, int lda, long long int strideA, const __half *B, int ldb,
    long long int strideB, const __half *beta, __half *C, int ldc,
    long long int strideC, int batchCount)
{
    return cublasGemmStridedBatchedEx(handle, transa, transb, m, n, k, alpha,
                                      A, CUDA_R_16F, lda, strideA, B,
                                      CUDA_R_16F, ldb, strideB, beta, C,
                                      CUDA_R_16F, ldc, strideC, batchCount,
                                      CUBLAS_COMPUTE_16F,
                                      CUBLAS_GEMM_DEFAULT);
}

/* cublasSgemmEx: float scalars and compute, real matrices only. */
CUX_BLAS_EXPORT cublasStatus_t cublasSgemmEx(
    cublasHandle_t handle, cublasOperation_t transa,
    cublasOperation_t transb, int m, int n, int k, const float *alpha,
    const void *A, cudaDataType Atype, int lda, const void *B,
    cudaDataType Btype, int ldb, const float *beta, void *C,
    cudaDataType Ctype, int ldc)
{
    if (Atype == CUDA_C_32F || Btype == CUDA_C_32F || Ctype == CUDA_C_32F)
        return cux_cublas_live(handle) ? CUBLAS_STATUS_NOT_SUPPORTED
                                       : CUBLAS_STATUS_NOT_INITIALIZED;
    return cublasGemmEx(handle, transa, transb, m, n, k, alpha, A, Atype,
                        lda, B, Btype, ldb, beta, C, Ctype, ldc,
                        CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
}
