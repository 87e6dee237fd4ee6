// graph_explicit.cu: a CUDA graph built by hand (copy, kernels in a
// diamond, a pitched memset with a 4-byte pattern, a child graph, a
// pitched copy back and a host node that checks the results it follows),
// launched several times with the inputs changed between launches, then
// changed by the kernel-node setters, cloned and updated; and the errors
// CUDA gives for bad input.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL graph_explicit\n", __FILE__, __LINE__, \
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

const int N = 1000;          // elements of x, ya, yb, z
const int W = 40, H = 7;     // the pitched buffer, in ints
const unsigned PATTERN = 0x01020304u;

__global__ void scale(const float *x, float *y, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i];
}

__global__ void sum(const float *a, const float *b, float *z, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        z[i] = a[i] + b[i];
}

__global__ void add_one_2d(unsigned *w, size_t pitch, int width, int height)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y;
    if (x < width && y < height)
        ((unsigned *)((char *)w + y * pitch))[x] += 1;
}

// What the host node sees: it runs after both copies back, so it checks
// their results itself, at each launch.
struct host_check {
    const float *hx, *hz;
    const unsigned *hw;
    float factor;            // z = factor * x
    int runs, wrong;
};

static void check_in_host_node(void *arg)
{
    host_check *c = (host_check *)arg;
    for (int i = 0; i < N; i++)
        c->wrong += c->hz[i] != c->factor * c->hx[i];
    for (int i = 0; i < W * H; i++)
        c->wrong += c->hw[i] != PATTERN + 1;
    c->runs++;
}

struct built {
    cudaGraph_t g;
    cudaGraphNode_t copy_in, k1, k2, k3, copy_z, memset_w, child, copy_w,
        host;
};

static float *hx, *hz;
static unsigned *hw;
static float *x, *ya, *yb, *z;
static unsigned *w;
static size_t pitch;
static host_check check;

// Kernel node with scale(x, out, a): the arguments live on this frame
// only, as CUDA copies them.
static cudaError_t add_scale(cudaGraphNode_t *node, cudaGraph_t g,
                             const cudaGraphNode_t *deps, size_t ndeps,
                             float *out, float a)
{
    const float *in = x;
    int n = N;
    void *args[] = {&in, &out, &a, &n};
    cudaKernelNodeParams p = {};
    p.func = (void *)scale;
    p.gridDim = dim3((N + 127) / 128);
    p.blockDim = dim3(128);
    p.kernelParams = args;
    return cudaGraphAddKernelNode(node, g, deps, ndeps, &p);
}

static cudaGraph_t child_graph(void)
{
    cudaGraph_t c;
    cudaGraphNode_t k;
    CHECK(cudaGraphCreate(&c, 0));
    unsigned *wp = w;
    size_t pp = pitch;
    int width = W, height = H;
    void *args[] = {&wp, &pp, &width, &height};
    cudaKernelNodeParams p = {};
    p.func = (void *)add_one_2d;
    p.gridDim = dim3(1, H);
    p.blockDim = dim3(64);
    p.kernelParams = args;
    CHECK(cudaGraphAddKernelNode(&k, c, NULL, 0, &p));
    return c;
}

