/* rt_graph_mem.c: graph memory nodes: cudaGraphAddMemAllocNode,
 * cudaGraphAddMemFreeNode (and their capture from cudaMallocAsync and
 * cudaFreeAsync), what a launch does with them, and the device's graph
 * memory attributes and trim.
 *
 * CUDA fixes an allocation's address when its node is made and keeps it
 * across launches, so the memory is taken from the device's graph pool
 * (a pool of rt_mempool_cache.c that only synchronisation never trims)
 * when the node is made, and a reference-counted record
 * (cux_rt_graph_mem) holds it while any node, plan step or live
 * allocation refers to it.  A launch changes only what the allocation
 * table says, at the time of the call as cudaMallocAsync does: an alloc
 * step lists the memory and marks it live, a free step (or cudaFree,
 * cudaFreeAsync) unlists it; the memory itself exists all along, so the
 * steps cost nothing when the graph runs.  A launch finding an
 * allocation of its graph still live from the last one fails with
 * cudaErrorInvalidValue, unless the executable was instantiated with
 * cudaGraphInstantiateFlagAutoFreeOnLaunch, which frees it first. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

/* Records ---------------------------------------------------------------- */

static cux_rt_graph_mem *mem_new(int device, char *base, size_t size)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_graph_mem *g = cux_xcalloc(1, sizeof(*g));
    atomic_init(&g->refs, 1);
    atomic_init(&g->live, false);
    g->base = base;
    g->size = size;
    g->device = device;
    pthread_mutex_lock(&ctx->mem_lock);
    g->next = ctx->graph_mems;
    ctx->graph_mems = g;
    pthread_mutex_unlock(&ctx->mem_lock);
    return g;
}

static void unlink_mem(cux_rt_context *ctx, cux_rt_graph_mem *g)
{
    for (cux_rt_graph_mem **p = &ctx->graph_mems; *p; p = &(*p)->next)
        if (*p == g) {
            *p = g->next;
            return;
        }
}

void cux_rt_graph_mem_unref(cux_rt_graph_mem *g, struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!g || atomic_fetch_sub(&g->refs, 1) != 1)
        return;
    pthread_mutex_lock(&ctx->mem_lock);
    unlink_mem(ctx, g);
    pthread_mutex_unlock(&ctx->mem_lock);
    cux_rt_mempool_put(cux_rt_mempool_graph(g->device), g->base, g->size, s);
    free(g);
}

/* The record whose allocation starts at ptr, referenced, or NULL. */
static cux_rt_graph_mem *mem_find(const void *ptr)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_graph_mem *g;
    pthread_mutex_lock(&ctx->mem_lock);
    for (g = ctx->graph_mems; g && g->base != ptr; g = g->next)
        ;
    if (g)
        atomic_fetch_add(&g->refs, 1);
    pthread_mutex_unlock(&ctx->mem_lock);
    return g;
}

void cux_rt_graph_mem_freed(cux_rt_graph_mem *g, struct CUstream_st *s)
{
    if (atomic_exchange(&g->live, false))
        cux_rt_graph_mem_unref(g, s); /* the reference being live held */
}

void cux_rt_graph_mem_launched(cux_rt_graph_mem *g)
{
    atomic_fetch_add(&g->refs, 1);
    atomic_store(&g->live, true);
    cux_rt_alloc_add_graph(g);
}

void cux_rt_graph_mem_unlist(cux_rt_graph_mem *g, struct CUstream_st *s)
{
    if (atomic_load(&g->live))
        cux_rt_alloc_remove(g->base, CUX_RT_MEM_DEVICE);
    cux_rt_graph_mem_freed(g, s);
}

