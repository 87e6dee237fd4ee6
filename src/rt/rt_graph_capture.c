/* rt_graph_capture.c: stream capture: work issued to a capturing stream
 * becomes graph nodes instead of running, and the calls that would break
 * a capture fail with CUDA's errors.
 *
 * A capture sequence (cux_rt_capture) owns the graph being built and one
 * entry per stream in it: the origin, and every stream joined by waiting
 * on an event recorded in the capture.  Each entry keeps the stream's
 * current dependencies, the nodes the next captured operation follows
 * (what cudaStreamGetCaptureInfo reports).  An event recorded into a
 * capture stands for its stream's dependencies at that point; waiting on
 * it adds them to the waiting stream's, which is how fork and join across
 * streams turn into edges.  cudaStreamBeginCaptureToGraph captures into
 * a graph the program already has (a conditional node's body, say),
 * after the nodes it names; the graph stays the program's whatever the
 * end.  Everything here is under ctx.graph_lock; the
 * capture pointer of a stream is also read without the lock (an atomic
 * load) so that work on a stream that is not capturing pays nothing more
 * when no capture exists at all. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

typedef struct cap_stream {
    struct CUstream_st *s;      /* referenced */
    cux_rt_node **deps;         /* owned array */
    uint32_t n_deps, cap_deps;
    cudaGraphEdgeData *edges;   /* owned: n_deps default edges, for
                                 * cudaStreamGetCaptureInfo_v3 */
} cap_stream;

struct cux_rt_capture {
    int refs;                   /* ctx.captures while running, and events */
    struct CUgraph_st *graph;   /* being built: owned until the end */
    struct CUstream_st *origin;
    int device;
    enum cudaStreamCaptureMode mode;
    pthread_t thread;           /* that began it */
    unsigned long long id;
    bool invalidated;           /* an illegal call happened: end fails */
    bool ended;
    bool to_graph;              /* into the program's graph, which the
                                 * capture does not own */
    cap_stream *streams;        /* owned; [0] is the origin */
    uint32_t n_streams, cap_streams;
    /* The last nodes of forked streams destroyed before joining back:
     * they still must be joined (through an event they recorded) by the
     * end.  Owned. */
    cux_rt_node **departed;
    uint32_t n_departed;
    cux_rt_capture *next_live;  /* ctx.captures */
};

static cux_rt_capture *capture_of(struct CUstream_st *s)
{
    return __atomic_load_n(&s->capture, __ATOMIC_ACQUIRE);
}

static void set_capture(struct CUstream_st *s, cux_rt_capture *c)
{
    __atomic_store_n(&s->capture, c, __ATOMIC_RELEASE);
}

static void capture_release(cux_rt_capture *c)
{
    if (!c || --c->refs > 0)
        return;
    free(c->streams);
    free(c->departed);
    free(c);
}

static cap_stream *entry_of(cux_rt_capture *c, struct CUstream_st *s)
{
    for (uint32_t i = 0; i < c->n_streams; i++)
        if (c->streams[i].s == s)
            return &c->streams[i];
    return NULL;
}

static void deps_add(cap_stream *e, cux_rt_node *n)
{
    for (uint32_t i = 0; i < e->n_deps; i++)
        if (e->deps[i] == n)
            return;
    if (e->n_deps == e->cap_deps) {
        e->cap_deps = e->cap_deps ? e->cap_deps * 2 : 4;
        e->deps = cux_xrealloc(e->deps, e->cap_deps * sizeof(*e->deps));
    }
    e->deps[e->n_deps++] = n;
}

static cap_stream *entry_add(cux_rt_capture *c, struct CUstream_st *s)
{
    if (c->n_streams == c->cap_streams) {
        c->cap_streams = c->cap_streams ? c->cap_streams * 2 : 4;
        c->streams = cux_xrealloc(c->streams,
                                  c->cap_streams * sizeof(*c->streams));
    }
    cap_stream *e = &c->streams[c->n_streams++];
    *e = (cap_stream){.s = cux_rt_stream_ref(s)};
    set_capture(s, c);
    return e;
}

