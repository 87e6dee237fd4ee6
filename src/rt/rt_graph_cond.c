/* rt_graph_cond.c: conditional graph nodes (CUDA 12.3+) and the generic
 * node-creation call, cudaGraphAddNode.
 *
 * A conditional handle is a small reference-counted record whose first
 * field is the 32-bit condition value; the handle the program holds is
 * its address.  Kernels receive the handle as an ordinary argument and
 * set the value with cudaGraphSetConditional, which the CPU code
 * generator turns into one store to that address (device memory is
 * host memory).  The graph the handle was made for holds a reference
 * and so does every conditional node and executable plan that reads it,
 * so a launch queued after cudaGraphDestroy still finds the word alive.
 *
 * A conditional node owns its body graphs as a child-graph node owns
 * its child; the array of them is what the program gets back in
 * phGraph_out and fills with nodes, by the graph API or by
 * cudaStreamBeginCaptureToGraph.  Instantiation turns each body into a
 * plan of its own (rt_graph_exec.c), run once, repeatedly or not at all
 * as the value says when the node's turn comes. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

/* Handles ---------------------------------------------------------------- */

void cux_rt_cond_ref(cux_rt_cond *h)
{
    atomic_fetch_add(&h->refs, 1);
}

void cux_rt_cond_unref(cux_rt_cond *h)
{
    if (h && atomic_fetch_sub(&h->refs, 1) == 1) {
        cux_rt_host_memory_visible(&h->value, sizeof h->value, false);
        free(h);
    }
}

void cux_rt_graph_conds_free(struct CUgraph_st *g)
{
    for (uint32_t i = 0; i < g->n_conds; i++) {
        g->conds[i]->graph = NULL;
        cux_rt_handle_remove(g->conds[i]);
        cux_rt_cond_unref(g->conds[i]);
    }
    free(g->conds);
    g->conds = NULL;
    g->n_conds = g->cap_conds = 0;
}

/* Whether h may be used by a conditional node of g: "The conditional
 * handle must be associated with a conditional node in this graph or
 * one of its children", so h's graph is g or one that contains g.
 * Caller holds graph_lock. */
static bool handle_reaches(const cux_rt_cond *h, const struct CUgraph_st *g)
{
    if (!cux_rt_handle_live(h) || !h->graph)
        return false;
    for (; g; g = g->parent ? g->parent->graph : NULL)
        if (g == h->graph)
            return true;
    return false;
}

/* Node parameters -------------------------------------------------------- */

void cux_rt_cond_params_copy(cux_rt_node_params *dst,
                             const cux_rt_node_params *src)
{
    uint32_t n = src->cond.size;
    cux_rt_cond_ref(src->cond.handle);
    if (!src->cond.bodies)
        return;
    dst->cond.bodies = cux_xcalloc(n + 1, sizeof(*dst->cond.bodies));
    for (uint32_t i = 0; i < n; i++)
        dst->cond.bodies[i] = cux_rt_graph_clone(src->cond.bodies[i], false);
}

void cux_rt_cond_params_free(cux_rt_node_params *p)
{
    for (uint32_t i = 0; p->cond.bodies && i < p->cond.size; i++)
        cux_rt_graph_free(p->cond.bodies[i]);
    free(p->cond.bodies);
    p->cond.bodies = NULL;
    cux_rt_cond_unref(p->cond.handle);
    p->cond.handle = NULL;
}

void cux_rt_node_adopt(cux_rt_node *n)
{
    if (n->type == cudaGraphNodeTypeGraph)
        n->p.child->parent = n;
    else if (n->type == cudaGraphNodeTypeConditional)
        for (uint32_t i = 0; n->p.cond.bodies && i < n->p.cond.size; i++)
            n->p.cond.bodies[i]->parent = n;
}

bool cux_rt_graph_has_cond(const struct CUgraph_st *g)
{
    for (uint32_t i = 0; i < g->n_nodes; i++) {
        const cux_rt_node *n = g->nodes[i];
        if (n->type == cudaGraphNodeTypeConditional ||
            (n->type == cudaGraphNodeTypeGraph &&
             cux_rt_graph_has_cond(n->p.child)))
            return true;
    }
    return false;
}

bool cux_rt_graph_in_body(const struct CUgraph_st *g)
{
    for (; g && g->parent; g = g->parent->graph)
        if (g->parent->type == cudaGraphNodeTypeConditional)
            return true;
    return false;
}

/* API -------------------------------------------------------------------- */

