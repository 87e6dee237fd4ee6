/* rt_graph.c: CUDA graphs as data: graphs, their nodes and edges, node
 * parameters, cloning, and the explicit-construction API (cudaGraphAdd*,
 * queries, destroy).  Executable graphs are in rt_graph_exec.c, stream
 * capture in rt_graph_capture.c.
 *
 * A graph is an array of nodes in creation order; each node keeps both
 * its incoming and outgoing edges, so queries in either direction are
 * direct.  Parameters are copied into the node when set (CUDA copies a
 * kernel node's arguments), so the caller's buffers may die at once.
 * CUDA's graph objects are not thread-safe, but a bad program must not
 * crash the runtime, so every handle is looked up in ctx.graph_handles
 * under ctx.graph_lock before use; nodes are built before that lock is
 * taken, because resolving a kernel may compile its module. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

#define CUX_RT_HANDLE_GONE ((const void *)1)

/* Handle set ------------------------------------------------------------- */

static uint32_t slot_hash(const void *h, uint32_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)h;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (uint32_t)x & (cap - 1);
}

static void handles_grow(cux_rt_handles *set)
{
    cux_rt_handles bigger = {0};
    bigger.cap = set->cap ? set->cap * 2 : 64;
    bigger.keys = cux_xcalloc(bigger.cap, sizeof(*bigger.keys));
    for (uint32_t i = 0; i < set->cap; i++) {
        const void *k = set->keys[i];
        if (!k || k == CUX_RT_HANDLE_GONE)
            continue;
        uint32_t j = slot_hash(k, bigger.cap);
        while (bigger.keys[j])
            j = (j + 1) & (bigger.cap - 1);
        bigger.keys[j] = k;
        bigger.used++;
    }
    free(set->keys);
    *set = bigger;
}

/* The slot holding h, or UINT32_MAX. */
static uint32_t handle_slot(const cux_rt_handles *set, const void *h)
{
    if (!set->cap || !h || h == CUX_RT_HANDLE_GONE)
        return UINT32_MAX;
    for (uint32_t j = slot_hash(h, set->cap);; j = (j + 1) & (set->cap - 1)) {
        if (set->keys[j] == h)
            return j;
        if (!set->keys[j])
            return UINT32_MAX;
    }
}

bool cux_rt_handle_live(const void *h)
{
    return handle_slot(&cux_rt_ctx()->graph_handles, h) != UINT32_MAX;
}

void cux_rt_handle_add(const void *h)
{
    cux_rt_handles *set = &cux_rt_ctx()->graph_handles;
    /* Tombstones count as used, so probing always ends at an empty slot. */
    if ((set->used + 1) * 4 > set->cap * 3)
        handles_grow(set);
    uint32_t j = slot_hash(h, set->cap);
    while (set->keys[j] && set->keys[j] != CUX_RT_HANDLE_GONE)
        j = (j + 1) & (set->cap - 1);
    if (!set->keys[j])
        set->used++;
    set->keys[j] = h;
}

void cux_rt_handle_remove(const void *h)
{
    cux_rt_handles *set = &cux_rt_ctx()->graph_handles;
    uint32_t j = handle_slot(set, h);
    if (j != UINT32_MAX)
        set->keys[j] = CUX_RT_HANDLE_GONE;
}

/* Parameters ------------------------------------------------------------- */

static void kernel_params_set(cux_rt_kernel_params *k, cux_rt_device *dev,
                              cux_rt_func *f, dim3 grid, dim3 block,
                              size_t shmem, void **args)
{
    int d = dev->dev->ordinal;
    const cux_kernel_info *info = f->info[d];
    *k = (cux_rt_kernel_params){.dev = dev->dev, .kernel = f->kernel[d],
                                .func = f->host, .name = info->name,
                                .info = info,
                                .grid = grid,
                                .block = block, .shmem = (unsigned)shmem,
                                .n_args = info->n_params,
                                .packed_bytes = info->param_bytes + 16};
    k->packed = cux_xcalloc(1, k->packed_bytes);
    k->args = cux_xcalloc(k->n_args + 1, sizeof(void *));
    for (uint32_t i = 0; i < info->n_params; i++) {
        memcpy(k->packed + info->params[i].offset, args[i],
               info->params[i].size);
        k->args[i] = k->packed + info->params[i].offset;
    }
}

