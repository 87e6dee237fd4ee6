// graph_conditional.cu: conditional graph nodes (CUDA 12.3+): If with
// and without an else body, While counting a device counter down, Switch
// over four bodies and values past them, a While nested with an If that
// reads a handle of the outer graph, a handle's default assigned at every
// launch, bodies filled by cudaStreamBeginCaptureToGraph and a
// conditional node added to a capture with cudaStreamGetCaptureInfo and
// cudaStreamUpdateCaptureDependencies, cudaGraphExecUpdate with new
// handles, and the errors CUDA gives for bad handles, types and sizes.
// Each result is compared with what the host computes.  The calls are in
// their CUDA 13 forms (edge data), which cux's CUDA 12 headers take as
// overloads, so the test builds with nvcc 13 as well.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL graph_conditional\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int bad = 0;

static void expect(cudaError_t got, cudaError_t want, const char *what)
{
    if (got != want) {
        printf("%s: got %s, want %s\n", what, cudaGetErrorName(got),
               cudaGetErrorName(want));
        bad++;
    }
    cudaGetLastError();
}

static void expect_error(cudaError_t got, const char *what)
{
    if (got == cudaSuccess) {
        printf("%s: succeeded, want an error\n", what);
        bad++;
    }
    cudaGetLastError();
}

static void expect_int(long long got, long long want, const char *what)
{
    if (got != want) {
        printf("%s: got %lld, want %lld\n", what, got, want);
        bad++;
    }
}

// Sets the handle from memory, as a kernel deciding on its own results.
__global__ void set_cond(cudaGraphConditionalHandle h, const int *v)
{
    cudaGraphSetConditional(h, (unsigned)*v);
}

__global__ void set_cond_odd(cudaGraphConditionalHandle h, const int *v)
{
    cudaGraphSetConditional(h, *v & 1);
}

__global__ void add_to(int *p, int k)
{
    *p += k;
}

// One pass of a While body: adds the counter to *sum, counts it down,
// and goes on while it is not zero.  All 64 threads set the handle to
// the same value, which CUDA allows (the races it calls undefined are
// of different values).
__global__ void count_down(int *counter, int *sum,
                           cudaGraphConditionalHandle h)
{
    __shared__ int left;
    if (threadIdx.x == 0) {
        *sum += *counter;
        left = --*counter;
    }
    __syncthreads();
    cudaGraphSetConditional(h, left != 0);
}

static cudaGraphNode_t add_kernel(cudaGraph_t g, const cudaGraphNode_t *deps,
                                  size_t ndeps, const void *func,
                                  void **args, unsigned threads = 1)
{
    cudaGraphNodeParams p = {};
    memset(&p, 0, sizeof p);
    p.type = cudaGraphNodeTypeKernel;
    p.kernel.func = (void *)func;
    p.kernel.gridDim.x = p.kernel.gridDim.y = p.kernel.gridDim.z = 1;
    p.kernel.blockDim.x = threads;
    p.kernel.blockDim.y = p.kernel.blockDim.z = 1;
    p.kernel.kernelParams = args;
    cudaGraphNode_t n;
    CHECK(cudaGraphAddNode(&n, g, deps, NULL, ndeps, &p));
    return n;
}

static cudaError_t add_cond(cudaGraphNode_t *n, cudaGraph_t g,
                            const cudaGraphNode_t *deps, size_t ndeps,
                            cudaGraphConditionalHandle h,
                            cudaGraphConditionalNodeType type, unsigned size,
                            cudaGraph_t **bodies)
{
    cudaGraphNodeParams p = {};
    memset(&p, 0, sizeof p);
    p.type = cudaGraphNodeTypeConditional;
    p.conditional.handle = h;
    p.conditional.type = type;
    p.conditional.size = size;
    cudaError_t err = cudaGraphAddNode(n, g, deps, NULL, ndeps, &p);
    if (bodies)
        *bodies = p.conditional.phGraph_out;
    return err;
}

static void launch(cudaGraphExec_t ge, cudaStream_t s)
{
    CHECK(cudaGraphLaunch(ge, s));
    CHECK(cudaStreamSynchronize(s));
}

