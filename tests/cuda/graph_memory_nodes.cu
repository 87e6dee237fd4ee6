// graph_memory_nodes.cu: memory alloc and free nodes, made with
// cudaGraphAddMemAllocNode/cudaGraphAddMemFreeNode and by capturing
// cudaMallocAsync/cudaFreeAsync: the address is fixed when the node is
// made and the same at every launch; an allocation the graph does not
// free outlives the launch and is freed with cudaFreeAsync or cudaFree;
// relaunching while it is live is cudaErrorInvalidValue unless the graph
// was instantiated with cudaGraphInstantiateFlagAutoFreeOnLaunch; the
// errors CUDA documents for free nodes; the device's graph memory
// attributes and cudaDeviceGraphMemTrim.
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL graph_memory_nodes\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)
#define EXPECT(call, want) do { cudaError_t e_ = (call); if (e_ != (want)) { \
    printf("%s:%d: %s -> %s, want %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorString(e_), cudaGetErrorString(want)); bad++; } \
    cudaGetLastError(); } while (0)
#define REFUSED(call) do { cudaError_t e_ = (call); if (e_ == cudaSuccess) { \
    printf("%s:%d: %s succeeded, CUDA refuses it\n", __FILE__, __LINE__, \
           #call); bad++; } cudaGetLastError(); } while (0)

const int N = 2048;

__global__ void fill(int *v, int n, int base)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = base + 5 * i;
}

static int bad = 0;

static void expect_values(const int *h, int base, const char *what)
{
    for (int i = 0; i < N; i++)
        if (h[i] != base + 5 * i) {
            if (bad++ < 5)
                printf("%s: v[%d] = %d, want %d\n", what, i, h[i],
                       base + 5 * i);
            return;
        }
}

static cudaMemAllocNodeParams alloc_params(size_t bytes)
{
    cudaMemAllocNodeParams p = {};
    p.poolProps.allocType = cudaMemAllocationTypePinned;
    p.poolProps.location.type = cudaMemLocationTypeDevice;
    p.poolProps.location.id = 0;
    p.bytesize = bytes;
    return p;
}

static cudaError_t add_fill(cudaGraphNode_t *node, cudaGraph_t g,
                            cudaGraphNode_t after, int *v, int base)
{
    int n = N;
    void *args[] = {&v, &n, &base};
    cudaKernelNodeParams k = {};
    k.func = (void *)fill;
    k.gridDim = dim3(N / 256);
    k.blockDim = dim3(256);
    k.kernelParams = args;
    return cudaGraphAddKernelNode(node, g, &after, 1, &k);
}

// alloc -> fill -> copy out -> free, launched three times.
static int explicit_graph(cudaStream_t s, int *h)
{
    cudaGraph_t g;
    cudaGraphNode_t a, k, c, f;
    CHECK(cudaGraphCreate(&g, 0));
    cudaMemAllocNodeParams p = alloc_params(N * sizeof(int));
    CHECK(cudaGraphAddMemAllocNode(&a, g, NULL, 0, &p));
    int *v = (int *)p.dptr;
    if (!v) {
        printf("no address from cudaGraphAddMemAllocNode\n");
        bad++;
    }
    CHECK(add_fill(&k, g, a, v, 3));
    CHECK(cudaGraphAddMemcpyNode1D(&c, g, &k, 1, h, v, N * sizeof(int),
                                   cudaMemcpyDeviceToHost));
    CHECK(cudaGraphAddMemFreeNode(&f, g, &c, 1, v));

    cudaMemAllocNodeParams back;
    void *freed = 0;
    enum cudaGraphNodeType type;
    CHECK(cudaGraphMemAllocNodeGetParams(a, &back));
    CHECK(cudaGraphMemFreeNodeGetParams(f, &freed));
    CHECK(cudaGraphNodeGetType(f, &type));
    if (back.dptr != v || back.bytesize != N * sizeof(int) || freed != v ||
        type != cudaGraphNodeTypeMemFree) {
        printf("node parameters do not read back\n");
        bad++;
    }
    cudaGraphNode_t twice;
    EXPECT(cudaGraphAddMemFreeNode(&twice, g, &f, 1, v),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphAddMemFreeNode(&twice, g, NULL, 0, h),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphMemAllocNodeGetParams(k, &back), cudaErrorInvalidValue);
    cudaMemAllocNodeParams empty = alloc_params(0);
    EXPECT(cudaGraphAddMemAllocNode(&twice, g, NULL, 0, &empty),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphAddMemAllocNode(&twice, g, NULL, 0, NULL),
           cudaErrorInvalidValue);

    cudaGraphExec_t x, second;
    CHECK(cudaGraphInstantiate(&x, g, 0));
    // "at most one executable graph in existence for that graph"
    REFUSED(cudaGraphInstantiate(&second, g, 0));
    cudaGraph_t copy;
    REFUSED(cudaGraphClone(&copy, g)); // "The graph cannot be cloned."
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < N; j++)
            h[j] = -1;
        CHECK(cudaGraphLaunch(x, s));
        CHECK(cudaStreamSynchronize(s));
        expect_values(h, 3, "explicit graph");
    }
    uint64_t used = 0;
    CHECK(cudaDeviceGetGraphMemAttribute(0, cudaGraphMemAttrUsedMemCurrent,
                                         &used));
    if (used < N * sizeof(int)) {
        printf("graph memory in use: %llu\n", (unsigned long long)used);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphInstantiate(&x, g, 0)); // the first one is gone
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    return 0;
}

