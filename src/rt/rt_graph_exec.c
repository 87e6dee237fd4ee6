/* rt_graph_exec.c: executable graphs: instantiation, launch, and the
 * updates CUDA allows on an instantiated graph.
 *
 * Instantiation orders the graph's nodes topologically (Kahn's
 * algorithm, which also finds cycles) and flattens child graphs in place,
 * giving a plan: a flat array of steps with their own copies of the
 * parameters.  A launch queues one work item that runs the steps in that
 * order on the stream's worker, so a graph of any size costs one
 * hand-off, and any order the edges allow is one CUDA might have chosen.
 * Plans are immutable and reference-counted: a launch holds its plan, and
 * an update builds a new one, so "already enqueued or running launches of
 * hGraphExec are not affected".  The executable also keeps a clone of the
 * graph it came from (its shape), which cudaGraphExecUpdate compares
 * against and a capture of cudaGraphLaunch embeds.
 *
 * A conditional node cannot be flattened: its step holds one plan per
 * body, and the worker decides when the step's turn comes, from the
 * handle's value, which body plans run and how often.  Every handle a
 * plan reads is listed in the top plan, so a launch can first assign
 * the defaults that cudaGraphCondAssignDefault asks for. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

typedef struct plan plan;

typedef struct step {
    uint64_t id;                /* the node it came from; 0 inside a child */
    enum cudaGraphNodeType type;
    cux_rt_node_params p;       /* owned; a conditional's without bodies */
    plan **bodies;              /* a conditional's: p.cond.size plans,
                                 * referenced */
} step;

struct plan {
    atomic_int refs;
    uint32_t n, cap;
    step *steps;
    cux_rt_cond **conds;        /* top plan: every handle read anywhere in
                                 * it, once each, referenced */
    uint32_t n_conds, cap_conds;
};

struct CUgraphExec_st {
    plan *plan;                 /* referenced */
    struct CUgraph_st *shape;   /* clone with the original node ids */
    struct CUstream_st *last_stream; /* previous launch, referenced */
    uint64_t last_seq;
    unsigned long long flags;   /* as instantiated */
    struct CUgraphExec_st *next_live; /* ctx.execs, under graph_lock */
};

/* Plans ------------------------------------------------------------------ */

static plan *plan_new(void)
{
    plan *pl = cux_xcalloc(1, sizeof(*pl));
    atomic_init(&pl->refs, 1);
    return pl;
}

static void plan_release(plan *pl)
{
    if (!pl || atomic_fetch_sub(&pl->refs, 1) != 1)
        return;
    for (uint32_t i = 0; i < pl->n; i++) {
        step *s = &pl->steps[i];
        if (s->type == cudaGraphNodeTypeConditional)
            for (uint32_t b = 0; b < s->p.cond.size; b++)
                plan_release(s->bodies[b]);
        free(s->bodies);
        cux_rt_params_free(s->type, &s->p);
    }
    for (uint32_t i = 0; i < pl->n_conds; i++)
        cux_rt_cond_unref(pl->conds[i]);
    free(pl->conds);
    free(pl->steps);
    free(pl);
}

static step *plan_push(plan *pl, uint64_t id, const cux_rt_node *n)
{
    if (pl->n == pl->cap) {
        pl->cap = pl->cap ? pl->cap * 2 : 8;
        pl->steps = cux_xrealloc(pl->steps, pl->cap * sizeof(*pl->steps));
    }
    step *s = &pl->steps[pl->n++];
    *s = (step){.id = id, .type = n->type};
    if (n->type == cudaGraphNodeTypeConditional) {
        /* The bodies become plans; the step keeps the handle alone. */
        s->p.cond = n->p.cond;
        s->p.cond.bodies = NULL;
        cux_rt_cond_ref(s->p.cond.handle);
    } else {
        cux_rt_params_copy(n->type, &s->p, &n->p);
    }
    return s;
}

