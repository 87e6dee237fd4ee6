/* api_graphs.c: graph calls no other test makes: the edge-data (_v2)
 * forms of the edge calls, cudaGraphHostNodeGetParams,
 * cudaGraphChildGraphNodeGetGraph, cudaGraphMemcpyNodeSetParams1D,
 * cudaGraphExecMemcpyNodeSetParams and cudaStreamGetCaptureInfo_v3, with
 * the bad arguments of each; and CUDA 12's forms of cudaGraphAddNode and
 * cudaStreamUpdateCaptureDependencies. */
#include "rt_test.h"

static atomic_int counter;

static void count_up(void *arg)
{
    atomic_fetch_add((atomic_int *)arg, 1);
}

static void edges_v2(void)
{
    cudaGraph_t g;
    cudaGraphNode_t a, b, c, got[2];
    cudaGraphEdgeData data[2];
    size_t n;
    OK(cudaGraphCreate(&g, 0));
    OK(cudaGraphAddEmptyNode(&a, g, NULL, 0));
    OK(cudaGraphAddEmptyNode(&b, g, NULL, 0));
    OK(cudaGraphAddEmptyNode(&c, g, NULL, 0));
    cudaGraphEdgeData plain = {0};
    OK(cudaGraphAddDependencies_v2(g, &a, &b, &plain, 1));
    OK(cudaGraphAddDependencies_v2(g, &a, &c, NULL, 1)); /* NULL: default */
    memset(data, 0xff, sizeof data);
    n = 2;
    OK(cudaGraphNodeGetDependencies_v2(b, got, data, &n));
    CHECK(n == 1 && got[0] == a);
    CHECK(data[0].from_port == 0 && data[0].to_port == 0 &&
          data[0].type == cudaGraphDependencyTypeDefault);
    n = 0;
    OK(cudaGraphNodeGetDependentNodes_v2(a, NULL, NULL, &n));
    CHECK(n == 2);
    memset(data, 0xff, sizeof data);
    OK(cudaGraphNodeGetDependentNodes_v2(a, got, data, &n));
    CHECK(n == 2 && ((got[0] == b && got[1] == c) ||
                     (got[0] == c && got[1] == b)));
    CHECK(data[0].type == 0 && data[1].type == 0 && data[1].to_port == 0);
    /* edges other than full completion are not supported; reserved bytes
     * "must be zeroed" */
    cudaGraphEdgeData programmatic = {0};
    programmatic.type = cudaGraphDependencyTypeProgrammatic;
    EXPECT(cudaGraphAddDependencies_v2(g, &b, &c, &programmatic, 1),
           cudaErrorNotSupported);
    cudaGraphEdgeData reserved = {0};
    reserved.reserved[2] = 1;
    EXPECT(cudaGraphAddDependencies_v2(g, &b, &c, &reserved, 1),
           cudaErrorInvalidValue);
    /* an edge twice, and removing one that is not there */
    EXPECT(cudaGraphAddDependencies_v2(g, &a, &b, NULL, 1),
           cudaErrorInvalidValue);
    OK(cudaGraphRemoveDependencies_v2(g, &a, &b, &plain, 1));
    n = 2;
    OK(cudaGraphNodeGetDependencies_v2(b, got, data, &n));
    CHECK(n == 0);
    EXPECT(cudaGraphRemoveDependencies_v2(g, &a, &b, NULL, 1),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphNodeGetDependencies_v2(b, got, data, NULL),
           cudaErrorInvalidValue);
    OK(cudaGraphDestroy(g));
    cudaGetLastError();
}

enum { N = 64 };

