/* rt_stream.c: streams: ordered queues of work, each run by its own worker
 * thread, and the implicit synchronisation of the legacy default stream.
 *
 * Every item gets a sequence number in its stream; `done` is the number of
 * the last finished one, so "has X happened" is one comparison and events
 * are (stream, seq) pairs.  An item may carry dependencies on other
 * streams' sequence numbers (cudaStreamWaitEvent, and the legacy stream's
 * rule: work on it waits for all earlier work in blocking streams, and work
 * in a blocking stream waits for earlier work on it).  Dependencies always
 * point at work queued earlier, so waiting on them cannot deadlock.
 * Synchronous calls (cudaMemcpy) run on the calling thread in stream order
 * (cux_rt_stream_run_sync) instead of paying a thread hand-off. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

static struct CUstream_st *stream_new(int device, int kind, unsigned flags,
                                      int priority)
{
    /* "The Id is unique for the life of the program": every stream made,
     * the legacy and per-thread ones too, takes the next number, and
     * none is given twice, even after the stream is destroyed. */
    static atomic_uint_least64_t next_id = 1;
    cux_rt_context *ctx = cux_rt_ctx();
    struct CUstream_st *s = cux_xcalloc(1, sizeof(*s));
    s->id = atomic_fetch_add(&next_id, 1);
    s->device = device;
    s->kind = kind;
    s->flags = flags;
    s->priority = priority;
    atomic_init(&s->refs, 1); /* the registry's */
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    pthread_mutex_lock(&ctx->lock);
    s->next_live = ctx->streams;
    ctx->streams = s;
    pthread_mutex_unlock(&ctx->lock);
    return s;
}

struct CUstream_st *cux_rt_stream_ref(struct CUstream_st *s)
{
    atomic_fetch_add(&s->refs, 1);
    return s;
}

void cux_rt_stream_release(struct CUstream_st *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    /* The last reference goes after the worker was joined and the queue
     * drained (cux_rt_streams_destroy), so nothing else can touch s. */
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cond);
    free(s);
}

/* Caller holds ctx.lock. */
static bool is_live(cux_rt_context *ctx, struct CUstream_st *s)
{
    for (struct CUstream_st *t = ctx->streams; t; t = t->next_live)
        if (t == s)
            return true;
    return false;
}

/* Takes s off the live list.  Caller holds ctx.lock. */
static void unlink_live(cux_rt_context *ctx, struct CUstream_st *s)
{
    for (struct CUstream_st **p = &ctx->streams; *p; p = &(*p)->next_live)
        if (*p == s) {
            *p = s->next_live;
            break;
        }
}

static struct CUstream_st *legacy_stream(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_device *d = &ctx->devices[device];
    pthread_mutex_lock(&ctx->lock);
    struct CUstream_st *s = d->legacy;
    if (s)
        cux_rt_stream_ref(s);
    pthread_mutex_unlock(&ctx->lock);
    if (s)
        return s;
    s = stream_new(device, CUX_RT_STREAM_LEGACY, 0, 0);
    pthread_mutex_lock(&ctx->lock);
    if (!d->legacy) {
        d->legacy = s;
        s = NULL;
    } else {
        /* ours lost: off the live list before it is freed, where another
         * thread's implicit_deps would walk onto it */
        unlink_live(ctx, s);
    }
    struct CUstream_st *won = cux_rt_stream_ref(d->legacy);
    pthread_mutex_unlock(&ctx->lock);
    if (s) /* another thread created it first */
        cux_rt_streams_destroy_one(s);
    return won;
}

static struct CUstream_st *thread_stream(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_thread *t = cux_rt_self();
    struct CUstream_st *s = t->per_thread[device];
    pthread_mutex_lock(&ctx->lock);
    bool live = s && is_live(ctx, s);
    if (live)
        cux_rt_stream_ref(s);
    pthread_mutex_unlock(&ctx->lock);
    if (live)
        return s;
    s = stream_new(device, CUX_RT_STREAM_THREAD, 0, 0);
    t->per_thread[device] = s;
    pthread_setspecific(ctx->thread_key, t);
    return cux_rt_stream_ref(s);
}