// flag -> [set_cond_odd] -> If (1 or 2 bodies): body 0 adds 1 to *out,
// body 1 (the else) adds 100.
static void if_else(cudaStream_t s, int *flag, int *out, bool with_else)
{
    cudaGraph_t g;
    CHECK(cudaGraphCreate(&g, 0));
    cudaGraphConditionalHandle h;
    CHECK(cudaGraphConditionalHandleCreate(&h, g, 0, 0));
    void *set_args[] = {&h, &flag};
    cudaGraphNode_t set = add_kernel(g, NULL, 0, (void *)set_cond_odd,
                                     set_args);
    cudaGraphNode_t cond;
    cudaGraph_t *bodies;
    CHECK(add_cond(&cond, g, &set, 1, h, cudaGraphCondTypeIf,
                   with_else ? 2 : 1, &bodies));
    int one = 1, hundred = 100;
    void *then_args[] = {&out, &one}, *else_args[] = {&out, &hundred};
    add_kernel(bodies[0], NULL, 0, (void *)add_to, then_args);
    if (with_else)
        add_kernel(bodies[1], NULL, 0, (void *)add_to, else_args);
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    int want = 0;
    const int flags[] = {0, 1, 3, 2, 5};
    for (int v : flags) {
        CHECK(cudaMemcpy(flag, &v, sizeof v, cudaMemcpyHostToDevice));
        launch(ge, s);
        want += (v & 1) ? 1 : with_else ? 100 : 0;
    }
    int got;
    CHECK(cudaMemcpy(&got, out, sizeof got, cudaMemcpyDeviceToHost));
    expect_int(got, want, with_else ? "if/else" : "if");
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
}

// counter -> [set_cond] -> While: [count_down] (a while loop, not a
// do-while: a counter of 0 runs no pass).
static void while_loop(cudaStream_t s, int *counter, int *sum)
{
    cudaGraph_t g;
    CHECK(cudaGraphCreate(&g, 0));
    cudaGraphConditionalHandle h;
    CHECK(cudaGraphConditionalHandleCreate(&h, g, 0, 0));
    void *set_args[] = {&h, &counter};
    cudaGraphNode_t set = add_kernel(g, NULL, 0, (void *)set_cond, set_args);
    cudaGraphNode_t loop;
    cudaGraph_t *bodies;
    CHECK(add_cond(&loop, g, &set, 1, h, cudaGraphCondTypeWhile, 1,
                   &bodies));
    void *body_args[] = {&counter, &sum, &h};
    add_kernel(bodies[0], NULL, 0, (void *)count_down, body_args, 64);
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    // The graph may go: the executable keeps what it needs.
    CHECK(cudaGraphDestroy(g));
    const int starts[] = {10, 0, 1, 300};
    for (int n : starts) {
        int zero = 0;
        CHECK(cudaMemcpy(counter, &n, sizeof n, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(sum, &zero, sizeof zero, cudaMemcpyHostToDevice));
        launch(ge, s);
        int got_sum, got_counter;
        CHECK(cudaMemcpy(&got_sum, sum, sizeof got_sum,
                         cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&got_counter, counter, sizeof got_counter,
                         cudaMemcpyDeviceToHost));
        char what[64];
        snprintf(what, sizeof what, "while from %d: sum", n);
        expect_int(got_sum, (long long)n * (n + 1) / 2, what);
        snprintf(what, sizeof what, "while from %d: counter", n);
        expect_int(got_counter, 0, what);
    }
    CHECK(cudaGraphExecDestroy(ge));
}

// sel -> [set_cond] -> Switch over 4 bodies: body i adds 10 * (i + 1)
// to out[i]; values 4 and above run none.
static void switch_node(cudaStream_t s, int *sel, int *out)
{
    const int n = 4;
    cudaGraph_t g;
    CHECK(cudaGraphCreate(&g, 0));
    cudaGraphConditionalHandle h;
    CHECK(cudaGraphConditionalHandleCreate(&h, g, 0, 0));
    void *set_args[] = {&h, &sel};
    cudaGraphNode_t set = add_kernel(g, NULL, 0, (void *)set_cond, set_args);
    cudaGraphNode_t sw;
    cudaGraph_t *bodies;
    CHECK(add_cond(&sw, g, &set, 1, h, cudaGraphCondTypeSwitch, n, &bodies));
    int *outs[n], adds[n];
    void *args[n][2];
    for (int i = 0; i < n; i++) {
        outs[i] = out + i;
        adds[i] = 10 * (i + 1);
        args[i][0] = &outs[i];
        args[i][1] = &adds[i];
        add_kernel(bodies[i], NULL, 0, (void *)add_to, args[i]);
    }
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    int want[n] = {0, 0, 0, 0};
    const int sels[] = {2, 0, 4, 3, 2, 7, 1};
    for (int v : sels) {
        CHECK(cudaMemcpy(sel, &v, sizeof v, cudaMemcpyHostToDevice));
        launch(ge, s);
        if (v < n)
            want[v] += 10 * (v + 1);
    }
    int got[n];
    CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++) {
        char what[32];
        snprintf(what, sizeof what, "switch body %d", i);
        expect_int(got[i], want[i], what);
    }
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
}

