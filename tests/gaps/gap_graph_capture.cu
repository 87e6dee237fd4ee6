// gap_graph_capture.cu: record a stream's work into a CUDA graph by stream
// capture, then replay it; graphs are declared by cux but not implemented.
#include <cuda_runtime.h>
#include <cstdio>

__global__ void axpy(float a, const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i] + y[i];
}

int main()
{
    const int n = 1000, reps = 3;
    float hx[n], hy[n], *x, *y;
    for (int i = 0; i < n; i++) {
        hx[i] = (float)(i % 17);
        hy[i] = 1.0f;
    }
    cudaStream_t s;
    cudaStreamCreate(&s);
    cudaMalloc(&x, sizeof(hx));
    cudaMalloc(&y, sizeof(hy));
    cudaGraph_t g = 0;
    cudaGraphExec_t ge = 0;
    cudaError_t e = cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
    if (e == cudaSuccess) {
        cudaMemcpyAsync(x, hx, sizeof(hx), cudaMemcpyHostToDevice, s);
        axpy<<<(n + 255) / 256, 256, 0, s>>>(2.0f, x, y, n);
        e = cudaStreamEndCapture(s, &g);
    }
    cudaMemcpy(y, hy, sizeof(hy), cudaMemcpyHostToDevice);
    if (e == cudaSuccess)
        e = cudaGraphInstantiate(&ge, g, 0);
    for (int r = 0; r < reps && e == cudaSuccess; r++)
        e = cudaGraphLaunch(ge, s);
    if (e == cudaSuccess)
        e = cudaStreamSynchronize(s);
    cudaMemcpy(hy, y, sizeof(hy), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += hy[i] != 1.0f + reps * 2.0f * (float)(i % 17);
    if (ge)
        cudaGraphExecDestroy(ge);
    if (g)
        cudaGraphDestroy(g);
    if (e != cudaSuccess || bad) {
        printf("FAIL gap_graph_capture: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS gap_graph_capture\n");
    return 0;
}