/* Lists h in the top plan, once. */
static void plan_note_cond(plan *top, cux_rt_cond *h)
{
    for (uint32_t i = 0; i < top->n_conds; i++)
        if (top->conds[i] == h)
            return;
    if (top->n_conds == top->cap_conds) {
        top->cap_conds = top->cap_conds ? top->cap_conds * 2 : 4;
        top->conds = cux_xrealloc(top->conds,
                                  top->cap_conds * sizeof(*top->conds));
    }
    cux_rt_cond_ref(h);
    top->conds[top->n_conds++] = h;
}

static bool plan_add(plan *pl, const struct CUgraph_st *g, bool top,
                     plan *root);

/* A conditional node's step, with a plan per body; false if a body has
 * a cycle. */
static bool plan_cond(plan *pl, const cux_rt_node *x, bool top, plan *root)
{
    step *s = plan_push(pl, top ? x->id : 0, x);
    uint32_t n = x->p.cond.size;
    plan **bodies = cux_xcalloc(n + 1, sizeof(*bodies));
    bool ok = true;
    for (uint32_t i = 0; i < n; i++) {
        bodies[i] = plan_new();
        ok = ok && plan_add(bodies[i], x->p.cond.bodies[i], false, root);
    }
    s->bodies = bodies; /* s stays put: bodies grow other plans */
    plan_note_cond(root, x->p.cond.handle);
    return ok;
}

/* Appends g's nodes in a topological order, child graphs inlined, to pl,
 * listing the handles of its conditional nodes in root; false if g has a
 * cycle.  Caller holds graph_lock. */
static bool plan_add(plan *pl, const struct CUgraph_st *g, bool top,
                     plan *root)
{
    uint32_t n = g->n_nodes, head = 0, tail = 0;
    uint32_t *waiting = cux_xcalloc(n + 1, sizeof(*waiting));
    uint32_t *ready = cux_xcalloc(n + 1, sizeof(*ready));
    bool ok = true;
    for (uint32_t i = 0; i < n; i++)
        if (!(waiting[i] = g->nodes[i]->n_deps))
            ready[tail++] = i;
    while (ok && head < tail) {
        const cux_rt_node *x = g->nodes[ready[head++]];
        if (x->type == cudaGraphNodeTypeGraph)
            ok = plan_add(pl, x->p.child, false, root);
        else if (x->type == cudaGraphNodeTypeConditional)
            ok = plan_cond(pl, x, top, root);
        else if (x->type == cudaGraphNodeTypeKernel ||
                 x->type == cudaGraphNodeTypeMemcpy ||
                 x->type == cudaGraphNodeTypeMemset ||
                 x->type == cudaGraphNodeTypeHost ||
                 x->type == cudaGraphNodeTypeMemAlloc ||
                 x->type == cudaGraphNodeTypeMemFree)
            plan_push(pl, top ? x->id : 0, x);
        for (uint32_t e = 0; e < x->n_outs; e++)
            if (--waiting[x->outs[e]->index] == 0)
                ready[tail++] = x->outs[e]->index;
    }
    free(waiting);
    free(ready);
    return ok && tail == n; /* nodes never ready lie on a cycle */
}

static plan *plan_build(const struct CUgraph_st *g)
{
    plan *pl = plan_new();
    if (!plan_add(pl, g, true, pl)) {
        plan_release(pl);
        return NULL;
    }
    return pl;
}

/* A copy of a top plan whose steps may then change; body plans, which
 * cudaGraphExec*NodeSetParams cannot reach, are shared. */
