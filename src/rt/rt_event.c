/* rt_event.c: events.  An event is the (stream, seq) of its last record:
 * it has happened once that stream's `done` reaches seq.  The record item
 * stamps the completion time when the stream reaches it; a later record
 * bumps `gen`, so a stale item does not overwrite the newer stamp.
 * Events are reference-counted: the registry holds one reference and
 * every queued record item another, so destroying an event with a record
 * still pending is safe, as CUDA allows. */
#include "rt/rt.h"

#include <stdlib.h>

static struct CUevent_st *event_ref(struct CUevent_st *e)
{
    atomic_fetch_add(&e->refs, 1);
    return e;
}

void cux_rt_event_release(struct CUevent_st *e)
{
    if (!e || atomic_fetch_sub(&e->refs, 1) != 1)
        return;
    cux_rt_capture_event_free(e);
    cux_rt_stream_release(e->stream);
    free(e);
}

/* Resolves a handle to a live event with a new reference. */
static cudaError_t event_get(cudaEvent_t handle, struct CUevent_st **out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    *out = NULL;
    pthread_mutex_lock(&ctx->lock);
    for (struct CUevent_st *e = ctx->events; e; e = e->next_live)
        if (e == handle && handle) {
            *out = event_ref(e);
            break;
        }
    pthread_mutex_unlock(&ctx->lock);
    return *out ? cudaSuccess : cudaErrorInvalidResourceHandle;
}

cudaError_t cux_rt_event_get(cudaEvent_t handle, struct CUevent_st **out)
{
    return event_get(handle, out);
}

/* The event's last record, with a reference on its stream (NULL if the
 * event was never recorded). */
static struct CUstream_st *last_record(struct CUevent_st *e, uint64_t *seq)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->event_lock);
    struct CUstream_st *s = e->stream ? cux_rt_stream_ref(e->stream) : NULL;
    *seq = e->seq;
    pthread_mutex_unlock(&ctx->event_lock);
    return s;
}

CUX_EXPORT cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event,
                                                unsigned int flags)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    unsigned known = cudaEventBlockingSync | cudaEventDisableTiming |
                     cudaEventInterprocess;
    /* "cudaEventInterprocess: ... must be specified along with
     * cudaEventDisableTiming". */
    if (!event || (flags & ~known) ||
        ((flags & cudaEventInterprocess) && !(flags & cudaEventDisableTiming)))
        return cux_rt_ret(cudaErrorInvalidValue);
    struct CUevent_st *e = cux_xcalloc(1, sizeof(*e));
    e->flags = flags;
    e->device = cux_rt_self()->device;
    atomic_init(&e->refs, 1);
    pthread_mutex_lock(&ctx->lock);
    e->next_live = ctx->events;
    ctx->events = e;
    pthread_mutex_unlock(&ctx->lock);
    *event = e;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaEventCreate(cudaEvent_t *event)
{
    return cudaEventCreateWithFlags(event, cudaEventDefault);
}

static bool unlink_event(cux_rt_context *ctx, struct CUevent_st *e)
{
    for (struct CUevent_st **p = &ctx->events; *p; p = &(*p)->next_live)
        if (*p == e) {
            *p = e->next_live;
            return true;
        }
    return false;
}

CUX_EXPORT cudaError_t cudaEventDestroy(cudaEvent_t event)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    pthread_mutex_lock(&ctx->lock);
    bool live = event && unlink_event(ctx, event);
    pthread_mutex_unlock(&ctx->lock);
    if (!live)
        return cux_rt_ret(cudaErrorInvalidResourceHandle);
    cux_rt_event_release(event);
    return cudaSuccess;
}

void cux_rt_events_destroy(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    struct CUevent_st **p = &ctx->events;
    while (*p) {
        struct CUevent_st *e = *p;
        if (device >= 0 && e->device != device) {
            p = &e->next_live;
            continue;
        }
        *p = e->next_live;
        cux_rt_event_release(e);
    }
    pthread_mutex_unlock(&ctx->lock);
}

typedef struct record_work {
    cux_rt_work base;
    struct CUevent_st *event;
    uint64_t gen;
} record_work;

static void run_record(cux_rt_work *w, struct CUstream_st *s)
{
    record_work *r = (record_work *)w;
    cux_rt_context *ctx = cux_rt_ctx();
    (void)s;
    pthread_mutex_lock(&ctx->event_lock);
    if (r->event->gen == r->gen)
        r->event->time_ns = cux_rt_now_ns();
    pthread_mutex_unlock(&ctx->event_lock);
}

static void release_record(cux_rt_work *w)
{
    cux_rt_event_release(((record_work *)w)->event);
    free(w);
}

static void record(struct CUevent_st *e, struct CUstream_st *s)
{
    cux_rt_context *ctx = cux_rt_ctx();
    record_work *r = cux_xcalloc(1, sizeof(*r));
    r->base.run = run_record;
    r->base.release = release_record;
    r->event = event_ref(e);
    pthread_mutex_lock(&ctx->event_lock);
    uint64_t gen = r->gen = ++e->gen; /* r may be freed once enqueued */
    pthread_mutex_unlock(&ctx->event_lock);
    uint64_t seq = cux_rt_stream_enqueue(s, &r->base);
    pthread_mutex_lock(&ctx->event_lock);
    if (e->gen == gen) { /* no newer record raced past us */
        cux_rt_stream_release(e->stream);
        e->stream = cux_rt_stream_ref(s);
        e->seq = seq;
    }
    pthread_mutex_unlock(&ctx->event_lock);
}