void cux_rt_params_copy(enum cudaGraphNodeType type, cux_rt_node_params *dst,
                        const cux_rt_node_params *src)
{
    *dst = *src;
    if (type == cudaGraphNodeTypeKernel) {
        const cux_rt_kernel_params *k = &src->kernel;
        dst->kernel.packed = cux_xcalloc(1, k->packed_bytes);
        memcpy(dst->kernel.packed, k->packed, k->packed_bytes);
        dst->kernel.args = cux_xcalloc(k->n_args + 1, sizeof(void *));
        for (uint32_t i = 0; i < k->n_args; i++)
            dst->kernel.args[i] =
                dst->kernel.packed + ((char *)k->args[i] - k->packed);
    } else if ((type == cudaGraphNodeTypeMemset ||
                type == cudaGraphNodeTypeMemcpy) && src->copy.pattern) {
        size_t bytes = src->copy.op.box.width;
        dst->copy.pattern = cux_xcalloc(1, bytes);
        memcpy(dst->copy.pattern, src->copy.pattern, bytes);
        dst->copy.op.src = dst->copy.pattern;
    } else if (type == cudaGraphNodeTypeGraph) {
        dst->child = cux_rt_graph_clone(src->child, false);
        dst->child->parent = NULL; /* set by the node that takes it */
    } else if (type == cudaGraphNodeTypeMemAlloc ||
               type == cudaGraphNodeTypeMemFree) {
        cux_rt_mem_params_copy(type, dst, src);
    } else if (type == cudaGraphNodeTypeConditional) {
        cux_rt_cond_params_copy(dst, src);
    }
}

void cux_rt_params_free(enum cudaGraphNodeType type, cux_rt_node_params *p)
{
    if (type == cudaGraphNodeTypeKernel) {
        free(p->kernel.packed);
        free(p->kernel.args);
    } else if (type == cudaGraphNodeTypeMemset ||
               type == cudaGraphNodeTypeMemcpy) {
        free(p->copy.pattern);
    } else if (type == cudaGraphNodeTypeGraph) {
        cux_rt_graph_free(p->child);
    } else if (type == cudaGraphNodeTypeMemAlloc ||
               type == cudaGraphNodeTypeMemFree) {
        cux_rt_mem_params_free(type, p);
    } else if (type == cudaGraphNodeTypeConditional) {
        cux_rt_cond_params_free(p);
    }
}

/* Nodes ------------------------------------------------------------------ */

static cux_rt_node *node_new(enum cudaGraphNodeType type)
{
    cux_rt_node *n = cux_xcalloc(1, sizeof(*n));
    n->type = type;
    return n;
}

cux_rt_node *cux_rt_node_kernel(cux_rt_device *dev, cux_rt_func *f,
                                dim3 grid, dim3 block, size_t shmem,
                                void **args)
{
    cux_rt_node *n = node_new(cudaGraphNodeTypeKernel);
    kernel_params_set(&n->p.kernel, dev, f, grid, block, shmem, args);
    return n;
}

static size_t rows_of(size_t slice, size_t pitch, size_t height)
{
    return pitch && slice ? slice / pitch : height;
}

static struct cudaMemcpy3DParms copy_as_3d(const cux_rt_copy *op)
{
    static const enum cudaMemcpyKind kinds[] = {
        [CUX_COPY_HOST_TO_DEVICE] = cudaMemcpyHostToDevice,
        [CUX_COPY_DEVICE_TO_HOST] = cudaMemcpyDeviceToHost,
        [CUX_COPY_DEVICE_TO_DEVICE] = cudaMemcpyDeviceToDevice};
    const cux_mem_box *b = &op->box;
    size_t dpitch = b->dst_pitch ? b->dst_pitch : b->width;
    size_t spitch = b->src_pitch ? b->src_pitch : b->width;
    struct cudaMemcpy3DParms p = {0};
    p.dstPtr = (struct cudaPitchedPtr){
        op->dst, dpitch, b->width, rows_of(b->dst_slice, dpitch, b->height)};
    p.srcPtr = (struct cudaPitchedPtr){
        (void *)op->src, spitch, b->width,
        rows_of(b->src_slice, spitch, b->height)};
    p.extent = (struct cudaExtent){b->width, b->height, b->depth};
    p.kind = op->direction == CUX_RT_HOST_TO_HOST ? cudaMemcpyHostToHost
                                                  : kinds[op->direction];
    return p;
}

cux_rt_node *cux_rt_node_copy(const cux_rt_copy *op)
{
    cux_rt_node *n = node_new(op->fill ? cudaGraphNodeTypeMemset
                                       : cudaGraphNodeTypeMemcpy);
    n->p.copy.op = *op;
    n->p.copy.op.status = cudaSuccess;
    /* What cudaGraphMemsetNodeGetParams and ...MemcpyNodeGetParams
     * report for a node made by capture or from a 1D copy. */
    if (op->fill)
        n->p.copy.memset = (struct cudaMemsetParams){
            .dst = op->dst, .pitch = op->box.dst_pitch, .value = op->value,
            .elementSize = 1, .width = op->box.width,
            .height = op->box.height};
    else
        n->p.copy.memcpy = copy_as_3d(op);
    return n;
}

cux_rt_node *cux_rt_node_host(cudaHostFn_t fn, void *user)
{
    cux_rt_node *n = node_new(cudaGraphNodeTypeHost);
    n->p.host = (struct cudaHostNodeParams){fn, user};
    return n;
}

cux_rt_node *cux_rt_node_child(struct CUgraph_st *child)
{
    cux_rt_node *n = node_new(cudaGraphNodeTypeGraph);
    n->p.child = child;
    child->parent = n;
    return n;
}