// An allocation that outlives its graph's launch.
static int outliving(cudaStream_t s, int *h, unsigned long long flags)
{
    cudaGraph_t g;
    cudaGraphNode_t a, k;
    CHECK(cudaGraphCreate(&g, 0));
    cudaMemAllocNodeParams p = alloc_params(N * sizeof(int));
    CHECK(cudaGraphAddMemAllocNode(&a, g, NULL, 0, &p));
    int *v = (int *)p.dptr;
    CHECK(add_fill(&k, g, a, v, 40));
    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiateWithFlags(&x, g, flags));
    CHECK(cudaGraphLaunch(x, s));
    CHECK(cudaMemcpyAsync(h, v, N * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    expect_values(h, 40, "after the launch");
    if (flags & cudaGraphInstantiateFlagAutoFreeOnLaunch) {
        CHECK(cudaGraphLaunch(x, s)); // frees the last one's first
    } else {
        // "If any allocations created by graphExec remain unfreed ...
        // the launch will fail with cudaErrorInvalidValue."
        EXPECT(cudaGraphLaunch(x, s), cudaErrorInvalidValue);
        CHECK(cudaFreeAsync(v, s));
        CHECK(cudaGraphLaunch(x, s));
    }
    CHECK(cudaMemcpyAsync(h, v, N * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    expect_values(h, 40, "after another launch at the same address");
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    // The allocation outlives both; it is still the program's to free.
    fill<<<N / 256, 256, 0, s>>>(v, N, 77);
    CHECK(cudaMemcpyAsync(h, v, N * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    expect_values(h, 77, "after the graph is gone");
    CHECK(cudaFree(v));
    return 0;
}

static int captured(cudaStream_t s, int *h)
{
    cudaGraph_t g;
    int *v = 0;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaMallocAsync((void **)&v, N * sizeof(int), s));
    fill<<<N / 256, 256, 0, s>>>(v, N, 9);
    CHECK(cudaMemcpyAsync(h, v, N * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaFreeAsync(v, s));
    CHECK(cudaStreamEndCapture(s, &g));
    cudaGraphNode_t nodes[8];
    size_t n = 8;
    CHECK(cudaGraphGetNodes(g, nodes, &n));
    int allocs = 0, frees = 0;
    for (size_t i = 0; i < n; i++) {
        enum cudaGraphNodeType t;
        CHECK(cudaGraphNodeGetType(nodes[i], &t));
        allocs += t == cudaGraphNodeTypeMemAlloc;
        frees += t == cudaGraphNodeTypeMemFree;
    }
    if (n != 4 || allocs != 1 || frees != 1) {
        printf("capture made %zu nodes, %d allocs, %d frees\n", n, allocs,
               frees);
        bad++;
    }
    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiate(&x, g, 0));
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < N; j++)
            h[j] = -1;
        CHECK(cudaGraphLaunch(x, s));
        CHECK(cudaStreamSynchronize(s));
        expect_values(h, 9, "captured graph");
    }
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    return 0;
}

int main()
{
    cudaStream_t s;
    int *h;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMallocHost((void **)&h, N * sizeof(int)));
    if (explicit_graph(s, h) || outliving(s, h, 0) ||
        outliving(s, h, cudaGraphInstantiateFlagAutoFreeOnLaunch) ||
        captured(s, h))
        return 1;

    uint64_t zero = 0, one = 1, used = 1, high = 0;
    CHECK(cudaDeviceGraphMemTrim(0));
    CHECK(cudaDeviceGetGraphMemAttribute(0, cudaGraphMemAttrUsedMemCurrent,
                                         &used));
    CHECK(cudaDeviceGetGraphMemAttribute(0, cudaGraphMemAttrUsedMemHigh,
                                         &high));
    if (used != 0 || high < N * sizeof(int)) {
        printf("graph memory: %llu in use, high %llu\n",
               (unsigned long long)used, (unsigned long long)high);
        bad++;
    }
    CHECK(cudaDeviceSetGraphMemAttribute(0, cudaGraphMemAttrUsedMemHigh,
                                         &zero));
    EXPECT(cudaDeviceSetGraphMemAttribute(0, cudaGraphMemAttrUsedMemHigh,
                                          &one), cudaErrorInvalidValue);
    EXPECT(cudaDeviceSetGraphMemAttribute(0, cudaGraphMemAttrUsedMemCurrent,
                                          &zero), cudaErrorInvalidValue);
    EXPECT(cudaDeviceGetGraphMemAttribute(99, cudaGraphMemAttrUsedMemCurrent,
                                          &used), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceGraphMemTrim(99), cudaErrorInvalidDevice);

    // Freeing memory not from a graph inside a capture is refused.
    int *plain = 0;
    cudaGraph_t g;
    CHECK(cudaMalloc((void **)&plain, 64));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    EXPECT(cudaFreeAsync(plain, s), cudaErrorInvalidValue);
    cudaStreamEndCapture(s, &g);
    cudaGetLastError();
    if (g)
        cudaGraphDestroy(g);
    CHECK(cudaFree(plain));

    CHECK(cudaFreeHost(h));
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL graph_memory_nodes\n");
        return 1;
    }
    printf("PASS graph_memory_nodes\n");
    return 0;
}
