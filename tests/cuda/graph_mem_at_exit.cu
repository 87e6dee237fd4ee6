// graph_mem_at_exit.cu: a program may exit while a graph still owns
// memory (an allocation node without a free, launched; graph and
// executable graph not destroyed, as cuda-samples' graphMemoryNodes
// leaves them): the runtime's teardown at exit gives it back without
// crashing.  The test runner checks the exit status.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL graph_mem_at_exit\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void fill(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = i;
}

int main(void)
{
    enum { N = 1 << 16 };
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    int *p;
    CHECK(cudaMallocAsync(&p, N * sizeof(int), s));
    fill<<<N / 256, 256, 0, s>>>(p, N);
    cudaGraph_t g;
    CHECK(cudaStreamEndCapture(s, &g));
    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiate(&x, g, NULL, NULL, 0));
    CHECK(cudaGraphLaunch(x, s));
    CHECK(cudaStreamSynchronize(s));
    int last;
    CHECK(cudaMemcpy(&last, p + N - 1, sizeof last, cudaMemcpyDeviceToHost));
    if (last != N - 1) {
        printf("p[N - 1] = %d\nFAIL graph_mem_at_exit\n", last);
        return 1;
    }
    printf("PASS graph_mem_at_exit\n");
    return 0; // p, g and x are left for the teardown
}