cudaError_t cux_rt_stream_get(cudaStream_t handle, struct CUstream_st **out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    int device = cux_rt_self()->device;
    *out = NULL;
    if (handle == NULL || handle == cudaStreamLegacy) {
        *out = legacy_stream(device);
        return cudaSuccess;
    }
    if (handle == cudaStreamPerThread) {
        *out = thread_stream(device);
        return cudaSuccess;
    }
    pthread_mutex_lock(&ctx->lock);
    if (is_live(ctx, handle) && handle->kind == CUX_RT_STREAM_USER)
        *out = cux_rt_stream_ref(handle);
    pthread_mutex_unlock(&ctx->lock);
    return *out ? cudaSuccess : cudaErrorInvalidResourceHandle;
}

bool cux_rt_stream_reached(struct CUstream_st *s, uint64_t seq)
{
    pthread_mutex_lock(&s->lock);
    bool reached = s->done >= seq;
    pthread_mutex_unlock(&s->lock);
    return reached;
}

void cux_rt_stream_wait(struct CUstream_st *s, uint64_t seq)
{
    for (int i = 0; i < CUX_SPIN_ROUNDS &&
                    __atomic_load_n(&s->done, __ATOMIC_ACQUIRE) < seq; i++)
        cux_cpu_relax();
    pthread_mutex_lock(&s->lock);
    while (s->done < seq)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

static void add_dep(cux_rt_dep **deps, uint32_t *n, struct CUstream_st *t)
{
    pthread_mutex_lock(&t->lock);
    uint64_t seq = t->enqueued, done = t->done;
    pthread_mutex_unlock(&t->lock);
    if (seq <= done)
        return;
    *deps = cux_xrealloc(*deps, (*n + 1) * sizeof(**deps));
    (*deps)[*n].stream = cux_rt_stream_ref(t);
    (*deps)[*n].seq = seq;
    (*n)++;
}

static bool blocking(const struct CUstream_st *s)
{
    return !(s->flags & cudaStreamNonBlocking);
}

/* The legacy stream's rule, as the CUDA Programming Guide states it: an
 * operation in it waits for all earlier work in blocking streams of the
 * device, and an operation in a blocking stream waits for earlier work in
 * the legacy stream. */
static void implicit_deps(struct CUstream_st *s, cux_rt_dep **deps,
                          uint32_t *n)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!blocking(s))
        return;
    pthread_mutex_lock(&ctx->lock);
    for (struct CUstream_st *t = ctx->streams; t; t = t->next_live) {
        if (t == s || t->device != s->device || !blocking(t))
            continue;
        if (s->kind == CUX_RT_STREAM_LEGACY || t->kind == CUX_RT_STREAM_LEGACY)
            add_dep(deps, n, t);
    }
    pthread_mutex_unlock(&ctx->lock);
}

static void wait_deps(cux_rt_dep *deps, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        cux_rt_stream_wait(deps[i].stream, deps[i].seq);
}

static void free_deps(cux_rt_dep *deps, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        cux_rt_stream_release(deps[i].stream);
    free(deps);
}

static void *worker(void *arg)
{
    struct CUstream_st *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!(s->head && s->head->seq == s->done + 1) &&
               !(s->stopping && !s->head && s->done == s->enqueued)) {
            /* Briefly watch for the next item before sleeping. */
            pthread_mutex_unlock(&s->lock);
            for (int i = 0; i < CUX_SPIN_ROUNDS &&
                            !__atomic_load_n(&s->head, __ATOMIC_ACQUIRE); i++)
                cux_cpu_relax();
            pthread_mutex_lock(&s->lock);
            if ((s->head && s->head->seq == s->done + 1) ||
                (s->stopping && !s->head && s->done == s->enqueued))
                break;
            pthread_cond_wait(&s->cond, &s->lock);
        }
        cux_rt_work *w = s->head;
        if (!w)
            break;
        __atomic_store_n(&s->head, w->next, __ATOMIC_RELEASE);
        if (!s->head)
            s->tail = NULL;
        pthread_mutex_unlock(&s->lock);
        wait_deps(w->deps, w->n_deps);
        if (w->run)
            w->run(w, s);
        uint64_t seq = w->seq;
        free_deps(w->deps, w->n_deps);
        w->release(w);
        pthread_mutex_lock(&s->lock);
        __atomic_store_n(&s->done, seq, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&s->cond);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

