/* ocl_lanes.c: the OpenCL device's command queues, so that the work of
 * different CUDA streams runs on the device at once.
 *
 * The runtime owns asynchrony (dev/device.h): each stream's worker
 * thread calls the device in stream order, and every call runs to
 * completion.  So a stream is in order as long as each call finishes its
 * own commands before it returns, whichever queue it used; what
 * concurrency needs is that calls in flight at the same time do not
 * share a queue, or a lock held while their commands run.  A call that
 * enqueues work therefore takes a lane, an in-order queue that is its
 * own until it gives it back, and finishes it before it does: a CUDA
 * stream with work on the device is one in-order queue, and the streams'
 * kernels and copies overlap as far as the driver runs commands of
 * several queues at once (PoCL's CPU device does, one work-group per
 * core).  A pool rather than a queue per thread: lanes are made only as
 * calls overlap, outlive no thread, and are freed with the device.
 *
 * A lane also carries the service areas a kernel writes during its run
 * (the fault record, printf's records): the host reads them after the
 * kernel, and a kernel of another stream running meanwhile must not
 * write into them, or its fault or output would be reported as this
 * one's.  Kernels find their lane's areas through the global work
 * offset (ocl_device.h).  What all kernels share on purpose (the
 * clock, the malloc heap, the windows) is opencl_device.c's to say.
 *
 * Holding a lane is also what lets a call use OpenCL outside the device
 * lock (a program's build uses no queue, but holds one): the exit
 * handler waits until every lane is back before it closes the device. */
#include "dev/opencl/ocl_device.h"

#include <stdlib.h>

/* A new lane: its queue, and its areas in the arena with their headers
 * cleared (the fault record, printf's counts).  Caller holds the device
 * lock. */
static ocl_lane *lane_new(ocl_device *o)
{
    const cux_ocl_api *api = &o->api;
    ocl_lane *l = cux_xcalloc(1, sizeof *l);
    cl_int err;
    l->dev = o;
    l->queue = api->clCreateCommandQueue(o->ctx, o->id, 0, &err);
    if (err != CL_SUCCESS) {
        free(l);
        return NULL;
    }
    if (cux_ocl_heap_alloc(&o->heap, CUX_OCL_LANE_BYTES, &l->area)) {
        err = api->clEnqueueFillBuffer(l->queue, o->arena, "", 1, l->area,
                                       CUX_OCL_LANE_SVC + 16, 0, NULL, NULL);
        if (err == CL_SUCCESS)
            err = api->clFinish(l->queue);
        if (err == CL_SUCCESS)
            return l;
        cux_ocl_heap_free(&o->heap, l->area);
    }
    api->clReleaseCommandQueue(l->queue);
    free(l);
    return NULL;
}

/* An idle lane, or a new one while there may be more; NULL if neither.
 * Caller holds the device lock. */
static ocl_lane *idle_lane(ocl_device *o)
{
    for (uint32_t i = 0; i < o->n_lanes; i++)
        if (!o->lanes[i]->busy)
            return o->lanes[i];
    if (o->n_lanes == CUX_OCL_MAX_LANES)
        return NULL;
    ocl_lane *l = lane_new(o);
    if (l)
        o->lanes[o->n_lanes++] = l;
    return l;
}

cudaError_t cux_ocl_lane_take(ocl_device *o, ocl_lane **out)
{
    ocl_lane *l = NULL;
    pthread_mutex_lock(&o->lock);
    /* all lanes held (or no room for another): one comes back when its
     * call ends, which needs nothing of this one */
    while (!o->closing && !(l = idle_lane(o)) && o->n_busy)
        pthread_cond_wait(&o->lane_free, &o->lock);
    if (l) {
        l->busy = true;
        o->n_busy++;
    }
    bool closing = o->closing;
    pthread_mutex_unlock(&o->lock);
    *out = l;
    if (l)
        return cudaSuccess;
    if (closing)
        return cudaErrorCudartUnloading;
    cux_log("OpenCL device %d: no command queue for the call (the driver "
            "made none, or the arena has no room for its service areas)",
            o->base.ordinal);
    return cudaErrorMemoryAllocation;
}

void cux_ocl_lane_give(ocl_lane *l)
{
    ocl_device *o = l->dev;
    pthread_mutex_lock(&o->lock);
    l->busy = false;
    o->n_busy--;
    /* both a call waiting for a lane and lanes_close wait here */
    pthread_cond_broadcast(&o->lane_free);
    pthread_mutex_unlock(&o->lock);
}

void cux_ocl_lanes_close(ocl_device *o)
{
    pthread_mutex_lock(&o->lock);
    o->closing = true;
    pthread_cond_broadcast(&o->lane_free);
    while (o->n_busy)
        pthread_cond_wait(&o->lane_free, &o->lock);
    pthread_mutex_unlock(&o->lock);
}

/* The driver's objects are left alone once closing: it is being torn
 * down.  The areas go with the arena's heap. */
void cux_ocl_lanes_destroy(ocl_device *o)
{
    for (uint32_t i = 0; i < o->n_lanes; i++) {
        if (!o->closing)
            o->api.clReleaseCommandQueue(o->lanes[i]->queue);
        free(o->lanes[i]);
    }
    o->n_lanes = 0;
}
