/* rt_graph_dot.c: cudaGraphDebugDotPrint, a graph written as a Graphviz
 * DOT file for people to look at.
 *
 * One DOT node per graph node, named by its unique id, labelled with its
 * type and, where the flags ask, its parameters; one DOT edge per
 * dependency; a child graph, and each body of a conditional node, is a
 * cluster of its own nodes, entered from its node by a dashed edge.  The file is written under
 * ctx.graph_lock, so the graph cannot change underneath. */
#include "rt/rt.h"

#include <stdio.h>

static bool want(unsigned flags, unsigned what)
{
    return flags & (what | cudaGraphDebugDotFlagsVerbose);
}

static void label_kernel(FILE *f, const cux_rt_kernel_params *k,
                         unsigned flags)
{
    fprintf(f, "kernel\\n%s", k->name ? k->name : "?");
    if (want(flags, cudaGraphDebugDotFlagsKernelNodeParams))
        fprintf(f, "\\ngrid (%u,%u,%u) block (%u,%u,%u)\\nshared %u",
                k->grid.x, k->grid.y, k->grid.z, k->block.x, k->block.y,
                k->block.z, k->shmem);
}

static void label_copy(FILE *f, const cux_rt_node *n, unsigned flags)
{
    const cux_rt_copy *op = &n->p.copy.op;
    bool memset = n->type == cudaGraphNodeTypeMemset;
    fputs(memset ? "memset" : "memcpy", f);
    if (!want(flags, memset ? cudaGraphDebugDotFlagsMemsetNodeParams
                            : cudaGraphDebugDotFlagsMemcpyNodeParams))
        return;
    fprintf(f, "\\ndst %p", (void *)op->dst);
    if (memset)
        fprintf(f, " value 0x%x", n->p.copy.memset.value);
    else
        fprintf(f, " src %p", (const void *)op->src);
    fprintf(f, "\\n%zu x %zu x %zu bytes", op->box.width, op->box.height,
            op->box.depth);
}

static void print_graph(FILE *f, const struct CUgraph_st *g, unsigned flags,
                        int depth);

static void label_cond(FILE *f, const cux_rt_node *n, unsigned flags)
{
    static const char *const kinds[] = {"if", "while", "switch"};
    unsigned t = (unsigned)n->p.cond.type;
    fprintf(f, "conditional %s", t < 3 ? kinds[t] : "?");
    if (want(flags, cudaGraphDebugDotFlagsConditionalNodeParams))
        fprintf(f, "\\nhandle %p default %u%s\\n%u bodies",
                (void *)n->p.cond.handle, n->p.cond.handle->dflt,
                n->p.cond.handle->flags & cudaGraphCondAssignDefault
                    ? " (assigned)" : "",
                n->p.cond.size);
}

/* A graph owned by node n drawn as a cluster, entered from n. */
static void print_cluster(FILE *f, const cux_rt_node *n,
                          const struct CUgraph_st *g, uint32_t which,
                          unsigned flags, int depth)
{
    fprintf(f, "%*ssubgraph cluster_n%llu_%u {\n", 2 * depth, "",
            (unsigned long long)n->id, which);
    print_graph(f, g, flags, depth + 1);
    fprintf(f, "%*s}\n", 2 * depth, "");
    for (uint32_t i = 0; i < g->n_nodes; i++)
        if (!g->nodes[i]->n_deps)
            fprintf(f, "%*sn%llu -> n%llu [style=dashed, label=\"%u\"];\n",
                    2 * depth, "", (unsigned long long)n->id,
                    (unsigned long long)g->nodes[i]->id, which);
}

static void print_node(FILE *f, const cux_rt_node *n, unsigned flags,
                       int depth)
{
    fprintf(f, "%*sn%llu [label=\"", 2 * depth, "",
            (unsigned long long)n->id);
    switch (n->type) {
    case cudaGraphNodeTypeKernel:
        label_kernel(f, &n->p.kernel, flags);
        break;
    case cudaGraphNodeTypeMemcpy:
    case cudaGraphNodeTypeMemset:
        label_copy(f, n, flags);
        break;
    case cudaGraphNodeTypeHost:
        fputs("host", f);
        if (want(flags, cudaGraphDebugDotFlagsHostNodeParams))
            fprintf(f, "\\nfn %p data %p", (void *)(uintptr_t)n->p.host.fn,
                    n->p.host.userData);
        break;
    case cudaGraphNodeTypeGraph:
        fputs("child graph", f);
        break;
    case cudaGraphNodeTypeConditional:
        label_cond(f, n, flags);
        break;
    case cudaGraphNodeTypeMemAlloc:
    case cudaGraphNodeTypeMemFree:
        fprintf(f, "%s\\n%p, %zu bytes",
                n->type == cudaGraphNodeTypeMemAlloc ? "mem alloc"
                                                     : "mem free",
                (void *)n->p.alloc.mem->base, n->p.alloc.mem->size);
        break;
    default:
        fputs("empty", f);
        break;
    }
    if (want(flags, cudaGraphDebugDotFlagsHandles))
        fprintf(f, "\\nhandle %p", (const void *)n);
    fputs("\"];\n", f);
    if (n->type == cudaGraphNodeTypeGraph)
        print_cluster(f, n, n->p.child, 0, flags, depth);
    for (uint32_t b = 0; n->type == cudaGraphNodeTypeConditional &&
                         b < n->p.cond.size; b++)
        print_cluster(f, n, n->p.cond.bodies[b], b, flags, depth);
}

static void print_graph(FILE *f, const struct CUgraph_st *g, unsigned flags,
                        int depth)
{
    for (uint32_t i = 0; i < g->n_nodes; i++)
        print_node(f, g->nodes[i], flags, depth);
    for (uint32_t i = 0; i < g->n_nodes; i++)
        for (uint32_t e = 0; e < g->nodes[i]->n_outs; e++)
            fprintf(f, "%*sn%llu -> n%llu;\n", 2 * depth, "",
                    (unsigned long long)g->nodes[i]->id,
                    (unsigned long long)g->nodes[i]->outs[e]->id);
}

CUX_EXPORT cudaError_t cudaGraphDebugDotPrint(cudaGraph_t graph,
                                              const char *path,
                                              unsigned int flags)
{
    cux_rt_context *ctx = cux_rt_ctx();
    unsigned known = (1u << 0) | (0x1ffu << 2) | (1u << 15);
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && (!path || (flags & ~known)))
        err = cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    FILE *f = NULL;
    if (!graph || !cux_rt_handle_live(graph))
        err = cudaErrorInvalidValue;
    else if (!(f = fopen(path, "w")))
        err = cudaErrorOperatingSystem; /* "unable to write the file" */
    if (f) {
        fputs("digraph cux_graph {\n  node [shape=box];\n", f);
        print_graph(f, graph, flags, 1);
        fputs("}\n", f);
        if (fclose(f) != 0)
            err = cudaErrorOperatingSystem;
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(err);
}
