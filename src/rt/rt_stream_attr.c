/* rt_stream_attr.c: stream attributes (cudaStreamSetAttribute and its
 * kin).  Each is a hint to the GPU's L2 cache or scheduler that the CPU
 * device has no use for, so a stream keeps what it is given, checked as
 * CUDA checks it, and returns it when asked; work runs the same.  The
 * priority attribute is the stream's priority. */
#include "rt/rt.h"

#include <string.h>

/* CUDA's checks of an access policy window: a ratio in [0, 1], known
 * properties, a miss never "persisting", and no more bytes than the
 * device's cudaDevAttrMaxAccessPolicyWindowSize. */
cudaError_t cux_rt_check_window(int device,
                                const struct cudaAccessPolicyWindow *w)
{
    int max_bytes = 0;
    cudaError_t err = cudaDeviceGetAttribute(
        &max_bytes, cudaDevAttrMaxAccessPolicyWindowSize, device);
    if (err != cudaSuccess)
        return err;
    if (!(w->hitRatio >= 0.0f && w->hitRatio <= 1.0f) ||
        (unsigned)w->hitProp > cudaAccessPropertyPersisting ||
        (unsigned)w->missProp > cudaAccessPropertyStreaming ||
        w->num_bytes > (size_t)max_bytes)
        return cudaErrorInvalidValue;
    return cudaSuccess;
}

/* Checks value for attr and stores it in s (under s->lock). */
static cudaError_t set_attribute(struct CUstream_st *s, cudaStreamAttrID attr,
                                 const cudaStreamAttrValue *value)
{
    cudaError_t err = cudaSuccess;
    switch (attr) {
    case cudaStreamAttributeAccessPolicyWindow:
        err = cux_rt_check_window(s->device, &value->accessPolicyWindow);
        if (err == cudaSuccess)
            s->access_window = value->accessPolicyWindow;
        return err;
    case cudaStreamAttributeSynchronizationPolicy:
        if (value->syncPolicy < cudaSyncPolicyAuto ||
            value->syncPolicy > cudaSyncPolicyBlockingSync)
            return cudaErrorInvalidValue;
        s->sync_policy = value->syncPolicy;
        return cudaSuccess;
    case cudaStreamAttributePriority:
        s->priority = cux_rt_stream_clamp_priority(value->priority);
        return cudaSuccess;
    case cudaStreamAttributeMemSyncDomainMap:
        s->domain_map = value->memSyncDomainMap;
        return cudaSuccess;
    case cudaStreamAttributeMemSyncDomain:
        if ((unsigned)value->memSyncDomain > cudaLaunchMemSyncDomainRemote)
            return cudaErrorInvalidValue;
        s->domain = value->memSyncDomain;
        return cudaSuccess;
    default:
        return cudaErrorInvalidValue;
    }
}

CUX_EXPORT cudaError_t cudaStreamSetAttribute(cudaStream_t hStream,
                                              cudaStreamAttrID attr,
                                              const cudaStreamAttrValue *value)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && !value)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = cux_rt_stream_get(hStream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&s->lock);
    err = set_attribute(s, attr, value);
    pthread_mutex_unlock(&s->lock);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaStreamGetAttribute(cudaStream_t hStream,
                                              cudaStreamAttrID attr,
                                              cudaStreamAttrValue *value_out)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && !value_out)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = cux_rt_stream_get(hStream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cudaStreamAttrValue v;
    memset(&v, 0, sizeof v);
    pthread_mutex_lock(&s->lock);
    switch (attr) {
    case cudaStreamAttributeAccessPolicyWindow:
        v.accessPolicyWindow = s->access_window;
        break;
    case cudaStreamAttributeSynchronizationPolicy: /* unset: automatic */
        v.syncPolicy = s->sync_policy ? s->sync_policy : cudaSyncPolicyAuto;
        break;
    case cudaStreamAttributePriority:
        v.priority = s->priority;
        break;
    case cudaStreamAttributeMemSyncDomainMap:
        v.memSyncDomainMap = s->domain_map;
        break;
    case cudaStreamAttributeMemSyncDomain:
        v.memSyncDomain = s->domain;
        break;
    default:
        err = cudaErrorInvalidValue;
    }
    pthread_mutex_unlock(&s->lock);
    cux_rt_stream_release(s);
    if (err == cudaSuccess)
        *value_out = v;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaStreamCopyAttributes(cudaStream_t dst,
                                                cudaStream_t src)
{
    struct CUstream_st *d = NULL, *s = NULL;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = cux_rt_stream_get(src, &s);
    if (err == cudaSuccess)
        err = cux_rt_stream_get(dst, &d);
    if (err == cudaSuccess && d != s) {
        pthread_mutex_lock(&s->lock);
        struct cudaAccessPolicyWindow window = s->access_window;
        enum cudaSynchronizationPolicy policy = s->sync_policy;
        cudaLaunchMemSyncDomainMap map = s->domain_map;
        cudaLaunchMemSyncDomain domain = s->domain;
        int priority = s->priority;
        pthread_mutex_unlock(&s->lock);
        pthread_mutex_lock(&d->lock);
        d->access_window = window;
        d->sync_policy = policy;
        d->domain_map = map;
        d->domain = domain;
        d->priority = priority;
        pthread_mutex_unlock(&d->lock);
    }
    cux_rt_stream_release(d);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

/* No cache line persists on the CPU device: nothing to reset. */
CUX_EXPORT cudaError_t cudaCtxResetPersistingL2Cache(void)
{
    return cux_rt_ret(cux_rt_enter(NULL));
}