// A While whose body counts down and holds an If on the counter's
// parity, whose handle was made for the outer graph: out[0] sums the
// odd values the counter passes through.
static void nested(cudaStream_t s, int *counter, int *scratch, int *out)
{
    cudaGraph_t g;
    CHECK(cudaGraphCreate(&g, 0));
    cudaGraphConditionalHandle loop_h, odd_h;
    CHECK(cudaGraphConditionalHandleCreate(&loop_h, g, 0, 0));
    CHECK(cudaGraphConditionalHandleCreate(&odd_h, g, 0, 0));
    void *set_args[] = {&loop_h, &counter};
    cudaGraphNode_t set = add_kernel(g, NULL, 0, (void *)set_cond, set_args);
    cudaGraphNode_t loop;
    cudaGraph_t *outer;
    CHECK(add_cond(&loop, g, &set, 1, loop_h, cudaGraphCondTypeWhile, 1,
                   &outer));
    void *odd_args[] = {&odd_h, &counter};
    cudaGraphNode_t parity = add_kernel(outer[0], NULL, 0,
                                        (void *)set_cond_odd, odd_args);
    cudaGraphNode_t branch;
    cudaGraph_t *inner;
    CHECK(add_cond(&branch, outer[0], &parity, 1, odd_h, cudaGraphCondTypeIf,
                   1, &inner));
    // The If body adds the counter (read on the device) to out[0]: the
    // sum kernel of count_down into out, its counter copied first.
    void *sum_args[] = {&scratch, &out, &loop_h};
    cudaMemcpy3DParms copy;
    memset(&copy, 0, sizeof copy);
    copy.srcPtr = make_cudaPitchedPtr(counter, sizeof(int), 1, 1);
    copy.dstPtr = make_cudaPitchedPtr(scratch, sizeof(int), 1, 1);
    copy.extent = make_cudaExtent(sizeof(int), 1, 1);
    copy.kind = cudaMemcpyDeviceToDevice;
    cudaGraphNodeParams cp = {};
    memset(&cp, 0, sizeof cp);
    cp.type = cudaGraphNodeTypeMemcpy;
    cp.memcpy.copyParams = copy;
    cudaGraphNode_t copied;
    CHECK(cudaGraphAddNode(&copied, inner[0], NULL, NULL, 0, &cp));
    // count_down on the copy adds it to out and sets loop_h from what is
    // left of the copy (counter - 1), the same as the outer body's own
    // decrement below decides, so the loop is unchanged by it.
    add_kernel(inner[0], &copied, 1, (void *)count_down, sum_args);
    int minus_one = -1;
    void *dec_args[] = {&counter, &minus_one};
    cudaGraphNode_t dec = add_kernel(outer[0], &branch, 1, (void *)add_to,
                                     dec_args);
    void *again_args[] = {&loop_h, &counter};
    add_kernel(outer[0], &dec, 1, (void *)set_cond, again_args);
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    // A second executable of a graph with conditional nodes: "Only one
    // instantiation of the graph may exist at any point in time."
    cudaGraphExec_t second = NULL;
    expect_error(cudaGraphInstantiate(&second, g, 0),
                 "a second executable of a graph with conditional nodes");
    int start = 9, zero = 0;
    CHECK(cudaMemcpy(counter, &start, sizeof start, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(out, &zero, sizeof zero, cudaMemcpyHostToDevice));
    launch(ge, s);
    int got;
    CHECK(cudaMemcpy(&got, out, sizeof got, cudaMemcpyDeviceToHost));
    expect_int(got, 9 + 7 + 5 + 3 + 1, "nested while/if: sum of odd values");
    CHECK(cudaMemcpy(&got, counter, sizeof got, cudaMemcpyDeviceToHost));
    expect_int(got, 0, "nested while/if: counter");
    char path[] = "/tmp/cux_graph_cond_XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) {
        close(fd);
        CHECK(cudaGraphDebugDotPrint(g, path, cudaGraphDebugDotFlagsVerbose));
        FILE *f = fopen(path, "r");
        char text[8192] = {0};
        size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
        if (f)
            fclose(f);
        unlink(path);
        if (!len || !strstr(text, "conditional while") ||
            !strstr(text, "conditional if")) {
            printf("DOT output lacks the conditional nodes\n");
            bad++;
        }
    }
    CHECK(cudaGraphExecDestroy(ge));
    // Once the executable is gone, another may be made.
    CHECK(cudaGraphInstantiate(&second, g, 0));
    CHECK(cudaGraphExecDestroy(second));
    CHECK(cudaGraphDestroy(g));
}