static plan *plan_copy(const plan *from)
{
    plan *pl = plan_new();
    pl->n = pl->cap = from->n;
    pl->steps = cux_xcalloc(from->n + 1, sizeof(*pl->steps));
    for (uint32_t i = 0; i < from->n; i++) {
        const step *f = &from->steps[i];
        step *s = &pl->steps[i];
        *s = (step){.id = f->id, .type = f->type};
        cux_rt_params_copy(f->type, &s->p, &f->p);
        if (f->type != cudaGraphNodeTypeConditional)
            continue;
        s->bodies = cux_xcalloc(f->p.cond.size + 1, sizeof(*s->bodies));
        for (uint32_t b = 0; b < f->p.cond.size; b++) {
            s->bodies[b] = f->bodies[b];
            atomic_fetch_add(&s->bodies[b]->refs, 1);
        }
    }
    for (uint32_t i = 0; i < from->n_conds; i++)
        plan_note_cond(pl, from->conds[i]);
    return pl;
}

/* Running ---------------------------------------------------------------- */

static void run_plan(const plan *pl);

static uint32_t cond_value(const cux_rt_cond *h)
{
    return __atomic_load_n(&h->value, __ATOMIC_ACQUIRE);
}

/* A conditional node, once its dependencies are done: the kernels that
 * set its value have returned on this thread, so the value is theirs.
 * A While loop checks before every pass, and stops at a fault. */
static void run_cond(const step *s)
{
    const cux_rt_cond *h = s->p.cond.handle;
    uint32_t v = cond_value(h);
    switch (s->p.cond.type) {
    case cudaGraphCondTypeIf:
        if (v)
            run_plan(s->bodies[0]);
        else if (s->p.cond.size == 2)
            run_plan(s->bodies[1]); /* the else branch */
        break;
    case cudaGraphCondTypeWhile:
        while (cond_value(h) && cux_rt_sticky() == cudaSuccess)
            run_plan(s->bodies[0]);
        break;
    case cudaGraphCondTypeSwitch:
        /* "If the condition >= size, no body graph is executed." */
        if (v < s->p.cond.size)
            run_plan(s->bodies[v]);
        break;
    }
}

/* A step's fault poisons the context, as the same work queued one call
 * at a time would; CUDA runs nothing more after it. */
static void run_step(step *s)
{
    if (cux_rt_sticky() != cudaSuccess)
        return;
    if (s->type == cudaGraphNodeTypeConditional) {
        run_cond(s);
    } else if (s->type == cudaGraphNodeTypeKernel) {
        cux_rt_kernel_params *k = &s->p.kernel;
        cux_launch l = {{k->grid.x, k->grid.y, k->grid.z},
                        {k->block.x, k->block.y, k->block.z},
                        k->shmem, k->packed, k->cooperative};
        cux_rt_note_launch(cux_rt_device_at(k->dev->ordinal), k->info);
        cudaError_t err = k->dev->ops->launch(k->dev, k->kernel, &l);
        if (err != cudaSuccess)
            cux_rt_set_sticky(err);
    } else if (s->type == cudaGraphNodeTypeHost) {
        s->p.host.fn(s->p.host.userData);
    } else if (s->type == cudaGraphNodeTypeMemAlloc ||
               s->type == cudaGraphNodeTypeMemFree) {
        return; /* done at launch (cux_rt_graph_mem_launched, ..._unlist) */
    } else {
        cux_rt_copy op = s->p.copy.op; /* the plan is shared: copy status */
        if (op.box.width == 0)
            return;
        cux_rt_copy_run(&op);
        if (op.status != cudaSuccess)
            cux_rt_set_sticky(op.status);
    }
}

typedef struct graph_work {
    cux_rt_work base;
    plan *plan;                 /* referenced */
} graph_work;

static void run_plan(const plan *pl)
{
    for (uint32_t i = 0; i < pl->n; i++)
        run_step(&pl->steps[i]);
}

static void run_graph(cux_rt_work *w, struct CUstream_st *s)
{
    plan *pl = ((graph_work *)w)->plan;
    (void)s;
    /* "Default value is applied when graph is launched": in stream
     * order, as the launch starts. */
    for (uint32_t i = 0; i < pl->n_conds; i++)
        if (pl->conds[i]->flags & cudaGraphCondAssignDefault)
            __atomic_store_n(&pl->conds[i]->value, pl->conds[i]->dflt,
                             __ATOMIC_RELEASE);
    run_plan(pl);
}