static built build(void)
{
    built b;
    CHECK(cudaGraphCreate(&b.g, 0));
    // The diamond: copy_in -> k1, k2 -> k3 -> copy_z.
    CHECK(cudaGraphAddMemcpyNode1D(&b.copy_in, b.g, NULL, 0, x, hx,
                                   N * sizeof(float),
                                   cudaMemcpyHostToDevice));
    CHECK(add_scale(&b.k1, b.g, &b.copy_in, 1, ya, 2.0f));
    CHECK(add_scale(&b.k2, b.g, &b.copy_in, 1, yb, 3.0f));
    float *a1 = ya, *a2 = yb, *out = z;
    int n = N;
    void *args[] = {&a1, &a2, &out, &n};
    cudaKernelNodeParams p = {};
    p.func = (void *)sum;
    p.gridDim = dim3((N + 255) / 256);
    p.blockDim = dim3(256);
    p.kernelParams = args;
    cudaGraphNode_t both[] = {b.k1, b.k2};
    CHECK(cudaGraphAddKernelNode(&b.k3, b.g, both, 2, &p));
    CHECK(cudaGraphAddMemcpyNode1D(&b.copy_z, b.g, &b.k3, 1, hz, z,
                                   N * sizeof(float),
                                   cudaMemcpyDeviceToHost));
    // The pitched side: memset -> child graph -> copy back.
    cudaMemsetParams m = {};
    m.dst = w;
    m.pitch = pitch;
    m.value = PATTERN;
    m.elementSize = 4;
    m.width = W;
    m.height = H;
    CHECK(cudaGraphAddMemsetNode(&b.memset_w, b.g, NULL, 0, &m));
    cudaGraph_t c = child_graph();
    CHECK(cudaGraphAddChildGraphNode(&b.child, b.g, &b.memset_w, 1, c));
    CHECK(cudaGraphDestroy(c)); // the node holds its own copy
    cudaMemcpy3DParms cp = {};
    cp.srcPtr = make_cudaPitchedPtr(w, pitch, W * sizeof(unsigned), H);
    cp.dstPtr = make_cudaPitchedPtr(hw, W * sizeof(unsigned),
                                    W * sizeof(unsigned), H);
    cp.extent = make_cudaExtent(W * sizeof(unsigned), H, 1);
    cp.kind = cudaMemcpyDeviceToHost;
    CHECK(cudaGraphAddMemcpyNode(&b.copy_w, b.g, &b.child, 1, &cp));
    // The host node after both copies back.
    cudaHostNodeParams hp = {check_in_host_node, &check};
    CHECK(cudaGraphAddHostNode(&b.host, b.g, NULL, 0, &hp));
    cudaGraphNode_t from[] = {b.copy_z, b.copy_w};
    cudaGraphNode_t to[] = {b.host, b.host};
    CHECK(cudaGraphAddDependencies(b.g, from, to, 2));
    return b;
}

static void set_inputs(int launch)
{
    for (int i = 0; i < N; i++)
        hx[i] = (float)((i * 7 + launch) % 31) - 15.0f;
    for (int i = 0; i < N; i++)
        hz[i] = -1.0f;
    for (int i = 0; i < W * H; i++)
        hw[i] = 0;
}

// Launches exec `times` times, new inputs before each, and checks every
// result on the host (and the host node's own check).
static void run_and_check(cudaGraphExec_t ge, cudaStream_t s, float factor,
                          int times, const char *what)
{
    check.factor = factor;
    for (int t = 0; t < times; t++) {
        set_inputs(t);
        int runs = check.runs;
        CHECK(cudaGraphLaunch(ge, s));
        CHECK(cudaStreamSynchronize(s));
        int wrong = 0;
        for (int i = 0; i < N; i++)
            wrong += hz[i] != factor * hx[i];
        for (int i = 0; i < W * H; i++)
            wrong += hw[i] != PATTERN + 1;
        if (wrong || check.wrong || check.runs != runs + 1) {
            printf("%s, launch %d: %d wrong, host node saw %d wrong, "
                   "ran %d times\n", what, t, wrong, check.wrong,
                   check.runs - runs);
            bad++;
            check.wrong = 0;
        }
    }
}

