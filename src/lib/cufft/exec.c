/* exec.c: cufftExec* and how an execution reaches its stream.  The entry
 * point checks its arguments, finds or makes the FFTW plan for these
 * arrays (fftw.c), copies what the execution needs into a heap record
 * and enqueues it with cudaLaunchHostFunc on the plan's stream; the
 * stream's worker runs the transform after the kernels queued before it
 * and before those queued after, which is the order cuFFT promises.  The
 * record holds a reference to the plan and is freed when it has run,
 * except while the stream is being captured: a graph may run the host
 * node many times, so the record then lives until cufftDestroy. */
#include "cufft_int.h"

#include <stdlib.h>

static void job_free(cux_fft_job *j)
{
    if (j->plan)
        cux_fft_release(j->plan);
    fftw_free(j->copy);
    free(j);
}

static void CUDART_CB run_job(void *arg)
{
    cux_fft_job *j = arg;
    cux_fftw_execute(j);
    if (!j->keep)
        job_free(j);
}

void cux_fft_free_kept(cux_fft_plan *p)
{
    pthread_mutex_lock(&p->lock);
    cux_fft_job *j = p->kept;
    p->kept = NULL;
    pthread_mutex_unlock(&p->lock);
    while (j) {
        cux_fft_job *next = j->next_kept;
        job_free(j);
        j = next;
    }
}

/* Takes ownership of j.  A record that cannot be enqueued is freed and
 * the call fails with CUFFT_EXEC_FAILED, "cuFFT failed to execute the
 * transform on the GPU". */
static cufftResult enqueue(cux_fft_plan *p, cux_fft_job *j)
{
    enum cudaStreamCaptureStatus cap = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(p->stream, &cap) != cudaSuccess)
        cap = cudaStreamCaptureStatusNone;
    /* Once enqueued, a record not kept may already have run and been
     * freed by the stream's worker: decide from a copy. */
    bool keep = j->keep = cap == cudaStreamCaptureStatusActive;
    if (cudaLaunchHostFunc(p->stream, run_job, j) != cudaSuccess) {
        job_free(j);
        return CUFFT_EXEC_FAILED;
    }
    if (keep) {
        pthread_mutex_lock(&p->lock);
        j->next_kept = p->kept;
        p->kept = j;
        pthread_mutex_unlock(&p->lock);
    }
    return CUFFT_SUCCESS;
}

/* The checks every cufftExec* makes: "CUFFT_INVALID_PLAN: The plan
 * parameter is not a valid handle" (never made, or destroyed);
 * "CUFFT_INVALID_VALUE: At least one of the parameters idata, odata, and
 * direction is not valid".  A plan of another type than the function's
 * is CUFFT_INVALID_VALUE too: the documentation names no status for it,
 * and the arrays are not of the plan's types. */
cufftResult cux_fft_exec(cufftHandle handle, cufftType type, void *in,
                         void *out, int sign)
{
    cux_fft_plan *p = cux_fft_find(handle);
    if (!p || !p->made)
        return CUFFT_INVALID_PLAN;
    if (p->s.type != type || !in || !out)
        return CUFFT_INVALID_VALUE;
    if ((type == CUFFT_C2C || type == CUFFT_Z2Z) &&
        sign != CUFFT_FORWARD && sign != CUFFT_INVERSE)
        return CUFFT_INVALID_VALUE;
    cux_fft_job *j = calloc(1, sizeof(*j));
    if (!j)
        return CUFFT_ALLOC_FAILED;
    cufftResult r = cux_fftw_get(p, in, out, sign, &j->fftw, &j->staged);
    if (r == CUFFT_SUCCESS && j->staged && !(j->copy = fftw_malloc(j->staged)))
        r = CUFFT_ALLOC_FAILED;
    if (r != CUFFT_SUCCESS) {
        job_free(j);
        return r;
    }
    atomic_fetch_add(&p->refs, 1);
    j->plan = p;
    j->type = type;
    j->in = in;
    j->out = out;
    return enqueue(p, j);
}

CUX_FFT_EXPORT cufftResult cufftExecC2C(cufftHandle plan, cufftComplex *idata,
                                        cufftComplex *odata, int direction)
{
    return cux_fft_exec(plan, CUFFT_C2C, idata, odata, direction);
}

/* The real transforms have an implied direction: R2C forward, C2R
 * inverse. */
CUX_FFT_EXPORT cufftResult cufftExecR2C(cufftHandle plan, cufftReal *idata,
                                        cufftComplex *odata)
{
    return cux_fft_exec(plan, CUFFT_R2C, idata, odata, CUFFT_FORWARD);
}

CUX_FFT_EXPORT cufftResult cufftExecC2R(cufftHandle plan, cufftComplex *idata,
                                        cufftReal *odata)
{
    return cux_fft_exec(plan, CUFFT_C2R, idata, odata, CUFFT_INVERSE);
}

CUX_FFT_EXPORT cufftResult cufftExecZ2Z(cufftHandle plan,
                                        cufftDoubleComplex *idata,
                                        cufftDoubleComplex *odata,
                                        int direction)
{
    return cux_fft_exec(plan, CUFFT_Z2Z, idata, odata, direction);
}

CUX_FFT_EXPORT cufftResult cufftExecD2Z(cufftHandle plan,
                                        cufftDoubleReal *idata,
                                        cufftDoubleComplex *odata)
{
    return cux_fft_exec(plan, CUFFT_D2Z, idata, odata, CUFFT_FORWARD);
}

CUX_FFT_EXPORT cufftResult cufftExecZ2D(cufftHandle plan,
                                        cufftDoubleComplex *idata,
                                        cufftDoubleReal *odata)
{
    return cux_fft_exec(plan, CUFFT_Z2D, idata, odata, CUFFT_INVERSE);
}
