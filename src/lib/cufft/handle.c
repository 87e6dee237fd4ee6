/* handle.c: cuFFT plan handles (create, destroy, stream, work area), the
 * library's version.
 *
 * A cufftHandle is an int, so the library keeps its live plans in one
 * list, its only global state besides FFTW's planner lock, and every call
 * looks its handle up there (a short locked walk; a program has a handful
 * of plans).  Handles are never reused, so a destroyed one stays
 * CUFFT_INVALID_PLAN.  A plan is reference-counted: the handle holds one
 * reference and every record queued on a stream another, so that
 * cufftDestroy or cufftSetStream while work is queued leaves the FFTW
 * plans alive until that work has run. */
#include "cufft_int.h"
#include "lib/host_compute.h"

#include <stdlib.h>

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static cux_fft_plan *live;
static cufftHandle next_id = 1;

/* Borrows: the plan stays valid while its handle is not destroyed. */
cux_fft_plan *cux_fft_find(cufftHandle handle)
{
    cux_fft_plan *found = NULL;
    pthread_mutex_lock(&live_lock);
    for (cux_fft_plan *p = live; p && !found; p = p->next_live)
        if (p->id == handle)
            found = p;
    pthread_mutex_unlock(&live_lock);
    return found;
}

void cux_fft_release(cux_fft_plan *plan)
{
    if (atomic_fetch_sub(&plan->refs, 1) != 1)
        return;
    cux_fftw_destroy(plan);
    pthread_mutex_destroy(&plan->lock);
    free(plan);
}

/* "Creates only an opaque handle, and allocates small data structures on
 * the host"; the cufftMakePlan* calls make the plan. */
CUX_FFT_EXPORT cufftResult cufftCreate(cufftHandle *handle)
{
    if (!handle)
        return CUFFT_INVALID_VALUE;
    /* A missing device fails now, as cuFFT's context would. */
    int dev;
    if (cudaGetDevice(&dev) != cudaSuccess)
        return CUFFT_SETUP_FAILED;
    if (!cux_lib_device_memory_on_host(dev, "cuFFT"))
        return CUFFT_NOT_SUPPORTED;
    cux_fft_plan *p = calloc(1, sizeof(*p));
    if (!p)
        return CUFFT_ALLOC_FAILED;
    atomic_init(&p->refs, 1);
    p->auto_alloc = true;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_lock(&live_lock);
    if (next_id <= 0)           /* after 2^31 plans: cuFFT has no answer */
        next_id = 1;
    p->id = next_id++;
    p->next_live = live;
    live = p;
    pthread_mutex_unlock(&live_lock);
    *handle = p->id;
    return CUFFT_SUCCESS;
}

static cux_fft_plan *unlink_live(cufftHandle handle)
{
    cux_fft_plan *found = NULL;
    pthread_mutex_lock(&live_lock);
    for (cux_fft_plan **p = &live; *p; p = &(*p)->next_live) {
        if ((*p)->id == handle) {
            found = *p;
            *p = found->next_live;
            break;
        }
    }
    pthread_mutex_unlock(&live_lock);
    return found;
}

/* Work already queued holds its own reference, so it still runs; the
 * records kept for captured graphs go now, as cuBLAS's do. */
CUX_FFT_EXPORT cufftResult cufftDestroy(cufftHandle plan)
{
    cux_fft_plan *p = unlink_live(plan);
    if (!p)
        return CUFFT_INVALID_PLAN;
    cux_fft_free_kept(p);
    cux_fft_release(p);
    return CUFFT_SUCCESS;
}

CUX_FFT_EXPORT cufftResult cufftSetStream(cufftHandle plan,
                                          cudaStream_t stream)
{
    cux_fft_plan *p = cux_fft_find(plan);
    if (!p)
        return CUFFT_INVALID_PLAN;
    p->stream = stream;
    return CUFFT_SUCCESS;
}

/* FFTW needs no work area of the caller's: the area is accepted, so that
 * programs written for cuFFT run unchanged, and never touched. */
CUX_FFT_EXPORT cufftResult cufftSetWorkArea(cufftHandle plan, void *workArea)
{
    cux_fft_plan *p = cux_fft_find(plan);
    if (!p)
        return CUFFT_INVALID_PLAN;
    p->work_area = workArea;
    return CUFFT_SUCCESS;
}

CUX_FFT_EXPORT cufftResult cufftSetAutoAllocation(cufftHandle plan,
                                                  int autoAllocate)
{
    cux_fft_plan *p = cux_fft_find(plan);
    if (!p)
        return CUFFT_INVALID_PLAN;
    p->auto_alloc = autoAllocate != 0;
    return CUFFT_SUCCESS;
}

CUX_FFT_EXPORT cufftResult cufftGetVersion(int *version)
{
    if (!version)
        return CUFFT_INVALID_VALUE;
    *version = CUFFT_VERSION;
    return CUFFT_SUCCESS;
}

CUX_FFT_EXPORT cufftResult cufftGetProperty(libraryPropertyType type,
                                            int *value)
{
    if (!value)
        return CUFFT_INVALID_VALUE;
    switch (type) {
    case MAJOR_VERSION: *value = CUFFT_VER_MAJOR; break;
    case MINOR_VERSION: *value = CUFFT_VER_MINOR; break;
    case PATCH_LEVEL: *value = CUFFT_VER_PATCH; break;
    default: return CUFFT_INVALID_TYPE;
    }
    return CUFFT_SUCCESS;
}