CUX_EXPORT cudaError_t cudaGraphConditionalHandleCreate(
    cudaGraphConditionalHandle *pHandle_out, cudaGraph_t graph,
    unsigned int defaultLaunchValue, unsigned int flags)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    /* "flags: Currently must be cudaGraphCondAssignDefault or 0." */
    if (!pHandle_out || (flags & ~(unsigned)cudaGraphCondAssignDefault))
        return cux_rt_ret(cudaErrorInvalidValue);
    pthread_mutex_lock(&ctx->graph_lock);
    bool ok = graph && cux_rt_handle_live(graph);
    if (ok) {
        cux_rt_cond *h = cux_xcalloc(1, sizeof(*h));
        /* kernels set the value in place (cudaGraphSetConditional) */
        cux_rt_host_memory_visible(&h->value, sizeof h->value, true);
        /* The value a launch starts from when no default is assigned. */
        h->value = h->dflt = defaultLaunchValue;
        h->flags = flags;
        atomic_init(&h->refs, 1);
        h->graph = graph;
        if (graph->n_conds == graph->cap_conds) {
            graph->cap_conds = graph->cap_conds ? graph->cap_conds * 2 : 4;
            graph->conds = cux_xrealloc(
                graph->conds, graph->cap_conds * sizeof(*graph->conds));
        }
        graph->conds[graph->n_conds++] = h;
        cux_rt_handle_add(h);
        *pHandle_out = (cudaGraphConditionalHandle)(uintptr_t)h;
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(ok ? cudaSuccess : cudaErrorInvalidValue);
}

/* "Allowed values are 1 for cudaGraphCondTypeWhile, 1 or 2 for
 * cudaGraphCondTypeIf, or any value greater than zero for
 * cudaGraphCondTypeSwitch." */
static bool cond_shape_ok(enum cudaGraphConditionalNodeType type,
                          unsigned size)
{
    switch (type) {
    case cudaGraphCondTypeIf:
        return size == 1 || size == 2;
    case cudaGraphCondTypeWhile:
        return size == 1;
    case cudaGraphCondTypeSwitch:
        return size > 0;
    }
    return false;
}

/* A conditional node with fresh empty bodies, or NULL with *err set. */
static cux_rt_node *cond_node(cudaGraph_t graph,
                              const struct cudaConditionalNodeParams *cp,
                              cudaError_t *err)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_cond *h = (cux_rt_cond *)(uintptr_t)cp->handle;
    if (!cond_shape_ok(cp->type, cp->size)) {
        *err = cudaErrorInvalidValue;
        return NULL;
    }
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_node *n = NULL;
    if (graph && cux_rt_handle_live(graph) && handle_reaches(h, graph)) {
        n = cux_xcalloc(1, sizeof(*n));
        n->type = cudaGraphNodeTypeConditional;
        cux_rt_cond_ref(h);
        n->p.cond.handle = h;
        n->p.cond.type = cp->type;
        n->p.cond.size = cp->size;
        n->p.cond.bodies = cux_xcalloc(cp->size + 1,
                                       sizeof(*n->p.cond.bodies));
        for (uint32_t i = 0; i < cp->size; i++)
            n->p.cond.bodies[i] = cux_rt_graph_new();
        cux_rt_node_adopt(n);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    *err = n ? cudaSuccess : cudaErrorInvalidValue;
    return n;
}

static cudaError_t add_conditional(cudaGraphNode_t *pGraphNode,
                                   cudaGraph_t graph,
                                   const cudaGraphNode_t *deps, size_t n_deps,
                                   struct cudaConditionalNodeParams *cp)
{
    cudaError_t err;
    cux_rt_node *n = cond_node(graph, cp, &err);
    err = cux_rt_graph_add(pGraphNode, graph, deps, n_deps, n, err);
    /* "CUDA-owned array populated with conditional node child graphs
     * during creation of the node.  Valid for the lifetime of the
     * conditional node." */
    if (err == cudaSuccess)
        cp->phGraph_out = n->p.cond.bodies;
    return err;
}

static bool all_zero(const void *p, size_t bytes)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < bytes; i++)
        if (b[i])
            return false;
    return true;
}

static cudaError_t add_kernel(cudaGraphNode_t *out, cudaGraph_t graph,
                              const cudaGraphNode_t *deps, size_t n_deps,
                              const struct cudaKernelNodeParamsV2 *k)
{
    struct cudaKernelNodeParams p = {
        .func = k->func, .sharedMemBytes = k->sharedMemBytes,
        .kernelParams = k->kernelParams, .extra = k->extra};
    p.gridDim = (dim3){k->gridDim.x, k->gridDim.y, k->gridDim.z};
    p.blockDim = (dim3){k->blockDim.x, k->blockDim.y, k->blockDim.z};
    return cudaGraphAddKernelNode(out, graph, deps, n_deps, &p);
}