static void queries(const built &b)
{
    size_t n = 0;
    CHECK(cudaGraphGetNodes(b.g, NULL, &n));
    if (n != 9) {
        printf("nodes: %zu, want 9\n", n);
        bad++;
    }
    cudaGraphNode_t roots[4] = {};
    size_t nroots = 4;
    CHECK(cudaGraphGetRootNodes(b.g, roots, &nroots));
    bool found_copy = false, found_memset = false;
    for (size_t i = 0; i < nroots; i++) {
        found_copy |= roots[i] == b.copy_in;
        found_memset |= roots[i] == b.memset_w;
    }
    if (nroots != 2 || !found_copy || !found_memset || roots[2] != NULL) {
        printf("root nodes: %zu\n", nroots);
        bad++;
    }
    struct { cudaGraphNode_t node; cudaGraphNodeType type; } types[] = {
        {b.copy_in, cudaGraphNodeTypeMemcpy}, {b.k1, cudaGraphNodeTypeKernel},
        {b.memset_w, cudaGraphNodeTypeMemset},
        {b.child, cudaGraphNodeTypeGraph}, {b.host, cudaGraphNodeTypeHost}};
    for (auto &t : types) {
        cudaGraphNodeType got;
        CHECK(cudaGraphNodeGetType(t.node, &got));
        if (got != t.type) {
            printf("node type %d, want %d\n", (int)got, (int)t.type);
            bad++;
        }
    }
    size_t ndeps = 0;
    CHECK(cudaGraphNodeGetDependencies(b.k3, NULL, &ndeps));
    size_t nouts = 0;
    CHECK(cudaGraphNodeGetDependentNodes(b.copy_in, NULL, &nouts));
    if (ndeps != 2 || nouts != 2) {
        printf("diamond edges: %zu in, %zu out\n", ndeps, nouts);
        bad++;
    }
    cudaKernelNodeParams p;
    CHECK(cudaGraphKernelNodeGetParams(b.k2, &p));
    if (p.func != (void *)scale || p.blockDim.x != 128 ||
        *(float *)p.kernelParams[2] != 3.0f ||
        *(float **)p.kernelParams[1] != yb) {
        printf("kernel node parameters not as set\n");
        bad++;
    }
    cudaMemsetParams m;
    CHECK(cudaGraphMemsetNodeGetParams(b.memset_w, &m));
    if (m.value != PATTERN || m.elementSize != 4 || m.width != W) {
        printf("memset node parameters not as set\n");
        bad++;
    }
}

// Sets scale's factor a on node k (which computes ya or yb).
static void set_factor(cudaGraphNode_t k, float a, cudaGraphExec_t ge)
{
    cudaKernelNodeParams p;
    CHECK(cudaGraphKernelNodeGetParams(k, &p));
    const float *in = *(const float **)p.kernelParams[0];
    float *out = *(float **)p.kernelParams[1];
    int n = N;
    void *args[] = {&in, &out, &a, &n};
    p.kernelParams = args;
    if (ge)
        CHECK(cudaGraphExecKernelNodeSetParams(ge, k, &p));
    else
        CHECK(cudaGraphKernelNodeSetParams(k, &p));
}

// The other parameter setters, on a small graph: copy in and out, a
// memset and a host node; the executable's setters change its next
// launches, the graph's change later instantiations only.
const int M = 64;
struct setters_state {
    int *da, *db;
    int in1[M], in2[M], in3[M], out_a[M], out_b[M];
    int counters[3];
};

static void count_in_host_node(void *arg)
{
    (*(int *)arg)++;
}

static void check_small(cudaGraphExec_t ge, cudaStream_t s,
                        setters_state &st, const int *in, unsigned value,
                        int counter, const char *what)
{
    int before[3] = {st.counters[0], st.counters[1], st.counters[2]};
    CHECK(cudaGraphLaunch(ge, s));
    CHECK(cudaStreamSynchronize(s));
    int wrong = 0;
    for (int i = 0; i < M; i++)
        wrong += st.out_a[i] != in[i] || st.out_b[i] != (int)value;
    for (int c = 0; c < 3; c++)
        wrong += st.counters[c] != before[c] + (c == counter);
    if (wrong) {
        printf("%s: %d wrong\n", what, wrong);
        bad++;
    }
}

