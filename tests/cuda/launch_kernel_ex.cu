// launch_kernel_ex.cu: cudaLaunchKernelEx (the C++ template, which
// converts each argument to the kernel's parameter type) and
// cudaLaunchKernelExC (an args array) with a cudaLaunchConfig_t: dynamic
// shared memory and a stream from the config; the cooperative attribute
// running a grid.sync() kernel; priority, hint and event attributes;
// cluster dimensions 1x1x1 accepted and 2x1x1 refused as on a device
// without clusters; an unknown attribute id and bad configurations
// refused with cudaLaunchKernel's errors; a launch captured into a graph.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL launch_kernel_ex\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(call, want) do { cudaError_t e_ = (call); if (e_ != (want)) { \
    printf("%s:%d: %s -> %s, want %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorString(e_), cudaGetErrorString(want)); bad++; } \
    cudaGetLastError(); } while (0)

enum { N = 1000, BLOCK = 96 };

static int bad = 0;

static void expect(const char *what, long long got, long long want)
{
    if (got != want && bad++ < 12)
        printf("%s: %lld, expected %lld\n", what, got, want);
}

// y[i] = a * x[i] + b: a is a float the caller passes as an int, b a
// double passed as a float, n an unsigned long passed as an int.
__global__ void axpb(float *y, const float *x, float a, double b,
                     unsigned long n)
{
    unsigned long i = blockIdx.x * (unsigned long)blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i] + (float)b;
}

// Reverses each block's slice through dynamic shared memory.
__global__ void reverse_blocks(int *v)
{
    extern __shared__ int tile[];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    tile[threadIdx.x] = v[i];
    __syncthreads();
    v[i] = tile[blockDim.x - 1 - threadIdx.x];
}

// Every block adds its rank into a slot, the grid syncs, and every block
// then reads the total: wrong unless all blocks ran to the barrier.
__global__ void grid_total(int *slots, int *totals)
{
    cg::grid_group grid = cg::this_grid();
    unsigned b = (unsigned)grid.block_rank();
    if (threadIdx.x == 0)
        slots[b] = (int)b + 1;
    grid.sync();
    if (threadIdx.x == 0) {
        int t = 0;
        for (unsigned k = 0; k < grid.num_blocks(); k++)
            t += slots[k];
        totals[b] = t;
    }
}

__global__ void no_params(int *flag_unused_for_shape)
{
    (void)flag_unused_for_shape;
}

__global__ void set_flag(int *flag)
{
    *flag = 42;
}

static cudaLaunchConfig_t config(unsigned grid, unsigned block,
                                 cudaLaunchAttribute *attrs = 0,
                                 unsigned n_attrs = 0)
{
    cudaLaunchConfig_t c = {};
    c.gridDim = dim3(grid);
    c.blockDim = dim3(block);
    c.attrs = attrs;
    c.numAttrs = n_attrs;
    return c;
}