/* Takes every stream out of the capture and c off ctx.captures. */
static void capture_end(cux_rt_capture *c)
{
    cux_rt_context *ctx = cux_rt_ctx();
    for (uint32_t i = 0; i < c->n_streams; i++) {
        set_capture(c->streams[i].s, NULL);
        cux_rt_stream_release(c->streams[i].s);
        free(c->streams[i].deps);
        free(c->streams[i].edges);
    }
    c->n_streams = 0;
    c->ended = true;
    for (cux_rt_capture **p = &ctx->captures; *p; p = &(*p)->next_live)
        if (*p == c) {
            __atomic_store_n(p, c->next_live, __ATOMIC_RELEASE);
            break;
        }
    capture_release(c);
}

static bool blocking(const struct CUstream_st *s)
{
    return !(s->flags & cudaStreamNonBlocking);
}

/* The legacy stream's implicit synchronisation with blocking streams
 * would make a capture depend on uncaptured work: CUDA refuses the call
 * with cudaErrorStreamCaptureImplicit and invalidates the capture. */
static cudaError_t legacy_rule(struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cudaSuccess;
    if (s->kind != CUX_RT_STREAM_LEGACY)
        return cudaSuccess;
    for (cux_rt_capture *c = ctx->captures; c; c = c->next_live)
        for (uint32_t i = 0; i < c->n_streams; i++)
            if (c->device == s->device && blocking(c->streams[i].s)) {
                c->invalidated = true;
                err = cudaErrorStreamCaptureImplicit;
            }
    return err;
}

/* Hooks for the calls that issue work ------------------------------------ */

cudaError_t cux_rt_capture_check(struct CUstream_st *s, bool *capturing)
{
    cux_rt_context *ctx = cux_rt_ctx();
    *capturing = false;
    if (!capture_of(s) && !__atomic_load_n(&ctx->captures, __ATOMIC_ACQUIRE))
        return cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    cudaError_t err = c ? cudaSuccess : legacy_rule(s);
    if (c && c->invalidated)
        err = cudaErrorStreamCaptureInvalidated;
    *capturing = c && err == cudaSuccess;
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

cudaError_t cux_rt_capture_node(struct CUstream_st *s, cux_rt_node *n)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    /* The capture may have ended in another thread since the check. */
    if (!c || c->invalidated) {
        cux_rt_node_free(n); /* a child graph's handles need the lock */
        pthread_mutex_unlock(&ctx->graph_lock);
        return cudaErrorStreamCaptureInvalidated;
    }
    cap_stream *e = entry_of(c, s);
    cux_rt_graph_attach(c->graph, n, e->deps, e->n_deps);
    e->n_deps = 0;
    deps_add(e, n);
    pthread_mutex_unlock(&ctx->graph_lock);
    return cudaSuccess;
}

