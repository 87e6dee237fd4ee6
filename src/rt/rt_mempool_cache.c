/* rt_mempool_cache.c: the caching allocator behind stream-ordered
 * allocation: a pool keeps the blocks freed into it and hands them out
 * again, so that a cudaMallocAsync/cudaFreeAsync pair costs no system
 * call.
 *
 * Size classes: a request is rounded up to 256 bytes, and above that to
 * one of four classes per power of two (2^p + k * 2^(p-2), k = 1..4), as
 * jemalloc and tcmalloc space theirs; a class has a LIFO list of cached
 * blocks, so a lookup is one index computation, no block is split or
 * merged (each is its own device allocation), and at most a quarter of a
 * block is slack.  Best fit over one sorted free list (PyTorch's caching
 * allocator) would waste less but costs a search per call.
 *
 * Stream order: a block freed by cudaFreeAsync on stream A carries
 * (A, the number of A's last queued item).  It may serve an allocation
 * at once on A itself (whatever touches it next on A runs after the
 * free), between the legacy stream and a blocking stream (their implicit
 * ordering makes the later work wait), or anywhere once A has run past
 * the free (cudaMemPoolReuseAllowOpportunistic); otherwise the allocating
 * stream is made to wait for A's free point
 * (cudaMemPoolReuseAllowInternalDependencies).  A block whose free has
 * completed at a synchronising call is "settled": any stream may take it,
 * and only settled blocks go back to the system (release threshold,
 * cudaMemPoolTrimTo), since work queued before an unfinished free may
 * still use the memory.  Everything here is under ctx.mem_lock, a leaf:
 * streams are read with atomic loads only. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

typedef struct cux_rt_block cux_rt_block;
struct cux_rt_block {
    cux_rt_block *next;
    char *base;
    struct CUstream_st *stream; /* freed there, referenced; NULL: settled */
    uint64_t seq;               /* the free's position on stream */
};

/* The class of a request and its size in bytes. */
static unsigned size_class(size_t size, size_t *rounded)
{
    if (size <= 256) {
        *rounded = 256;
        return 0;
    }
    unsigned p = 63 - (unsigned)__builtin_clzll((unsigned long long)size - 1);
    size_t step = (size_t)1 << (p - 2);
    size_t k = (size - ((size_t)1 << p) + step - 1) / step; /* 1..4 */
    *rounded = ((size_t)1 << p) + k * step;
    return 1 + (p - 8) * 4 + (unsigned)(k - 1);
}

size_t cux_rt_mempool_rounded(size_t size)
{
    size_t rounded;
    size_class(size, &rounded);
    return rounded;
}

static size_t class_bytes(unsigned c)
{
    if (c == 0)
        return 256;
    unsigned p = (c - 1) / 4 + 8, k = (c - 1) % 4 + 1;
    return ((size_t)1 << p) + (size_t)k * ((size_t)1 << (p - 2));
}

static bool completed(const cux_rt_block *b)
{
    return !b->stream ||
           __atomic_load_n(&b->stream->done, __ATOMIC_ACQUIRE) >= b->seq;
}

static bool blocking(const struct CUstream_st *s)
{
    return !(s->flags & cudaStreamNonBlocking);
}

/* Whether work queued on s from now on runs after b's free without a new
 * dependency. */
static bool ordered(const cux_rt_block *b, const struct CUstream_st *s,
                    const struct CUmemPoolHandle_st *pool)
{
    if (!b->stream || b->stream == s)
        return true;
    if (s && blocking(s) && blocking(b->stream) &&
        s->device == b->stream->device &&
        (s->kind == CUX_RT_STREAM_LEGACY ||
         b->stream->kind == CUX_RT_STREAM_LEGACY))
        return true;
    return pool->reuse[cudaMemPoolReuseAllowOpportunistic - 1] &&
           completed(b);
}

/* Gives a block back to the system; its bytes leave the reserve. */
static void block_release(struct CUmemPoolHandle_st *pool, cux_rt_block *b,
                          unsigned c)
{
    cux_device *dev = cux_rt_ctx()->devices[pool->props.location.id].dev;
    if (dev)
        dev->ops->mem_free(dev, b->base);
    pool->reserved -= class_bytes(c);
    pool->cached -= class_bytes(c);
    cux_rt_stream_release(b->stream);
    free(b);
}