uint64_t cux_rt_stream_enqueue(struct CUstream_st *s, cux_rt_work *w)
{
    implicit_deps(s, &w->deps, &w->n_deps);
    w->next = NULL;
    pthread_mutex_lock(&s->lock);
    uint64_t seq = w->seq = ++s->enqueued;
    if (s->tail)
        s->tail->next = w;
    else
        __atomic_store_n(&s->head, w, __ATOMIC_RELEASE);
    s->tail = w;
    if (!s->running) {
        if (pthread_create(&s->thread, NULL, worker, s) == 0) {
            s->running = true;
        } else { /* no thread: run it here, in order, rather than lose it */
            pthread_mutex_unlock(&s->lock);
            cux_log("could not start a stream worker thread");
            return seq;
        }
    }
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return seq;
}

void cux_rt_stream_run_sync(struct CUstream_st *s, void (*fn)(void *),
                            void *arg)
{
    cux_rt_dep *deps = NULL;
    uint32_t n = 0;
    implicit_deps(s, &deps, &n); /* before taking a seq: see file comment */
    pthread_mutex_lock(&s->lock);
    while (s->head || s->done != s->enqueued)
        pthread_cond_wait(&s->cond, &s->lock);
    uint64_t seq = ++s->enqueued;
    pthread_mutex_unlock(&s->lock);
    wait_deps(deps, n);
    if (fn)
        fn(arg);
    pthread_mutex_lock(&s->lock);
    __atomic_store_n(&s->done, seq, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    free_deps(deps, n);
}

/* Collects the live streams of a device with a reference each. */
static uint32_t snapshot(int device, struct CUstream_st ***out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    uint32_t n = 0, cap = 0;
    struct CUstream_st **list = NULL;
    pthread_mutex_lock(&ctx->lock);
    for (struct CUstream_st *t = ctx->streams; t; t = t->next_live) {
        if (device >= 0 && t->device != device)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            list = cux_xrealloc(list, cap * sizeof(*list));
        }
        list[n++] = cux_rt_stream_ref(t);
    }
    pthread_mutex_unlock(&ctx->lock);
    *out = list;
    return n;
}

void cux_rt_sync_device(int device)
{
    struct CUstream_st **list;
    uint32_t n = snapshot(device, &list);
    for (uint32_t i = 0; i < n; i++) {
        pthread_mutex_lock(&list[i]->lock);
        uint64_t seq = list[i]->enqueued;
        pthread_mutex_unlock(&list[i]->lock);
        cux_rt_stream_wait(list[i], seq);
        cux_rt_stream_release(list[i]);
    }
    free(list);
}

/* Drains and stops an unlinked stream, then drops the registry's
 * reference.  A stream destroyed from its own worker (a host callback)
 * cannot join itself; it detaches instead. */
void cux_rt_streams_destroy_one(struct CUstream_st *s)
{
    cux_rt_capture_stream_gone(s);
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    bool running = s->running;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    if (running) {
        if (pthread_equal(s->thread, pthread_self()))
            pthread_detach(s->thread);
        else
            pthread_join(s->thread, NULL);
    }
    cux_rt_stream_release(s);
}

/* Caller holds ctx.lock. */
static void unlink_stream(cux_rt_context *ctx, struct CUstream_st *s)
{
    unlink_live(ctx, s);
    if (s->kind == CUX_RT_STREAM_LEGACY)
        ctx->devices[s->device].legacy = NULL;
}

void cux_rt_streams_destroy(int device, bool keep_legacy)
{
    cux_rt_context *ctx = cux_rt_ctx();
    struct CUstream_st *dead = NULL;
    pthread_mutex_lock(&ctx->lock);
    struct CUstream_st **p = &ctx->streams;
    while (*p) {
        struct CUstream_st *s = *p;
        if ((device >= 0 && s->device != device) ||
            (keep_legacy && s->kind == CUX_RT_STREAM_LEGACY)) {
            p = &s->next_live;
            continue;
        }
        unlink_stream(ctx, s);
        s->next_live = dead;
        dead = s;
    }
    pthread_mutex_unlock(&ctx->lock);
    while (dead) {
        struct CUstream_st *next = dead->next_live;
        cux_rt_streams_destroy_one(dead);
        dead = next;
    }
}

void cux_rt_thread_streams_release(cux_rt_thread *t)
{
    cux_rt_context *ctx = cux_rt_ctx();
    for (int i = 0; i < CUX_RT_MAX_DEVICES; i++) {
        struct CUstream_st *s = t->per_thread[i];
        t->per_thread[i] = NULL;
        if (!s)
            continue;
        pthread_mutex_lock(&ctx->lock);
        bool live = is_live(ctx, s);
        if (live)
            unlink_stream(ctx, s);
        pthread_mutex_unlock(&ctx->lock);
        if (live)
            cux_rt_streams_destroy_one(s);
    }
}

