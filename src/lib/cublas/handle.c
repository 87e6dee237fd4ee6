/* handle.c: cuBLAS handles (create, destroy, stream, pointer, math and
 * atomics modes), the library's version and its status names.
 *
 * cuBLAS answers CUBLAS_STATUS_NOT_INITIALIZED for a handle that was
 * never created or was destroyed: the library keeps its live handles in
 * one set (blas_shared.h), its only global state. */
#include "cublas_int.h"
#include "lib/host_compute.h"
#include "blas_shared.h"

#include <stdlib.h>

static cux_blas_handles handles = CUX_BLAS_HANDLES_INIT;

bool cux_cublas_live(cublasHandle_t handle)
{
    return cux_blas_handle_live(&handles, handle);
}

CUX_BLAS_EXPORT cublasStatus_t cublasCreate_v2(cublasHandle_t *handle)
{
    if (!handle)
        return CUBLAS_STATUS_INVALID_VALUE;
    struct cublasContext *h = calloc(1, sizeof(*h));
    if (!h)
        return CUBLAS_STATUS_ALLOC_FAILED;
    /* "the cuBLAS library context is tied to the current CUDA device":
     * starting the runtime here makes a missing device fail now. */
    int dev;
    if (cudaGetDevice(&dev) != cudaSuccess) {
        free(h);
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    if (!cux_lib_device_memory_on_host(dev, "cuBLAS")) {
        free(h);
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
    h->pointer_mode = CUBLAS_POINTER_MODE_HOST;
    h->math_mode = CUBLAS_DEFAULT_MATH;
    h->atomics_mode = CUBLAS_ATOMICS_NOT_ALLOWED;
    pthread_mutex_init(&h->lock, NULL);
    if (!cux_blas_handle_add(&handles, h)) {
        pthread_mutex_destroy(&h->lock);
        free(h);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    *handle = h;
    return CUBLAS_STATUS_SUCCESS;
}

/* Work already queued holds its own record, not the handle, so it may
 * still run after this; only the records kept for captured graphs go. */
CUX_BLAS_EXPORT cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)
{
    if (!cux_blas_handle_remove(&handles, handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cudaStreamSynchronize(handle->stream);
    cux_cublas_free_kept(handle);
    pthread_mutex_destroy(&handle->lock);
    free(handle);
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle,
                                                   int *version)
{
    (void)handle; /* the library's version, whatever the handle */
    if (!version)
        return CUBLAS_STATUS_INVALID_VALUE;
    *version = CUBLAS_VERSION;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetProperty(libraryPropertyType type,
                                                 int *value)
{
    if (!value)
        return CUBLAS_STATUS_INVALID_VALUE;
    switch (type) {
    case MAJOR_VERSION: *value = CUBLAS_VER_MAJOR; break;
    case MINOR_VERSION: *value = CUBLAS_VER_MINOR; break;
    case PATCH_LEVEL: *value = CUBLAS_VER_PATCH; break;
    default: return CUBLAS_STATUS_INVALID_VALUE;
    }
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT size_t cublasGetCudartVersion(void)
{
    return CUDART_VERSION;
}

/* OpenBLAS needs no workspace of the caller's; the call is accepted so
 * that programs written for cuBLAS run unchanged. */
CUX_BLAS_EXPORT cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle,
                                                     void *workspace,
                                                     size_t size)
{
    (void)workspace;
    (void)size;
    return cux_cublas_live(handle) ? CUBLAS_STATUS_SUCCESS
                                   : CUBLAS_STATUS_NOT_INITIALIZED;
}

CUX_BLAS_EXPORT cublasStatus_t cublasSetStream_v2(cublasHandle_t handle,
                                                  cudaStream_t stream)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    handle->stream = stream;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetStream_v2(cublasHandle_t handle,
                                                  cudaStream_t *stream)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!stream)
        return CUBLAS_STATUS_INVALID_VALUE;
    *stream = handle->stream;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t
cublasGetPointerMode_v2(cublasHandle_t handle, cublasPointerMode_t *mode)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!mode)
        return CUBLAS_STATUS_INVALID_VALUE;
    *mode = handle->pointer_mode;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t
cublasSetPointerMode_v2(cublasHandle_t handle, cublasPointerMode_t mode)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (mode != CUBLAS_POINTER_MODE_HOST && mode != CUBLAS_POINTER_MODE_DEVICE)
        return CUBLAS_STATUS_INVALID_VALUE;
    handle->pointer_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetAtomicsMode(cublasHandle_t handle,
                                                    cublasAtomicsMode_t *mode)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!mode)
        return CUBLAS_STATUS_INVALID_VALUE;
    *mode = handle->atomics_mode;
    return CUBLAS_STATUS_SUCCESS;
}

/* Kept and reported; the CPU routines' results do not depend on it. */
CUX_BLAS_EXPORT cublasStatus_t cublasSetAtomicsMode(cublasHandle_t handle,
                                                    cublasAtomicsMode_t mode)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (mode != CUBLAS_ATOMICS_NOT_ALLOWED && mode != CUBLAS_ATOMICS_ALLOWED)
        return CUBLAS_STATUS_INVALID_VALUE;
    handle->atomics_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT cublasStatus_t cublasGetMathMode(cublasHandle_t handle,
                                                 cublasMath_t *mode)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!mode)
        return CUBLAS_STATUS_INVALID_VALUE;
    *mode = handle->math_mode;
    return CUBLAS_STATUS_SUCCESS;
}

/* A math mode is one of the four base modes, optionally with
 * CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION or'ed in.  Tensor-op
 * modes allow cuBLAS to compute in lower precision; OpenBLAS computes in
 * the full precision of the type, which every mode allows. */
CUX_BLAS_EXPORT cublasStatus_t cublasSetMathMode(cublasHandle_t handle,
                                                 cublasMath_t mode)
{
    if (!cux_cublas_live(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    unsigned base = (unsigned)mode &
                    ~(unsigned)CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION;
    if (base > CUBLAS_TF32_TENSOR_OP_MATH)
        return CUBLAS_STATUS_INVALID_VALUE;
    handle->math_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_BLAS_EXPORT const char *cublasGetStatusName(cublasStatus_t status)
{
    return cux_blas_status_name(status);
}

CUX_BLAS_EXPORT const char *cublasGetStatusString(cublasStatus_t status)
{
    return cux_blas_status_string(status);
}