static void free_graph_work(cux_rt_work *w)
{
    plan_release(((graph_work *)w)->plan);
    free(w);
}

/* Executables ------------------------------------------------------------ */

/* Whether x's allocations may be claimed by it (none owned by another
 * executable), and if so claims them.  Caller holds graph_lock. */
static bool claim_mem(struct CUgraphExec_st *x, struct CUgraphExec_st *to)
{
    const plan *pl = x->plan;
    for (uint32_t i = 0; i < pl->n && to; i++)
        if (pl->steps[i].type == cudaGraphNodeTypeMemAlloc &&
            pl->steps[i].p.alloc.mem->owner)
            return false;
    for (uint32_t i = 0; i < pl->n; i++)
        if (pl->steps[i].type == cudaGraphNodeTypeMemAlloc)
            pl->steps[i].p.alloc.mem->owner = to;
    return true;
}

/* "Only one instantiation of the graph may exist at any point in time"
 * where it has conditional nodes: their handles hold one value each, so
 * an executable claims them.  Whether pl's handles are free for x (or
 * already its own); caller holds graph_lock. */
static bool conds_free_for(const plan *pl, const struct CUgraphExec_st *x)
{
    for (uint32_t i = 0; i < pl->n_conds; i++)
        if (pl->conds[i]->owner && pl->conds[i]->owner != x)
            return false;
    return true;
}

static void conds_pass(const plan *pl, struct CUgraphExec_st *from,
                       struct CUgraphExec_st *to)
{
    for (uint32_t i = 0; i < pl->n_conds; i++)
        if (pl->conds[i]->owner == from)
            pl->conds[i]->owner = to;
}

static void exec_free(struct CUgraphExec_st *x)
{
    claim_mem(x, NULL);
    conds_pass(x->plan, x, NULL);
    plan_release(x->plan);
    cux_rt_graph_free(x->shape);
    cux_rt_stream_release(x->last_stream);
    free(x);
}

/* Unlinks a live executable; caller holds graph_lock. */
static bool exec_take(struct CUgraphExec_st *x)
{
    cux_rt_context *ctx = cux_rt_ctx();
    for (struct CUgraphExec_st **p = &ctx->execs; *p; p = &(*p)->next_live)
        if (*p == x) {
            *p = x->next_live;
            cux_rt_handle_remove(x);
            return true;
        }
    return false;
}

void cux_rt_graph_execs_free(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->graph_lock);
    while (ctx->execs) {
        struct CUgraphExec_st *x = ctx->execs;
        exec_take(x);
        exec_free(x);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
}

static cudaError_t instantiate(cudaGraphExec_t *out, cudaGraph_t graph,
                               unsigned long long flags)
{
    cux_rt_context *ctx = cux_rt_ctx();
    unsigned long long known = cudaGraphInstantiateFlagAutoFreeOnLaunch |
                               cudaGraphInstantiateFlagUpload |
                               cudaGraphInstantiateFlagDeviceLaunch |
                               cudaGraphInstantiateFlagUseNodePriority;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return err;
    if (!out || (flags & ~known))
        return cudaErrorInvalidValue;
    if (flags & cudaGraphInstantiateFlagDeviceLaunch) {
        cux_log("graphs launched from the device are not supported");
        return cudaErrorNotSupported;
    }
    pthread_mutex_lock(&ctx->graph_lock);
    plan *pl = graph && cux_rt_handle_live(graph) ? plan_build(graph) : NULL;
    struct CUgraphExec_st probe = {.plan = pl};
    /* "If graph contains any allocation or free nodes, there can be at
     * most one executable graph in existence for that graph at a time." */
    if (pl && (!conds_free_for(pl, NULL) || !claim_mem(&probe, &probe))) {
        plan_release(pl);
        pl = NULL;
    }
    if (pl) {
        struct CUgraphExec_st *x = cux_xcalloc(1, sizeof(*x));
        claim_mem(&probe, x);
        conds_pass(pl, NULL, x);
        x->flags = flags;
        x->plan = pl;
        x->shape = cux_rt_graph_clone(graph, true);
        x->next_live = ctx->execs;
        ctx->execs = x;
        cux_rt_handle_add(x);
        *out = x;
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    /* A null or destroyed graph, one with a cycle, or a second executable
     * of a graph with memory or conditional nodes. */
    return pl ? cudaSuccess : cudaErrorInvalidValue;
}

CUX_EXPORT cudaError_t cudaGraphInstantiateWithFlags(
    cudaGraphExec_t *pGraphExec, cudaGraph_t graph, unsigned long long flags)
{
    return cux_rt_ret(instantiate(pGraphExec, graph, flags));
}

CUX_EXPORT cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec,
                                            cudaGraph_t graph,
                                            unsigned long long flags)
{
    return cux_rt_ret(instantiate(pGraphExec, graph, flags));
}