/* API ------------------------------------------------------------------ */

typedef struct wait_work {
    cux_rt_work base;
} wait_work;

static void free_work(cux_rt_work *w)
{
    free(w);
}

int cux_rt_stream_clamp_priority(int priority)
{
    /* "Priorities follow a convention where lower numbers imply greater
     * priorities"; out-of-range values are clamped, as CUDA does. */
    return priority > 0 ? 0 : priority < -5 ? -5 : priority;
}

CUX_EXPORT cudaError_t cudaStreamCreateWithPriority(cudaStream_t *pStream,
                                                    unsigned int flags,
                                                    int priority)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!pStream || (flags & ~(unsigned)cudaStreamNonBlocking))
        return cux_rt_ret(cudaErrorInvalidValue);
    *pStream = stream_new(cux_rt_self()->device, CUX_RT_STREAM_USER, flags,
                          cux_rt_stream_clamp_priority(priority));
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream,
                                                 unsigned int flags)
{
    return cudaStreamCreateWithPriority(pStream, flags, 0);
}

CUX_EXPORT cudaError_t cudaStreamCreate(cudaStream_t *pStream)
{
    return cudaStreamCreateWithPriority(pStream, cudaStreamDefault, 0);
}

CUX_EXPORT cudaError_t cudaStreamDestroy(cudaStream_t stream)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->lock);
    bool live = stream && is_live(ctx, stream) &&
                stream->kind == CUX_RT_STREAM_USER;
    if (live)
        unlink_stream(ctx, stream);
    pthread_mutex_unlock(&ctx->lock);
    if (!live)
        return cux_rt_ret(cudaErrorInvalidResourceHandle);
    cux_rt_streams_destroy_one(stream);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaStreamSynchronize(cudaStream_t stream)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err == cudaSuccess) {
        err = cux_rt_capture_sync(s);
        if (err != cudaSuccess)
            cux_rt_stream_release(s);
    }
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (s->kind == CUX_RT_STREAM_LEGACY) {
        cux_rt_stream_run_sync(s, NULL, NULL);
    } else {
        pthread_mutex_lock(&s->lock);
        uint64_t seq = s->enqueued;
        pthread_mutex_unlock(&s->lock);
        cux_rt_stream_wait(s, seq);
    }
    /* "the allocator will try to release memory back to the OS on the
     * next call to stream, event or context synchronize" */
    cux_rt_mempools_sync(s->device);
    cux_rt_stream_release(s);
    cux_rt_printf_flush();
    return cux_rt_ret(cux_rt_sticky());
}

CUX_EXPORT cudaError_t cudaStreamQuery(cudaStream_t stream)
{
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err == cudaSuccess) {
        err = cux_rt_capture_sync(s);
        if (err != cudaSuccess)
            cux_rt_stream_release(s);
    }
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&s->lock);
    bool busy = s->head || s->done != s->enqueued;
    pthread_mutex_unlock(&s->lock);
    cux_rt_stream_release(s);
    return cux_rt_ret(busy ? cudaErrorNotReady : cux_rt_sticky());
}

/* The start of a call on a stream: devices ready, no sticky error, and
 * the handle resolved to a stream with a new reference (release it). */
cudaError_t cux_rt_enter_stream(cudaStream_t handle, struct CUstream_st **out)
{
    cudaError_t err = cux_rt_enter(NULL);
    return err == cudaSuccess ? cux_rt_stream_get(handle, out) : err;
}

/* As cux_rt_enter_stream for a query whose result pointer must be set. */
static cudaError_t stream_for_query(cudaStream_t handle, const void *result,
                                    struct CUstream_st **out)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && !result)
        err = cudaErrorInvalidValue;
    return err == cudaSuccess ? cux_rt_stream_get(handle, out) : err;
}

