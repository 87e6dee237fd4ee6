// graph_cuda11_forms.cu: the CUDA 11 forms of cudaGraphInstantiate (with
// an error node and a log buffer) and cudaGraphExecUpdate (with the
// failing node and the result apart), which programs written for CUDA 11
// still call: a captured graph is instantiated, updated with a graph of
// the same shape and launched, and each result checked; a bad graph fails
// with its message in the log.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstring>

__global__ void scale(float *v, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] *= a;
}

static cudaGraph_t capture(cudaStream_t s, float *d, float a, int n)
{
    cudaGraph_t g = 0;
    cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
    scale<<<(n + 127) / 128, 128, 0, s>>>(d, a, n);
    cudaStreamEndCapture(s, &g);
    return g;
}

int main()
{
    const int n = 300;
    float h[n], *d;
    int bad = 0;
    cudaStream_t s;
    cudaStreamCreate(&s);
    cudaMalloc(&d, sizeof h);
    for (int i = 0; i < n; i++)
        h[i] = (float)i;
    cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);

    cudaGraph_t g2 = capture(s, d, 2.0f, n), g3 = capture(s, d, 3.0f, n);
    cudaGraphExec_t exec = 0;
    cudaGraphNode_t error_node = 0;
    char log[64];
    memset(log, 'x', sizeof log);
    cudaError_t e = cudaGraphInstantiate(&exec, g2, &error_node, log, sizeof log);
    if (e != cudaSuccess || !exec || log[0] != '\0') {
        printf("instantiate: %s, log \"%.8s\"\n", cudaGetErrorString(e), log);
        bad++;
    }
    cudaGraphExecUpdateResult result = cudaGraphExecUpdateError;
    e = cudaGraphExecUpdate(exec, g3, &error_node, &result);
    if (e != cudaSuccess || result != cudaGraphExecUpdateSuccess) {
        printf("update: %s, result %d\n", cudaGetErrorString(e), (int)result);
        bad++;
    }
    cudaGraphLaunch(exec, s); // now multiplies by 3
    cudaGraphLaunch(exec, s);
    cudaStreamSynchronize(s);
    cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    for (int i = 0; i < n; i++)
        if (h[i] != (float)i * 9.0f && bad++ < 5)
            printf("v[%d] = %g, want %g\n", i, h[i], (float)i * 9.0f);

    cudaGraphExec_t none = 0;
    e = cudaGraphInstantiate(&none, (cudaGraph_t)0, &error_node, log, sizeof log);
    if (e == cudaSuccess || strcmp(log, cudaGetErrorString(e)) != 0) {
        printf("instantiating no graph: %s, log \"%s\"\n",
               cudaGetErrorString(e), log);
        bad++;
    }
    cudaGetLastError(); // the error above is not sticky; clear it
    cudaGraphExecDestroy(exec);
    cudaGraphDestroy(g2);
    cudaGraphDestroy(g3);
    cudaFree(d);
    cudaStreamDestroy(s);
    if (bad) {
        printf("FAIL graph_cuda11_forms\n");
        return 1;
    }
    printf("PASS graph_cuda11_forms\n");
    return 0;
}
