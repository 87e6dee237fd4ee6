/* rt_memory.c: allocation calls (device, pinned host, managed, pitched,
 * stream-ordered), host registration and pointer attributes.
 *
 * Every range the runtime hands out or is told about is kept in one table
 * sorted by base address, so any pointer, even one inside an allocation,
 * resolves by bisection: that answers cudaPointerGetAttributes and lets
 * cudaFree refuse pointers it did not allocate instead of crashing. */
#include "rt/rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Index of the last entry with base <= ptr, or -1.  Caller holds
 * mem_lock. */
static long lower(cux_rt_context *ctx, const void *ptr)
{
    long lo = 0, hi = (long)ctx->allocs_len - 1, found = -1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if ((const char *)ctx->allocs[mid].base <= (const char *)ptr) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

static bool contains(const cux_rt_alloc *a, const void *ptr)
{
    const char *p = ptr;
    return p >= a->base && (p < a->base + a->size || p == a->base);
}

bool cux_rt_alloc_find(const void *ptr, cux_rt_alloc *out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    long i = lower(ctx, ptr);
    bool found = i >= 0 && contains(&ctx->allocs[i], ptr);
    if (found && out)
        *out = ctx->allocs[i];
    pthread_mutex_unlock(&ctx->mem_lock);
    return found;
}

static void alloc_add(void *base, size_t size, int kind, int device,
                      unsigned flags, struct CUmemPoolHandle_st *pool)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    if (ctx->allocs_len == ctx->allocs_cap) {
        ctx->allocs_cap = ctx->allocs_cap ? ctx->allocs_cap * 2 : 64;
        ctx->allocs = cux_xrealloc(ctx->allocs,
                                   ctx->allocs_cap * sizeof(cux_rt_alloc));
    }
    long at = lower(ctx, base) + 1;
    memmove(&ctx->allocs[at + 1], &ctx->allocs[at],
            (ctx->allocs_len - (size_t)at) * sizeof(cux_rt_alloc));
    ctx->allocs[at] = (cux_rt_alloc){base, size, kind, device, flags, pool,
                                     NULL};
    ctx->allocs_len++;
    pthread_mutex_unlock(&ctx->mem_lock);
}

void cux_rt_alloc_add(void *base, size_t size, int kind, int device,
                      unsigned flags)
{
    alloc_add(base, size, kind, device, flags, NULL);
}

void cux_rt_alloc_add_graph(struct cux_rt_graph_mem *g)
{
    cux_rt_context *ctx = cux_rt_ctx();
    alloc_add(g->base, g->size, CUX_RT_MEM_DEVICE, g->device, 0, NULL);
    pthread_mutex_lock(&ctx->mem_lock);
    ctx->allocs[lower(ctx, g->base)].gmem = g;
    pthread_mutex_unlock(&ctx->mem_lock);
}

/* Removes the entry starting exactly at base whose kind is in `kinds`
 * (a bit set of 1 << CUX_RT_MEM_*); false if there is none. */
static bool alloc_take(const void *base, unsigned kinds, cux_rt_alloc *out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    long i = lower(ctx, base);
    bool ok = i >= 0 && ctx->allocs[i].base == base &&
              (kinds & (1u << ctx->allocs[i].kind));
    if (ok) {
        *out = ctx->allocs[i];
        memmove(&ctx->allocs[i], &ctx->allocs[i + 1],
                (ctx->allocs_len - (size_t)i - 1) * sizeof(cux_rt_alloc));
        ctx->allocs_len--;
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    return ok;
}

void cux_rt_alloc_remove(const void *base, int kind)
{
    cux_rt_alloc a;
    alloc_take(base, 1u << kind, &a);
}

void cux_rt_host_memory_visible(void *base, size_t size, bool visible)
{
    cux_rt_context *ctx = cux_rt_ctx();
    for (int d = 0; d < ctx->n_devices; d++) {
        cux_device *dev = ctx->devices[d].dev;
        if (dev && dev->ops->host_memory_visible)
            dev->ops->host_memory_visible(dev, base, size, visible);
    }
}

static void release(const cux_rt_alloc *a)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_device *dev = ctx->devices[a->device].dev;
    if (a->kind == CUX_RT_MEM_HOST || a->kind == CUX_RT_MEM_REGISTERED)
        cux_rt_host_memory_visible(a->base, a->size, false);
    if (a->kind == CUX_RT_MEM_MANAGED) /* a later allocation there starts
                                          without advice */
        cux_rt_hints_forget(a->base, a->size);
    if (a->kind == CUX_RT_MEM_DEVICE || a->kind == CUX_RT_MEM_MANAGED)
        dev->ops->mem_free(dev, a->base);
    else if (a->kind == CUX_RT_MEM_HOST)
        free(a->base);
}