void cux_rt_graph_mems_free(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_graph_mem *gone = NULL;
    pthread_mutex_lock(&ctx->mem_lock);
    for (cux_rt_graph_mem **p = &ctx->graph_mems; *p;) {
        cux_rt_graph_mem *g = *p;
        if (device >= 0 && g->device != device) {
            p = &g->next;
            continue;
        }
        *p = g->next;
        g->next = gone;
        gone = g;
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    while (gone) {
        cux_rt_graph_mem *g = gone;
        gone = g->next;
        cux_rt_mempool_put(cux_rt_mempool_graph(g->device), g->base, g->size,
                           NULL);
        free(g);
    }
}

/* Parameters ------------------------------------------------------------- */

void cux_rt_mem_params_copy(enum cudaGraphNodeType type,
                            cux_rt_node_params *dst,
                            const cux_rt_node_params *src)
{
    atomic_fetch_add(&src->alloc.mem->refs, 1);
    if (type != cudaGraphNodeTypeMemAlloc || !src->alloc.descs)
        return;
    size_t n = src->alloc.params.accessDescCount;
    dst->alloc.descs = cux_xcalloc(n, sizeof(*dst->alloc.descs));
    memcpy(dst->alloc.descs, src->alloc.descs, n * sizeof(*dst->alloc.descs));
    dst->alloc.params.accessDescs = dst->alloc.descs;
}

void cux_rt_mem_params_free(enum cudaGraphNodeType type, cux_rt_node_params *p)
{
    if (type == cudaGraphNodeTypeMemAlloc)
        free(p->alloc.descs);
    cux_rt_graph_mem_unref(p->alloc.mem, NULL);
}

bool cux_rt_graph_has_mem(const struct CUgraph_st *g)
{
    for (uint32_t i = 0; i < g->n_nodes; i++) {
        enum cudaGraphNodeType t = g->nodes[i]->type;
        if (t == cudaGraphNodeTypeMemAlloc || t == cudaGraphNodeTypeMemFree ||
            (t == cudaGraphNodeTypeGraph &&
             cux_rt_graph_has_mem(g->nodes[i]->p.child)))
            return true;
    }
    return false;
}

/* Nodes ------------------------------------------------------------------ */

static cux_rt_node *mem_node(enum cudaGraphNodeType type, cux_rt_graph_mem *g)
{
    cux_rt_node *n = cux_xcalloc(1, sizeof(*n));
    n->type = type;
    n->p.alloc.mem = g; /* takes the reference */
    return n;
}

cudaError_t cux_rt_node_mem_alloc(int device, size_t size,
                                  const struct cudaMemPoolProps *props,
                                  void **ptr, cux_rt_node **out)
{
    struct CUmemPoolHandle_st *pool = cux_rt_mempool_graph(device);
    void *base = NULL;
    if (!pool)
        return cudaErrorInvalidDevice;
    cudaError_t err = cux_rt_mempool_get(pool, size, NULL, &base);
    if (err != cudaSuccess)
        return err;
    cux_rt_node *n = mem_node(cudaGraphNodeTypeMemAlloc,
                              mem_new(device, base, size));
    n->p.alloc.params.poolProps = *props;
    n->p.alloc.params.bytesize = size;
    n->p.alloc.params.dptr = base;
    *ptr = base;
    *out = n;
    return cudaSuccess;
}

cudaError_t cux_rt_node_mem_free(void *ptr, cux_rt_node **out)
{
    /* "cudaErrorInvalidValue if the user attempts to free ... an address
     * that was not returned by an allocation node ... an invalid
     * address" */
    cux_rt_graph_mem *g = ptr ? mem_find(ptr) : NULL;
    if (!g)
        return cudaErrorInvalidValue;
    *out = mem_node(cudaGraphNodeTypeMemFree, g);
    return cudaSuccess;
}

/* CUDA's checks of cudaMemAllocNodeParams: pinned device memory of a
 * device that exists, read-write access by devices that exist. */
static cudaError_t check_alloc(const struct cudaMemAllocNodeParams *p)
{
    if (!p || p->bytesize == 0 ||
        p->poolProps.allocType != cudaMemAllocationTypePinned ||
        p->poolProps.location.type != cudaMemLocationTypeDevice ||
        (p->accessDescCount && !p->accessDescs))
        return cudaErrorInvalidValue;
    if (!cux_rt_device_at(p->poolProps.location.id))
        return cudaErrorInvalidDevice;
    if (p->poolProps.handleTypes != cudaMemHandleTypeNone)
        return cudaErrorNotSupported;
    for (size_t i = 0; i < p->accessDescCount; i++) {
        const struct cudaMemAccessDesc *d = &p->accessDescs[i];
        if (d->location.type != cudaMemLocationTypeDevice ||
            !cux_rt_device_at(d->location.id) ||
            d->flags != cudaMemAccessFlagsProtReadWrite)
            return cudaErrorInvalidValue;
    }
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaGraphAddMemAllocNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    struct cudaMemAllocNodeParams *nodeParams)
{
    cux_rt_node *n = NULL;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = check_alloc(nodeParams);
    if (err == cudaSuccess)
        err = cux_rt_node_mem_alloc(nodeParams->poolProps.location.id,
                                    nodeParams->bytesize,
                                    &nodeParams->poolProps, &nodeParams->dptr,
                                    &n);
    if (err == cudaSuccess && nodeParams->accessDescCount) {
        size_t count = nodeParams->accessDescCount;
        n->p.alloc.descs = cux_xcalloc(count, sizeof(*n->p.alloc.descs));
        memcpy(n->p.alloc.descs, nodeParams->accessDescs,
               count * sizeof(*n->p.alloc.descs));
        n->p.alloc.params.accessDescs = n->p.alloc.descs;
        n->p.alloc.params.accessDescCount = count;
    }
    err = cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                           n, err);
    if (err != cudaSuccess && nodeParams)
        nodeParams->dptr = NULL;
    return err;
}