/* A node that is not (or no longer) in a graph. */
void cux_rt_node_free(cux_rt_node *n)
{
    if (!n)
        return;
    cux_rt_params_free(n->type, &n->p);
    free(n->deps);
    free(n->outs);
    free(n);
}

static void edge_push(cux_rt_node ***list, uint32_t *n, uint32_t *cap,
                      cux_rt_node *x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *list = cux_xrealloc(*list, *cap * sizeof(**list));
    }
    (*list)[(*n)++] = x;
}

static void edge_drop(cux_rt_node **list, uint32_t *n, const cux_rt_node *x)
{
    for (uint32_t i = 0; i < *n; i++)
        if (list[i] == x) {
            memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof(*list));
            (*n)--;
            return;
        }
}

static bool has_edge(const cux_rt_node *from, const cux_rt_node *to)
{
    for (uint32_t i = 0; i < from->n_outs; i++)
        if (from->outs[i] == to)
            return true;
    return false;
}

static void edge_add(cux_rt_node *from, cux_rt_node *to)
{
    edge_push(&from->outs, &from->n_outs, &from->cap_outs, to);
    edge_push(&to->deps, &to->n_deps, &to->cap_deps, from);
}

bool cux_rt_node_reaches(const cux_rt_node *from, const cux_rt_node *to)
{
    if (from == to)
        return true;
    for (uint32_t i = 0; i < from->n_outs; i++)
        if (cux_rt_node_reaches(from->outs[i], to))
            return true;
    return false;
}

/* Graphs ----------------------------------------------------------------- */

static void register_graph(struct CUgraph_st *g)
{
    cux_rt_handle_add(g);
    for (uint32_t i = 0; i < g->n_nodes; i++)
        cux_rt_handle_add(g->nodes[i]);
}

struct CUgraph_st *cux_rt_graph_new(void)
{
    struct CUgraph_st *g = cux_xcalloc(1, sizeof(*g));
    cux_rt_handle_add(g);
    return g;
}

void cux_rt_graph_attach(struct CUgraph_st *g, cux_rt_node *n,
                         cux_rt_node *const *deps, size_t n_deps)
{
    cux_rt_context *ctx = cux_rt_ctx();
    n->graph = g;
    n->id = ++ctx->node_ids;
    n->index = g->n_nodes;
    edge_push(&g->nodes, &g->n_nodes, &g->cap_nodes, n);
    for (size_t i = 0; i < n_deps; i++)
        edge_add(deps[i], n);
    cux_rt_handle_add(n);
    /* A child graph's nodes were not handles while it was detached. */
    if (n->type == cudaGraphNodeTypeGraph && !cux_rt_handle_live(n->p.child))
        register_graph(n->p.child);
}

static void graph_unlink(struct CUgraph_st *g)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (g->prev_live)
        g->prev_live->next_live = g->next_live;
    else if (ctx->graphs == g)
        ctx->graphs = g->next_live;
    if (g->next_live)
        g->next_live->prev_live = g->prev_live;
    g->next_live = g->prev_live = NULL;
}

void cux_rt_graph_free(struct CUgraph_st *g)
{
    if (!g)
        return;
    graph_unlink(g);
    cux_rt_handle_remove(g);
    if (g->capture)
        cux_rt_capture_graph_gone(g);
    cux_rt_graph_conds_free(g);
    for (uint32_t i = 0; i < g->n_nodes; i++) {
        cux_rt_handle_remove(g->nodes[i]);
        cux_rt_node_free(g->nodes[i]);
    }
    free(g->nodes);
    free(g);
}

/* Puts a top-level graph on ctx.graphs so that exit frees it. */
void cux_rt_graph_publish(struct CUgraph_st *g)
{
    cux_rt_context *ctx = cux_rt_ctx();
    g->next_live = ctx->graphs;
    g->prev_live = NULL;
    if (ctx->graphs)
        ctx->graphs->prev_live = g;
    ctx->graphs = g;
}

struct CUgraph_st *cux_rt_graph_clone(const struct CUgraph_st *g,
                                      bool keep_ids)
{
    struct CUgraph_st *c = cux_rt_graph_new();
    for (uint32_t i = 0; i < g->n_nodes; i++) {
        const cux_rt_node *from = g->nodes[i];
        cux_rt_node *n = node_new(from->type);
        cux_rt_params_copy(from->type, &n->p, &from->p);
        cux_rt_node_adopt(n);
        cux_rt_graph_attach(c, n, NULL, 0);
        if (keep_ids)
            n->id = from->id;
    }
    /* Edges by position: node i of the clone stands for node i of g. */
    for (uint32_t i = 0; i < g->n_nodes; i++)
        for (uint32_t e = 0; e < g->nodes[i]->n_outs; e++)
            edge_add(c->nodes[i], c->nodes[g->nodes[i]->outs[e]->index]);
    return c;
}