cudaError_t cux_rt_capture_sync(struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!capture_of(s) && !__atomic_load_n(&ctx->captures, __ATOMIC_ACQUIRE))
        return cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    cudaError_t err = legacy_rule(s);
    /* Waiting for a capturing stream: its work has not run and will not;
     * "operation not permitted when stream is capturing". */
    if (s->capture) {
        s->capture->invalidated = true;
        err = cudaErrorStreamCaptureUnsupported;
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

cudaError_t cux_rt_capture_unsafe(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    int mode = cux_rt_self()->capture_mode;
    if (mode == cudaStreamCaptureModeRelaxed ||
        !__atomic_load_n(&ctx->captures, __ATOMIC_ACQUIRE))
        return cudaSuccess;
    cudaError_t err = cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    /* The rules of cudaThreadExchangeStreamCaptureMode: a thread's own
     * capture (unless relaxed) forbids its unsafe calls; in global mode,
     * so does another thread's global capture. */
    for (cux_rt_capture *c = ctx->captures; c; c = c->next_live) {
        bool mine = pthread_equal(c->thread, pthread_self());
        if ((mine && c->mode != cudaStreamCaptureModeRelaxed) ||
            (!mine && mode == cudaStreamCaptureModeGlobal &&
             c->mode == cudaStreamCaptureModeGlobal)) {
            c->invalidated = true;
            err = cudaErrorStreamCaptureUnsupported;
        }
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

/* Events ----------------------------------------------------------------- */

/* An event's capture pointer is also read without the lock, so that
 * events in a program that never captures cost no lock. */
static cux_rt_capture *event_capture(struct CUevent_st *e)
{
    return __atomic_load_n(&e->capture, __ATOMIC_ACQUIRE);
}

static void event_forget(struct CUevent_st *e)
{
    capture_release(e->capture);
    __atomic_store_n(&e->capture, NULL, __ATOMIC_RELEASE);
    free(e->captured);
    e->captured = NULL;
    e->n_captured = 0;
}

cudaError_t cux_rt_capture_record(struct CUevent_st *e, struct CUstream_st *s,
                                  bool *captured)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cudaSuccess;
    *captured = false;
    if (!capture_of(s) && !event_capture(e) &&
        !__atomic_load_n(&ctx->captures, __ATOMIC_ACQUIRE))
        return cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    event_forget(e);
    if (!c) {
        err = legacy_rule(s);
    } else if (c->invalidated) {
        err = cudaErrorStreamCaptureInvalidated;
    } else {
        cap_stream *entry = entry_of(c, s);
        c->refs++;
        __atomic_store_n(&e->capture, c, __ATOMIC_RELEASE);
        e->n_captured = entry->n_deps;
        e->captured = cux_xcalloc(entry->n_deps + 1, sizeof(*e->captured));
        if (entry->n_deps) /* deps is NULL before the first node */
            memcpy(e->captured, entry->deps,
                   entry->n_deps * sizeof(*e->captured));
    }
    *captured = c != NULL;
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

/* The wait of a stream on a captured event, or of a capturing stream on
 * any event.  Caller holds graph_lock. */
static cudaError_t wait_locked(struct CUstream_st *s, struct CUevent_st *e,
                               bool *captured)
{
    cux_rt_capture *sc = s->capture;
    cux_rt_capture *ec = e->capture && !e->capture->ended ? e->capture : NULL;
    *captured = sc || ec;
    if (!*captured)
        return cudaSuccess;
    if ((sc && sc->invalidated) || (ec && ec->invalidated))
        return cudaErrorStreamCaptureInvalidated;
    if (!ec) {
        /* A record outside the capture: "only implicit in-stream ordering
         * dependencies are allowed to cross the boundary".  An event never
         * recorded is no dependency at all. */
        if (!e->stream)
            return cudaSuccess;
        sc->invalidated = true;
        return cudaErrorStreamCaptureIsolation;
    }
    if (sc && sc != ec) {
        sc->invalidated = ec->invalidated = true;
        return cudaErrorStreamCaptureMerge;
    }
    if (!sc && s->kind == CUX_RT_STREAM_LEGACY) {
        ec->invalidated = true;
        return cudaErrorStreamCaptureImplicit;
    }
    cap_stream *entry = sc ? entry_of(sc, s) : entry_add(ec, s);
    for (uint32_t i = 0; i < e->n_captured; i++)
        deps_add(entry, e->captured[i]);
    return cudaSuccess;
}

cudaError_t cux_rt_capture_wait(struct CUstream_st *s, struct CUevent_st *e,
                                bool *captured)
{
    cux_rt_context *ctx = cux_rt_ctx();
    *captured = false;
    if (!capture_of(s) && !event_capture(e))
        return cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    cudaError_t err = wait_locked(s, e, captured);
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

bool cux_rt_capture_event_captured(struct CUevent_st *e)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!event_capture(e))
        return false;
    pthread_mutex_lock(&ctx->graph_lock);
    bool captured = e->capture && !e->capture->ended;
    pthread_mutex_unlock(&ctx->graph_lock);
    return captured;
}

void cux_rt_capture_event_free(struct CUevent_st *e)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!event_capture(e))
        return;
    pthread_mutex_lock(&ctx->graph_lock);
    event_forget(e);
    pthread_mutex_unlock(&ctx->graph_lock);
}