// cudaGraphCondAssignDefault: a While whose handle starts at 1 at every
// launch and whose body sets it to 0 runs once per launch; without the
// default assigned again, the 0 the first launch left would stop the
// later ones before their first pass.
static void default_per_launch(cudaStream_t s, int *count, int *zero)
{
    cudaGraph_t g;
    CHECK(cudaGraphCreate(&g, 0));
    cudaGraphConditionalHandle h;
    CHECK(cudaGraphConditionalHandleCreate(&h, g, 1,
                                           cudaGraphCondAssignDefault));
    cudaGraphNode_t loop;
    cudaGraph_t *bodies;
    CHECK(add_cond(&loop, g, NULL, 0, h, cudaGraphCondTypeWhile, 1, &bodies));
    int one = 1;
    void *inc_args[] = {&count, &one};
    cudaGraphNode_t inc = add_kernel(bodies[0], NULL, 0, (void *)add_to,
                                     inc_args);
    void *stop_args[] = {&h, &zero};
    add_kernel(bodies[0], &inc, 1, (void *)set_cond, stop_args);
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    for (int i = 0; i < 3; i++)
        launch(ge, s);
    int got;
    CHECK(cudaMemcpy(&got, count, sizeof got, cudaMemcpyDeviceToHost));
    expect_int(got, 3, "default assigned at each launch: passes");
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
}