void cux_rt_graphs_free(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_graph_execs_free();
    pthread_mutex_lock(&ctx->graph_lock);
    while (ctx->graphs)
        cux_rt_graph_free(ctx->graphs);
    free(ctx->graph_handles.keys);
    ctx->graph_handles = (cux_rt_handles){0};
    pthread_mutex_unlock(&ctx->graph_lock);
}

/* API: graphs ------------------------------------------------------------ */

CUX_EXPORT cudaError_t cudaGraphCreate(cudaGraph_t *pGraph,
                                       unsigned int flags)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    /* "flags: Graph creation flags, must be 0". */
    if (!pGraph || flags != 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->graph_lock);
    *pGraph = cux_rt_graph_new();
    cux_rt_graph_publish(*pGraph);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cudaSuccess;
}

/* A graph the program may change or destroy: live, and not one a
 * child-graph node owns.  Caller holds graph_lock. */
static bool graph_ok(cudaGraph_t g)
{
    return g && cux_rt_handle_live(g);
}

CUX_EXPORT cudaError_t cudaGraphDestroy(cudaGraph_t graph)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    /* A child graph belongs to its node, and a graph being captured into
     * to its capture; neither is the program's to destroy. */
    bool ok = graph_ok(graph) && !graph->parent && !graph->capture;
    if (ok)
        cux_rt_graph_free(graph);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(ok ? cudaSuccess : cudaErrorInvalidValue);
}

CUX_EXPORT cudaError_t cudaGraphClone(cudaGraph_t *pGraphClone,
                                      cudaGraph_t originalGraph)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    bool ok = pGraphClone && graph_ok(originalGraph);
    /* A graph with memory nodes "cannot be cloned", nor one with
     * conditional nodes ("The graph cannot be cloned"). */
    if (ok && (cux_rt_graph_has_mem(originalGraph) ||
               cux_rt_graph_has_cond(originalGraph))) {
        pthread_mutex_unlock(&ctx->graph_lock);
        return cux_rt_ret(cudaErrorNotSupported);
    }
    if (ok) {
        *pGraphClone = cux_rt_graph_clone(originalGraph, false);
        cux_rt_graph_publish(*pGraphClone);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(ok ? cudaSuccess : cudaErrorInvalidValue);
}

/* API: adding nodes ------------------------------------------------------ */

/* Checks a dependency list against g: every entry a live node of g, no
 * entry twice.  Caller holds graph_lock. */
static bool deps_ok(cudaGraph_t g, const cudaGraphNode_t *deps, size_t n)
{
    if (n && !deps)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!cux_rt_handle_live(deps[i]) || deps[i]->graph != g)
            return false;
        for (size_t j = 0; j < i; j++)
            if (deps[j] == deps[i])
                return false;
    }
    return true;
}

/* Attaches a built node (owned; NULL if building failed with `built`). */
cudaError_t cux_rt_graph_add(cudaGraphNode_t *out, cudaGraph_t g,
                             const cudaGraphNode_t *deps, size_t n_deps,
                             cux_rt_node *node, cudaError_t built)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = built;
    pthread_mutex_lock(&ctx->graph_lock);
    if (err == cudaSuccess && (!out || !graph_ok(g) ||
                               !deps_ok(g, deps, n_deps)))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess && node->type == cudaGraphNodeTypeMemFree)
        err = cux_rt_graph_check_free(g, node);
    /* A body's "allowed node types are kernel nodes, empty nodes, child
     * graphs, memsets, memcopies, and conditionals"; cux runs host nodes
     * there too, but not memory nodes, which act at launch. */
    if (err == cudaSuccess && cux_rt_graph_in_body(g) &&
        (node->type == cudaGraphNodeTypeMemAlloc ||
         node->type == cudaGraphNodeTypeMemFree))
        err = cudaErrorNotSupported;
    if (err == cudaSuccess) {
        cux_rt_graph_attach(g, node, deps, n_deps);
        *out = node;
    } else {
        cux_rt_node_free(node); /* a child graph's handles need the lock */
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(err);
}

/* Builds kernel parameters from CUDA's struct, checked as a launch is. */
static cudaError_t kernel_from(const struct cudaKernelNodeParams *p,
                               cux_rt_kernel_params *k)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && !p)
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return err;
    /* "kernelParams or extra" gives the arguments, not both. */
    if (p->kernelParams && p->extra)
        return cudaErrorInvalidValue;
    if (p->extra) {
        cux_log("kernel node: arguments through `extra` are not supported");
        return cudaErrorNotSupported;
    }
    err = cux_rt_func_resolve(p->func, dev, &f);
    if (err == cudaSuccess)
        err = cux_rt_check_config(dev, f, p->gridDim, p->blockDim,
                                  p->sharedMemBytes);
    if (err == cudaSuccess && f->info[dev->dev->ordinal]->n_params &&
        !p->kernelParams)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        kernel_params_set(k, dev, f, p->gridDim, p->blockDim,
                          p->sharedMemBytes, p->kernelParams);
    return err;
}

