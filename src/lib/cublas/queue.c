/* queue.c: how a cuBLAS call reaches its stream.  The entry point checks
 * its arguments, copies them into a heap record and enqueues the record
 * with cudaLaunchHostFunc on the handle's stream; the stream's worker
 * runs the OpenBLAS routine after the kernels queued before it and
 * before those queued after, which is the order cuBLAS promises.  The
 * record is freed when it has run, except while the stream is being
 * captured: a graph may run the host node many times, so the record then
 * lives until cublasDestroy. */
#include "cublas_int.h"

#include <stdlib.h>
#include <string.h>

cux_cublas_job *cux_cublas_job_new(void (*run)(const cux_cublas_job *),
                                   cux_blas_kind kind)
{
    cux_cublas_job *j = calloc(1, sizeof(*j));
    if (j) {
        j->run = run;
        j->kind = kind;
    }
    return j;
}

size_t cux_blas_size(cux_blas_kind kind)
{
    static const size_t size[] = {4, 8, 8, 16};
    return size[kind];
}

void cux_cublas_take(cublasHandle_t handle, cux_cublas_scalar *s,
                     const void *value, size_t size)
{
    if (handle->pointer_mode == CUBLAS_POINTER_MODE_DEVICE) {
        s->device = value;
        return;
    }
    memcpy(s->value, value, size);
    s->device = NULL;
}

const void *cux_cublas_scalar_get(const cux_cublas_scalar *s)
{
    return s->device ? s->device : s->value;
}

static void CUDART_CB run_job(void *p)
{
    cux_cublas_job *j = p;
    j->run(j);
    if (!j->keep)
        cux_cublas_job_free(j);
}

void cux_cublas_job_free(cux_cublas_job *job)
{
    free(job->scratch);
    free(job);
}

/* Takes ownership of job.  A record that cannot be enqueued is freed:
 * the call fails with CUBLAS_STATUS_EXECUTION_FAILED, cuBLAS's status
 * for "the function failed to launch on the GPU". */
cublasStatus_t cux_cublas_enqueue(cublasHandle_t handle, cux_cublas_job *job)
{
    enum cudaStreamCaptureStatus cap = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(handle->stream, &cap) != cudaSuccess)
        cap = cudaStreamCaptureStatusNone;
    /* Once enqueued, a record not kept may already have run and been
     * freed by the stream's worker: decide from a copy. */
    bool keep = job->keep = cap == cudaStreamCaptureStatusActive;
    if (cudaLaunchHostFunc(handle->stream, run_job, job) != cudaSuccess) {
        cux_cublas_job_free(job);
        return CUBLAS_STATUS_EXECUTION_FAILED;
    }
    if (keep) {
        pthread_mutex_lock(&handle->lock);
        job->next_kept = handle->kept;
        handle->kept = job;
        pthread_mutex_unlock(&handle->lock);
    }
    return CUBLAS_STATUS_SUCCESS;
}

/* The end of most entry points, which fill the record before they know
 * whether the call is valid: takes ownership of job, frees it when st is
 * not success or there is nothing to do (a zero size), else enqueues it. */
cublasStatus_t cux_cublas_submit(cublasHandle_t handle, cux_cublas_job *job,
                                 cublasStatus_t st, bool nothing)
{
    if (st != CUBLAS_STATUS_SUCCESS || nothing) {
        cux_cublas_job_free(job);
        return st;
    }
    return cux_cublas_enqueue(handle, job);
}

/* For the reductions (dot, nrm2, asum, amax, amin): "if the result is
 * in host memory the call is blocking", cuBLAS's pointer-mode rule, so
 * the caller may read it when the call returns. */
cublasStatus_t cux_cublas_enqueue_result(cublasHandle_t handle,
                                         cux_cublas_job *job)
{
    cublasStatus_t st = cux_cublas_enqueue(handle, job);
    if (st != CUBLAS_STATUS_SUCCESS ||
        handle->pointer_mode != CUBLAS_POINTER_MODE_HOST)
        return st;
    return cudaStreamSynchronize(handle->stream) == cudaSuccess
               ? CUBLAS_STATUS_SUCCESS
               : CUBLAS_STATUS_EXECUTION_FAILED;
}

void cux_cublas_free_kept(cublasHandle_t handle)
{
    while (handle->kept) {
        cux_cublas_job *j = handle->kept;
        handle->kept = j->next_kept;
        cux_cublas_job_free(j);
    }
}

/* cuBLAS's enums to CBLAS's; false for a value cuBLAS refuses with
 * CUBLAS_STATUS_INVALID_VALUE (CUBLAS_OP_CONJG is not a BLAS operation). */
bool cux_cublas_op(cublasOperation_t op, enum CBLAS_TRANSPOSE *out)
{
    switch (op) {
    case CUBLAS_OP_N: *out = CblasNoTrans; return true;
    case CUBLAS_OP_T: *out = CblasTrans; return true;
    case CUBLAS_OP_C: *out = CblasConjTrans; return true;
    default: return false;
    }
}

bool cux_cublas_uplo(cublasFillMode_t uplo, enum CBLAS_UPLO *out)
{
    if (uplo != CUBLAS_FILL_MODE_LOWER && uplo != CUBLAS_FILL_MODE_UPPER)
        return false;
    *out = uplo == CUBLAS_FILL_MODE_LOWER ? CblasLower : CblasUpper;
    return true;
}

bool cux_cublas_side(cublasSideMode_t side, enum CBLAS_SIDE *out)
{
    if (side != CUBLAS_SIDE_LEFT && side != CUBLAS_SIDE_RIGHT)
        return false;
    *out = side == CUBLAS_SIDE_LEFT ? CblasLeft : CblasRight;
    return true;
}

bool cux_cublas_diag(cublasDiagType_t diag, enum CBLAS_DIAG *out)
{
    if (diag != CUBLAS_DIAG_NON_UNIT && diag != CUBLAS_DIAG_UNIT)
        return false;
    *out = diag == CUBLAS_DIAG_UNIT ? CblasUnit : CblasNonUnit;
    return true;
}