CUX_EXPORT cudaError_t cudaStreamGetFlags(cudaStream_t hStream,
                                          unsigned int *flags)
{
    struct CUstream_st *s;
    cudaError_t err = stream_for_query(hStream, flags, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    *flags = s->flags;
    cux_rt_stream_release(s);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaStreamGetPriority(cudaStream_t hStream,
                                             int *priority)
{
    struct CUstream_st *s;
    cudaError_t err = stream_for_query(hStream, priority, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    *priority = s->priority;
    cux_rt_stream_release(s);
    return cudaSuccess;
}

/* The device a stream was made on; the legacy and per-thread handles name
 * the current device's. */
CUX_EXPORT cudaError_t cudaStreamGetDevice(cudaStream_t hStream, int *device)
{
    struct CUstream_st *s;
    cudaError_t err = stream_for_query(hStream, device, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    *device = s->device;
    cux_rt_stream_release(s);
    return cudaSuccess;
}

/* NULL, cudaStreamLegacy and cudaStreamPerThread name the stream they
 * stand for ("standard default stream semantics"), so the legacy stream
 * and each thread's per-thread stream have ids of their own. */
CUX_EXPORT cudaError_t cudaStreamGetId(cudaStream_t hStream,
                                       unsigned long long *streamId)
{
    struct CUstream_st *s;
    cudaError_t err = stream_for_query(hStream, streamId, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    *streamId = s->id;
    cux_rt_stream_release(s);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaDeviceGetStreamPriorityRange(int *leastPriority,
                                                        int *greatestPriority)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (leastPriority)
        *leastPriority = 0;
    if (greatestPriority)
        *greatestPriority = -5;
    return cudaSuccess;
}

/* Host functions ------------------------------------------------------- */

typedef struct host_work {
    cux_rt_work base;
    cudaHostFn_t fn;
    cudaStreamCallback_t callback;
    cudaStream_t handle;         /* what the callback is told */
    void *user;
} host_work;

static void run_host(cux_rt_work *w, struct CUstream_st *s)
{
    host_work *h = (host_work *)w;
    (void)s;
    if (h->fn)
        h->fn(h->user);
    else
        h->callback(h->handle, cux_rt_sticky(), h->user);
}

static cudaError_t enqueue_host(cudaStream_t stream, host_work *h)
{
    struct CUstream_st *s;
    bool capturing = false;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err == cudaSuccess) {
        err = cux_rt_capture_check(s, &capturing);
        /* cudaLaunchHostFunc is captured as a host node; a stream
         * callback has no node type, so CUDA refuses it in capture. */
        if (err == cudaSuccess && capturing)
            err = h->fn ? cux_rt_capture_node(s, cux_rt_node_host(h->fn,
                                                                  h->user))
                        : cux_rt_capture_sync(s);
        if (err != cudaSuccess || capturing)
            cux_rt_stream_release(s);
    }
    if (err != cudaSuccess || capturing) {
        free(h);
        return cux_rt_ret(err);
    }
    h->base.run = run_host;
    h->base.release = free_work;
    h->handle = stream;
    uint64_t seq = cux_rt_stream_enqueue(s, &h->base);
    if (cux_rt_ctx()->launch_blocking)
        cux_rt_stream_wait(s, seq);
    cux_rt_stream_release(s);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaLaunchHostFunc(cudaStream_t stream,
                                          cudaHostFn_t fn, void *userData)
{
    if (!fn)
        return cux_rt_ret(cudaErrorInvalidValue);
    host_work *h = cux_xcalloc(1, sizeof(*h));
    h->fn = fn;
    h->user = userData;
    return enqueue_host(stream, h);
}

CUX_EXPORT cudaError_t cudaStreamAddCallback(cudaStream_t stream,
                                             cudaStreamCallback_t callback,
                                             void *userData,
                                             unsigned int flags)
{
    /* "flags: Reserved for future use, must be 0". */
    if (!callback || flags != 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    host_work *h = cux_xcalloc(1, sizeof(*h));
    h->callback = callback;
    h->user = userData;
    return enqueue_host(stream, h);
}

/* Used by cudaStreamWaitEvent (rt_event.c): an empty item whose only job
 * is its dependency. */
void cux_rt_stream_enqueue_wait(struct CUstream_st *s,
                                struct CUstream_st *on, uint64_t seq)
{
    wait_work *w = cux_xcalloc(1, sizeof(*w));
    w->base.release = free_work;
    w->base.deps = cux_xcalloc(1, sizeof(cux_rt_dep));
    w->base.deps[0].stream = cux_rt_stream_ref(on);
    w->base.deps[0].seq = seq;
    w->base.n_deps = 1;
    cux_rt_stream_enqueue(s, &w->base);
}
