/* cuda13_signatures.cu: the calls CUDA 13 kept by name but gave new
 * arguments (a cudaMemLocation for prefetch and advice, edge data for the
 * graph edge calls, cudaGraphAddNode and the capture info and dependency
 * calls), called as a program nvcc 13
 * built calls them: by the plain names, with CUDA 13's arguments.  With
 * CUDA 12's definitions behind those names, a location is read as a
 * device number and an edge count as a pointer. */
#include <cstdio>

#if CUDART_VERSION < 13000
int main()
{
    printf("PASS cuda13_signatures (CUDA %d: nothing to check)\n",
           CUDART_VERSION);
    return 0;
}
#else
__global__ void twice(int *p)
{
    p[threadIdx.x] *= 2;
}

static int failures = 0;

static void expect(const char *what, bool ok)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

int main()
{
    int *m = NULL;
    expect("cudaMallocManaged",
           cudaMallocManaged(&m, 32 * sizeof(int)) == cudaSuccess);
    for (int i = 0; i < 32; i++)
        m[i] = i;
    cudaMemLocation dev = {cudaMemLocationTypeDevice, 0};
    cudaMemLocation host = {cudaMemLocationTypeHost, 0};
    cudaMemLocation absent = {cudaMemLocationTypeDevice, 999};
    expect("cudaMemAdvise to the device",
           cudaMemAdvise(m, 32 * sizeof(int), cudaMemAdviseSetPreferredLocation,
                         dev) == cudaSuccess);
    expect("cudaMemAdvise to the host",
           cudaMemAdvise(m, 32 * sizeof(int), cudaMemAdviseSetAccessedBy,
                         host) == cudaSuccess);
    expect("cudaMemAdvise to no device",
           cudaMemAdvise(m, 32 * sizeof(int), cudaMemAdviseSetAccessedBy,
                         absent) != cudaSuccess);
    cudaStream_t s;
    cudaStreamCreate(&s);
    expect("cudaMemPrefetchAsync",
           cudaMemPrefetchAsync(m, 32 * sizeof(int), dev, 0, s) ==
               cudaSuccess);
    twice<<<1, 32, 0, s>>>(m);
    expect("kernel", cudaStreamSynchronize(s) == cudaSuccess);
    for (int i = 0; i < 32; i++)
        if (m[i] != 2 * i) {
            expect("managed result", false);
            break;
        }

    // Graph edges: one dependency added with no edge data, read back.
    cudaGraph_t g;
    cudaGraphNode_t a, b, got[2] = {NULL, NULL};
    cudaGraphCreate(&g, 0);
    cudaGraphAddEmptyNode(&a, g, NULL, 0);
    cudaGraphAddEmptyNode(&b, g, NULL, 0);
    expect("cudaGraphAddDependencies",
           cudaGraphAddDependencies(g, &a, &b, NULL, 1) == cudaSuccess);
    size_t n = 2;
    expect("cudaGraphNodeGetDependencies",
           cudaGraphNodeGetDependencies(b, got, NULL, &n) == cudaSuccess &&
               n == 1 && got[0] == a);
    n = 2;
    expect("cudaGraphNodeGetDependentNodes",
           cudaGraphNodeGetDependentNodes(a, got, NULL, &n) == cudaSuccess &&
               n == 1 && got[0] == b);
    expect("cudaGraphRemoveDependencies",
           cudaGraphRemoveDependencies(g, &a, &b, NULL, 1) == cudaSuccess);
    n = 2;
    expect("no dependency left",
           cudaGraphNodeGetDependencies(b, NULL, NULL, &n) == cudaSuccess &&
               n == 0);
    cudaGraphDestroy(g);

    // Capture info: the captured kernel is the stream's one dependency.
    cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
    twice<<<1, 32, 0, s>>>(m);
    cudaStreamCaptureStatus status;
    unsigned long long id = 0;
    cudaGraph_t capturing = NULL;
    const cudaGraphNode_t *deps = NULL;
    const cudaGraphEdgeData *edges = NULL;
    size_t ndeps = 0;
    expect("cudaStreamGetCaptureInfo",
           cudaStreamGetCaptureInfo(s, &status, &id, &capturing, &deps,
                                    &edges, &ndeps) == cudaSuccess &&
               status == cudaStreamCaptureStatusActive && capturing &&
               ndeps == 1 && deps && deps[0]);
    // A node added by hand after the kernel, then made the stream's one
    // dependency.
    cudaGraphNodeParams empty = {cudaGraphNodeTypeEmpty};
    cudaGraphNode_t e = NULL;
    expect("cudaGraphAddNode",
           cudaGraphAddNode(&e, capturing, deps, NULL, ndeps, &empty) ==
               cudaSuccess);
    expect("cudaStreamUpdateCaptureDependencies",
           cudaStreamUpdateCaptureDependencies(
               s, &e, NULL, 1, cudaStreamSetCaptureDependencies) ==
               cudaSuccess);
    expect("dependencies after the update",
           cudaStreamGetCaptureInfo(s, &status, &id, &capturing, &deps,
                                    &edges, &ndeps) == cudaSuccess &&
               ndeps == 1 && deps && deps[0] == e);
    cudaGraph_t captured;
    expect("cudaStreamEndCapture",
           cudaStreamEndCapture(s, &captured) == cudaSuccess);
    cudaGraphDestroy(captured);
    cudaStreamDestroy(s);
    cudaFree(m);
    if (!failures)
        printf("PASS cuda13_signatures\n");
    return failures != 0;
}
#endif