CUX_EXPORT cudaError_t cudaGraphAddKernelNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    const struct cudaKernelNodeParams *pNodeParams)
{
    cux_rt_node *n = node_new(cudaGraphNodeTypeKernel);
    cudaError_t err = kernel_from(pNodeParams, &n->p.kernel);
    if (err != cudaSuccess) {
        free(n);
        n = NULL;
    }
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies, n,
                    err);
}

CUX_EXPORT cudaError_t cudaGraphAddMemcpyNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    const struct cudaMemcpy3DParms *pCopyParams)
{
    cux_rt_device *dev;
    cux_rt_copy op;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = cux_rt_copy_describe_3d(dev, pCopyParams, &op);
    cux_rt_node *n = NULL;
    if (err == cudaSuccess) {
        n = cux_rt_node_copy(&op);
        n->p.copy.memcpy = *pCopyParams; /* reported as given */
    }
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies, n,
                    err);
}

CUX_EXPORT cudaError_t cudaGraphAddMemcpyNode1D(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies, void *dst,
    const void *src, size_t count, enum cudaMemcpyKind kind)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && (unsigned)kind > cudaMemcpyDefault)
        err = cudaErrorInvalidMemcpyDirection;
    if (err == cudaSuccess && count && (!dst || !src))
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                        NULL, err);
    cux_rt_copy op = {
        .dev = dev->dev, .dst = dst, .src = src,
        .box = {.width = count, .height = 1, .depth = 1},
        .direction = cux_rt_copy_direction(kind, dst, src)};
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                    cux_rt_node_copy(&op), cudaSuccess);
}

/* Whether every byte of an element of `size` bytes holding v is equal. */
static bool bytes_uniform(unsigned v, unsigned size)
{
    for (unsigned i = 1; i < size; i++)
        if (((v >> (8 * i)) & 0xff) != (v & 0xff))
            return false;
    return true;
}

/* A memset node: a byte fill when every byte of the element is the same,
 * else a copy of one row holding the pattern to every row (source pitch
 * 0), which every device's mem_copy can do. */
static cux_rt_node *memset_node(cux_rt_device *dev,
                                const struct cudaMemsetParams *p)
{
    size_t row = p->width * p->elementSize;
    cux_rt_copy op = {.dev = dev->dev, .dst = p->dst,
                      .box = {.width = row, .height = p->height, .depth = 1,
                              .dst_pitch = p->pitch}};
    char *pattern = NULL;
    if (bytes_uniform(p->value, p->elementSize)) {
        op.fill = true;
        op.value = (unsigned char)p->value;
    } else {
        pattern = cux_xcalloc(1, row ? row : 1);
        for (size_t i = 0; i < p->width; i++)
            memcpy(pattern + i * p->elementSize, &p->value, p->elementSize);
        op.src = pattern;
        op.direction = CUX_COPY_HOST_TO_DEVICE;
    }
    cux_rt_node *n = cux_rt_node_copy(&op);
    n->type = cudaGraphNodeTypeMemset;
    n->p.copy.pattern = pattern;
    n->p.copy.memset = *p;
    return n;
}

CUX_EXPORT cudaError_t cudaGraphAddMemsetNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    const struct cudaMemsetParams *pMemsetParams)
{
    cux_rt_device *dev;
    const struct cudaMemsetParams *p = pMemsetParams;
    cudaError_t err = cux_rt_enter(&dev);
    /* "elementSize: Size of each element in bytes. Must be 1, 2, or 4." */
    if (err == cudaSuccess &&
        (!p || !p->dst || p->height == 0 ||
         (p->elementSize != 1 && p->elementSize != 2 &&
          p->elementSize != 4) ||
         (p->height > 1 && p->pitch < p->width * p->elementSize)))
        err = cudaErrorInvalidValue;
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                    err == cudaSuccess ? memset_node(dev, p) : NULL, err);
}

CUX_EXPORT cudaError_t cudaGraphAddHostNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    const struct cudaHostNodeParams *pNodeParams)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && (!pNodeParams || !pNodeParams->fn))
        err = cudaErrorInvalidValue;
    cux_rt_node *n = err == cudaSuccess ?
        cux_rt_node_host(pNodeParams->fn, pNodeParams->userData) : NULL;
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies, n,
                    err);
}

CUX_EXPORT cudaError_t cudaGraphAddEmptyNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies)
{
    cudaError_t err = cux_rt_enter(NULL);
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                    err == cudaSuccess ? node_new(cudaGraphNodeTypeEmpty)
                                       : NULL, err);
}

