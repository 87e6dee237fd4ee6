// graph_capture_fork_destroy.cu: a stream forked into a capture (it waits
// on an event of the capturing stream) is destroyed before the capture
// ends, once its work is joined back, as cuda-samples' graphMemoryNodes
// does: the capture still ends with a graph holding the forked stream's
// work, with memory nodes allocated in one stream and freed in the other.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL graph_capture_fork_destroy\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 4096 };

__global__ void square(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = in[i] * in[i];
}

__global__ void negate(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = -in[i];
}

int main(void)
{
    static float in[N], squares[N], negated[N];
    for (int i = 0; i < N; i++)
        in[i] = (float)(i % 97) - 48.0f;
    cudaStream_t s1, s2;
    cudaEvent_t squared, negated_ready, s2_done;
    CHECK(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
    CHECK(cudaEventCreate(&squared));
    CHECK(cudaEventCreate(&negated_ready));
    CHECK(cudaEventCreate(&s2_done));

    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
    float *d_in, *d_sq, *d_neg;
    CHECK(cudaMallocAsync(&d_in, sizeof in, s1));
    CHECK(cudaMallocAsync(&d_sq, sizeof in, s1));
    CHECK(cudaMemcpyAsync(d_in, in, sizeof in, cudaMemcpyHostToDevice, s1));
    square<<<N / 256, 256, 0, s1>>>(d_in, d_sq, N);
    CHECK(cudaEventRecord(squared, s1));
    // s2 joins the capture by waiting on it, and copies the squares out.
    CHECK(cudaStreamWaitEvent(s2, squared, 0));
    CHECK(cudaMemcpyAsync(squares, d_sq, sizeof in, cudaMemcpyDeviceToHost,
                          s2));
    CHECK(cudaFreeAsync(d_in, s1));
    CHECK(cudaMallocAsync(&d_neg, sizeof in, s1));
    negate<<<N / 256, 256, 0, s1>>>(d_sq, d_neg, N);
    CHECK(cudaEventRecord(negated_ready, s1));
    CHECK(cudaMemcpyAsync(negated, d_neg, sizeof in, cudaMemcpyDeviceToHost,
                          s1));
    CHECK(cudaFreeAsync(d_neg, s1));
    // s2 frees the squares once both readers are done, and s1 joins it.
    CHECK(cudaStreamWaitEvent(s2, negated_ready, 0));
    CHECK(cudaFreeAsync(d_sq, s2));
    CHECK(cudaEventRecord(s2_done, s2));
    CHECK(cudaStreamWaitEvent(s1, s2_done, 0));
    CHECK(cudaStreamDestroy(s2)); // joined: the capture goes on
    cudaGraph_t graph;
    CHECK(cudaStreamEndCapture(s1, &graph));

    size_t nodes = 0;
    CHECK(cudaGraphGetNodes(graph, NULL, &nodes));
    cudaGraphExec_t exec;
    CHECK(cudaGraphInstantiate(&exec, graph, NULL, NULL, 0));
    int bad = 0;
    for (int run = 0; run < 2; run++) {
        for (int i = 0; i < N; i++)
            squares[i] = negated[i] = 0.0f;
        CHECK(cudaGraphLaunch(exec, s1));
        CHECK(cudaStreamSynchronize(s1));
        for (int i = 0; i < N && bad < 5; i++)
            if (squares[i] != in[i] * in[i] || negated[i] != -squares[i]) {
                printf("run %d, element %d: square %g, negated %g\n", run,
                       i, squares[i], negated[i]);
                bad++;
            }
    }
    // Three allocations, three frees, the copy in, two kernels and two
    // copies out: 11 nodes.
    if (nodes != 11) {
        printf("graph has %zu nodes, want 11\n", nodes);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(exec));
    CHECK(cudaGraphDestroy(graph));
    CHECK(cudaEventDestroy(squared));
    CHECK(cudaEventDestroy(negated_ready));
    CHECK(cudaEventDestroy(s2_done));
    CHECK(cudaStreamDestroy(s1));
    printf("%s graph_capture_fork_destroy\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