/* Takes a cached block of class c that s may use.  A block that needs a
 * dependency is taken only if none needs none; wait_on and wait_seq then
 * name it (the caller queues the wait, holding the reference).  Only
 * the first blocks of a list are looked at, so a call stays short. */
static cux_rt_block *take(struct CUmemPoolHandle_st *pool, unsigned c,
                          struct CUstream_st *s,
                          struct CUstream_st **wait_on, uint64_t *wait_seq)
{
    cux_rt_block **pick = NULL;
    int looked = 0;
    bool internal = s && pool->reuse[cudaMemPoolReuseAllowInternalDependencies - 1];
    for (cux_rt_block **at = &pool->free[c]; *at && looked < 32;
         at = &(*at)->next, looked++) {
        if (ordered(*at, s, pool)) {
            pick = at;
            break;
        }
        if (!pick && internal)
            pick = at;
    }
    if (!pick)
        return NULL;
    cux_rt_block *b = *pick;
    *pick = b->next;
    pool->cached -= class_bytes(c);
    *wait_on = NULL;
    if (!ordered(b, s, pool) && !completed(b)) {
        *wait_on = b->stream; /* the reference passes to the caller */
        *wait_seq = b->seq;
    } else {
        cux_rt_stream_release(b->stream);
    }
    b->stream = NULL;
    return b;
}

/* Marks blocks whose frees have completed as settled, and gives settled
 * blocks back (largest first) until at most `keep` bytes are reserved. */
static void trim(struct CUmemPoolHandle_st *pool, uint64_t keep)
{
    for (unsigned c = CUX_RT_POOL_CLASSES; c-- > 0;) {
        for (cux_rt_block **at = &pool->free[c]; *at;) {
            cux_rt_block *b = *at;
            if (b->stream && completed(b)) {
                cux_rt_stream_release(b->stream);
                b->stream = NULL;
            }
            if (!b->stream && pool->reserved > keep) {
                *at = b->next;
                block_release(pool, b, c);
            } else {
                at = &b->next;
            }
        }
    }
}

void cux_rt_mempool_trim(struct CUmemPoolHandle_st *pool, uint64_t keep)
{
    pthread_mutex_lock(&cux_rt_ctx()->mem_lock);
    trim(pool, keep);
    pthread_mutex_unlock(&cux_rt_ctx()->mem_lock);
}

/* A synchronising call: pools over their release threshold give back
 * what has settled.  Graph memory keeps its reserve until
 * cudaDeviceGraphMemTrim. Caller holds mem_lock. */
void cux_rt_mempool_sync_one(struct CUmemPoolHandle_st *pool)
{
    if (pool && pool->cached && pool->reserved > pool->release_threshold)
        trim(pool, pool->release_threshold);
}

static void charge(struct CUmemPoolHandle_st *pool, size_t bytes, bool fresh)
{
    pool->used += bytes;
    if (fresh)
        pool->reserved += bytes;
    if (pool->used > pool->used_high)
        pool->used_high = pool->used;
    if (pool->reserved > pool->reserved_high)
        pool->reserved_high = pool->reserved;
}

/* A new block from the device, within maxSize: settled cached blocks go
 * back first if the limit or the device asks for room. */
static cudaError_t fresh_block(struct CUmemPoolHandle_st *pool, size_t bytes,
                               void **out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    size_t max = pool->props.maxSize;
    if (max && pool->reserved + bytes > max)
        trim(pool, bytes > max ? 0 : max - bytes);
    if (max && pool->reserved + bytes > max)
        return cudaErrorMemoryAllocation;
    cux_device *dev = ctx->devices[pool->props.location.id].dev;
    cudaError_t err = dev->ops->mem_alloc(dev, bytes, CUX_MEM_DEVICE_ONLY, out);
    if (err == cudaErrorMemoryAllocation && pool->cached) {
        trim(pool, 0);
        err = dev->ops->mem_alloc(dev, bytes, CUX_MEM_DEVICE_ONLY, out);
    }
    return err;
}