static void test_template_and_c_forms()
{
    float hx[N], hy[N], *x, *y;
    for (int i = 0; i < N; i++)
        hx[i] = (float)(i % 37);
    CHECK(cudaMalloc(&x, sizeof hx));
    CHECK(cudaMalloc(&y, sizeof hy));
    CHECK(cudaMemcpy(x, hx, sizeof hx, cudaMemcpyHostToDevice));
    cudaLaunchConfig_t c = config((N + BLOCK - 1) / BLOCK, BLOCK);
    int a = 3;      // to float
    float b = 0.5f; // to double
    int n = N;      // to unsigned long
    CHECK(cudaLaunchKernelEx(&c, axpb, y, x, a, b, n));
    CHECK(cudaMemcpy(hy, y, sizeof hy, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        expect("template form y[i]", (long long)(hy[i] * 2),
               (long long)((3 * hx[i] + 0.5f) * 2));

    // The C form: the args array holds values of the exact types.
    float fa = -2.0f;
    double db = 1.0;
    unsigned long un = N / 2;
    void *args[] = {&y, &x, &fa, &db, &un};
    CHECK(cudaMemset(y, 0, sizeof hy));
    CHECK(cudaLaunchKernelExC(&c, (const void *)axpb, args));
    CHECK(cudaMemcpy(hy, y, sizeof hy, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        expect("C form y[i]", (long long)hy[i],
               i < N / 2 ? (long long)(-2 * hx[i] + 1) : 0);
    CHECK(cudaFree(x));
    CHECK(cudaFree(y));
}

// Dynamic shared memory and a stream, both from the config.
static void test_smem_and_stream()
{
    enum { B = 64, G = 5 };
    int h[B * G], *d;
    cudaStream_t s;
    for (int i = 0; i < B * G; i++)
        h[i] = i;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaMalloc(&d, sizeof h));
    CHECK(cudaMemcpyAsync(d, h, sizeof h, cudaMemcpyHostToDevice, s));
    cudaLaunchConfig_t c = config(G, B);
    c.dynamicSmemBytes = B * sizeof(int);
    c.stream = s;
    CHECK(cudaLaunchKernelEx(&c, reverse_blocks, d));
    CHECK(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < B * G; i++)
        expect("reversed", h[i], (i / B) * B + (B - 1 - i % B));
    CHECK(cudaFree(d));
    CHECK(cudaStreamDestroy(s));
}

static void check_totals(const int *totals_d, int blocks, const char *what)
{
    int h[64];
    CHECK(cudaMemcpy(h, totals_d, blocks * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++)
        expect(what, h[b], blocks * (blocks + 1) / 2);
}

static void test_cooperative()
{
    int per_sm = 0, sms = 0, *slots, *totals;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, grid_total,
                                                        64, 0));
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    int blocks = per_sm * sms < 16 ? per_sm * sms : 16;
    CHECK(cudaMalloc(&slots, 64 * sizeof(int)));
    CHECK(cudaMalloc(&totals, 64 * sizeof(int)));
    cudaLaunchAttribute attr[2] = {};
    attr[0].id = cudaLaunchAttributeCooperative;
    attr[0].val.cooperative = 1;
    attr[1].id = cudaLaunchAttributePriority;
    attr[1].val.priority = -3;
    cudaLaunchConfig_t c = config(blocks, 64, attr, 2);
    CHECK(cudaLaunchKernelEx(&c, grid_total, slots, totals));
    CHECK(cudaDeviceSynchronize());
    check_totals(totals, blocks, "cooperative total");

    // More blocks than can be resident: the cooperative check applies.
    cudaLaunchConfig_t big = config(per_sm * sms + 1, 64, attr, 1);
    EXPECT(cudaLaunchKernelEx(&big, grid_total, slots, totals),
           cudaErrorCooperativeLaunchTooLarge);
    // cooperative = 0 is an ordinary launch, with no such limit.
    attr[0].val.cooperative = 0;
    CHECK(cudaLaunchKernelEx(&big, no_params, slots));
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaFree(slots));
    CHECK(cudaFree(totals));
}

// Priorities out of range are clamped, as for streams; hint attributes
// with valid values change nothing.
static void test_hints()
{
    int *flag, h = 0;
    CHECK(cudaMalloc(&flag, sizeof(int)));
    int least = 0, greatest = 0;
    CHECK(cudaDeviceGetStreamPriorityRange(&least, &greatest));
    cudaLaunchAttribute a[9] = {};
    a[0].id = cudaLaunchAttributePriority;
    a[0].val.priority = greatest - 100;
    a[1].id = cudaLaunchAttributeClusterDimension;
    a[1].val.clusterDim.x = a[1].val.clusterDim.y = a[1].val.clusterDim.z = 1;
    a[2].id = cudaLaunchAttributeClusterSchedulingPolicyPreference;
    a[2].val.clusterSchedulingPolicyPreference =
        cudaClusterSchedulingPolicySpread;
    a[3].id = cudaLaunchAttributeAccessPolicyWindow;
    a[3].val.accessPolicyWindow.base_ptr = flag;
    int max_window = 0; // the device may allow no window at all
    CHECK(cudaDeviceGetAttribute(&max_window,
                                 cudaDevAttrMaxAccessPolicyWindowSize, 0));
    a[3].val.accessPolicyWindow.num_bytes =
        (size_t)max_window < sizeof(int) ? (size_t)max_window : sizeof(int);
    a[3].val.accessPolicyWindow.hitRatio = 0.5f;
    a[3].val.accessPolicyWindow.hitProp = cudaAccessPropertyPersisting;
    a[3].val.accessPolicyWindow.missProp = cudaAccessPropertyStreaming;
    a[4].id = cudaLaunchAttributeSynchronizationPolicy;
    a[4].val.syncPolicy = cudaSyncPolicyYield;
    a[5].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    a[5].val.programmaticStreamSerializationAllowed = 1;
    a[6].id = cudaLaunchAttributeMemSyncDomain;
    a[6].val.memSyncDomain = cudaLaunchMemSyncDomainRemote;
    a[7].id = cudaLaunchAttributeMemSyncDomainMap;
    a[7].val.memSyncDomainMap.remote = 1;
    a[8].id = cudaLaunchAttributeIgnore;
    cudaLaunchConfig_t c = config(1, 1, a, 9);
    CHECK(cudaLaunchKernelEx(&c, set_flag, flag));
    CHECK(cudaMemcpy(&h, flag, sizeof h, cudaMemcpyDeviceToHost));
    expect("flag after hinted launch", h, 42);
    a[0].val.priority = least + 100;
    CHECK(cudaLaunchKernelEx(&c, set_flag, flag));

    // Bad hint values are refused as cudaStreamSetAttribute refuses them.
    a[4].val.syncPolicy = (cudaSynchronizationPolicy)9;
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorInvalidValue);
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaFree(flag));
}