void cux_rt_allocs_free(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < ctx->allocs_len; i++) {
        cux_rt_alloc a = ctx->allocs[i];
        if (device >= 0 && a.device != device) {
            ctx->allocs[kept++] = a;
            continue;
        }
        /* Graph allocations belong to their records
         * (cux_rt_graph_mems_free). */
        if (ctx->devices[a.device].dev && !a.gmem)
            release(&a);
        if (a.pool) /* a destroyed pool goes with its last allocation */
            cux_rt_mempool_forget(a.pool, a.size);
    }
    ctx->allocs_len = kept;
    if (!kept) {
        free(ctx->allocs);
        ctx->allocs = NULL;
        ctx->allocs_cap = 0;
    }
    pthread_mutex_unlock(&ctx->mem_lock);
}

/* Device memory ---------------------------------------------------------- */

static cudaError_t device_alloc(void **ptr, size_t size, int kind,
                                unsigned flags)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    /* Allocation is not stream ordered, so a capture would miss it. */
    if (err == cudaSuccess)
        err = cux_rt_capture_unsafe();
    if (err != cudaSuccess)
        return err;
    if (!ptr)
        return cudaErrorInvalidValue;
    *ptr = NULL;
    if (size == 0) /* CUDA returns success and a NULL pointer */
        return cudaSuccess;
    cux_mem_access access = kind == CUX_RT_MEM_MANAGED ? CUX_MEM_HOST_TOO
                                                       : CUX_MEM_DEVICE_ONLY;
    err = dev->dev->ops->mem_alloc(dev->dev, size, access, ptr);
    if (err != cudaSuccess)
        return err;
    alloc_add(*ptr, size, kind, dev->dev->ordinal, flags, NULL);
    return cudaSuccess;
}


/* Stream-ordered allocation: the pool (rt_mempool_cache.c) gives a block,
 * perhaps one freed before, within its maxSize; the table lists it from
 * now until its free. */
cudaError_t cux_rt_pool_alloc(void **ptr, size_t size,
                              struct CUmemPoolHandle_st *pool,
                              struct CUstream_st *s)
{
    bool capturing = false;
    if (!ptr)
        return cudaErrorInvalidValue;
    *ptr = NULL;
    if (size == 0) /* as cudaMalloc: success and a NULL pointer */
        return cudaSuccess;
    cudaError_t err = cux_rt_capture_check(s, &capturing);
    if (err != cudaSuccess)
        return err;
    if (capturing) { /* an allocation node, its address fixed now */
        cux_rt_node *n;
        err = cux_rt_node_mem_alloc(pool->props.location.id, size,
                                    &pool->props, ptr, &n);
        if (err == cudaSuccess)
            err = cux_rt_capture_node(s, n);
        if (err != cudaSuccess)
            *ptr = NULL;
        return err;
    }
    err = cux_rt_mempool_get(pool, size, s, ptr);
    if (err == cudaSuccess)
        alloc_add(*ptr, size, CUX_RT_MEM_DEVICE, pool->props.location.id, 0,
                  pool);
    return err;
}