static void setters(cudaStream_t s)
{
    static setters_state st;
    for (int i = 0; i < M; i++) {
        st.in1[i] = i;
        st.in2[i] = 1000 + i;
        st.in3[i] = -i;
    }
    CHECK(cudaMalloc(&st.da, M * sizeof(int)));
    CHECK(cudaMalloc(&st.db, M * sizeof(int)));
    cudaGraph_t g;
    cudaGraphNode_t in, fill, out_a, out_b, host;
    CHECK(cudaGraphCreate(&g, 0));
    CHECK(cudaGraphAddMemcpyNode1D(&in, g, NULL, 0, st.da, st.in1,
                                   sizeof(st.in1), cudaMemcpyHostToDevice));
    cudaMemsetParams m = {};
    m.dst = st.db;
    m.value = 7;
    m.elementSize = 4;
    m.width = M;
    m.height = 1;
    CHECK(cudaGraphAddMemsetNode(&fill, g, NULL, 0, &m));
    CHECK(cudaGraphAddMemcpyNode1D(&out_a, g, &in, 1, st.out_a, st.da,
                                   sizeof(st.out_a), cudaMemcpyDeviceToHost));
    CHECK(cudaGraphAddMemcpyNode1D(&out_b, g, &fill, 1, st.out_b, st.db,
                                   sizeof(st.out_b), cudaMemcpyDeviceToHost));
    cudaGraphNode_t outs[] = {out_a, out_b};
    cudaHostNodeParams hp = {count_in_host_node, &st.counters[0]};
    CHECK(cudaGraphAddHostNode(&host, g, outs, 2, &hp));

    cudaMemcpy3DParms cp;
    CHECK(cudaGraphMemcpyNodeGetParams(in, &cp));
    if (cp.srcPtr.ptr != st.in1 || cp.dstPtr.ptr != st.da ||
        cp.extent.width != sizeof(st.in1) || cp.extent.height != 1 ||
        cp.extent.depth != 1 || cp.kind != cudaMemcpyHostToDevice) {
        printf("1D memcpy node parameters not as set\n");
        bad++;
    }
    expect(cudaGraphMemcpyNodeGetParams(fill, &cp), cudaErrorInvalidValue,
           "memcpy parameters of a memset node");

    cudaGraphExec_t ge, ge2;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    check_small(ge, s, st, st.in1, 7, 0, "small graph");

    CHECK(cudaGraphExecMemcpyNodeSetParams1D(ge, in, st.da, st.in2,
                                             sizeof(st.in2),
                                             cudaMemcpyHostToDevice));
    m.value = 9;
    CHECK(cudaGraphExecMemsetNodeSetParams(ge, fill, &m));
    hp.userData = &st.counters[1];
    CHECK(cudaGraphExecHostNodeSetParams(ge, host, &hp));
    expect(cudaGraphExecMemsetNodeSetParams(ge, in, &m),
           cudaErrorInvalidValue, "memset parameters for a memcpy node");
    check_small(ge, s, st, st.in2, 9, 1, "after the executable's setters");

    cp = {};
    cp.srcPtr = make_cudaPitchedPtr(st.in3, sizeof(st.in3), sizeof(st.in3), 1);
    cp.dstPtr = make_cudaPitchedPtr(st.da, sizeof(st.in3), sizeof(st.in3), 1);
    cp.extent = make_cudaExtent(sizeof(st.in3), 1, 1);
    cp.kind = cudaMemcpyHostToDevice;
    CHECK(cudaGraphMemcpyNodeSetParams(in, &cp));
    m.value = 0x0b0b0b0b;
    CHECK(cudaGraphMemsetNodeSetParams(fill, &m));
    hp.userData = &st.counters[2];
    CHECK(cudaGraphHostNodeSetParams(host, &hp));
    check_small(ge, s, st, st.in2, 9, 1, "the graph's setters leave it");
    CHECK(cudaGraphInstantiate(&ge2, g, 0));
    check_small(ge2, s, st, st.in3, 0x0b0b0b0b, 2,
                "instantiated after the graph's setters");

    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphExecDestroy(ge2));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaFree(st.da));
    CHECK(cudaFree(st.db));
}

// The DOT file is for people; all that is checked is that it is one.
static void dot_print(const built &b)
{
    char path[256];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/graph_explicit_%d.dot",
             dir ? dir : "/tmp", (int)getpid());
    CHECK(cudaGraphDebugDotPrint(b.g, path, cudaGraphDebugDotFlagsVerbose));
    char head[16] = {};
    FILE *f = fopen(path, "r");
    if (!f || !fgets(head, sizeof(head), f) ||
        strncmp(head, "digraph", 7) != 0) {
        printf("cudaGraphDebugDotPrint wrote no DOT graph\n");
        bad++;
    }
    if (f)
        fclose(f);
    remove(path);
    expect(cudaGraphDebugDotPrint(b.g, NULL, 0), cudaErrorInvalidValue,
           "DOT file without a path");
    expect(cudaGraphDebugDotPrint(NULL, path, 0), cudaErrorInvalidValue,
           "DOT file of a null graph");
}

