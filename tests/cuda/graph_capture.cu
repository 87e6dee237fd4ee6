// graph_capture.cu: record a stream's work into a CUDA graph by stream
// capture and replay it: copies, kernels, memsets and host functions on a
// stream forked into a second stream and joined back by events; the
// capture queries; and the calls CUDA refuses during capture.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL graph_capture\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int bad = 0;

static void expect(cudaError_t got, cudaError_t want, const char *what)
{
    if (got != want) {
        printf("%s: got %s, want %s\n", what, cudaGetErrorName(got),
               cudaGetErrorName(want));
        bad++;
    }
}

// For the cases where CUDA documents two acceptable answers.
static void expect2(cudaError_t got, cudaError_t want1, cudaError_t want2,
                    const char *what)
{
    if (got != want1)
        expect(got, want2, what);
}

__global__ void axpy(float a, const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i] + y[i];
}

__global__ void add_one(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] += 1;
}

static void count_call(void *arg)
{
    (*(int *)arg)++;
}

// The example of the gap test: copy then kernel, captured, launched
// three times after the capture.
static void replay_axpy(cudaStream_t s)
{
    const int n = 1000, reps = 3;
    static float hx[n], hy[n];
    float *x, *y;
    for (int i = 0; i < n; i++) {
        hx[i] = (float)(i % 17);
        hy[i] = 1.0f;
    }
    CHECK(cudaMalloc(&x, sizeof(hx)));
    CHECK(cudaMalloc(&y, sizeof(hy)));
    cudaGraph_t g;
    cudaGraphExec_t ge;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaMemcpyAsync(x, hx, sizeof(hx), cudaMemcpyHostToDevice, s));
    axpy<<<(n + 255) / 256, 256, 0, s>>>(2.0f, x, y, n);
    CHECK(cudaGetLastError());
    CHECK(cudaStreamEndCapture(s, &g));
    CHECK(cudaMemcpy(y, hy, sizeof(hy), cudaMemcpyHostToDevice));
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    for (int r = 0; r < reps; r++)
        CHECK(cudaGraphLaunch(ge, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(hy, y, sizeof(hy), cudaMemcpyDeviceToHost));
    int wrong = 0;
    for (int i = 0; i < n; i++)
        wrong += hy[i] != 1.0f + reps * 2.0f * (float)(i % 17);
    if (wrong) {
        printf("axpy replay: %d wrong\n", wrong);
        bad++;
    }
    size_t nodes = 0;
    CHECK(cudaGraphGetNodes(g, NULL, &nodes));
    if (nodes != 2) {
        printf("axpy capture: %zu nodes, want 2\n", nodes);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaFree(x));
    CHECK(cudaFree(y));
}

