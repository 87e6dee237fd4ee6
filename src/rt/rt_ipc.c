/* rt_ipc.c: interprocess handles (cudaIpc*), which cux does not support.
 *
 * CUDA exports device memory and events to other processes through the
 * driver; cux's device memory is ordinary memory of this process and its
 * events live in its runtime, so no handle could be opened in another
 * process.  Each call therefore makes CUDA's argument checks and then
 * returns cudaErrorNotSupported, which CUDA documents for these calls
 * where the platform has no IPC; nothing is written to a handle and no
 * call pretends to succeed.  cudaDevAttrIpcEventSupport is 0 to match. */
#include "rt/rt.h"

/* "This event must have been created with the cudaEventInterprocess and
 * cudaEventDisableTiming flags set"; a handle that is no live event is
 * cudaErrorInvalidResourceHandle, as for every event call. */
CUX_EXPORT cudaError_t cudaIpcGetEventHandle(cudaIpcEventHandle_t *handle,
                                             cudaEvent_t event)
{
    struct CUevent_st *e;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!handle)
        return cux_rt_ret(cudaErrorInvalidValue);
    if ((err = cux_rt_event_get(event, &e)) != cudaSuccess)
        return cux_rt_ret(err);
    cux_rt_event_release(e);
    return cux_rt_ret(cudaErrorNotSupported);
}

CUX_EXPORT cudaError_t cudaIpcOpenEventHandle(cudaEvent_t *event,
                                              cudaIpcEventHandle_t handle)
{
    (void)handle;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!event)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cux_rt_ret(cudaErrorNotSupported);
}

/* devPtr is the "base pointer to previously allocated device memory"
 * (cudaMalloc's): anything else is cudaErrorInvalidValue. */
CUX_EXPORT cudaError_t cudaIpcGetMemHandle(cudaIpcMemHandle_t *handle,
                                           void *devPtr)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!handle || !cux_rt_alloc_find(devPtr, &a) ||
        a.kind != CUX_RT_MEM_DEVICE || a.base != (char *)devPtr)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cux_rt_ret(cudaErrorNotSupported);
}

/* flags: 0 or cudaIpcMemLazyEnablePeerAccess. */
CUX_EXPORT cudaError_t cudaIpcOpenMemHandle(void **devPtr,
                                            cudaIpcMemHandle_t handle,
                                            unsigned int flags)
{
    (void)handle;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!devPtr || (flags & ~(unsigned)cudaIpcMemLazyEnablePeerAccess))
        return cux_rt_ret(cudaErrorInvalidValue);
    return cux_rt_ret(cudaErrorNotSupported);
}

/* Nothing can have been opened, so there is nothing to close. */
CUX_EXPORT cudaError_t cudaIpcCloseMemHandle(void *devPtr)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!devPtr)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cux_rt_ret(cudaErrorNotSupported);
}