/* Whether g already has a free node for m.  Caller holds graph_lock. */
static bool frees_already(const struct CUgraph_st *g,
                          const cux_rt_graph_mem *m)
{
    for (uint32_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i]->type == cudaGraphNodeTypeMemFree &&
            g->nodes[i]->p.alloc.mem == m)
            return true;
    return false;
}

cudaError_t cux_rt_graph_check_free(const struct CUgraph_st *g,
                                    const cux_rt_node *n)
{
    /* "cudaErrorInvalidValue if the user attempts to free an allocation
     * twice in the same graph" */
    return frees_already(g, n->p.alloc.mem) ? cudaErrorInvalidValue
                                            : cudaSuccess;
}

CUX_EXPORT cudaError_t cudaGraphAddMemFreeNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies, void *dptr)
{
    cux_rt_node *n = NULL;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = cux_rt_node_mem_free(dptr, &n);
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                            n, err);
}

CUX_EXPORT cudaError_t cudaGraphMemAllocNodeGetParams(
    cudaGraphNode_t node, struct cudaMemAllocNodeParams *params_out)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeMemAlloc,
                                              params_out);
    if (err == cudaSuccess)
        *params_out = node->p.alloc.params; /* descs point at the node's */
    return cux_rt_graph_node_done(err);
}

CUX_EXPORT cudaError_t cudaGraphMemFreeNodeGetParams(cudaGraphNode_t node,
                                                     void *dptr_out)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeMemFree,
                                              dptr_out);
    if (err == cudaSuccess) {
        void *base = node->p.alloc.mem->base;
        memcpy(dptr_out, &base, sizeof base);
    }
    return cux_rt_graph_node_done(err);
}

/* Device attributes and trim --------------------------------------------- */

CUX_EXPORT cudaError_t cudaDeviceGraphMemTrim(int device)
{
    cudaError_t err = cux_rt_enter(NULL);
    struct CUmemPoolHandle_st *pool = NULL;
    if (err == cudaSuccess && !(pool = cux_rt_mempool_graph(device)))
        err = cudaErrorInvalidDevice;
    /* "Free unused memory that was cached on the specified device for use
     * with graphs back to the OS": blocks of no live node or allocation. */
    if (err == cudaSuccess)
        cux_rt_mempool_trim(pool, 0);
    return cux_rt_ret(err);
}

/* Get and set; the high-water marks can only be reset, with 0. */
static cudaError_t graph_attribute(int device,
                                   enum cudaGraphMemAttributeType attr,
                                   void *value, bool set)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    struct CUmemPoolHandle_st *p = NULL;
    if (err == cudaSuccess && !(p = cux_rt_mempool_graph(device)))
        err = cudaErrorInvalidDevice;
    if (err == cudaSuccess && !value)
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return err;
    uint64_t v = 0;
    if (set)
        memcpy(&v, value, sizeof v);
    pthread_mutex_lock(&ctx->mem_lock);
    switch (attr) {
    case cudaGraphMemAttrUsedMemCurrent:
    case cudaGraphMemAttrReservedMemCurrent:
        if (set)
            err = cudaErrorInvalidValue;
        v = attr == cudaGraphMemAttrUsedMemCurrent ? p->used : p->reserved;
        break;
    case cudaGraphMemAttrUsedMemHigh:
    case cudaGraphMemAttrReservedMemHigh: {
        bool used = attr == cudaGraphMemAttrUsedMemHigh;
        size_t *high = used ? &p->used_high : &p->reserved_high;
        if (set && v)
            err = cudaErrorInvalidValue;
        else if (set)
            *high = used ? p->used : p->reserved;
        v = *high;
        break;
    }
    default:
        err = cudaErrorInvalidValue;
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    if (err == cudaSuccess && !set)
        memcpy(value, &v, sizeof v);
    return err;
}

CUX_EXPORT cudaError_t cudaDeviceGetGraphMemAttribute(
    int device, enum cudaGraphMemAttributeType attr, void *value)
{
    return cux_rt_ret(graph_attribute(device, attr, value, false));
}

CUX_EXPORT cudaError_t cudaDeviceSetGraphMemAttribute(
    int device, enum cudaGraphMemAttributeType attr, void *value)
{
    return cux_rt_ret(graph_attribute(device, attr, value, true));
}