/* A stream destroyed mid-capture: the origin takes its capture (and the
 * graph) with it; a forked stream leaves it. */
void cux_rt_capture_stream_gone(struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!capture_of(s))
        return;
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    if (c && c->origin == s) {
        struct CUgraph_st *g = c->graph;
        bool owned = !c->to_graph;
        capture_end(c);
        if (g)
            g->capture = NULL;
        if (owned)
            cux_rt_graph_free(g);
    } else if (c) {
        /* A forked stream may go, as cuda-samples' graphMemoryNodes does
         * once its work is joined; what it leaves unjoined must be
         * joined by the end, or the end fails as for a live stream. */
        cap_stream *e = entry_of(c, s);
        c->departed = cux_xrealloc(c->departed, (c->n_departed + e->n_deps) *
                                                    sizeof(cux_rt_node *));
        for (uint32_t d = 0; d < e->n_deps; d++)
            c->departed[c->n_departed++] = e->deps[d];
        free(e->deps);
        free(e->edges);
        *e = c->streams[--c->n_streams];
        set_capture(s, NULL);
        cux_rt_stream_release(s);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
}

void cux_rt_capture_graph_gone(struct CUgraph_st *g)
{
    g->capture->invalidated = true;
    g->capture->graph = NULL;
    g->capture = NULL;
}

/* API -------------------------------------------------------------------- */

/* Whether deps are distinct live nodes of g.  Caller holds graph_lock. */
static bool nodes_of(const struct CUgraph_st *g, cux_rt_node *const *deps,
                     size_t n)
{
    if (n && !deps)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!cux_rt_handle_live(deps[i]) || deps[i]->graph != g)
            return false;
    return true;
}

/* Starts a capture on s into graph (NULL: a new one) after deps, which
 * are nodes of graph. */
static cudaError_t begin(struct CUstream_st *s, struct CUgraph_st *graph,
                         cux_rt_node *const *deps, size_t n_deps,
                         enum cudaStreamCaptureMode mode)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    if (s->capture) {
        err = cudaErrorIllegalState; /* already capturing */
    } else if (graph && (!cux_rt_handle_live(graph) || graph->capture ||
                         !nodes_of(graph, deps, n_deps))) {
        err = cudaErrorInvalidValue;
    } else {
        cux_rt_capture *c = cux_xcalloc(1, sizeof(*c));
        c->refs = 1;
        c->to_graph = graph != NULL;
        c->graph = graph ? graph : cux_rt_graph_new();
        c->graph->capture = c;
        if (!graph)
            cux_rt_graph_publish(c->graph);
        c->origin = s;
        c->device = s->device;
        c->mode = mode;
        c->thread = pthread_self();
        c->id = ++ctx->capture_ids;
        cap_stream *e = entry_add(c, s);
        for (size_t i = 0; i < n_deps; i++)
            deps_add(e, deps[i]);
        c->next_live = ctx->captures;
        __atomic_store_n(&ctx->captures, c, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

static cudaError_t begin_capture(cudaStream_t stream, struct CUgraph_st *graph,
                                 cux_rt_node *const *deps, size_t n_deps,
                                 enum cudaStreamCaptureMode mode)
{
    struct CUstream_st *s;
    if ((unsigned)mode > cudaStreamCaptureModeRelaxed)
        return cudaErrorInvalidValue;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return err;
    /* "Capture may not be initiated if stream is cudaStreamLegacy." */
    if (s->kind == CUX_RT_STREAM_LEGACY)
        err = cudaErrorStreamCaptureUnsupported;
    else
        err = begin(s, graph, deps, n_deps, mode);
    cux_rt_stream_release(s);
    return err;
}

CUX_EXPORT cudaError_t cudaStreamBeginCapture(cudaStream_t stream,
                                              enum cudaStreamCaptureMode mode)
{
    return cux_rt_ret(begin_capture(stream, NULL, NULL, 0, mode));
}

CUX_EXPORT cudaError_t cudaStreamBeginCaptureToGraph(
    cudaStream_t stream, cudaGraph_t graph,
    const cudaGraphNode_t *dependencies,
    const cudaGraphEdgeData *dependencyData, size_t numDependencies,
    enum cudaStreamCaptureMode mode)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && !graph)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = cux_rt_edge_data_check(dependencyData, numDependencies);
    if (err == cudaSuccess)
        err = begin_capture(stream, graph, dependencies, numDependencies,
                            mode);
    return cux_rt_ret(err);
}