CUX_EXPORT cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream)
{
    struct CUevent_st *e;
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = event_get(event, &e);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    err = cux_rt_stream_get(stream, &s);
    /* "cudaEventRecord() will fail if the input event and input stream
     * are associated to different devices" (CUDA programming guide,
     * stream and event behavior). */
    if (err == cudaSuccess && s->device != e->device) {
        cux_rt_stream_release(s);
        err = cudaErrorInvalidResourceHandle;
    } else if (err == cudaSuccess) {
        bool captured;
        err = cux_rt_capture_record(e, s, &captured);
        if (err == cudaSuccess && !captured)
            record(e, s);
        cux_rt_stream_release(s);
    }
    cux_rt_event_release(e);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaEventRecordWithFlags(cudaEvent_t event,
                                                cudaStream_t stream,
                                                unsigned int flags)
{
    if (flags & ~(unsigned)cudaEventRecordExternal)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cudaEventRecord(event, stream);
}

CUX_EXPORT cudaError_t cudaEventQuery(cudaEvent_t event)
{
    struct CUevent_st *e;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = event_get(event, &e);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    uint64_t seq;
    if (cux_rt_capture_event_captured(e)) {
        cux_rt_event_release(e);
        return cux_rt_ret(cudaErrorCapturedEvent);
    }
    struct CUstream_st *s = last_record(e, &seq);
    /* An event never recorded counts as completed (CUDA reference). */
    bool reached = !s || cux_rt_stream_reached(s, seq);
    cux_rt_stream_release(s);
    cux_rt_event_release(e);
    return cux_rt_ret(reached ? cux_rt_sticky() : cudaErrorNotReady);
}

CUX_EXPORT cudaError_t cudaEventSynchronize(cudaEvent_t event)
{
    struct CUevent_st *e;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess)
        err = event_get(event, &e);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    uint64_t seq;
    if (cux_rt_capture_event_captured(e)) {
        cux_rt_event_release(e);
        return cux_rt_ret(cudaErrorCapturedEvent);
    }
    struct CUstream_st *s = last_record(e, &seq);
    if (s) {
        cux_rt_stream_wait(s, seq);
        cux_rt_mempools_sync(s->device); /* as cudaStreamSynchronize */
    }
    cux_rt_stream_release(s);
    cux_rt_event_release(e);
    cux_rt_printf_flush();
    return cux_rt_ret(cux_rt_sticky());
}

/* Completion time of a timed, completed event, or the error CUDA gives:
 * cudaErrorInvalidResourceHandle for an event never recorded or created
 * with cudaEventDisableTiming, cudaErrorNotReady before completion. */
static cudaError_t event_time(struct CUevent_st *e, uint64_t *ns)
{
    uint64_t seq;
    if (e->flags & cudaEventDisableTiming)
        return cudaErrorInvalidResourceHandle;
    struct CUstream_st *s = last_record(e, &seq);
    if (!s)
        return cudaErrorInvalidResourceHandle;
    bool reached = cux_rt_stream_reached(s, seq);
    cux_rt_stream_release(s);
    if (!reached)
        return cudaErrorNotReady;
    pthread_mutex_lock(&cux_rt_ctx()->event_lock);
    *ns = e->time_ns;
    pthread_mutex_unlock(&cux_rt_ctx()->event_lock);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start,
                                            cudaEvent_t end)
{
    struct CUevent_st *a = NULL, *b = NULL;
    uint64_t ta = 0, tb = 0;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && !ms)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = event_get(start, &a);
    if (err == cudaSuccess)
        err = event_get(end, &b);
    /* "cudaEventElapsedTime() will fail if the two input events are
     * associated to different devices" (same section). */
    if (err == cudaSuccess && a->device != b->device)
        err = cudaErrorInvalidResourceHandle;
    if (err == cudaSuccess)
        err = event_time(a, &ta);
    if (err == cudaSuccess)
        err = event_time(b, &tb);
    if (err == cudaSuccess)
        *ms = (float)((double)((int64_t)(tb - ta)) / 1e6);
    cux_rt_event_release(a);
    cux_rt_event_release(b);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaStreamWaitEvent(cudaStream_t stream,
                                           cudaEvent_t event,
                                           unsigned int flags)
{
    struct CUevent_st *e;
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter(NULL);
    if (err == cudaSuccess && (flags & ~(unsigned)cudaEventWaitExternal))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = event_get(event, &e);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    err = cux_rt_stream_get(stream, &s);
    bool captured = false;
    if (err == cudaSuccess)
        err = cux_rt_capture_wait(s, e, &captured);
    if (err != cudaSuccess || captured) {
        cux_rt_stream_release(s); /* NULL if the handle was bad */
    } else {
        uint64_t seq;
        struct CUstream_st *on = last_record(e, &seq);
        /* Waiting on an event never recorded is a no-op (CUDA reference);
         * one recorded in the same stream is already ordered. */
        if (on && on != s && !cux_rt_stream_reached(on, seq))
            cux_rt_stream_enqueue_wait(s, on, seq);
        cux_rt_stream_release(on);
        cux_rt_stream_release(s);
    }
    cux_rt_event_release(e);
    return cux_rt_ret(err);
}