static void node_params(void)
{
    static int src1[N], src2[N], src3[N], dst[N];
    for (int i = 0; i < N; i++) {
        src1[i] = i;
        src2[i] = 1000 + i;
        src3[i] = 2000 + i;
    }
    int *d;
    OK(cudaMalloc((void **)&d, sizeof src1));
    cudaGraph_t g, child, embedded = NULL;
    cudaGraphNode_t host, up, down, kid, e1, e2;
    OK(cudaGraphCreate(&g, 0));

    struct cudaHostNodeParams hp = {count_up, &counter}, back = {0};
    OK(cudaGraphAddHostNode(&host, g, NULL, 0, &hp));
    OK(cudaGraphHostNodeGetParams(host, &back));
    CHECK(back.fn == count_up && back.userData == &counter);
    EXPECT(cudaGraphHostNodeGetParams(host, NULL), cudaErrorInvalidValue);

    /* a child graph of two nodes: the node's graph is a graph of two */
    OK(cudaGraphCreate(&child, 0));
    OK(cudaGraphAddEmptyNode(&e1, child, NULL, 0));
    OK(cudaGraphAddHostNode(&e2, child, &e1, 1, &hp));
    OK(cudaGraphAddChildGraphNode(&kid, g, &host, 1, child));
    OK(cudaGraphChildGraphNodeGetGraph(kid, &embedded));
    size_t n = 0;
    CHECK(embedded != NULL);
    OK(cudaGraphGetNodes(embedded, NULL, &n));
    CHECK(n == 2);
    EXPECT(cudaGraphChildGraphNodeGetGraph(kid, NULL), cudaErrorInvalidValue);
    EXPECT(cudaGraphChildGraphNodeGetGraph(host, &embedded),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphHostNodeGetParams(kid, &back), cudaErrorInvalidValue);

    /* a copy made with src1, set to src2 before instantiation */
    OK(cudaGraphAddMemcpyNode1D(&up, g, &kid, 1, d, src1, sizeof src1,
                                cudaMemcpyHostToDevice));
    OK(cudaGraphMemcpyNodeSetParams1D(up, d, src2, sizeof src2,
                                      cudaMemcpyHostToDevice));
    OK(cudaGraphAddMemcpyNode1D(&down, g, &up, 1, dst, d, sizeof dst,
                                cudaMemcpyDeviceToHost));
    EXPECT(cudaGraphMemcpyNodeSetParams1D(host, d, src2, sizeof src2,
                                          cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphMemcpyNodeSetParams1D(up, d, src2, sizeof src2,
                                          (enum cudaMemcpyKind)9),
           cudaErrorInvalidMemcpyDirection);

    cudaGraphExec_t exec;
    OK(cudaGraphInstantiate(&exec, g, 0));
    atomic_store(&counter, 0);
    OK(cudaGraphLaunch(exec, 0));
    OK(cudaStreamSynchronize(0));
    CHECK(memcmp(dst, src2, sizeof dst) == 0);
    CHECK(atomic_load(&counter) == 2); /* the host node and the child's */

    /* the executable graph's copy now reads src3, as a 3D copy of one
     * row; the graph's own node keeps src2 */
    struct cudaMemcpy3DParms p = {0};
    p.srcPtr = (struct cudaPitchedPtr){src3, sizeof src3, sizeof src3, 1};
    p.dstPtr = (struct cudaPitchedPtr){d, sizeof src3, sizeof src3, 1};
    p.extent = (struct cudaExtent){sizeof src3, 1, 1};
    p.kind = cudaMemcpyHostToDevice;
    OK(cudaGraphExecMemcpyNodeSetParams(exec, up, &p));
    OK(cudaGraphLaunch(exec, 0));
    OK(cudaStreamSynchronize(0));
    CHECK(memcmp(dst, src3, sizeof dst) == 0);
    struct cudaMemcpy3DParms kept;
    OK(cudaGraphMemcpyNodeGetParams(up, &kept));
    CHECK(kept.srcPtr.ptr == src2);
    EXPECT(cudaGraphExecMemcpyNodeSetParams(exec, up, NULL),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphExecMemcpyNodeSetParams(exec, host, &p),
           cudaErrorInvalidValue);
    EXPECT(cudaGraphExecMemcpyNodeSetParams(NULL, up, &p),
           cudaErrorInvalidValue);

    OK(cudaGraphExecDestroy(exec));
    OK(cudaGraphDestroy(g));
    OK(cudaGraphDestroy(child));
    OK(cudaFree(d));
    cudaGetLastError();
}

static void capture_info_v3(void)
{
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    enum cudaStreamCaptureStatus st = cudaStreamCaptureStatusActive;
    unsigned long long id = 0, id2 = 0;
    cudaGraph_t during = NULL, graph = NULL;
    const cudaGraphNode_t *deps = NULL;
    const cudaGraphEdgeData *edges = NULL;
    size_t n = 99;
    OK(cudaStreamGetCaptureInfo_v3(s, &st, &id, &during, &deps, &edges, &n));
    CHECK(st == cudaStreamCaptureStatusNone);

    OK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    OK(cudaStreamGetCaptureInfo_v3(s, &st, &id, &during, &deps, &edges, &n));
    CHECK(st == cudaStreamCaptureStatusActive && id != 0 && during != NULL);
    CHECK(n == 0);
    OK(cudaLaunchHostFunc(s, count_up, &counter));
    OK(cudaStreamGetCaptureInfo_v3(s, &st, &id2, NULL, &deps, &edges, &n));
    CHECK(id2 == id && n == 1 && deps != NULL && edges != NULL);
    if (n == 1 && edges)
        CHECK(edges[0].type == cudaGraphDependencyTypeDefault &&
              edges[0].from_port == 0 && edges[0].to_port == 0);
    EXPECT(cudaStreamGetCaptureInfo_v3(s, NULL, NULL, NULL, NULL, NULL, NULL),
           cudaErrorInvalidValue);
    OK(cudaStreamEndCapture(s, &graph));
    CHECK(graph == during);
    OK(cudaStreamGetCaptureInfo_v3(s, &st, NULL, NULL, NULL, NULL, NULL));
    CHECK(st == cudaStreamCaptureStatusNone);

    cudaGraphExec_t exec;
    OK(cudaGraphInstantiate(&exec, graph, 0));
    atomic_store(&counter, 0);
    OK(cudaGraphLaunch(exec, s));
    OK(cudaStreamSynchronize(s));
    CHECK(atomic_load(&counter) == 1);
    OK(cudaGraphExecDestroy(exec));
    OK(cudaGraphDestroy(graph));
    OK(cudaStreamDestroy(s));
    cudaGetLastError();
}

/* CUDA 12's forms of cudaGraphAddNode and
 * cudaStreamUpdateCaptureDependencies (no edge data), from C: two If
 * nodes whose handles get their defaults at launch, one body filled by
 * a node of cudaGraphAddNode and two by cudaStreamBeginCaptureToGraph,
 * one of them after a node added by hand and made the stream's
 * dependency. */
static void conditional_cuda12(void)
{
    cudaGraph_t g, back = NULL;
    cudaGraphConditionalHandle on, off;
    unsigned char *d, got[2] = {0, 0};
    OK(cudaGraphCreate(&g, 0));
    OK(cudaGraphConditionalHandleCreate(&on, g, 1,
                                        cudaGraphCondAssignDefault));
    OK(cudaGraphConditionalHandleCreate(&off, g, 0,
                                        cudaGraphCondAssignDefault));
    OK(cudaMalloc((void **)&d, 2));
    OK(cudaMemset(d, 0, 2));
    struct cudaGraphNodeParams p, m;
    memset(&p, 0, sizeof p);
    p.type = cudaGraphNodeTypeConditional;
    p.conditional.handle = on;
    p.conditional.type = cudaGraphCondTypeIf;
    p.conditional.size = 1;
    cudaGraphNode_t n_on, n_off, x, e;
    OK(cudaGraphAddNode(&n_on, g, NULL, 0, &p));
    cudaGraph_t body_on = p.conditional.phGraph_out[0];
    p.conditional.handle = off;
    p.conditional.size = 2;
    OK(cudaGraphAddNode(&n_off, g, &n_on, 1, &p));
    cudaGraph_t *bodies_off = p.conditional.phGraph_out;
    memset(&m, 0, sizeof m);
    m.type = cudaGraphNodeTypeMemset;
    m.memset.dst = d;
    m.memset.value = 7;
    m.memset.elementSize = 1;
    m.memset.width = m.memset.height = 1;
    OK(cudaGraphAddNode(&x, body_on, NULL, 0, &m));

    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(cudaStreamBeginCaptureToGraph(s, bodies_off[0], NULL, NULL, 0,
                                     cudaStreamCaptureModeGlobal));
    OK(cudaMemsetAsync(d + 1, 1, 1, s));
    OK(cudaStreamEndCapture(s, NULL));
    OK(cudaStreamBeginCaptureToGraph(s, bodies_off[1], NULL, NULL, 0,
                                     cudaStreamCaptureModeGlobal));
    OK(cudaGraphAddEmptyNode(&e, bodies_off[1], NULL, 0));
    OK(cudaStreamUpdateCaptureDependencies(
        s, &e, 1, cudaStreamAddCaptureDependencies));
    OK(cudaMemsetAsync(d + 1, 9, 1, s));
    OK(cudaStreamEndCapture(s, &back));
    CHECK(back == bodies_off[1]);
    size_t n = 0;
    OK(cudaGraphNodeGetDependentNodes(e, NULL, &n));
    CHECK(n == 1);

    cudaGraphEdgeData programmatic = {0};
    programmatic.type = cudaGraphDependencyTypeProgrammatic;
    EXPECT(cudaGraphAddNode_v2(&x, g, &n_off, &programmatic, 1, &m),
           cudaErrorNotSupported);
    memset(&m, 0, sizeof m);
    m.type = cudaGraphNodeTypeEventRecord;
    EXPECT(cudaGraphAddNode(&x, g, NULL, 0, &m), cudaErrorNotSupported);
    EXPECT(cudaGraphDebugDotPrint(g, "/dev/null",
                                  cudaGraphDebugDotFlagsConditionalNodeParams),
           cudaSuccess);

    cudaGraphExec_t exec;
    OK(cudaGraphInstantiate(&exec, g, 0));
    OK(cudaGraphLaunch(exec, s));
    OK(cudaStreamSynchronize(s));
    OK(cudaMemcpy(got, d, 2, cudaMemcpyDeviceToHost));
    CHECK(got[0] == 7 && got[1] == 9);
    OK(cudaGraphExecDestroy(exec));
    OK(cudaGraphDestroy(g));
    OK(cudaStreamDestroy(s));
    OK(cudaFree(d));
    cudaGetLastError();
}

int main(void)
{
    edges_v2();
    node_params();
    capture_info_v3();
    conditional_cuda12();
    return finish("api_graphs");
}