CUX_EXPORT cudaError_t cudaGraphAddChildGraphNode(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies,
    cudaGraph_t childGraph)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    /* "The node executes an embedded child graph. The child graph is
     * cloned in this call." */
    struct CUgraph_st *clone = NULL;
    bool mem = false;
    pthread_mutex_lock(&ctx->graph_lock);
    /* A graph with memory nodes is embedded only by moving it in
     * (cudaGraphAddNode's ownership transfer), which cux lacks; one with
     * conditional nodes "cannot be used in a child node". */
    if (graph_ok(childGraph) && childGraph != graph &&
        !(mem = cux_rt_graph_has_mem(childGraph) ||
                cux_rt_graph_has_cond(childGraph)))
        clone = cux_rt_graph_clone(childGraph, false);
    pthread_mutex_unlock(&ctx->graph_lock);
    if (mem)
        return cux_rt_graph_add(pGraphNode, graph, pDependencies,
                                numDependencies, NULL, cudaErrorNotSupported);
    if (!clone)
        return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                        NULL, cudaErrorInvalidValue);
    return cux_rt_graph_add(pGraphNode, graph, pDependencies, numDependencies,
                    cux_rt_node_child(clone), cudaSuccess);
}

/* API: edges ------------------------------------------------------------- */

/* Checks edge lists: live nodes of g, no self edge.  Caller holds
 * graph_lock. */
static bool edges_ok(cudaGraph_t g, const cudaGraphNode_t *from,
                     const cudaGraphNode_t *to, size_t n)
{
    if (!graph_ok(g) || (n && (!from || !to)))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!cux_rt_handle_live(from[i]) || !cux_rt_handle_live(to[i]) ||
            from[i]->graph != g || to[i]->graph != g || from[i] == to[i])
            return false;
    return true;
}

/* Edge data beyond the default (full completion of the upstream node)
 * asks for programmatic dependent launch, which cux does not have. */
cudaError_t cux_rt_edge_data_check(const cudaGraphEdgeData *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        for (int r = 0; r < 5; r++)
            if (e[i].reserved[r]) /* "must be zeroed" */
                return cudaErrorInvalidValue;
        if (e[i].from_port || e[i].to_port || e[i].type) {
            cux_log("graph edges other than full completion are not "
                    "supported");
            return cudaErrorNotSupported;
        }
    }
    return cudaSuccess;
}

/* Adds or removes numDependencies edges, all or none. */
static cudaError_t edges_change(cudaGraph_t graph, const cudaGraphNode_t *from,
                                const cudaGraphNode_t *to,
                                const cudaGraphEdgeData *edgeData,
                                size_t numDependencies, bool add)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = cux_rt_edge_data_check(edgeData, numDependencies);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    bool ok = edges_ok(graph, from, to, numDependencies);
    /* Adding an edge that exists (or is listed twice) is refused;
     * "specifying a non-existing dependency" to remove is an error. */
    for (size_t i = 0; ok && i < numDependencies; i++) {
        ok = has_edge(from[i], to[i]) != add;
        for (size_t j = 0; ok && j < i; j++)
            ok = from[j] != from[i] || to[j] != to[i];
    }
    for (size_t i = 0; ok && i < numDependencies; i++) {
        if (add) {
            edge_add(from[i], to[i]);
        } else {
            edge_drop(from[i]->outs, &from[i]->n_outs, to[i]);
            edge_drop(to[i]->deps, &to[i]->n_deps, from[i]);
        }
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(ok ? cudaSuccess : cudaErrorInvalidValue);
}

CUX_EXPORT cudaError_t cudaGraphAddDependencies_v2(
    cudaGraph_t graph, const cudaGraphNode_t *from, const cudaGraphNode_t *to,
    const cudaGraphEdgeData *edgeData, size_t numDependencies)
{
    return edges_change(graph, from, to, edgeData, numDependencies, true);
}

CUX_EXPORT_CUDA12 cudaError_t cudaGraphAddDependencies(
    cudaGraph_t graph, const cudaGraphNode_t *from, const cudaGraphNode_t *to,
    size_t numDependencies)
{
    return edges_change(graph, from, to, NULL, numDependencies, true);
}

CUX_EXPORT cudaError_t cudaGraphRemoveDependencies_v2(
    cudaGraph_t graph, const cudaGraphNode_t *from, const cudaGraphNode_t *to,
    const cudaGraphEdgeData *edgeData, size_t numDependencies)
{
    return edges_change(graph, from, to, edgeData, numDependencies, false);
}

CUX_EXPORT_CUDA12 cudaError_t cudaGraphRemoveDependencies(
    cudaGraph_t graph, const cudaGraphNode_t *from, const cudaGraphNode_t *to,
    size_t numDependencies)
{
    return edges_change(graph, from, to, NULL, numDependencies, false);
}

/* API: queries ----------------------------------------------------------- */

/* CUDA's protocol for node lists: with a NULL array, the count; else up
 * to *count entries, the rest of a larger array set to NULL and *count
 * lowered to the real number. */
static void give_list(cux_rt_node *const *list, size_t n,
                      cudaGraphNode_t *out, size_t *count)
{
    if (!out) {
        *count = n;
        return;
    }
    for (size_t i = 0; i < *count; i++)
        out[i] = i < n ? list[i] : NULL;
    if (*count > n)
        *count = n;
}