// The captured While of cuda-samples' graphConditionalNodes, checked:
// a capture gets its graph from cudaStreamGetCaptureInfo, a handle and a
// While node are added to it by hand, the stream's dependencies set to
// that node, and the body is captured into with
// cudaStreamBeginCaptureToGraph.
static void captured(cudaStream_t s, int *counter, int *sum)
{
    cudaGraph_t g = NULL, building = NULL;
    cudaStreamCaptureStatus st;
    const cudaGraphNode_t *deps = NULL;
    const cudaGraphEdgeData *edges = NULL;
    size_t ndeps = 0;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaStreamGetCaptureInfo(s, &st, NULL, &building, &deps, &edges,
                                   &ndeps));
    cudaGraphConditionalHandle h;
    CHECK(cudaGraphConditionalHandleCreate(&h, building, 0, 0));
    set_cond<<<1, 1, 0, s>>>(h, counter);
    CHECK(cudaStreamGetCaptureInfo(s, &st, NULL, &building, &deps, &edges,
                                   &ndeps));
    expect_int((long long)ndeps, 1, "capture dependencies after a kernel");
    cudaGraphNode_t loop;
    cudaGraph_t *bodies;
    CHECK(add_cond(&loop, building, deps, ndeps, h, cudaGraphCondTypeWhile,
                   1, &bodies));
    CHECK(cudaStreamUpdateCaptureDependencies(
        s, &loop, NULL, 1, cudaStreamSetCaptureDependencies));
    CHECK(cudaStreamGetCaptureInfo(s, &st, NULL, &building, &deps, &edges,
                                   &ndeps));
    if (ndeps != 1 || deps[0] != loop) {
        printf("capture dependencies: not the While node alone\n");
        bad++;
    }
    int ten = 10;
    add_to<<<1, 1, 0, s>>>(sum, ten); // after the loop
    CHECK(cudaStreamEndCapture(s, &g));
    if (g != building) {
        printf("the captured graph is not the one capture info gave\n");
        bad++;
    }
    cudaGraphNode_t nodes[4];
    size_t nnodes = 4;
    CHECK(cudaGraphGetNodes(g, nodes, &nnodes));
    expect_int((long long)nnodes, 3, "captured graph: nodes");
    cudaGraphNodeType type;
    CHECK(cudaGraphNodeGetType(loop, &type));
    expect_int(type, cudaGraphNodeTypeConditional, "the While node's type");
    size_t nout = 0;
    CHECK(cudaGraphNodeGetDependentNodes(loop, NULL, NULL, &nout));
    expect_int((long long)nout, 1, "the While node's dependents");

    // The body: captured into the graph the node made.
    cudaStream_t bs;
    CHECK(cudaStreamCreateWithFlags(&bs, cudaStreamNonBlocking));
    CHECK(cudaStreamBeginCaptureToGraph(bs, bodies[0], NULL, NULL, 0,
                                        cudaStreamCaptureModeGlobal));
    CHECK(cudaStreamIsCapturing(bs, &st));
    expect_int(st, cudaStreamCaptureStatusActive, "capture to a body");
    count_down<<<1, 32, 0, bs>>>(counter, sum, h);
    cudaGraph_t body_out = NULL;
    CHECK(cudaStreamEndCapture(bs, &body_out));
    if (body_out != bodies[0]) {
        printf("capture to a graph did not give that graph back\n");
        bad++;
    }
    // A second capture into the same body after the node it has; the end
    // may name no graph.
    cudaGraphNode_t first;
    size_t one = 1;
    CHECK(cudaGraphGetNodes(bodies[0], &first, &one));
    CHECK(cudaStreamBeginCaptureToGraph(bs, bodies[0], &first, NULL, 1,
                                        cudaStreamCaptureModeGlobal));
    int zero = 0;
    add_to<<<1, 1, 0, bs>>>(sum, zero);
    CHECK(cudaStreamEndCapture(bs, NULL));
    size_t body_nodes = 0;
    CHECK(cudaGraphGetNodes(bodies[0], NULL, &body_nodes));
    expect_int((long long)body_nodes, 2, "body captured in two captures");
    CHECK(cudaStreamDestroy(bs));

    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    const int starts[] = {0, 6};
    for (int n : starts) {
        CHECK(cudaMemcpy(counter, &n, sizeof n, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(sum, &zero, sizeof zero, cudaMemcpyHostToDevice));
        launch(ge, s);
        int got;
        CHECK(cudaMemcpy(&got, sum, sizeof got, cudaMemcpyDeviceToHost));
        char what[48];
        snprintf(what, sizeof what, "captured while from %d", n);
        expect_int(got, (long long)n * (n + 1) / 2 + 10, what);
    }
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
}