// Fork into s2 with an event, work in both, join back: the graph runs
// the memset before both kernels and the host function after both.
static void fork_join(cudaStream_t s, cudaStream_t s2)
{
    const int n = 512, reps = 4;
    int *a, *b, calls = 0;
    CHECK(cudaMalloc(&a, n * sizeof(int)));
    CHECK(cudaMalloc(&b, n * sizeof(int)));
    cudaEvent_t fork, join;
    CHECK(cudaEventCreateWithFlags(&fork, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&join, cudaEventDisableTiming));
    cudaGraph_t g;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    cudaStreamCaptureStatus st;
    CHECK(cudaStreamIsCapturing(s, &st));
    expect(st == cudaStreamCaptureStatusActive ? cudaSuccess
                                               : cudaErrorUnknown,
           cudaSuccess, "cudaStreamIsCapturing while capturing");
    CHECK(cudaMemsetAsync(a, 0, n * sizeof(int), s));
    CHECK(cudaMemsetAsync(b, 0, n * sizeof(int), s));
    CHECK(cudaEventRecord(fork, s));
    CHECK(cudaStreamWaitEvent(s2, fork, 0));
    CHECK(cudaStreamIsCapturing(s2, &st));
    expect(st == cudaStreamCaptureStatusActive ? cudaSuccess
                                               : cudaErrorUnknown,
           cudaSuccess, "a stream joined by an event is capturing");
    add_one<<<2, 256, 0, s>>>(a, n);
    add_one<<<2, 256, 0, s2>>>(b, n);
    add_one<<<2, 256, 0, s2>>>(b, n);
    CHECK(cudaEventRecord(join, s2));
    CHECK(cudaStreamWaitEvent(s, join, 0));
    unsigned long long id = 0;
    cudaGraph_t building = NULL;
    const cudaGraphNode_t *deps = NULL;
    size_t ndeps = 0;
    CHECK(cudaStreamGetCaptureInfo(s, &st, &id, &building, &deps, &ndeps));
    if (st != cudaStreamCaptureStatusActive || !building || ndeps != 2) {
        printf("capture info: status %d graph %p, %zu dependencies\n",
               (int)st, (void *)building, ndeps);
        bad++;
    }
    CHECK(cudaLaunchHostFunc(s, count_call, &calls));
    CHECK(cudaStreamEndCapture(s, &g));
    CHECK(cudaStreamIsCapturing(s2, &st));
    expect(st == cudaStreamCaptureStatusNone ? cudaSuccess
                                             : cudaErrorUnknown,
           cudaSuccess, "the joined stream leaves the capture at its end");
    if (calls != 0) {
        printf("a captured host function ran during capture\n");
        bad++;
    }
    size_t nodes = 0;
    CHECK(cudaGraphGetNodes(g, NULL, &nodes));
    if (nodes != 6) {
        printf("fork/join capture: %zu nodes, want 6\n", nodes);
        bad++;
    }
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    for (int r = 0; r < reps; r++)
        CHECK(cudaGraphLaunch(ge, s));
    CHECK(cudaStreamSynchronize(s));
    static int ha[n], hb[n];
    CHECK(cudaMemcpy(ha, a, sizeof(ha), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hb, b, sizeof(hb), cudaMemcpyDeviceToHost));
    int wrong = 0;
    for (int i = 0; i < n; i++)
        wrong += ha[i] != 1 || hb[i] != 2;
    if (wrong || calls != reps) {
        printf("fork/join replay: %d wrong, host function ran %d times\n",
               wrong, calls);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaEventDestroy(fork));
    CHECK(cudaEventDestroy(join));
    CHECK(cudaFree(a));
    CHECK(cudaFree(b));
}