cudaError_t cux_rt_mempool_get(struct CUmemPoolHandle_st *pool, size_t size,
                               struct CUstream_st *s, void **out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    size_t bytes;
    unsigned c = size > ((size_t)1 << 62) ? 0 : size_class(size, &bytes);
    struct CUstream_st *wait_on = NULL;
    uint64_t wait_seq = 0;
    cudaError_t err = cudaSuccess;
    if (size > ((size_t)1 << 62)) /* no class; no machine has it either */
        return cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->mem_lock);
    cux_rt_block *b = take(pool, c, s, &wait_on, &wait_seq);
    if (b) {
        *out = b->base;
        b->next = pool->spare;
        pool->spare = b;
    } else {
        /* The device's allocator is called with mem_lock held: it is the
         * host's, quick, and never calls back. */
        err = fresh_block(pool, bytes, out);
    }
    if (err == cudaSuccess)
        charge(pool, bytes, !b);
    pthread_mutex_unlock(&ctx->mem_lock);
    if (wait_on) {
        cux_rt_stream_enqueue_wait(s, wait_on, wait_seq);
        cux_rt_stream_release(wait_on);
    }
    return err;
}

bool cux_rt_mempool_put(struct CUmemPoolHandle_st *pool, void *base,
                        size_t size, struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    size_t bytes;
    unsigned c = size_class(size, &bytes);
    uint64_t seq = 0;
    if (s) {
        pthread_mutex_lock(&s->lock);
        seq = s->enqueued;
        pthread_mutex_unlock(&s->lock);
    }
    pthread_mutex_lock(&ctx->mem_lock);
    pool->used -= bytes;
    bool cache = !pool->destroyed;
    if (cache) {
        cux_rt_block *b = pool->spare;
        if (b)
            pool->spare = b->next;
        else
            b = cux_xcalloc(1, sizeof(*b));
        *b = (cux_rt_block){pool->free[c], base,
                            s ? cux_rt_stream_ref(s) : NULL, seq};
        pool->free[c] = b;
        pool->cached += bytes;
    } else {
        pool->reserved -= bytes;
        if (!pool->used)
            free(pool);
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    return cache;
}

/* Every cached block back to the system, whatever its stream: the work
 * that might use them is done (reset, exit, a destroyed pool after its
 * frees were waited for).  Caller holds mem_lock. */
void cux_rt_mempool_drop_cache(struct CUmemPoolHandle_st *pool)
{
    for (unsigned c = 0; c < CUX_RT_POOL_CLASSES; c++)
        while (pool->free[c]) {
            cux_rt_block *b = pool->free[c];
            pool->free[c] = b->next;
            block_release(pool, b, c);
        }
    while (pool->spare) {
        cux_rt_block *b = pool->spare;
        pool->spare = b->next;
        free(b);
    }
}

/* Waits for the frees of a pool's cached blocks; without mem_lock. */
void cux_rt_mempool_wait_frees(struct CUmemPoolHandle_st *pool)
{
    cux_rt_context *ctx = cux_rt_ctx();
    for (;;) {
        struct CUstream_st *s = NULL;
        uint64_t seq = 0;
        pthread_mutex_lock(&ctx->mem_lock);
        for (unsigned c = 0; c < CUX_RT_POOL_CLASSES && !s; c++)
            for (cux_rt_block *b = pool->free[c]; b && !s; b = b->next)
                if (!completed(b)) {
                    s = cux_rt_stream_ref(b->stream);
                    seq = b->seq;
                }
        pthread_mutex_unlock(&ctx->mem_lock);
        if (!s)
            return;
        cux_rt_stream_wait(s, seq);
        cux_rt_stream_release(s);
    }
}

void cux_rt_mempool_forget(struct CUmemPoolHandle_st *pool, size_t size)
{
    size_t bytes = cux_rt_mempool_rounded(size);
    pool->used -= bytes;
    pool->reserved -= bytes;
    if (pool->destroyed && !pool->used)
        free(pool);
}
