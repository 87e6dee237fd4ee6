/* rt_mempool.c: stream-ordered memory pools, the API.  A pool is where
 * cudaMallocAsync and cudaMallocFromPoolAsync take memory from: each
 * device has a default pool, made when first asked for, and a current
 * one (the default unless cudaDeviceSetMemPool says otherwise); programs
 * create others.  A pool caches the blocks freed into it
 * (rt_mempool_cache.c), so its reserved memory (used + cached) may exceed
 * its used memory; synchronising calls give back what is above the
 * release threshold.  Counts and device pools are under ctx.mem_lock. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

static struct CUmemPoolHandle_st *pool_new(int device)
{
    struct CUmemPoolHandle_st *p = cux_xcalloc(1, sizeof(*p));
    p->props.allocType = cudaMemAllocationTypePinned;
    p->props.location.type = cudaMemLocationTypeDevice;
    p->props.location.id = device;
    p->reuse[0] = p->reuse[1] = p->reuse[2] = 1; /* CUDA's defaults */
    return p;
}

/* The device's default pool; ctx.mem_lock held. */
static struct CUmemPoolHandle_st *default_pool(cux_rt_device *dev, int device)
{
    if (!dev->default_pool)
        dev->default_pool = pool_new(device);
    return dev->default_pool;
}

struct CUmemPoolHandle_st *cux_rt_mempool_current(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_device *dev = cux_rt_device_at(device);
    if (!dev)
        return NULL;
    pthread_mutex_lock(&ctx->mem_lock);
    struct CUmemPoolHandle_st *p = dev->current_pool ? dev->current_pool
                                                     : default_pool(dev, device);
    pthread_mutex_unlock(&ctx->mem_lock);
    return p;
}

struct CUmemPoolHandle_st *cux_rt_mempool_graph(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    /* Not cux_rt_device_at, which refuses once the runtime unloads: the
     * teardown at exit gives graph memory back here (a program may exit
     * with graphs that still hold allocations). */
    if (device < 0 || device >= ctx->n_devices)
        return NULL;
    cux_rt_device *dev = &ctx->devices[device];
    pthread_mutex_lock(&ctx->mem_lock);
    if (!dev->graph_pool)
        dev->graph_pool = pool_new(device);
    struct CUmemPoolHandle_st *p = dev->graph_pool;
    pthread_mutex_unlock(&ctx->mem_lock);
    return p;
}

/* A pool this context made and has not destroyed. */
static bool pool_live(struct CUmemPoolHandle_st *pool)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!pool)
        return false;
    bool found = false;
    pthread_mutex_lock(&ctx->mem_lock);
    for (int d = 0; d < ctx->n_devices; d++)
        found |= ctx->devices[d].default_pool == pool;
    pthread_mutex_unlock(&ctx->mem_lock);
    return found || cux_rt_obj_find(&ctx->mempools, &pool->obj, false);
}

/* A pool at reset or exit: the device's work is done, its allocations
 * were freed (cux_rt_allocs_free). */
static void pool_free(struct CUmemPoolHandle_st *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&cux_rt_ctx()->mem_lock);
    cux_rt_mempool_drop_cache(pool);
    pthread_mutex_unlock(&cux_rt_ctx()->mem_lock);
    free(pool);
}

static void release(cux_rt_obj *o)
{
    pool_free((struct CUmemPoolHandle_st *)o); /* obj is first */
}

void cux_rt_mempools_free(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_obj_free_all(&ctx->mempools, device, release);
    for (int d = 0; d < ctx->n_devices; d++) {
        if (device >= 0 && d != device)
            continue;
        pool_free(ctx->devices[d].default_pool);
        pool_free(ctx->devices[d].graph_pool);
        ctx->devices[d].default_pool = ctx->devices[d].current_pool = NULL;
        ctx->devices[d].graph_pool = NULL;
    }
}

/* ctx.lock, then mem_lock: the list of created pools, then their
 * caches. */
void cux_rt_mempools_sync(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    pthread_mutex_lock(&ctx->mem_lock);
    for (cux_rt_obj *o = ctx->mempools; o; o = o->next)
        if (device < 0 || o->device == device)
            cux_rt_mempool_sync_one((struct CUmemPoolHandle_st *)o);
    for (int d = 0; d < ctx->n_devices; d++)
        if (device < 0 || d == device)
            cux_rt_mempool_sync_one(ctx->devices[d].default_pool);
    pthread_mutex_unlock(&ctx->mem_lock);
    pthread_mutex_unlock(&ctx->lock);
}