/* cudaStreamUpdateCaptureDependencies: "Modifies the dependency set of a
 * capturing stream.  The dependency set is the set of nodes that the
 * next captured node in the stream will depend on." */
static cudaError_t update_deps(struct CUstream_st *s, cux_rt_node *const *deps,
                               size_t n, unsigned flags)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cudaSuccess;
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    if (!c)
        err = cudaErrorIllegalState; /* "not capturing" */
    else if (c->invalidated)
        err = cudaErrorStreamCaptureInvalidated;
    else if (!c->graph || !nodes_of(c->graph, deps, n))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess) {
        cap_stream *e = entry_of(c, s);
        if (flags == cudaStreamSetCaptureDependencies)
            e->n_deps = 0;
        for (size_t i = 0; i < n; i++)
            deps_add(e, deps[i]);
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    return err;
}

CUX_EXPORT cudaError_t cudaStreamUpdateCaptureDependencies_v2(
    cudaStream_t stream, cudaGraphNode_t *dependencies,
    const cudaGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags)
{
    struct CUstream_st *s;
    /* "flags: cudaStreamAddCaptureDependencies or
     * cudaStreamSetCaptureDependencies". */
    if (flags != cudaStreamAddCaptureDependencies &&
        flags != cudaStreamSetCaptureDependencies)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_edge_data_check(dependencyData, numDependencies);
    if (err == cudaSuccess)
        err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    err = update_deps(s, dependencies, numDependencies, flags);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

CUX_EXPORT_CUDA12 cudaError_t cudaStreamUpdateCaptureDependencies(
    cudaStream_t stream, cudaGraphNode_t *dependencies,
    size_t numDependencies, unsigned int flags)
{
    return cudaStreamUpdateCaptureDependencies_v2(stream, dependencies, NULL,
                                                  numDependencies, flags);
}

/* Whether node leads to one of the origin's current dependencies. */
static bool joined(cux_rt_capture *c, cux_rt_node *node)
{
    const cap_stream *origin = &c->streams[0];
    for (uint32_t o = 0; o < origin->n_deps; o++)
        if (cux_rt_node_reaches(node, origin->deps[o]))
            return true;
    return false;
}

/* Whether every stream forked into c has been joined back: each of its
 * current dependencies, and the last ones of those destroyed, leads to
 * one of the origin's. */
static bool all_joined(cux_rt_capture *c)
{
    for (uint32_t i = 1; i < c->n_streams; i++)
        for (uint32_t d = 0; d < c->streams[i].n_deps; d++)
            if (!joined(c, c->streams[i].deps[d]))
                return false;
    for (uint32_t d = 0; d < c->n_departed; d++)
        if (!joined(c, c->departed[d]))
            return false;
    return true;
}

/* Ends c, which s began; the graph or NULL in *out (if out is not
 * NULL).  A graph captured into stays the program's, nodes and all,
 * when the capture fails. */
static cudaError_t end_locked(cux_rt_capture *c, cudaGraph_t *out)
{
    cudaError_t err = cudaSuccess;
    if (c->invalidated || !c->graph)
        err = cudaErrorStreamCaptureInvalidated;
    else if (!all_joined(c))
        err = cudaErrorStreamCaptureUnjoined;
    struct CUgraph_st *g = c->graph;
    bool owned = !c->to_graph;
    capture_end(c);
    if (g)
        g->capture = NULL;
    if (err != cudaSuccess) {
        if (owned)
            cux_rt_graph_free(g);
        g = NULL;
    }
    if (out)
        *out = g;
    return err;
}

CUX_EXPORT cudaError_t cudaStreamEndCapture(cudaStream_t stream,
                                            cudaGraph_t *pGraph)
{
    cux_rt_context *ctx = cux_rt_ctx();
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    /* The graph of a capture into the program's own graph is known
     * already: NULL may stand for it (cuda-samples'
     * graphConditionalNodes ends its body captures so). */
    if (!pGraph && (!c || !c->to_graph))
        err = cudaErrorInvalidValue;
    else if (!c)
        err = cudaErrorIllegalState;
    else if (c->origin != s) /* a joined stream cannot end it */
        err = cudaErrorStreamCaptureUnmatched;
    else if (c->mode != cudaStreamCaptureModeRelaxed &&
             !pthread_equal(c->thread, pthread_self()))
        err = cudaErrorStreamCaptureWrongThread;
    else
        err = end_locked(c, pGraph);
    pthread_mutex_unlock(&ctx->graph_lock);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaStreamIsCapturing(
    cudaStream_t stream, enum cudaStreamCaptureStatus *pStatus)
{
    return cudaStreamGetCaptureInfo_v3(stream, pStatus, NULL, NULL, NULL,
                                       NULL, NULL);
}

/* Whether a blocking stream of the legacy stream's device is capturing:
 * then asking about the legacy stream is itself an error.  Caller holds
 * graph_lock. */
static bool legacy_blocked(struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (s->kind != CUX_RT_STREAM_LEGACY)
        return false;
    for (cux_rt_capture *c = ctx->captures; c; c = c->next_live)
        for (uint32_t i = 0; i < c->n_streams; i++)
            if (c->device == s->device && blocking(c->streams[i].s))
                return true;
    return false;
}

/* Every edge of a capture is a default one. */
static const cudaGraphEdgeData *default_edges(cap_stream *e)
{
    free(e->edges);
    e->edges = cux_xcalloc(e->n_deps + 1, sizeof(*e->edges));
    return e->edges;
}

CUX_EXPORT cudaError_t cudaStreamGetCaptureInfo_v3(
    cudaStream_t stream, enum cudaStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, cudaGraph_t *graph_out,
    const cudaGraphNode_t **dependencies_out,
    const cudaGraphEdgeData **edgeData_out, size_t *numDependencies_out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    struct CUstream_st *s;
    if (!captureStatus_out)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->graph_lock);
    cux_rt_capture *c = s->capture;
    if (legacy_blocked(s)) {
        err = cudaErrorStreamCaptureImplicit;
    } else if (!c) {
        *captureStatus_out = cudaStreamCaptureStatusNone;
    } else {
        cap_stream *e = entry_of(c, s);
        *captureStatus_out = c->invalidated
                                 ? cudaStreamCaptureStatusInvalidated
                                 : cudaStreamCaptureStatusActive;
        if (id_out)
            *id_out = c->id;
        if (graph_out)
            *graph_out = c->graph;
        /* Valid until the next call that captures on this stream. */
        if (dependencies_out)
            *dependencies_out = (const cudaGraphNode_t *)e->deps;
        if (edgeData_out)
            *edgeData_out = default_edges(e);
        if (numDependencies_out)
            *numDependencies_out = e->n_deps;
    }
    pthread_mutex_unlock(&ctx->graph_lock);
    cux_rt_stream_release(s);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaThreadExchangeStreamCaptureMode(
    enum cudaStreamCaptureMode *mode)
{
    if (!mode || (unsigned)*mode > cudaStreamCaptureModeRelaxed)
        return cux_rt_ret(cudaErrorInvalidValue);
    cux_rt_thread *t = cux_rt_self();
    enum cudaStreamCaptureMode old = (enum cudaStreamCaptureMode)t->capture_mode;
    t->capture_mode = *mode;
    *mode = old;
    return cudaSuccess;
}

CUX_EXPORT_CUDA12 cudaError_t cudaStreamGetCaptureInfo(
    cudaStream_t stream, enum cudaStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, cudaGraph_t *graph_out,
    const cudaGraphNode_t **dependencies_out, size_t *numDependencies_out)
{
    return cudaStreamGetCaptureInfo_v3(stream, captureStatus_out, id_out,
                                       graph_out, dependencies_out, NULL,
                                       numDependencies_out);
}
