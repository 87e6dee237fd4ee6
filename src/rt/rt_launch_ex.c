/* rt_launch_ex.c: cudaLaunchKernelExC, the launch with a configuration
 * struct and a list of launch attributes.
 *
 * The attributes are read first, each checked as CUDA checks it; what
 * they ask for is then one call of the ordinary launch path
 * (cux_rt_launch, which makes every configuration check, queues the work
 * or captures a kernel node) followed by the event records they ask for.
 * Most attributes are hints to a GPU's scheduler or L2 cache; on the one
 * in-order CPU device they change nothing, so they are validated and the
 * kernel runs as it would without them.  The device reports compute
 * capability 7.5, which has no thread block clusters. */
#include "rt/rt.h"

#include <string.h>

/* What a launch's attributes ask for beyond the hints. */
typedef struct ex_opts {
    bool cooperative;
    cudaEvent_t events[2];      /* programmatic, launch completion */
    unsigned event_flags[2];
} ex_opts;

/* A cluster shape only compute capability 9.0 can launch; 1x1x1 (and
 * 0, "unset") is a grid without clusters, which every device runs. */
static bool has_clusters(unsigned x, unsigned y, unsigned z)
{
    return x > 1 || y > 1 || z > 1;
}

/* An event a launch records: "The event supplied must not be an
 * interprocess or interop event. The event must disable timing (i.e.
 * must be created with the cudaEventDisableTiming flag set)", and its
 * flags do "not accept cudaEventRecordExternal". */
static cudaError_t check_event(cudaEvent_t handle, int flags)
{
    struct CUevent_st *e;
    if (flags != cudaEventRecordDefault)
        return cudaErrorInvalidValue;
    cudaError_t err = cux_rt_event_get(handle, &e);
    if (err != cudaSuccess)
        return err;
    if (!(e->flags & cudaEventDisableTiming) ||
        (e->flags & cudaEventInterprocess))
        err = cudaErrorInvalidValue;
    cux_rt_event_release(e);
    return err;
}

static cudaError_t check_window(const struct cudaAccessPolicyWindow *w)
{
    int device = 0;
    cudaError_t err = cudaGetDevice(&device);
    return err == cudaSuccess ? cux_rt_check_window(device, w) : err;
}

/* Attributes that only steer a GPU's scheduler or caches. */
static cudaError_t check_hint(const cudaLaunchAttribute *a)
{
    const cudaLaunchAttributeValue *v = &a->val;
    switch (a->id) {
    case cudaLaunchAttributeAccessPolicyWindow:
        return check_window(&v->accessPolicyWindow);
    case cudaLaunchAttributeSynchronizationPolicy:
        return v->syncPolicy >= cudaSyncPolicyAuto &&
               v->syncPolicy <= cudaSyncPolicyBlockingSync ?
               cudaSuccess : cudaErrorInvalidValue;
    case cudaLaunchAttributeClusterSchedulingPolicyPreference:
        return (unsigned)v->clusterSchedulingPolicyPreference <=
               cudaClusterSchedulingPolicyLoadBalancing ?
               cudaSuccess : cudaErrorInvalidValue;
    case cudaLaunchAttributeMemSyncDomain:
        return (unsigned)v->memSyncDomain <= cudaLaunchMemSyncDomainRemote ?
               cudaSuccess : cudaErrorInvalidValue;
    case cudaLaunchAttributePreferredSharedMemoryCarveout:
        /* A percentage, or cudaSharedmemCarveoutDefault (-1). */
        return v->sharedMemCarveout <= 100 ||
               v->sharedMemCarveout == (unsigned)-1 ?
               cudaSuccess : cudaErrorInvalidValue;
    case cudaLaunchAttributeNvlinkUtilCentricScheduling:
        /* "Valid values ... are 0 (disabled) and 1 (enabled)." */
        return v->nvlinkUtilCentricScheduling <= 1 ?
               cudaSuccess : cudaErrorInvalidValue;
    default: /* Ignore, ProgrammaticStreamSerialization, MemSyncDomainMap:
              * any value; the CPU device runs a stream's kernels one
              * after another, which every such setting allows. */
        return cudaSuccess;
    }
}