/* The runtime entered and the device valid. */
static cudaError_t device_of(int device, cux_rt_device **out)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return err;
    *out = cux_rt_device_at(device);
    return *out ? cudaSuccess : cudaErrorInvalidDevice;
}

CUX_EXPORT cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *memPool,
                                                   int device)
{
    cux_rt_device *dev;
    cudaError_t err = device_of(device, &dev);
    if (err == cudaSuccess && !memPool)
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&cux_rt_ctx()->mem_lock);
    *memPool = default_pool(dev, device);
    pthread_mutex_unlock(&cux_rt_ctx()->mem_lock);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaDeviceGetMemPool(cudaMemPool_t *memPool, int device)
{
    cux_rt_device *dev;
    cudaError_t err = device_of(device, &dev);
    if (err == cudaSuccess && !memPool)
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    *memPool = cux_rt_mempool_current(device);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool)
{
    cux_rt_device *dev;
    cudaError_t err = device_of(device, &dev);
    if (err == cudaSuccess &&
        (!pool_live(memPool) || memPool->props.location.id != device))
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&cux_rt_ctx()->mem_lock);
    dev->current_pool = memPool;
    pthread_mutex_unlock(&cux_rt_ctx()->mem_lock);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMemPoolCreate(cudaMemPool_t *memPool,
                                         const struct cudaMemPoolProps *props)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!memPool || !props || props->allocType != cudaMemAllocationTypePinned ||
        props->location.type != cudaMemLocationTypeDevice ||
        !cux_rt_device_at(props->location.id))
        return cux_rt_ret(cudaErrorInvalidValue);
    /* Handles to share a pool with other processes cannot be made here. */
    if (props->handleTypes != cudaMemHandleTypeNone)
        return cux_rt_ret(cudaErrorNotSupported);
    struct CUmemPoolHandle_st *p = pool_new(props->location.id);
    p->props = *props;
    cux_rt_obj_add(&cux_rt_ctx()->mempools, &p->obj, props->location.id);
    *memPool = p;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    /* A device's default pool is not the program's to destroy. */
    if (!memPool || !cux_rt_obj_find(&ctx->mempools, &memPool->obj, true))
        return cux_rt_ret(cudaErrorInvalidValue);
    pthread_mutex_lock(&ctx->mem_lock);
    cux_rt_device *dev = &ctx->devices[memPool->obj.device];
    if (dev->current_pool == memPool)
        dev->current_pool = NULL; /* back to the default */
    pthread_mutex_unlock(&ctx->mem_lock);
    /* CUDA returns at once and releases the pool when its frees are done
     * and its memory is freed; waiting for those frees here is simpler
     * and differs only in time. */
    cux_rt_mempool_wait_frees(memPool);
    pthread_mutex_lock(&ctx->mem_lock);
    cux_rt_mempool_drop_cache(memPool);
    /* Memory still allocated from it keeps it until freed, as in CUDA. */
    memPool->destroyed = true;
    if (!memPool->used)
        free(memPool);
    pthread_mutex_unlock(&ctx->mem_lock);
    return cudaSuccess;
}

/* Get and set, under ctx.mem_lock.  The reuse policies are ints, the
 * sizes uint64_t; the current sizes only read, the high-water marks set
 * only to 0 (back to the current size). */
