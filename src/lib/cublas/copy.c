/* copy.c: cublasSetVector/GetVector/SetMatrix/GetMatrix and their Async
 * forms: strided copies between host and device memory, each one
 * cudaMemcpy2D whose rows are the elements (vectors) or the columns
 * (matrices), so the runtime orders and checks them as any copy. */
#include "cublas_int.h"

/* A copy the runtime refuses is CUBLAS_STATUS_MAPPING_ERROR: "an error
 * occurred accessing GPU memory". */
static cublasStatus_t copy2d(void *dst, size_t dpitch, const void *src,
                             size_t spitch, size_t width, size_t height,
                             enum cudaMemcpyKind kind, bool async,
                             cudaStream_t stream)
{
    if (!width || !height)
        return CUBLAS_STATUS_SUCCESS;
    cudaError_t err =
        async ? cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height,
                                  kind, stream)
              : cudaMemcpy2D(dst, dpitch, src, spitch, width, height, kind);
    return err == cudaSuccess ? CUBLAS_STATUS_SUCCESS
                              : CUBLAS_STATUS_MAPPING_ERROR;
}

/* "CUBLAS_STATUS_INVALID_VALUE: the parameters incx, incy, elemSize<=0" */
static cublasStatus_t vector(int n, int size, const void *x, int incx,
                             void *y, int incy, enum cudaMemcpyKind kind,
                             bool async, cudaStream_t stream)
{
    if (incx <= 0 || incy <= 0 || size <= 0)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (n <= 0)
        return CUBLAS_STATUS_SUCCESS;
    return copy2d(y, (size_t)incy * size, x, (size_t)incx * size,
                  (size_t)size, (size_t)n, kind, async, stream);
}

/* "CUBLAS_STATUS_INVALID_VALUE: the parameters rows, cols<0 or elemSize,
 * lda, ldb<=0"; a leading dimension shorter than a column cannot be
 * copied either. */
static cublasStatus_t matrix(int rows, int cols, int size, const void *A,
                             int lda, void *B, int ldb,
                             enum cudaMemcpyKind kind, bool async,
                             cudaStream_t stream)
{
    if (rows < 0 || cols < 0 || size <= 0 || lda <= 0 || ldb <= 0 ||
        lda < rows || ldb < rows)
        return CUBLAS_STATUS_INVALID_VALUE;
    return copy2d(B, (size_t)ldb * size, A, (size_t)lda * size,
                  (size_t)rows * size, (size_t)cols, kind, async, stream);
}

CUX_BLAS_EXPORT cublasStatus_t cublasSetVector(int n, int elemSize,
                                               const void *x, int incx,
                                               void *y, int incy)
{
    return vector(n, elemSize, x, incx, y, incy, cudaMemcpyHostToDevice,
                  false, 0);
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetVector(int n, int elemSize,
                                               const void *x, int incx,
                                               void *y, int incy)
{
    return vector(n, elemSize, x, incx, y, incy, cudaMemcpyDeviceToHost,
                  false, 0);
}

CUX_BLAS_EXPORT cublasStatus_t cublasSetVectorAsync(int n, int elemSize,
                                                    const void *x, int incx,
                                                    void *y, int incy,
                                                    cudaStream_t stream)
{
    return vector(n, elemSize, x, incx, y, incy, cudaMemcpyHostToDevice,
                  true, stream);
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetVectorAsync(int n, int elemSize,
                                                    const void *x, int incx,
                                                    void *y, int incy,
                                                    cudaStream_t stream)
{
    return vector(n, elemSize, x, incx, y, incy, cudaMemcpyDeviceToHost,
                  true, stream);
}

CUX_BLAS_EXPORT cublasStatus_t cublasSetMatrix(int rows, int cols,
                                               int elemSize, const void *A,
                                               int lda, void *B, int ldb)
{
    return matrix(rows, cols, elemSize, A, lda, B, ldb,
                  cudaMemcpyHostToDevice, false, 0);
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetMatrix(int rows, int cols,
                                               int elemSize, const void *A,
                                               int lda, void *B, int ldb)
{
    return matrix(rows, cols, elemSize, A, lda, B, ldb,
                  cudaMemcpyDeviceToHost, false, 0);
}

CUX_BLAS_EXPORT cublasStatus_t cublasSetMatrixAsync(int rows, int cols,
                                                    int elemSize,
                                                    const void *A, int lda,
                                                    void *B, int ldb,
                                                    cudaStream_t stream)
{
    return matrix(rows, cols, elemSize, A, lda, B, ldb,
                  cudaMemcpyHostToDevice, true, stream);
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetMatrixAsync(int rows, int cols,
                                                    int elemSize,
                                                    const void *A, int lda,
                                                    void *B, int ldb,
                                                    cudaStream_t stream)
{
    return matrix(rows, cols, elemSize, A, lda, B, ldb,
                  cudaMemcpyDeviceToHost, true, stream);
}
