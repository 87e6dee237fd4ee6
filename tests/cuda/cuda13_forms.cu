// cuda13_forms.cu: a program written for CUDA 13 builds against cux's
// CUDA 12 headers: the calls whose arguments CUDA 13 changed
// (cudaMemPrefetchAsync and cudaMemAdvise with a cudaMemLocation, the
// graph edge calls and cudaStreamGetCaptureInfo with edge data) take
// CUDA 13's form as well as CUDA 12's, and both do the same.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL cuda13_forms\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("%s\n", what);
        failures++;
    }
}

__global__ void add_one(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] += 1;
}

int main(void)
{
    enum { N = 1024 };
    int *m;
    CHECK(cudaMallocManaged(&m, N * sizeof(int)));
    for (int i = 0; i < N; i++)
        m[i] = i;
    cudaMemLocation dev = {}, host = {};
    dev.type = cudaMemLocationTypeDevice;
    dev.id = 0;
    host.type = cudaMemLocationTypeHost;
    CHECK(cudaMemAdvise(m, N * sizeof(int), cudaMemAdviseSetPreferredLocation,
                        dev));
    CHECK(cudaMemPrefetchAsync(m, N * sizeof(int), dev, 0));
    CHECK(cudaMemPrefetchAsync(m, N * sizeof(int), dev, 0, 0));
    add_one<<<N / 256, 256>>>(m, N);
    CHECK(cudaMemPrefetchAsync(m, N * sizeof(int), host, 0));
    CHECK(cudaDeviceSynchronize());
    int location = -3;
    CHECK(cudaMemRangeGetAttribute(&location, sizeof location,
                                   cudaMemRangeAttributePreferredLocation, m,
                                   N * sizeof(int)));
    expect(location == 0, "preferred location is not device 0");
    bool values = true;
    for (int i = 0; i < N; i++)
        values &= m[i] == i + 1;
    expect(values, "managed memory not incremented");
#if CUDART_VERSION < 13000
    // CUDA 12's forms still work beside them (NVIDIA's CUDA 13 headers,
    // of the nvcc leg, have only the new ones).
    CHECK(cudaMemAdvise(m, N * sizeof(int), cudaMemAdviseUnsetPreferredLocation,
                        0));
    CHECK(cudaMemPrefetchAsync(m, N * sizeof(int), 0));
#endif

    // Capture info and graph edges with edge data.
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    add_one<<<N / 256, 256, 0, s>>>(m, N);
    cudaStreamCaptureStatus status;
    unsigned long long id = 0;
    cudaGraph_t captured = nullptr;
    const cudaGraphNode_t *deps = nullptr;
    const cudaGraphEdgeData *edges = nullptr;
    size_t n_deps = 0;
    CHECK(cudaStreamGetCaptureInfo(s, &status, &id, &captured, &deps, &edges,
                                   &n_deps));
    expect(status == cudaStreamCaptureStatusActive && n_deps == 1 &&
           captured != nullptr, "capture info");
    cudaGraph_t g;
    CHECK(cudaStreamEndCapture(s, &g));

    cudaGraphNode_t a, b;
    CHECK(cudaGraphAddEmptyNode(&a, g, nullptr, 0));
    CHECK(cudaGraphAddEmptyNode(&b, g, nullptr, 0));
    cudaGraphEdgeData edge = {};
    CHECK(cudaGraphAddDependencies(g, &a, &b, &edge, 1));
    cudaGraphNode_t got[2];
    cudaGraphEdgeData got_edges[2];
    size_t n = 2;
    CHECK(cudaGraphNodeGetDependencies(b, got, got_edges, &n));
    expect(n == 1 && got[0] == a, "dependencies of b");
    n = 2;
    CHECK(cudaGraphNodeGetDependentNodes(a, got, got_edges, &n));
    expect(n == 1 && got[0] == b, "dependents of a");
    CHECK(cudaGraphRemoveDependencies(g, &a, &b, &edge, 1));
    n = 2;
    CHECK(cudaGraphNodeGetDependencies(b, got, nullptr, &n));
    expect(n == 0, "b still has a dependency");

    CHECK(cudaGraphDestroy(g));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(m));
    printf("%s cuda13_forms\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