static void bad_input(const built &b, cudaStream_t s)
{
    cudaGraph_t g;
    cudaGraphNode_t node, other;
    expect(cudaGraphCreate(NULL, 0), cudaErrorInvalidValue, "null graph out");
    expect(cudaGraphCreate(&g, 1), cudaErrorInvalidValue, "graph flags");
    expect(cudaGraphAddEmptyNode(&node, NULL, NULL, 0),
           cudaErrorInvalidValue, "node in a null graph");
    expect(cudaGraphAddEmptyNode(NULL, b.g, NULL, 0), cudaErrorInvalidValue,
           "null node out");
    CHECK(cudaGraphCreate(&g, 0));
    expect(cudaGraphAddEmptyNode(&node, g, &b.k1, 1), cudaErrorInvalidValue,
           "dependency in another graph");
    expect(cudaGraphAddEmptyNode(&node, g, NULL, 1), cudaErrorInvalidValue,
           "null dependency list");
    cudaHostNodeParams hp = {NULL, NULL};
    expect(cudaGraphAddHostNode(&node, g, NULL, 0, &hp),
           cudaErrorInvalidValue, "host node without a function");
    cudaMemsetParams m = {};
    m.dst = w;
    m.value = 1;
    m.elementSize = 3;
    m.width = 4;
    m.height = 1;
    expect(cudaGraphAddMemsetNode(&node, g, NULL, 0, &m),
           cudaErrorInvalidValue, "memset element size 3");
    cudaKernelNodeParams kp = {};
    kp.func = (void *)set_inputs; // a host function, not a kernel
    kp.gridDim = dim3(1);
    kp.blockDim = dim3(1);
    expect(cudaGraphAddKernelNode(&node, g, NULL, 0, &kp),
           cudaErrorInvalidDeviceFunction, "kernel node of a host function");
    expect(cudaGraphAddKernelNode(&node, g, NULL, 0, NULL),
           cudaErrorInvalidValue, "null kernel parameters");
    cudaKernelNodeParams got;
    expect(cudaGraphKernelNodeGetParams(b.memset_w, &got),
           cudaErrorInvalidValue, "kernel parameters of a memset node");
    expect(cudaGraphNodeGetType(NULL, NULL), cudaErrorInvalidValue,
           "type of a null node");

    // Edges: self, twice, and a cycle that instantiation refuses.
    CHECK(cudaGraphAddEmptyNode(&node, g, NULL, 0));
    CHECK(cudaGraphAddEmptyNode(&other, g, &node, 1));
    expect(cudaGraphAddDependencies(g, &node, &node, 1),
           cudaErrorInvalidValue, "self dependency");
    expect(cudaGraphAddDependencies(g, &node, &other, 1),
           cudaErrorInvalidValue, "an edge that exists");
    CHECK(cudaGraphAddDependencies(g, &other, &node, 1));
    cudaGraphExec_t ge;
    expect_error(cudaGraphInstantiate(&ge, g, 0), "instantiate a cycle");
    CHECK(cudaGraphRemoveDependencies(g, &other, &node, 1));
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    CHECK(cudaGraphLaunch(ge, s));

    // Destroyed handles are refused, not followed.
    CHECK(cudaGraphDestroyNode(other));
    size_t n = 0;
    CHECK(cudaGraphNodeGetDependentNodes(node, NULL, &n));
    if (n != 0) {
        printf("a destroyed node still a dependent\n");
        bad++;
    }
    cudaGraphNodeType type;
    expect_error(cudaGraphNodeGetType(other, &type), "a destroyed node");
    CHECK(cudaGraphExecDestroy(ge));
    expect_error(cudaGraphExecDestroy(ge), "an executable destroyed twice");
    expect_error(cudaGraphLaunch(ge, s), "launch of a destroyed executable");
    expect(cudaGraphLaunch(NULL, s), cudaErrorInvalidValue,
           "launch of a null executable");
    CHECK(cudaGraphDestroy(g));
    expect_error(cudaGraphDestroy(g), "a graph destroyed twice");
    expect_error(cudaGraphAddEmptyNode(&node, g, NULL, 0),
                 "a node in a destroyed graph");
    expect(cudaGraphInstantiate(&ge, NULL, 0), cudaErrorInvalidValue,
           "instantiate a null graph");
    CHECK(cudaStreamSynchronize(s));
}

