// graph_launch.cu: a graph of K small kernel launches, launched many
// times, against the same K launches issued one by one, measured in one
// run: the cost per kernel either way and their ratio (sh
// bench/alloc.sh).  The kernels do almost nothing, so the numbers are the
// runtime's per-launch overhead.  Best of 5 runs after a warm-up.
#include "bench.cuh"
#include <time.h>

#define K 16
#define REPS 2000
#define N 256

__global__ void bump(float *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] += 1.0f;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void issue(float *v, cudaStream_t s)
{
    for (int k = 0; k < K; k++)
        bump<<<1, N, 0, s>>>(v, N);
}

static double one_by_one(float *v, cudaStream_t s)
{
    double t0 = now_s();
    for (int r = 0; r < REPS; r++)
        issue(v, s);
    CHECK(cudaStreamSynchronize(s));
    return (now_s() - t0) / (REPS * K);
}

static double as_graph(cudaGraphExec_t x, cudaStream_t s)
{
    double t0 = now_s();
    for (int r = 0; r < REPS; r++)
        CHECK(cudaGraphLaunch(x, s));
    CHECK(cudaStreamSynchronize(s));
    return (now_s() - t0) / (REPS * K);
}

int main(void)
{
    float *v, h[N];
    cudaStream_t s;
    cudaGraph_t g;
    cudaGraphExec_t x;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMalloc((void **)&v, N * sizeof(float)));
    CHECK(cudaMemset(v, 0, N * sizeof(float)));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    issue(v, s);
    CHECK(cudaStreamEndCapture(s, &g));
    CHECK(cudaGraphInstantiate(&x, g, 0));
    double single = 1e9, graph = 1e9;
    for (int r = 0; r < 6; r++) { // the first of each is the warm-up
        double a = one_by_one(v, s), b = as_graph(x, s);
        if (r && a < single)
            single = a;
        if (r && b < graph)
            graph = b;
    }
    CHECK(cudaMemcpy(h, v, sizeof h, cudaMemcpyDeviceToHost));
    int ok = h[0] == 12.0f * K * REPS && h[N - 1] == h[0];
    if (!ok) {
        printf("BENCH graph_launch error=wrong-result\n");
        return 1;
    }
    printf("BENCH graph_launch k=%d one_by_one_us=%.2f graph_us=%.2f"
           " graph_over_one_by_one=%.2f\n",
           K, single * 1e6, graph * 1e6, graph / single);
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaFree(v));
    CHECK(cudaStreamDestroy(s));
    return 0;
}