CUX_EXPORT cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    bool live = graphExec && exec_take(graphExec);
    /* Launches still queued hold their plan: freed when they finish. */
    if (live)
        exec_free(graphExec);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(live ? cudaSuccess : cudaErrorInvalidValue);
}

/* Launching -------------------------------------------------------------- */

/* A launch into a capturing stream becomes a child-graph node holding
 * the executable's graph. */
static cudaError_t capture_launch(struct CUgraphExec_st *x,
                                  struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->graph_lock);
    /* A child graph would hold a second copy of its allocations, and
     * conditional nodes "cannot be used in a child node". */
    bool mem = cux_rt_graph_has_mem(x->shape) ||
               cux_rt_graph_has_cond(x->shape);
    struct CUgraph_st *child = mem ? NULL
                                   : cux_rt_graph_clone(x->shape, false);
    pthread_mutex_unlock(&ctx->graph_lock);
    if (mem)
        return cudaErrorNotSupported;
    return cux_rt_capture_node(s, cux_rt_node_child(child));
}

/* "Each launch is ordered behind both any previous work in stream and
 * any previous launches of graphExec." */
static void queue_launch(struct CUgraphExec_st *x, struct CUstream_st *s,
                         plan *pl)
{
    cux_rt_context *ctx = cux_rt_ctx();
    graph_work *w = cux_xcalloc(1, sizeof(*w));
    w->base.run = run_graph;
    w->base.release = free_graph_work;
    w->plan = pl;
    pthread_mutex_lock(&ctx->graph_lock);
    struct CUstream_st *prev = x->last_stream;
    uint64_t prev_seq = x->last_seq;
    x->last_stream = NULL;
    pthread_mutex_unlock(&ctx->graph_lock);
    if (prev && prev != s && !cux_rt_stream_reached(prev, prev_seq)) {
        w->base.deps = cux_xcalloc(1, sizeof(cux_rt_dep));
        w->base.deps[0] = (cux_rt_dep){cux_rt_stream_ref(prev), prev_seq};
        w->base.n_deps = 1;
    }
    cux_rt_stream_release(prev);
    uint64_t seq = cux_rt_stream_enqueue(s, &w->base);
    pthread_mutex_lock(&ctx->graph_lock);
    if (!x->last_stream) {
        x->last_stream = cux_rt_stream_ref(s);
        x->last_seq = seq;
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    if (ctx->launch_blocking)
        cux_rt_stream_wait(s, seq);
}

/* A launch's memory steps, in the plan's order, at the time of the call
 * (rt_graph_mem.c): first whether an allocation is still live from the
 * last launch, "the launch will fail with cudaErrorInvalidValue" unless
 * auto-free was asked for. */
static cudaError_t mem_check(const plan *pl, unsigned long long flags,
                             struct CUstream_st *s)
{
    bool auto_free = flags & cudaGraphInstantiateFlagAutoFreeOnLaunch;
    for (uint32_t i = 0; i < pl->n; i++) {
        const step *st = &pl->steps[i];
        if (st->type != cudaGraphNodeTypeMemAlloc ||
            !atomic_load(&st->p.alloc.mem->live))
            continue;
        if (!auto_free)
            return cudaErrorInvalidValue;
    }
    for (uint32_t i = 0; auto_free && i < pl->n; i++)
        if (pl->steps[i].type == cudaGraphNodeTypeMemAlloc)
            cux_rt_graph_mem_unlist(pl->steps[i].p.alloc.mem, s);
    return cudaSuccess;
}

static void mem_apply(const plan *pl, struct CUstream_st *s)
{
    for (uint32_t i = 0; i < pl->n; i++) {
        const step *st = &pl->steps[i];
        if (st->type == cudaGraphNodeTypeMemAlloc)
            cux_rt_graph_mem_launched(st->p.alloc.mem);
        else if (st->type == cudaGraphNodeTypeMemFree)
            cux_rt_graph_mem_unlist(st->p.alloc.mem, s);
    }
}

CUX_EXPORT cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec,
                                       cudaStream_t stream)
{
    cux_rt_context *ctx = cux_rt_ctx();
    struct CUstream_st *s;
    bool capturing = false;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    plan *pl = NULL;
    unsigned long long flags = 0;
    if (graphExec && cux_rt_handle_live(graphExec)) {
        pl = graphExec->plan;
        flags = graphExec->flags;
        atomic_fetch_add(&pl->refs, 1);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    if (!pl)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = cux_rt_capture_check(s, &capturing);
    if (err == cudaSuccess && capturing) {
        err = capture_launch(graphExec, s);
    } else if (err == cudaSuccess &&
               (err = mem_check(pl, flags, s)) == cudaSuccess) {
        /* The queued work holds the plan and its steps' records until it
         * has run, so the frees of mem_apply cannot give back memory it
         * uses; one more reference keeps the plan for mem_apply. */
        atomic_fetch_add(&pl->refs, 1);
        queue_launch(graphExec, s, pl);
        mem_apply(pl, s);
    }
    plan_release(pl);
    cux_rt_stream_release(s);
    return cux_rt_ret(err != cudaSuccess ? err : cux_rt_sticky());
}

/* Nothing to upload: a graph's plan lives in host memory already. */
CUX_EXPORT cudaError_t cudaGraphUpload(cudaGraphExec_t graphExec,
                                       cudaStream_t stream)
{
    cux_rt_context *ctx = cux_rt_ctx();
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cux_rt_stream_release(s);
    pthread_mutex_lock(&ctx->graph_lock);
    bool live = graphExec && cux_rt_handle_live(graphExec);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(live ? cudaSuccess : cudaErrorInvalidValue);
}

/* Updating --------------------------------------------------------------- */

/* Swaps in a new plan; launches queued keep the old one. */
static void exec_set_plan(struct CUgraphExec_st *x, plan *pl)
{
    plan *old = x->plan;
    x->plan = pl;
    plan_release(old);
}

static cux_rt_node *shape_node(struct CUgraph_st *g, uint64_t id)
{
    for (uint32_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i]->id == id)
            return g->nodes[i];
    return NULL;
}