// Both event attributes record their event once the kernel has run.
static void test_events()
{
    int *flag, h = 0;
    cudaEvent_t prog, done, timed;
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMalloc(&flag, sizeof(int)));
    CHECK(cudaMemset(flag, 0, sizeof(int)));
    CHECK(cudaEventCreateWithFlags(&prog, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&done, cudaEventDisableTiming));
    CHECK(cudaEventCreate(&timed));
    cudaLaunchAttribute a[2] = {};
    a[0].id = cudaLaunchAttributeProgrammaticEvent;
    a[0].val.programmaticEvent.event = prog;
    a[0].val.programmaticEvent.triggerAtBlockStart = 1;
    a[1].id = cudaLaunchAttributeLaunchCompletionEvent;
    a[1].val.launchCompletionEvent.event = done;
    cudaLaunchConfig_t c = config(1, 32, a, 2);
    c.stream = s;
    CHECK(cudaLaunchKernelEx(&c, set_flag, flag));
    CHECK(cudaEventSynchronize(prog));
    CHECK(cudaEventSynchronize(done));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(&h, flag, sizeof h, cudaMemcpyDeviceToHost));
    expect("flag after event launch", h, 42);
    // "The event must disable timing"; flags other than the default are
    // refused too.
    a[1].val.launchCompletionEvent.event = timed;
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorInvalidValue);
    a[1].val.launchCompletionEvent.event = done;
    a[1].val.launchCompletionEvent.flags = cudaEventRecordExternal;
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorInvalidValue);
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaEventDestroy(prog));
    CHECK(cudaEventDestroy(done));
    CHECK(cudaEventDestroy(timed));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(flag));
}