CUX_EXPORT cudaError_t cudaMalloc(void **devPtr, size_t size)
{
    return cux_rt_ret(device_alloc(devPtr, size, CUX_RT_MEM_DEVICE, 0));
}

CUX_EXPORT cudaError_t cudaMallocManaged(void **devPtr, size_t size,
                                         unsigned int flags)
{
    /* "cudaErrorInvalidValue: size is 0 or flags is neither
     * cudaMemAttachGlobal nor cudaMemAttachHost". */
    if (size == 0 ||
        (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost))
        return cux_rt_ret(cudaErrorInvalidValue);
    /* "cudaErrorNotSupported" where the device has no managed memory
     * (managedMemory 0: an OpenCL device the host cannot address) */
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && !dev->prop.managedMemory)
        err = cudaErrorNotSupported;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    return cux_rt_ret(device_alloc(devPtr, size, CUX_RT_MEM_MANAGED, flags));
}

CUX_EXPORT cudaError_t cudaFree(void *devPtr)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    /* cudaFree synchronises the device: unsafe during capture. */
    if (err == cudaSuccess && devPtr)
        err = cux_rt_capture_unsafe();
    if (err != cudaSuccess || !devPtr)
        return cux_rt_ret(err);
    unsigned kinds = 1u << CUX_RT_MEM_DEVICE | 1u << CUX_RT_MEM_MANAGED;
    if (!alloc_take(devPtr, kinds, &a))
        return cux_rt_ret(cudaErrorInvalidValue);
    /* cudaFree synchronises: kernels still running may use the memory,
     * peers' kernels too (every device reaches every other's). */
    cux_rt_sync_device(cux_rt_ctx()->n_devices > 1 ? -1 : a.device);
    if (a.gmem) /* a graph's allocation, freed outside the graph */
        cux_rt_graph_mem_freed(a.gmem, NULL);
    /* cudaFree of stream-ordered memory is allowed: back to its pool. */
    else if (!a.pool || !cux_rt_mempool_put(a.pool, a.base, a.size, NULL))
        release(&a);
    return cux_rt_ret(cux_rt_sticky());
}

static size_t pitch_for(size_t width)
{
    const size_t align = 512; /* cudaDeviceProp.texturePitchAlignment * 16 */
    return (width + align - 1) / align * align;
}

CUX_EXPORT cudaError_t cudaMallocPitch(void **devPtr, size_t *pitch,
                                       size_t width, size_t height)
{
    if (!pitch || !devPtr)
        return cux_rt_ret(cudaErrorInvalidValue);
    *pitch = pitch_for(width);
    return cux_rt_ret(device_alloc(devPtr, *pitch * height,
                                   CUX_RT_MEM_DEVICE, 0));
}