// Kernel arguments are copied when the launch is captured.
static void arguments_copied(cudaStream_t s)
{
    float *x, *y, hy = 0;
    CHECK(cudaMalloc(&x, sizeof(float)));
    CHECK(cudaMalloc(&y, sizeof(float)));
    float one = 1.0f;
    CHECK(cudaMemcpy(x, &one, sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(y, 0, sizeof(float)));
    cudaGraph_t g;
    cudaGraphExec_t ge;
    float a = 5.0f;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    axpy<<<1, 32, 0, s>>>(a, x, y, 1);
    CHECK(cudaStreamEndCapture(s, &g));
    a = 100.0f;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    CHECK(cudaGraphLaunch(ge, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(&hy, y, sizeof(float), cudaMemcpyDeviceToHost));
    if (hy != 5.0f) {
        printf("captured argument: got %g, want 5\n", hy);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaFree(x));
    CHECK(cudaFree(y));
}

// A graph launched into a capturing stream becomes part of the captured
// graph; launches of one executable on two streams run one after the
// other ("each launch is ordered behind ... any previous launches").
static void nested_and_ordered(cudaStream_t s, cudaStream_t s2)
{
    const int n = 256, reps = 10;
    int *a;
    CHECK(cudaMalloc(&a, n * sizeof(int)));
    CHECK(cudaMemset(a, 0, n * sizeof(int)));
    cudaGraph_t inner, outer;
    cudaGraphExec_t inner_exec, outer_exec;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    add_one<<<1, n, 0, s>>>(a, n);
    add_one<<<1, n, 0, s>>>(a, n);
    CHECK(cudaStreamEndCapture(s, &inner));
    CHECK(cudaGraphInstantiate(&inner_exec, inner, 0));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaGraphLaunch(inner_exec, s));
    add_one<<<1, n, 0, s>>>(a, n);
    CHECK(cudaStreamEndCapture(s, &outer));
    size_t nodes = 0;
    CHECK(cudaGraphGetNodes(outer, NULL, &nodes));
    cudaGraphNode_t first;
    size_t one = 1;
    CHECK(cudaGraphGetRootNodes(outer, &first, &one));
    cudaGraphNodeType type = cudaGraphNodeTypeCount;
    CHECK(cudaGraphNodeGetType(first, &type));
    if (nodes != 2 || type != cudaGraphNodeTypeGraph) {
        printf("captured graph launch: %zu nodes, root type %d\n", nodes,
               (int)type);
        bad++;
    }
    CHECK(cudaGraphInstantiate(&outer_exec, outer, 0));
    for (int r = 0; r < reps; r++)
        CHECK(cudaGraphLaunch(outer_exec, r % 2 ? s2 : s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaStreamSynchronize(s2));
    static int h[n];
    CHECK(cudaMemcpy(h, a, sizeof(h), cudaMemcpyDeviceToHost));
    int wrong = 0;
    for (int i = 0; i < n; i++)
        wrong += h[i] != 3 * reps;
    if (wrong) {
        printf("nested graph launched on two streams: %d wrong\n", wrong);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(outer_exec));
    CHECK(cudaGraphExecDestroy(inner_exec));
    CHECK(cudaGraphDestroy(outer));
    CHECK(cudaGraphDestroy(inner));
    CHECK(cudaFree(a));
}

// What another thread's cudaMalloc meets while this thread captures:
// the rules of cudaThreadExchangeStreamCaptureMode.
struct other_thread {
    cudaStreamCaptureMode mode; // the other thread's own mode
    cudaError_t result;         // of its cudaMalloc
};

static void *malloc_in_other_thread(void *arg)
{
    other_thread *t = (other_thread *)arg;
    cudaStreamCaptureMode mode = t->mode;
    cudaThreadExchangeStreamCaptureMode(&mode);
    int *p;
    t->result = cudaMalloc(&p, sizeof(int));
    if (t->result == cudaSuccess)
        cudaFree(p);
    return NULL;
}

static cudaError_t malloc_during_capture(cudaStream_t s,
                                         cudaStreamCaptureMode capture,
                                         cudaStreamCaptureMode other)
{
    other_thread t = {other, cudaErrorUnknown};
    pthread_t thread;
    cudaGraph_t g = NULL;
    CHECK(cudaStreamBeginCapture(s, capture));
    pthread_create(&thread, NULL, malloc_in_other_thread, &t);
    pthread_join(thread, NULL);
    // Whether the refused call also invalidated this capture is not
    // documented: either end is accepted.
    cudaError_t end = cudaStreamEndCapture(s, &g);
    if (end != cudaSuccess && end != cudaErrorStreamCaptureInvalidated) {
        printf("end of capture: %s\n", cudaGetErrorName(end));
        bad++;
    }
    if (g)
        CHECK(cudaGraphDestroy(g));
    return t.result;
}

static void modes_across_threads(cudaStream_t s)
{
    expect(malloc_during_capture(s, cudaStreamCaptureModeGlobal,
                                 cudaStreamCaptureModeGlobal),
           cudaErrorStreamCaptureUnsupported,
           "cudaMalloc in a global-mode thread during a global capture");
    expect(malloc_during_capture(s, cudaStreamCaptureModeThreadLocal,
                                 cudaStreamCaptureModeGlobal),
           cudaSuccess, "cudaMalloc during another thread's local capture");
    expect(malloc_during_capture(s, cudaStreamCaptureModeGlobal,
                                 cudaStreamCaptureModeRelaxed),
           cudaSuccess, "cudaMalloc in a relaxed thread");
    expect(malloc_during_capture(s, cudaStreamCaptureModeGlobal,
                                 cudaStreamCaptureModeThreadLocal),
           cudaSuccess, "cudaMalloc in a thread-local thread");
}

// Calls CUDA refuses during capture, and what the capture becomes.
static void illegal_calls(cudaStream_t s, cudaStream_t s2)
{
    int *d;
    int h = 0;
    CHECK(cudaMalloc(&d, sizeof(int)));
    cudaGraph_t g = (cudaGraph_t)&h;
    cudaStreamCaptureStatus st;

    expect(cudaStreamBeginCapture(0, cudaStreamCaptureModeGlobal),
           cudaErrorStreamCaptureUnsupported, "capture of the legacy stream");
    expect(cudaStreamEndCapture(s, &g), cudaErrorIllegalState,
           "end of a capture never begun");

    // A synchronous copy in global mode: refused, capture invalidated.
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    expect(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal),
           cudaErrorIllegalState, "begin twice");
    // Unsafe in global mode, and an implicit dependency of the legacy
    // stream on the capture: CUDA may name either.
    expect2(cudaMemcpy(d, &h, sizeof(int), cudaMemcpyHostToDevice),
            cudaErrorStreamCaptureUnsupported, cudaErrorStreamCaptureImplicit,
            "cudaMemcpy during capture");
    CHECK(cudaStreamIsCapturing(s, &st));
    expect(st == cudaStreamCaptureStatusInvalidated ? cudaSuccess
                                                    : cudaErrorUnknown,
           cudaSuccess, "status after an illegal call");
    expect(cudaMemsetAsync(d, 0, sizeof(int), s),
           cudaErrorStreamCaptureInvalidated, "work after invalidation");
    expect(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated,
           "end of an invalidated capture");
    if (g != NULL) {
        printf("an invalidated capture gave a graph\n");
        bad++;
    }
    CHECK(cudaStreamIsCapturing(s, &st));
    expect(st == cudaStreamCaptureStatusNone ? cudaSuccess
                                             : cudaErrorUnknown,
           cudaSuccess, "status after the end");

    // Synchronizing the device or a capturing stream.
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    expect(cudaDeviceSynchronize(), cudaErrorStreamCaptureUnsupported,
           "cudaDeviceSynchronize during capture");
    expect(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated,
           "end after cudaDeviceSynchronize");
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    expect(cudaStreamSynchronize(s), cudaErrorStreamCaptureUnsupported,
           "cudaStreamSynchronize of a capturing stream");
    expect(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated,
           "end after synchronize");

    // Relaxed mode allows cudaMalloc; a blocking stream's capture still
    // refuses work on the legacy stream (implicit synchronisation).
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeRelaxed));
    int *more;
    CHECK(cudaMalloc(&more, sizeof(int)));
    CHECK(cudaFree(more));
    expect(cudaMemsetAsync(d, 0, sizeof(int), 0),
           cudaErrorStreamCaptureImplicit, "legacy stream work in capture");
    expect(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureInvalidated,
           "end after implicit synchronisation");

    // A fork never joined back.
    cudaEvent_t e;
    CHECK(cudaEventCreate(&e));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaEventRecord(e, s));
    expect(cudaEventQuery(e), cudaErrorCapturedEvent,
           "query of a captured event");
    CHECK(cudaStreamWaitEvent(s2, e, 0));
    CHECK(cudaMemsetAsync(d, 1, sizeof(int), s2));
    expect(cudaStreamEndCapture(s, &g), cudaErrorStreamCaptureUnjoined,
           "end with a fork not joined");
    CHECK(cudaStreamIsCapturing(s2, &st));
    expect(st == cudaStreamCaptureStatusNone ? cudaSuccess
                                             : cudaErrorUnknown,
           cudaSuccess, "the forked stream after the failed end");

    // Only the stream that began a capture ends it.
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaEventRecord(e, s));
    CHECK(cudaStreamWaitEvent(s2, e, 0));
    expect(cudaStreamEndCapture(s2, &g), cudaErrorStreamCaptureUnmatched,
           "end from the joined stream");
    CHECK(cudaEventRecord(e, s2));
    CHECK(cudaStreamWaitEvent(s, e, 0));
    expect2(cudaStreamEndCapture(s, &g), cudaSuccess,
            cudaErrorStreamCaptureInvalidated, "end from the origin");
    if (g && g != (cudaGraph_t)&h)
        CHECK(cudaGraphDestroy(g));

    // The mode exchange swaps.
    cudaStreamCaptureMode mode = cudaStreamCaptureModeRelaxed;
    CHECK(cudaThreadExchangeStreamCaptureMode(&mode));
    expect(mode == cudaStreamCaptureModeGlobal ? cudaSuccess
                                               : cudaErrorUnknown,
           cudaSuccess, "default thread mode");
    CHECK(cudaThreadExchangeStreamCaptureMode(&mode));
    expect(cudaThreadExchangeStreamCaptureMode(NULL), cudaErrorInvalidValue,
           "null mode");
    cudaGetLastError();

    // Everything still works afterwards.
    CHECK(cudaMemcpy(d, &h, sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaStreamSynchronize(s2));
    CHECK(cudaEventDestroy(e));
    CHECK(cudaFree(d));
}

int main()
{
    cudaStream_t s, s2;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaStreamCreate(&s2));
    replay_axpy(s);
    fork_join(s, s2);
    arguments_copied(s);
    nested_and_ordered(s, s2);
    modes_across_threads(s);
    illegal_calls(s, s2);
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaStreamDestroy(s2));
    if (bad) {
        printf("FAIL graph_capture: %d wrong\n", bad);
        return 1;
    }
    printf("PASS graph_capture\n");
    return 0;
}