// cudaGraphExecUpdate from a graph of the same shape with handles of its
// own: the executable then runs the new graph's kernels with them.
static void update(cudaStream_t s, int *flag, int *out)
{
    cudaGraph_t g[2];
    int adds[2] = {1, 1000};
    void *body_args[2][2];
    cudaGraphConditionalHandle h[2];
    void *set_args[2][2];
    for (int k = 0; k < 2; k++) {
        CHECK(cudaGraphCreate(&g[k], 0));
        CHECK(cudaGraphConditionalHandleCreate(&h[k], g[k], 0, 0));
        set_args[k][0] = &h[k];
        set_args[k][1] = &flag;
        cudaGraphNode_t set = add_kernel(g[k], NULL, 0, (void *)set_cond,
                                         set_args[k]);
        cudaGraphNode_t cond;
        cudaGraph_t *bodies;
        CHECK(add_cond(&cond, g[k], &set, 1, h[k], cudaGraphCondTypeIf, 1,
                       &bodies));
        body_args[k][0] = &out;
        body_args[k][1] = &adds[k];
        add_kernel(bodies[0], NULL, 0, (void *)add_to, body_args[k]);
    }
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g[0], 0));
    int one = 1, zero = 0;
    CHECK(cudaMemcpy(flag, &one, sizeof one, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(out, &zero, sizeof zero, cudaMemcpyHostToDevice));
    launch(ge, s);
    cudaGraphExecUpdateResultInfo info;
    CHECK(cudaGraphExecUpdate(ge, g[1], &info));
    launch(ge, s);
    int got;
    CHECK(cudaMemcpy(&got, out, sizeof got, cudaMemcpyDeviceToHost));
    expect_int(got, 1 + 1000, "executable updated to a new conditional graph");
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g[0]));
    CHECK(cudaGraphDestroy(g[1]));
}