CUX_EXPORT cudaError_t cudaMalloc3D(struct cudaPitchedPtr *pitchedDevPtr,
                                    struct cudaExtent extent)
{
    if (!pitchedDevPtr)
        return cux_rt_ret(cudaErrorInvalidValue);
    size_t pitch = pitch_for(extent.width);
    void *ptr = NULL;
    cudaError_t err = device_alloc(&ptr, pitch * extent.height * extent.depth,
                                   CUX_RT_MEM_DEVICE, 0);
    if (err == cudaSuccess)
        *pitchedDevPtr = (struct cudaPitchedPtr){ptr, pitch, extent.width,
                                                 extent.height};
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaMallocAsync(void **devPtr, size_t size,
                                       cudaStream_t hStream)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(hStream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    /* Allocating at once is a valid order: the memory exists before any
     * later work in the stream can touch it.  "The allocation comes from
     * the memory pool current to the stream's device." */
    err = cux_rt_pool_alloc(devPtr, size, cux_rt_mempool_current(s->device),
                            s);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

typedef struct free_work {
    cux_rt_work base;
    cux_rt_alloc alloc;
} free_work;

static void run_free(cux_rt_work *w, struct CUstream_st *s)
{
    (void)s;
    release(&((free_work *)w)->alloc);
}

static void release_work(cux_rt_work *w)
{
    free(w);
}

CUX_EXPORT cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t hStream)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(hStream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    bool capturing = false;
    err = cux_rt_capture_check(s, &capturing);
    if (err == cudaSuccess && capturing) {
        /* A free node: only graph allocations can be freed in a graph. */
        cux_rt_node *n;
        err = cux_rt_node_mem_free(devPtr, &n);
        if (err == cudaSuccess)
            err = cux_rt_capture_node(s, n);
    }
    if (err != cudaSuccess || capturing) {
        cux_rt_stream_release(s);
        return cux_rt_ret(err);
    }
    cux_rt_alloc a;
    unsigned kinds = 1u << CUX_RT_MEM_DEVICE | 1u << CUX_RT_MEM_MANAGED;
    if (!devPtr || !alloc_take(devPtr, kinds, &a))
        err = cudaErrorInvalidValue;
    else if (a.gmem) /* a graph's allocation freed outside it */
        cux_rt_graph_mem_freed(a.gmem, s);
    /* A pool's block goes back to its cache at once, tagged with the
     * stream's position (rt_mempool_cache.c); other memory, and a
     * destroyed pool's, goes back to the device once the stream's
     * earlier work is done. */
    else if (!a.pool || !cux_rt_mempool_put(a.pool, devPtr, a.size, s)) {
        free_work *w = cux_xcalloc(1, sizeof(*w));
        w->alloc = a;
        w->base.run = run_free;
        w->base.release = release_work;
        cux_rt_stream_enqueue(s, &w->base);
    }
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    size_t avail = pages > 0 && page > 0 ? (size_t)pages * (size_t)page : 0;
    if (avail > dev->prop.totalGlobalMem)
        avail = dev->prop.totalGlobalMem;
    if (free_bytes)
        *free_bytes = avail;
    if (total)
        *total = dev->prop.totalGlobalMem;
    return cudaSuccess;
}

/* Host memory ------------------------------------------------------------ */

CUX_EXPORT cudaError_t cudaHostAlloc(void **pHost, size_t size,
                                     unsigned int flags)
{
    unsigned known = cudaHostAllocPortable | cudaHostAllocMapped |
                     cudaHostAllocWriteCombined;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!pHost || (flags & ~known))
        return cux_rt_ret(cudaErrorInvalidValue);
    *pHost = NULL;
    if (size == 0)
        return cudaSuccess;
    *pHost = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
    if (!*pHost)
        return cux_rt_ret(cudaErrorMemoryAllocation);
    cux_rt_alloc_add(*pHost, size, CUX_RT_MEM_HOST, cux_rt_self()->device,
                     flags);
    cux_rt_host_memory_visible(*pHost, size, true);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMallocHost(void **ptr, size_t size)
{
    return cudaHostAlloc(ptr, size, cudaHostAllocDefault);
}

CUX_EXPORT cudaError_t cudaFreeHost(void *ptr)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess || !ptr)
        return cux_rt_ret(err);
    if (!alloc_take(ptr, 1u << CUX_RT_MEM_HOST, &a))
        return cux_rt_ret(cudaErrorInvalidValue);
    cux_rt_sync_device(a.device);
    release(&a);
    return cudaSuccess;
}

static bool overlaps(const char *base, size_t size)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->mem_lock);
    long i = lower(ctx, base + size - 1);
    bool hit = i >= 0 && ctx->allocs[i].base + ctx->allocs[i].size > base;
    pthread_mutex_unlock(&ctx->mem_lock);
    return hit;
}