CUX_EXPORT cudaError_t cudaGraphGetNodes(cudaGraph_t graph,
                                         cudaGraphNode_t *nodes,
                                         size_t *numNodes)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    bool ok = numNodes && graph_ok(graph);
    if (ok)
        give_list(graph->nodes, graph->n_nodes, nodes, numNodes);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(ok ? cudaSuccess : cudaErrorInvalidValue);
}

CUX_EXPORT cudaError_t cudaGraphGetRootNodes(cudaGraph_t graph,
                                             cudaGraphNode_t *pRootNodes,
                                             size_t *pNumRootNodes)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    bool ok = pNumRootNodes && graph_ok(graph);
    if (ok) {
        cux_rt_node **roots = cux_xcalloc(graph->n_nodes + 1,
                                          sizeof(*roots));
        size_t n = 0;
        for (uint32_t i = 0; i < graph->n_nodes; i++)
            if (!graph->nodes[i]->n_deps)
                roots[n++] = graph->nodes[i];
        give_list(roots, n, pRootNodes, pNumRootNodes);
        free(roots);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(ok ? cudaSuccess : cudaErrorInvalidValue);
}

cudaError_t cux_rt_graph_node_begin(cudaGraphNode_t node,
                                    enum cudaGraphNodeType type,
                                    const void *out)
{
    cudaError_t err = cux_rt_enter(NULL);
    pthread_mutex_lock(&cux_rt_ctx()->graph_lock);
    if (err == cudaSuccess &&
        (!out || !cux_rt_handle_live(node) ||
         (type != cudaGraphNodeTypeCount && node->type != type)))
        err = cudaErrorInvalidValue;
    return err;
}

cudaError_t cux_rt_graph_node_done(cudaError_t err)
{
    pthread_mutex_unlock(&cux_rt_ctx()->graph_lock);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaGraphNodeGetType(cudaGraphNode_t node,
                                            enum cudaGraphNodeType *pType)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeCount, pType);
    if (err == cudaSuccess)
        *pType = node->type;
    return cux_rt_graph_node_done(err);
}

/* A node's edges in one direction, with default edge data if asked. */
static cudaError_t node_edges(cudaGraphNode_t node, bool incoming,
                              cudaGraphNode_t *nodes,
                              cudaGraphEdgeData *edgeData, size_t *count)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeCount, count);
    if (err == cudaSuccess) {
        if (incoming)
            give_list(node->deps, node->n_deps, nodes, count);
        else
            give_list(node->outs, node->n_outs, nodes, count);
        if (nodes && edgeData)
            memset(edgeData, 0, *count * sizeof(*edgeData));
    }
    return cux_rt_graph_node_done(err);
}

CUX_EXPORT cudaError_t cudaGraphNodeGetDependencies_v2(
    cudaGraphNode_t node, cudaGraphNode_t *pDependencies,
    cudaGraphEdgeData *edgeData, size_t *pNumDependencies)
{
    return node_edges(node, true, pDependencies, edgeData, pNumDependencies);
}

CUX_EXPORT_CUDA12 cudaError_t cudaGraphNodeGetDependencies(
    cudaGraphNode_t node, cudaGraphNode_t *pDependencies,
    size_t *pNumDependencies)
{
    return node_edges(node, true, pDependencies, NULL, pNumDependencies);
}

CUX_EXPORT cudaError_t cudaGraphNodeGetDependentNodes_v2(
    cudaGraphNode_t node, cudaGraphNode_t *pDependentNodes,
    cudaGraphEdgeData *edgeData, size_t *pNumDependentNodes)
{
    return node_edges(node, false, pDependentNodes, edgeData,
                      pNumDependentNodes);
}

CUX_EXPORT_CUDA12 cudaError_t cudaGraphNodeGetDependentNodes(
    cudaGraphNode_t node, cudaGraphNode_t *pDependentNodes,
    size_t *pNumDependentNodes)
{
    return node_edges(node, false, pDependentNodes, NULL,
                      pNumDependentNodes);
}

CUX_EXPORT cudaError_t cudaGraphKernelNodeGetParams(
    cudaGraphNode_t node, struct cudaKernelNodeParams *pNodeParams)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeKernel, pNodeParams);
    if (err == cudaSuccess) {
        const cux_rt_kernel_params *k = &node->p.kernel;
        /* The arguments point at the node's own copy, as in CUDA. */
        *pNodeParams = (struct cudaKernelNodeParams){
            .func = (void *)k->func, .gridDim = k->grid,
            .blockDim = k->block, .sharedMemBytes = k->shmem,
            .kernelParams = k->args, .extra = NULL};
    }
    return cux_rt_graph_node_done(err);
}

CUX_EXPORT cudaError_t cudaGraphKernelNodeSetParams(
    cudaGraphNode_t node, const struct cudaKernelNodeParams *pNodeParams)
{
    cux_rt_kernel_params k;
    cudaError_t err = kernel_from(pNodeParams, &k);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeKernel, pNodeParams);
    cux_rt_node_params old = {.kernel = k};
    if (err == cudaSuccess) {
        old.kernel = node->p.kernel;
        node->p.kernel = k;
    }
    cux_rt_params_free(cudaGraphNodeTypeKernel, &old);
    return cux_rt_graph_node_done(err);
}