static void errors(void)
{
    cudaGraph_t g, other;
    CHECK(cudaGraphCreate(&g, 0));
    CHECK(cudaGraphCreate(&other, 0));
    cudaGraphConditionalHandle h, foreign;
    expect(cudaGraphConditionalHandleCreate(NULL, g, 0, 0),
           cudaErrorInvalidValue, "handle create: NULL handle");
    expect(cudaGraphConditionalHandleCreate(&h, g, 0, 2),
           cudaErrorInvalidValue, "handle create: unknown flags");
    expect(cudaGraphConditionalHandleCreate(&h, NULL, 0, 0),
           cudaErrorInvalidValue, "handle create: NULL graph");
    CHECK(cudaGraphConditionalHandleCreate(&h, g, 0, 0));
    CHECK(cudaGraphConditionalHandleCreate(&foreign, other, 0, 0));
    cudaGraphNode_t n;
    expect(add_cond(&n, g, NULL, 0, h, cudaGraphCondTypeIf, 3, NULL),
           cudaErrorInvalidValue, "If of size 3");
    expect(add_cond(&n, g, NULL, 0, h, cudaGraphCondTypeIf, 0, NULL),
           cudaErrorInvalidValue, "If of size 0");
    expect(add_cond(&n, g, NULL, 0, h, cudaGraphCondTypeWhile, 2, NULL),
           cudaErrorInvalidValue, "While of size 2");
    expect(add_cond(&n, g, NULL, 0, h, cudaGraphCondTypeSwitch, 0, NULL),
           cudaErrorInvalidValue, "Switch of size 0");
    expect(add_cond(&n, g, NULL, 0, h, (cudaGraphConditionalNodeType)7, 1,
                    NULL),
           cudaErrorInvalidValue, "conditional type 7");
    expect(add_cond(&n, g, NULL, 0, 0, cudaGraphCondTypeIf, 1, NULL),
           cudaErrorInvalidValue, "handle 0");
    expect(add_cond(&n, g, NULL, 0, h + 8, cudaGraphCondTypeIf, 1, NULL),
           cudaErrorInvalidValue, "a made-up handle");
    expect(add_cond(&n, g, NULL, 0, foreign, cudaGraphCondTypeIf, 1, NULL),
           cudaErrorInvalidValue, "a handle of another graph");
    size_t count = 0;
    CHECK(cudaGraphGetNodes(g, NULL, &count));
    expect_int((long long)count, 0, "nodes after refused conditionals");

    cudaGraphNodeParams p = {};
    memset(&p, 0, sizeof p);
    p.type = (cudaGraphNodeType)0x20;
    expect(cudaGraphAddNode(&n, g, NULL, NULL, 0, &p), cudaErrorInvalidValue,
           "cudaGraphAddNode: unknown node type");
    p.type = cudaGraphNodeTypeEmpty;
    p.reserved0[1] = 1;
    expect(cudaGraphAddNode(&n, g, NULL, NULL, 0, &p), cudaErrorInvalidValue,
           "cudaGraphAddNode: reserved0 not zero");
    p.reserved0[1] = 0;
    expect(cudaGraphAddNode(&n, g, NULL, NULL, 0, NULL),
           cudaErrorInvalidValue, "cudaGraphAddNode: NULL parameters");
    CHECK(cudaGraphAddNode(&n, g, NULL, NULL, 0, &p));
    CHECK(cudaGraphNodeGetType(n, &p.type));
    expect_int(p.type, cudaGraphNodeTypeEmpty, "an empty node's type");

    // A handle may serve the bodies of the graph it was made for, not
    // the graph holding it as a child.
    cudaGraphNode_t cond;
    cudaGraph_t *bodies;
    CHECK(add_cond(&cond, g, &n, 1, h, cudaGraphCondTypeIf, 2, &bodies));
    cudaGraphConditionalHandle inner;
    CHECK(cudaGraphConditionalHandleCreate(&inner, bodies[1], 0, 0));
    expect(add_cond(&n, g, NULL, 0, inner, cudaGraphCondTypeIf, 1, NULL),
           cudaErrorInvalidValue, "a body's handle in the outer graph");
    CHECK(add_cond(&n, bodies[1], NULL, 0, inner, cudaGraphCondTypeSwitch, 3,
                   NULL));
    CHECK(add_cond(&n, bodies[0], NULL, 0, h, cudaGraphCondTypeWhile, 1,
                   NULL));
    expect(cudaGraphDestroy(bodies[0]), cudaErrorInvalidValue,
           "destroying a conditional node's body");
    cudaGraph_t clone;
    expect_error(cudaGraphClone(&clone, g), "cloning a conditional graph");
    expect_error(cudaGraphAddChildGraphNode(&n, other, NULL, 0, g),
                 "a conditional graph as a child graph");
    // Destroying the node takes its bodies with it (and the array that
    // named them).
    cudaGraph_t gone = bodies[0];
    CHECK(cudaGraphDestroyNode(cond));
    expect(cudaGraphDestroy(gone), cudaErrorInvalidValue,
           "a body of a destroyed node");

    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    expect(cudaStreamUpdateCaptureDependencies(
               s, NULL, NULL, 0, cudaStreamSetCaptureDependencies),
           cudaErrorIllegalState, "updating dependencies without a capture");
    expect(cudaStreamBeginCaptureToGraph(s, NULL, NULL, NULL, 0,
                                         cudaStreamCaptureModeGlobal),
           cudaErrorInvalidValue, "capture to a NULL graph");
    CHECK(cudaStreamBeginCaptureToGraph(s, other, NULL, NULL, 0,
                                        cudaStreamCaptureModeGlobal));
    cudaGraphNode_t stranger;
    CHECK(cudaGraphAddEmptyNode(&stranger, g, NULL, 0));
    expect(cudaStreamUpdateCaptureDependencies(
               s, &stranger, NULL, 1, cudaStreamAddCaptureDependencies),
           cudaErrorInvalidValue, "a node of another graph as dependency");
    expect(cudaStreamUpdateCaptureDependencies(s, NULL, NULL, 0, 7),
           cudaErrorInvalidValue, "update flags 7");
    expect(cudaGraphDestroy(other), cudaErrorInvalidValue,
           "destroying a graph being captured into");
    cudaGraph_t back = NULL;
    CHECK(cudaStreamEndCapture(s, &back));
    if (back != other) {
        printf("an empty capture to a graph did not give it back\n");
        bad++;
    }
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaGraphDestroy(other));
}

int main(void)
{
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    int *buf;
    CHECK(cudaMalloc(&buf, 16 * sizeof(int)));
    CHECK(cudaMemset(buf, 0, 16 * sizeof(int)));
    if_else(s, buf, buf + 1, false);
    if_else(s, buf, buf + 2, true);
    while_loop(s, buf + 3, buf + 4);
    switch_node(s, buf + 5, buf + 6); // buf[6..9]
    nested(s, buf + 10, buf + 11, buf + 12);
    CHECK(cudaMemset(buf, 0, 16 * sizeof(int)));
    default_per_launch(s, buf, buf + 1);
    captured(s, buf + 2, buf + 3);
    update(s, buf + 4, buf + 5);
    errors();
    CHECK(cudaFree(buf));
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL graph_conditional (%d)\n", bad);
        return 1;
    }
    printf("PASS graph_conditional\n");
    return 0;
}