/* The cudaGraphExec*NodeSetParams calls: the new parameters are built as
 * a node of a scratch graph by the matching cudaGraphAdd*Node (so they
 * are checked as there, and a kernel is resolved, perhaps compiled,
 * before graph_lock is taken), then copied into a new plan and into the
 * shape.  `built` is what building returned; the scratch graph is freed
 * here. */
static cudaError_t exec_set_node(struct CUgraphExec_st *x,
                                 cudaGraphNode_t node, cudaGraph_t scratch,
                                 cudaGraphNode_t fresh, cudaError_t built)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = built;
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_node *mine = NULL;
    if (err == cudaSuccess &&
        (!x || !cux_rt_handle_live(x) || !cux_rt_handle_live(node) ||
         node->type != fresh->type ||
         !(mine = shape_node(x->shape, node->id))))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess) {
        plan *pl = plan_copy(x->plan);
        for (uint32_t i = 0; i < pl->n; i++)
            if (pl->steps[i].id == node->id) {
                cux_rt_params_free(pl->steps[i].type, &pl->steps[i].p);
                cux_rt_params_copy(fresh->type, &pl->steps[i].p, &fresh->p);
            }
        exec_set_plan(x, pl);
        cux_rt_params_free(mine->type, &mine->p);
        cux_rt_params_copy(fresh->type, &mine->p, &fresh->p);
    }
    cux_rt_graph_free(scratch);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaGraphExecKernelNodeSetParams(
    cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
    const struct cudaKernelNodeParams *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddKernelNode(&fresh, scratch, NULL, 0, pNodeParams);
    return exec_set_node(hGraphExec, node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphExecMemcpyNodeSetParams(
    cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
    const struct cudaMemcpy3DParms *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddMemcpyNode(&fresh, scratch, NULL, 0, pNodeParams);
    return exec_set_node(hGraphExec, node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphExecMemcpyNodeSetParams1D(
    cudaGraphExec_t hGraphExec, cudaGraphNode_t node, void *dst,
    const void *src, size_t count, enum cudaMemcpyKind kind)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddMemcpyNode1D(&fresh, scratch, NULL, 0, dst, src, count,
                                   kind);
    return exec_set_node(hGraphExec, node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphExecMemsetNodeSetParams(
    cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
    const struct cudaMemsetParams *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddMemsetNode(&fresh, scratch, NULL, 0, pNodeParams);
    return exec_set_node(hGraphExec, node, scratch, fresh, err);
}

CUX_EXPORT cudaError_t cudaGraphExecHostNodeSetParams(
    cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
    const struct cudaHostNodeParams *pNodeParams)
{
    cudaGraph_t scratch;
    cudaGraphNode_t fresh = NULL;
    cudaError_t err = cudaGraphCreate(&scratch, 0);
    if (err != cudaSuccess)
        return err;
    err = cudaGraphAddHostNode(&fresh, scratch, NULL, 0, pNodeParams);
    return exec_set_node(hGraphExec, node, scratch, fresh, err);
}

static enum cudaGraphExecUpdateResult same_topology(
    const struct CUgraph_st *a, const struct CUgraph_st *b,
    cux_rt_node **where);

/* Two conditional nodes of the same kind with bodies of the same
 * topology; the handle may differ ("Conditional handle flags and default
 * values are updated as part of the graph update"). */
static enum cudaGraphExecUpdateResult same_bodies(const cux_rt_node *x,
                                                  const cux_rt_node *y)
{
    if (x->p.cond.type != y->p.cond.type || x->p.cond.size != y->p.cond.size)
        return cudaGraphExecUpdateErrorParametersChanged;
    for (uint32_t i = 0; i < x->p.cond.size; i++) {
        cux_rt_node *inner;
        enum cudaGraphExecUpdateResult r = same_topology(
            x->p.cond.bodies[i], y->p.cond.bodies[i], &inner);
        if (r != cudaGraphExecUpdateSuccess)
            return r;
    }
    return cudaGraphExecUpdateSuccess;
}

/* Whether two graphs have the same nodes (by position and type) and
 * edges; on a difference, the node of b where it shows.  Child graphs
 * and conditional bodies must match too. */
static enum cudaGraphExecUpdateResult same_topology(
    const struct CUgraph_st *a, const struct CUgraph_st *b,
    cux_rt_node **where)
{
    if (a->n_nodes != b->n_nodes) {
        *where = NULL;
        return cudaGraphExecUpdateErrorTopologyChanged;
    }
    for (uint32_t i = 0; i < a->n_nodes; i++) {
        const cux_rt_node *x = a->nodes[i];
        *where = b->nodes[i];
        if (x->type != b->nodes[i]->type)
            return cudaGraphExecUpdateErrorNodeTypeChanged;
        if (x->n_deps != b->nodes[i]->n_deps)
            return cudaGraphExecUpdateErrorTopologyChanged;
        for (uint32_t e = 0; e < x->n_deps; e++) {
            bool found = false;
            for (uint32_t f = 0; f < x->n_deps && !found; f++)
                found = b->nodes[i]->deps[f]->index == x->deps[e]->index;
            if (!found)
                return cudaGraphExecUpdateErrorTopologyChanged;
        }
        if (x->type == cudaGraphNodeTypeGraph) {
            cux_rt_node *inner;
            enum cudaGraphExecUpdateResult r =
                same_topology(x->p.child, b->nodes[i]->p.child, &inner);
            if (r != cudaGraphExecUpdateSuccess)
                return r;
        }
        if (x->type == cudaGraphNodeTypeConditional) {
            enum cudaGraphExecUpdateResult r = same_bodies(x, b->nodes[i]);
            if (r != cudaGraphExecUpdateSuccess)
                return r;
        }
    }
    *where = NULL;
    return cudaGraphExecUpdateSuccess;
}

/* Only graphs of the same topology update (node for node, edge for
 * edge); the parameters of every node are then taken from hGraph. */
CUX_EXPORT cudaError_t cudaGraphExecUpdate(
    cudaGraphExec_t hGraphExec, cudaGraph_t hGraph,
    cudaGraphExecUpdateResultInfo *resultInfo)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    struct CUgraphExec_st *x = hGraphExec;
    if (!resultInfo || !x || !cux_rt_handle_live(x) || !hGraph ||
        !cux_rt_handle_live(hGraph)) {
        pthread_mutex_unlock(&ctx->graph_lock);
        return cux_rt_ret(cudaErrorInvalidValue);
    }
    cux_rt_node *where = NULL;
    enum cudaGraphExecUpdateResult r = same_topology(x->shape, hGraph,
                                                     &where);
    /* New allocation nodes would move the executable's allocations. */
    if (r == cudaGraphExecUpdateSuccess &&
        (cux_rt_graph_has_mem(hGraph) || cux_rt_graph_has_mem(x->shape)))
        r = cudaGraphExecUpdateErrorNotSupported;
    plan *pl = r == cudaGraphExecUpdateSuccess ? plan_build(hGraph) : NULL;
    if (r == cudaGraphExecUpdateSuccess && !pl)
        r = cudaGraphExecUpdateError; /* a cycle */
    /* hGraph's handles, claimed by another executable of hGraph. */
    if (pl && !conds_free_for(pl, x)) {
        plan_release(pl);
        pl = NULL;
        r = cudaGraphExecUpdateErrorNotSupported;
    }
    if (pl) {
        conds_pass(x->plan, x, NULL);
        conds_pass(pl, NULL, x);
        /* The executable keeps answering to the nodes it came from. */
        struct CUgraph_st *shape = cux_rt_graph_clone(hGraph, false);
        for (uint32_t i = 0; i < shape->n_nodes; i++)
            shape->nodes[i]->id = x->shape->nodes[i]->id;
        for (uint32_t k = 0; k < pl->n; k++)
            for (uint32_t i = 0; pl->steps[k].id && i < hGraph->n_nodes; i++)
                if (pl->steps[k].id == hGraph->nodes[i]->id) {
                    pl->steps[k].id = x->shape->nodes[i]->id;
                    break;
                }
        cux_rt_graph_free(x->shape);
        x->shape = shape;
        exec_set_plan(x, pl);
    }
    *resultInfo = (cudaGraphExecUpdateResultInfo){r, where, NULL};
    pthread_mutex_unlock(&ctx->graph_lock);
    return cux_rt_ret(r == cudaGraphExecUpdateSuccess
                          ? cudaSuccess
                          : cudaErrorGraphExecUpdateFailure);
}