/* Checks one attribute and notes in o what it asks for. */
static cudaError_t read_attr(const cudaLaunchAttribute *a, ex_opts *o)
{
    const cudaLaunchAttributeValue *v = &a->val;
    switch (a->id) {
    case cudaLaunchAttributeCooperative:
        o->cooperative = v->cooperative != 0;
        return cudaSuccess;
    case cudaLaunchAttributePriority:
        /* Clamped into the stream priority range, as CUDA clamps; one
         * in-order CPU device has nothing to run first. */
        (void)cux_rt_stream_clamp_priority(v->priority);
        return cudaSuccess;
    case cudaLaunchAttributeClusterDimension:
        return has_clusters(v->clusterDim.x, v->clusterDim.y,
                            v->clusterDim.z) ? cudaErrorNotSupported
                                             : cudaSuccess;
    case cudaLaunchAttributePreferredClusterDimension:
        return has_clusters(v->preferredClusterDim.x, v->preferredClusterDim.y,
                            v->preferredClusterDim.z) ? cudaErrorNotSupported
                                                      : cudaSuccess;
    case cudaLaunchAttributeProgrammaticEvent:
        o->events[0] = v->programmaticEvent.event;
        o->event_flags[0] = (unsigned)v->programmaticEvent.flags;
        return check_event(v->programmaticEvent.event,
                           v->programmaticEvent.flags);
    case cudaLaunchAttributeLaunchCompletionEvent:
        o->events[1] = v->launchCompletionEvent.event;
        o->event_flags[1] = (unsigned)v->launchCompletionEvent.flags;
        return check_event(v->launchCompletionEvent.event,
                           v->launchCompletionEvent.flags);
    case cudaLaunchAttributeDeviceUpdatableKernelNode:
        if (!v->deviceUpdatableKernelNode.deviceUpdatable)
            return cudaSuccess;
        cux_log("cudaLaunchKernelExC: "
                "cudaLaunchAttributeDeviceUpdatableKernelNode "
                "is not supported");
        return cudaErrorNotSupported;
    case cudaLaunchAttributeIgnore:
    case cudaLaunchAttributeAccessPolicyWindow:
    case cudaLaunchAttributeSynchronizationPolicy:
    case cudaLaunchAttributeClusterSchedulingPolicyPreference:
    case cudaLaunchAttributeProgrammaticStreamSerialization:
    case cudaLaunchAttributeMemSyncDomainMap:
    case cudaLaunchAttributeMemSyncDomain:
    case cudaLaunchAttributePreferredSharedMemoryCarveout:
    case cudaLaunchAttributeNvlinkUtilCentricScheduling:
        return check_hint(a);
    default:
        return cudaErrorInvalidValue;
    }
}

static cudaError_t read_attrs(const cudaLaunchConfig_t *config, ex_opts *o)
{
    memset(o, 0, sizeof *o);
    /* "The value of this pointer is not considered if
     * config->numAttrs is zero." */
    if (config->numAttrs && !config->attrs)
        return cudaErrorInvalidValue;
    for (unsigned i = 0; i < config->numAttrs; i++) {
        cudaError_t err = read_attr(&config->attrs[i], o);
        if (err != cudaSuccess)
            return err;
    }
    return cudaSuccess;
}

/* Both event attributes may be recorded once the kernel is complete: a
 * programmatic event "is guaranteed to only trigger after all blocks in
 * the associated kernel trigger the event", and a completion event is
 * best effort ("B may wait until A is complete").  Recording after the
 * launch in the same stream does that, and under capture it becomes the
 * same event-record dependency as cudaEventRecord. */
static cudaError_t record_events(const ex_opts *o, cudaStream_t stream)
{
    for (int i = 0; i < 2; i++) {
        if (!o->events[i])
            continue;
        cudaError_t err = cudaEventRecordWithFlags(o->events[i], stream,
                                                   o->event_flags[i]);
        if (err != cudaSuccess)
            return err;
    }
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaLaunchKernelExC(const cudaLaunchConfig_t *config,
                                           const void *func, void **args)
{
    ex_opts o;
    if (!config)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = read_attrs(config, &o);
    if (err == cudaSuccess)
        err = cux_rt_launch(func, config->gridDim, config->blockDim, args,
                            config->dynamicSmemBytes, config->stream,
                            o.cooperative);
    if (err == cudaSuccess)
        err = record_events(&o, config->stream);
    return cux_rt_ret(err);
}