static void update(const built &b, cudaGraphExec_t ge, cudaStream_t s)
{
    // The same topology with other parameters updates in place.
    cudaGraph_t c;
    CHECK(cudaGraphClone(&c, b.g));
    cudaGraphNode_t nodes[9];
    size_t n = 9;
    CHECK(cudaGraphGetNodes(c, nodes, &n));
    cudaGraphNode_t k1 = NULL;
    for (size_t i = 0; i < n; i++) { // the clone's copy of b.k1
        cudaGraphNodeType t;
        CHECK(cudaGraphNodeGetType(nodes[i], &t));
        cudaKernelNodeParams p;
        if (t == cudaGraphNodeTypeKernel &&
            cudaGraphKernelNodeGetParams(nodes[i], &p) == cudaSuccess &&
            *(float **)p.kernelParams[1] == ya)
            k1 = nodes[i];
    }
    if (!k1) {
        printf("clone lacks the ya kernel\n");
        bad++;
        return;
    }
    set_factor(k1, 7.0f, NULL); // ya = 7x, yb = 4x (set on b.g before)
    cudaGraphExecUpdateResultInfo info;
    CHECK(cudaGraphExecUpdate(ge, c, &info));
    if (info.result != cudaGraphExecUpdateSuccess) {
        printf("update result %d\n", (int)info.result);
        bad++;
    }
    run_and_check(ge, s, 11.0f, 2, "after cudaGraphExecUpdate");

    // Another topology does not.
    cudaGraphNode_t extra;
    CHECK(cudaGraphAddEmptyNode(&extra, c, NULL, 0));
    expect(cudaGraphExecUpdate(ge, c, &info),
           cudaErrorGraphExecUpdateFailure, "update to another topology");
    if (info.result != cudaGraphExecUpdateErrorTopologyChanged) {
        printf("update result %d, want topology changed\n", (int)info.result);
        bad++;
    }
    run_and_check(ge, s, 11.0f, 1, "after a refused update");
    CHECK(cudaGraphDestroy(c));
}

int main()
{
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMallocHost(&hx, N * sizeof(float)));
    CHECK(cudaMallocHost(&hz, N * sizeof(float)));
    hw = (unsigned *)malloc(W * H * sizeof(unsigned)); // pageable
    CHECK(cudaMalloc(&x, N * sizeof(float)));
    CHECK(cudaMalloc(&ya, N * sizeof(float)));
    CHECK(cudaMalloc(&yb, N * sizeof(float)));
    CHECK(cudaMalloc(&z, N * sizeof(float)));
    CHECK(cudaMallocPitch((void **)&w, &pitch, W * sizeof(unsigned), H));
    check.hx = hx;
    check.hz = hz;
    check.hw = hw;

    built b = build();
    queries(b);
    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, b.g, 0));
    run_and_check(ge, s, 5.0f, 3, "first graph");

    // A change to the graph after instantiation leaves the executable
    // alone; one through the executable changes the next launches.
    set_factor(b.k2, 4.0f, NULL);
    run_and_check(ge, s, 5.0f, 1, "after a change to the graph");
    set_factor(b.k1, 6.0f, ge); // ya = 6x, yb = 3x in ge
    run_and_check(ge, s, 9.0f, 2, "after cudaGraphExecKernelNodeSetParams");

    // A clone runs as its original (ya = 2x, yb = 4x).
    cudaGraph_t c;
    cudaGraphExec_t ce;
    CHECK(cudaGraphClone(&c, b.g));
    CHECK(cudaGraphInstantiateWithFlags(&ce, c, 0));
    CHECK(cudaGraphUpload(ce, s));
    run_and_check(ce, s, 6.0f, 2, "clone");
    CHECK(cudaGraphExecDestroy(ce));
    CHECK(cudaGraphDestroy(c));

    update(b, ge, s);
    dot_print(b);
    bad_input(b, s);

    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(b.g));
    CHECK(cudaFree(x));
    CHECK(cudaFree(ya));
    CHECK(cudaFree(yb));
    CHECK(cudaFree(z));
    CHECK(cudaFree(w));
    CHECK(cudaFreeHost(hx));
    CHECK(cudaFreeHost(hz));
    free(hw);
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL graph_explicit: %d wrong\n", bad);
        return 1;
    }
    printf("PASS graph_explicit\n");
    return 0;
}