static void test_errors()
{
    int *flag, h = 0;
    CHECK(cudaMalloc(&flag, sizeof(int)));
    CHECK(cudaMemset(flag, 0, sizeof(int)));
    cudaLaunchAttribute a = {};
    cudaLaunchConfig_t c = config(1, 1, &a, 1);

    // Compute capability 7.5 has no thread block clusters.
    a.id = cudaLaunchAttributeClusterDimension;
    a.val.clusterDim.x = 2;
    a.val.clusterDim.y = a.val.clusterDim.z = 1;
    c.gridDim = dim3(2);
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorNotSupported);
    a.id = (cudaLaunchAttributeID)15; // no attribute has this id
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorInvalidValue);
    a.id = (cudaLaunchAttributeID)1000;
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorInvalidValue);
    c.numAttrs = 0;

    // The configuration errors of cudaLaunchKernel.
    c.gridDim = dim3(0);
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag),
           cudaErrorInvalidConfiguration);
    c.gridDim = dim3(1);
    c.blockDim = dim3(0, 1, 1);
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag),
           cudaErrorInvalidConfiguration);
    c.blockDim = dim3(2048);
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag),
           cudaErrorInvalidConfiguration);
    c.blockDim = dim3(1);
    c.dynamicSmemBytes = (size_t)1 << 30;
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag), cudaErrorInvalidValue);
    c.dynamicSmemBytes = 0;
    cudaStream_t gone;
    CHECK(cudaStreamCreate(&gone));
    CHECK(cudaStreamDestroy(gone));
    c.stream = gone;
    EXPECT(cudaLaunchKernelEx(&c, set_flag, flag),
           cudaErrorInvalidResourceHandle);
    c.stream = 0;
    EXPECT(cudaLaunchKernelExC(0, (const void *)set_flag, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaLaunchKernelExC(&c, (const void *)test_errors, 0),
           cudaErrorInvalidDeviceFunction);

    // Nothing refused ran; the process still launches.
    CHECK(cudaMemcpy(&h, flag, sizeof h, cudaMemcpyDeviceToHost));
    expect("flag after refused launches", h, 0);
    CHECK(cudaLaunchKernelEx(&c, set_flag, flag));
    CHECK(cudaMemcpy(&h, flag, sizeof h, cudaMemcpyDeviceToHost));
    expect("flag after a good launch", h, 42);
    CHECK(cudaFree(flag));
}

// A cudaLaunchKernelEx in stream capture becomes a kernel node, and a
// cooperative one keeps its cooperative flag.
static void test_graph()
{
    int *slots, *totals, blocks = 4;
    cudaStream_t s;
    cudaGraph_t graph;
    cudaGraphExec_t exec;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaMalloc(&slots, 64 * sizeof(int)));
    CHECK(cudaMalloc(&totals, 64 * sizeof(int)));
    CHECK(cudaMemset(totals, 0, 64 * sizeof(int)));
    cudaLaunchAttribute a = {};
    a.id = cudaLaunchAttributeCooperative;
    a.val.cooperative = 1;
    cudaLaunchConfig_t c = config(blocks, 32, &a, 1);
    c.stream = s;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaLaunchKernelEx(&c, grid_total, slots, totals));
    CHECK(cudaStreamEndCapture(s, &graph));
    size_t n = 0;
    CHECK(cudaGraphGetNodes(graph, 0, &n));
    expect("captured nodes", (long long)n, 1);
    cudaGraphNode_t node;
    cudaGraphNodeType type;
    n = 1;
    CHECK(cudaGraphGetNodes(graph, &node, &n));
    CHECK(cudaGraphNodeGetType(node, &type));
    expect("node type", type, cudaGraphNodeTypeKernel);
    int before = 0;
    CHECK(cudaMemcpy(&before, totals, sizeof before, cudaMemcpyDeviceToHost));
    expect("nothing ran during capture", before, 0);
    CHECK(cudaGraphInstantiate(&exec, graph, 0));
    for (int round = 0; round < 2; round++) {
        CHECK(cudaMemset(totals, 0, 64 * sizeof(int)));
        CHECK(cudaGraphLaunch(exec, s));
        CHECK(cudaStreamSynchronize(s));
        check_totals(totals, blocks, "graph total");
    }
    CHECK(cudaGraphExecDestroy(exec));
    CHECK(cudaGraphDestroy(graph));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(slots));
    CHECK(cudaFree(totals));
}

int main()
{
    test_template_and_c_forms();
    test_smem_and_stream();
    test_cooperative();
    test_hints();
    test_events();
    test_errors();
    test_graph();
    if (bad) {
        printf("FAIL launch_kernel_ex\n");
        return 1;
    }
    printf("PASS launch_kernel_ex\n");
    return 0;
}