CUX_EXPORT cudaError_t cudaHostRegister(void *ptr, size_t size,
                                        unsigned int flags)
{
    unsigned known = cudaHostRegisterPortable | cudaHostRegisterMapped |
                     cudaHostRegisterIoMemory | cudaHostRegisterReadOnly;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!ptr || size == 0 || (flags & ~known))
        return cux_rt_ret(cudaErrorInvalidValue);
    if (overlaps(ptr, size))
        return cux_rt_ret(cudaErrorHostMemoryAlreadyRegistered);
    cux_rt_alloc_add(ptr, size, CUX_RT_MEM_REGISTERED, cux_rt_self()->device,
                     flags);
    cux_rt_host_memory_visible(ptr, size, true);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaHostUnregister(void *ptr)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!ptr || !alloc_take(ptr, 1u << CUX_RT_MEM_REGISTERED, &a))
        return cux_rt_ret(cudaErrorHostMemoryNotRegistered);
    release(&a);
    return cudaSuccess;
}

static bool host_side(const void *ptr, cux_rt_alloc *a)
{
    return cux_rt_alloc_find(ptr, a) &&
           (a->kind == CUX_RT_MEM_HOST || a->kind == CUX_RT_MEM_REGISTERED);
}

CUX_EXPORT cudaError_t cudaHostGetDevicePointer(void **pDevice, void *pHost,
                                                unsigned int flags)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    /* "flags provided for extensions and must be set to 0". */
    if (!pDevice || flags != 0 || !host_side(pHost, &a))
        return cux_rt_ret(cudaErrorInvalidValue);
    *pDevice = pHost; /* one address space: the host address works */
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaHostGetFlags(unsigned int *pFlags, void *pHost)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!pFlags || !host_side(pHost, &a))
        return cux_rt_ret(cudaErrorInvalidValue);
    *pFlags = a.flags;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaPointerGetAttributes(
    struct cudaPointerAttributes *attributes, const void *ptr)
{
    cux_rt_alloc a;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!attributes)
        return cux_rt_ret(cudaErrorInvalidValue);
    memset(attributes, 0, sizeof(*attributes));
    void *p = (void *)(uintptr_t)ptr;
    if (!cux_rt_alloc_find(ptr, &a)) {
        /* Since CUDA 11: success, type unregistered, no device. */
        attributes->type = cudaMemoryTypeUnregistered;
        attributes->device = cudaInvalidDeviceId;
        attributes->hostPointer = p;
        return cudaSuccess;
    }
    attributes->device = a.device;
    attributes->devicePointer = p;
    bool managed_symbol = a.kind == CUX_RT_MEM_SYMBOL &&
                          (a.flags & CUX_RT_SYMBOL_MANAGED);
    if (a.kind == CUX_RT_MEM_DEVICE || a.kind == CUX_RT_MEM_ARRAY ||
        (a.kind == CUX_RT_MEM_SYMBOL && !managed_symbol)) {
        attributes->type = cudaMemoryTypeDevice;
    } else {
        attributes->type = a.kind == CUX_RT_MEM_MANAGED || managed_symbol ?
                           cudaMemoryTypeManaged : cudaMemoryTypeHost;
        attributes->hostPointer = p;
    }
    return cudaSuccess;
}

/* Attaching managed memory to a stream only narrows which work may touch
 * it on a GPU without concurrent managed access; on a device that shares
 * the host's memory there is nothing to migrate, so what remains are the
 * checks CUDA makes. */
CUX_EXPORT cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream,
                                                void *devPtr, size_t length,
                                                unsigned int flags)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cux_rt_stream_release(s);
    /* "flags must be one of cudaMemAttachGlobal, cudaMemAttachHost or
     * cudaMemAttachSingle" */
    if (!devPtr || (flags != cudaMemAttachGlobal &&
                    flags != cudaMemAttachHost &&
                    flags != cudaMemAttachSingle))
        return cux_rt_ret(cudaErrorInvalidValue);
    (void)length;
    return cudaSuccess;
}