static cudaError_t add_alloc(cudaGraphNode_t *out, cudaGraph_t graph,
                             const cudaGraphNode_t *deps, size_t n_deps,
                             struct cudaMemAllocNodeParamsV2 *a)
{
    struct cudaMemAllocNodeParams p = {
        .poolProps = a->poolProps, .accessDescs = a->accessDescs,
        .accessDescCount = a->accessDescCount, .bytesize = a->bytesize};
    cudaError_t err = cudaGraphAddMemAllocNode(out, graph, deps, n_deps, &p);
    if (err == cudaSuccess)
        a->dptr = p.dptr; /* "out: address of the allocation" */
    return err;
}

/* One node of any kind cux has, through the call that makes that kind,
 * so that each is checked as there. */
static cudaError_t add_node(cudaGraphNode_t *out, cudaGraph_t graph,
                            const cudaGraphNode_t *deps, size_t n_deps,
                            struct cudaGraphNodeParams *p)
{
    switch (p->type) {
    case cudaGraphNodeTypeKernel:
        return add_kernel(out, graph, deps, n_deps, &p->kernel);
    case cudaGraphNodeTypeMemcpy:
        /* "flags: Must be zero", "reserved: Must be zero" */
        if (p->memcpy.flags || !all_zero(p->memcpy.reserved,
                                         sizeof p->memcpy.reserved))
            return cux_rt_ret(cudaErrorInvalidValue);
        return cudaGraphAddMemcpyNode(out, graph, deps, n_deps,
                                      &p->memcpy.copyParams);
    case cudaGraphNodeTypeMemset: {
        struct cudaMemsetParams m = {p->memset.dst, p->memset.pitch,
                                     p->memset.value, p->memset.elementSize,
                                     p->memset.width, p->memset.height};
        return cudaGraphAddMemsetNode(out, graph, deps, n_deps, &m);
    }
    case cudaGraphNodeTypeHost: {
        struct cudaHostNodeParams h = {p->host.fn, p->host.userData};
        return cudaGraphAddHostNode(out, graph, deps, n_deps, &h);
    }
    case cudaGraphNodeTypeGraph:
        /* Moving a graph in (its handle then the parent's) is not
         * supported; cloning it is what cudaGraphAddChildGraphNode does. */
        if (p->graph.ownership == cudaGraphChildGraphOwnershipMove) {
            cux_log("child graph nodes that move their graph in are not "
                    "supported");
            return cux_rt_ret(cudaErrorNotSupported);
        }
        if (p->graph.ownership != cudaGraphChildGraphOwnershipClone)
            return cux_rt_ret(cudaErrorInvalidValue);
        return cudaGraphAddChildGraphNode(out, graph, deps, n_deps,
                                          p->graph.graph);
    case cudaGraphNodeTypeEmpty:
        return cudaGraphAddEmptyNode(out, graph, deps, n_deps);
    case cudaGraphNodeTypeMemAlloc:
        return add_alloc(out, graph, deps, n_deps, &p->alloc);
    case cudaGraphNodeTypeMemFree:
        return cudaGraphAddMemFreeNode(out, graph, deps, n_deps,
                                       p->free.dptr);
    case cudaGraphNodeTypeConditional:
        return cux_rt_ret(add_conditional(out, graph, deps, n_deps,
                                          &p->conditional));
    case cudaGraphNodeTypeWaitEvent:
    case cudaGraphNodeTypeEventRecord:
    case cudaGraphNodeTypeExtSemaphoreSignal:
    case cudaGraphNodeTypeExtSemaphoreWait:
        cux_log("graph nodes of type %d (events, external semaphores) are "
                "not supported", (int)p->type);
        return cux_rt_ret(cudaErrorNotSupported);
    default:
        return cux_rt_ret(cudaErrorInvalidValue);
    }
}

CUX_EXPORT cudaError_t cudaGraphAddNode_v2(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies,
    const cudaGraphEdgeData *dependencyData, size_t numDependencies,
    struct cudaGraphNodeParams *nodeParams)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = cux_rt_edge_data_check(dependencyData, numDependencies);
    /* "reserved0: Reserved. Must be zero", likewise reserved2. */
    if (err == cudaSuccess &&
        (!nodeParams || !all_zero(nodeParams->reserved0,
                                  sizeof nodeParams->reserved0) ||
         nodeParams->reserved2))
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    return add_node(pGraphNode, graph, pDependencies, numDependencies,
                    nodeParams);
}

CUX_EXPORT_CUDA12 cudaError_t cudaGraphAddNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    struct cudaGraphNodeParams *nodeParams)
{
    return cudaGraphAddNode_v2(pGraphNode, graph, pDependencies, NULL,
                               numDependencies, nodeParams);
}