static cudaError_t attribute(struct CUmemPoolHandle_st *p,
                             enum cudaMemPoolAttr attr, void *value, bool set)
{
    uint64_t v64 = 0;
    if (set && attr >= cudaMemPoolAttrReleaseThreshold)
        memcpy(&v64, value, sizeof v64);
    switch (attr) {
    case cudaMemPoolReuseFollowEventDependencies:
    case cudaMemPoolReuseAllowOpportunistic:
    case cudaMemPoolReuseAllowInternalDependencies:
        if (set)
            memcpy(&p->reuse[attr - 1], value, sizeof(int));
        else
            memcpy(value, &p->reuse[attr - 1], sizeof(int));
        return cudaSuccess;
    case cudaMemPoolAttrReleaseThreshold:
        if (set)
            p->release_threshold = v64;
        v64 = p->release_threshold;
        break;
    case cudaMemPoolAttrReservedMemCurrent:
    case cudaMemPoolAttrUsedMemCurrent:
        if (set)
            return cudaErrorInvalidValue;
        v64 = attr == cudaMemPoolAttrUsedMemCurrent ? p->used : p->reserved;
        break;
    case cudaMemPoolAttrReservedMemHigh:
    case cudaMemPoolAttrUsedMemHigh: {
        size_t *high = attr == cudaMemPoolAttrUsedMemHigh ? &p->used_high
                                                          : &p->reserved_high;
        if (set && v64)
            return cudaErrorInvalidValue;
        if (set)
            *high = attr == cudaMemPoolAttrUsedMemHigh ? p->used
                                                       : p->reserved;
        v64 = *high;
        break;
    }
    default:
        return cudaErrorInvalidValue;
    }
    if (!set)
        memcpy(value, &v64, sizeof v64);
    return cudaSuccess;
}

static cudaError_t pool_attribute(cudaMemPool_t memPool,
                                  enum cudaMemPoolAttr attr, void *value,
                                  bool set)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return err;
    if (!value || !pool_live(memPool))
        return cudaErrorInvalidValue;
    pthread_mutex_lock(&cux_rt_ctx()->mem_lock);
    err = attribute(memPool, attr, value, set);
    pthread_mutex_unlock(&cux_rt_ctx()->mem_lock);
    return err;
}

CUX_EXPORT cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool,
                                               enum cudaMemPoolAttr attr,
                                               void *value)
{
    return cux_rt_ret(pool_attribute(memPool, attr, value, true));
}

CUX_EXPORT cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool,
                                               enum cudaMemPoolAttr attr,
                                               void *value)
{
    return cux_rt_ret(pool_attribute(memPool, attr, value, false));
}

/* "The allocator cannot release OS allocations that back outstanding
 * asynchronous allocations": only cached blocks whose frees are done go. */
CUX_EXPORT cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool,
                                         size_t minBytesToKeep)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && !pool_live(memPool))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        cux_rt_mempool_trim(memPool, minBytesToKeep);
    return cux_rt_ret(err);
}

/* A device location: its slot in a pool's access[], or -1. */
static int peer_slot(const struct cudaMemLocation *loc)
{
    if (!loc || loc->type != cudaMemLocationTypeDevice ||
        !cux_rt_device_at(loc->id))
        return -1;
    return loc->id;
}

/* "Controls visibility of pools between devices": each descriptor sets
 * one device's access.  The pool's own device always has read and write
 * access, so a descriptor for it must ask for that. */
CUX_EXPORT cudaError_t cudaMemPoolSetAccess(cudaMemPool_t memPool,
                                            const struct cudaMemAccessDesc *descList,
                                            size_t count)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!pool_live(memPool) || (count && !descList))
        return cux_rt_ret(cudaErrorInvalidValue);
    for (size_t i = 0; i < count; i++) {
        enum cudaMemAccessFlags f = descList[i].flags;
        int slot = peer_slot(&descList[i].location);
        if (slot < 0 || (f != cudaMemAccessFlagsProtNone &&
                         f != cudaMemAccessFlagsProtRead &&
                         f != cudaMemAccessFlagsProtReadWrite) ||
            (slot == memPool->props.location.id &&
             f != cudaMemAccessFlagsProtReadWrite))
            return cux_rt_ret(cudaErrorInvalidValue);
    }
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    for (size_t i = 0; i < count; i++)
        memPool->access[peer_slot(&descList[i].location)] =
            descList[i].flags;
    pthread_mutex_unlock(&ctx->mem_lock);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMemPoolGetAccess(enum cudaMemAccessFlags *flags,
                                            cudaMemPool_t memPool,
                                            struct cudaMemLocation *location)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    int slot = peer_slot(location);
    if (!flags || !pool_live(memPool) || slot < 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    *flags = slot == memPool->props.location.id
        ? cudaMemAccessFlagsProtReadWrite : memPool->access[slot];
    pthread_mutex_unlock(&ctx->mem_lock);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMallocFromPoolAsync(void **ptr, size_t size,
                                               cudaMemPool_t memPool,
                                               cudaStream_t stream)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!pool_live(memPool))
        err = cudaErrorInvalidValue;
    else
        err = cux_rt_pool_alloc(ptr, size, memPool, s);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}