CUX_EXPORT cudaError_t cudaGraphMemsetNodeGetParams(
    cudaGraphNode_t node, struct cudaMemsetParams *pNodeParams)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeMemset, pNodeParams);
    if (err == cudaSuccess)
        *pNodeParams = node->p.copy.memset;
    return cux_rt_graph_node_done(err);
}

CUX_EXPORT cudaError_t cudaGraphMemcpyNodeGetParams(
    cudaGraphNode_t node, struct cudaMemcpy3DParms *pNodeParams)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeMemcpy, pNodeParams);
    if (err == cudaSuccess)
        *pNodeParams = node->p.copy.memcpy;
    return cux_rt_graph_node_done(err);
}

/* The cudaGraph*NodeSetParams calls other than the kernel's: the new
 * parameters are built as a node of a scratch graph by the matching
 * cudaGraphAdd*Node, checked as there, then moved into node.  `built` is
 * what building returned; the scratch graph is freed here. */
static cudaError_t node_set(cudaGraphNode_t node, cudaGraph_t scratch,
                            cudaGraphNode_t fresh, cudaError_t built)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = built;
    pthread_mutex_lock(&ctx->graph_lock);
    if (err == cudaSuccess &&
        (!cux_rt_handle_live(node) || node->type != fresh->type))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess) {
        cux_rt_node_params old = node->p;
        node->p = fresh->p;
        fresh->p = old; /* freed with the scratch graph */
    }
    cux_rt_graph_free(scratch);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaGraphMemcpyNodeSetParams(
    cudaGraphNode_t node, const struct cudaMemcpy3DParms *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddMemcpyNode(&fresh, scratch, NULL, 0, pNodeParams);
    return node_set(node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphMemcpyNodeSetParams1D(
    cudaGraphNode_t node, void *dst, const void *src, size_t count,
    enum cudaMemcpyKind kind)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddMemcpyNode1D(&fresh, scratch, NULL, 0, dst, src, count,
                                   kind);
    return node_set(node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphMemsetNodeSetParams(
    cudaGraphNode_t node, const struct cudaMemsetParams *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddMemsetNode(&fresh, scratch, NULL, 0, pNodeParams);
    return node_set(node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphHostNodeSetParams(
    cudaGraphNode_t node, const struct cudaHostNodeParams *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddHostNode(&fresh, scratch, NULL, 0, pNodeParams);
    return node_set(node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphHostNodeGetParams(
    cudaGraphNode_t node, struct cudaHostNodeParams *pNodeParams)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeHost, pNodeParams);
    if (err == cudaSuccess)
        *pNodeParams = node->p.host;
    return cux_rt_graph_node_done(err);
}

CUX_EXPORT cudaError_t cudaGraphChildGraphNodeGetGraph(cudaGraphNode_t node,
                                                       cudaGraph_t *pGraph)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeGraph, pGraph);
    if (err == cudaSuccess)
        *pGraph = node->p.child;
    return cux_rt_graph_node_done(err);
}

/* API: destroying a node ------------------------------------------------- */

CUX_EXPORT cudaError_t cudaGraphDestroyNode(cudaGraphNode_t node)
{
    cudaError_t err = cux_rt_graph_node_begin(node, cudaGraphNodeTypeCount, node);
    if (err == cudaSuccess && node->graph && node->graph->capture)
        err = cudaErrorInvalidValue; /* a capture still refers to it */
    /* In a graph with memory nodes, "nodes and edges of the graph cannot
     * be deleted"; memory nodes at least stay. */
    if (err == cudaSuccess && (node->type == cudaGraphNodeTypeMemAlloc ||
                               node->type == cudaGraphNodeTypeMemFree))
        err = cudaErrorNotSupported;
    if (err != cudaSuccess)
        return cux_rt_graph_node_done(err);
    /* "Removes node from its graph ... also severs any dependencies of
     * other nodes on node, and vice versa." */
    for (uint32_t i = 0; i < node->n_deps; i++)
        edge_drop(node->deps[i]->outs, &node->deps[i]->n_outs, node);
    for (uint32_t i = 0; i < node->n_outs; i++)
        edge_drop(node->outs[i]->deps, &node->outs[i]->n_deps, node);
    struct CUgraph_st *g = node->graph;
    memmove(&g->nodes[node->index], &g->nodes[node->index + 1],
            (g->n_nodes - node->index - 1) * sizeof(*g->nodes));
    g->n_nodes--;
    for (uint32_t i = node->index; i < g->n_nodes; i++)
        g->nodes[i]->index = i;
    cux_rt_handle_remove(node);
    if (node->type == cudaGraphNodeTypeGraph)
        node->p.child->parent = NULL;
    cux_rt_node_free(node);
    return cux_rt_graph_node_done(cudaSuccess);
}
