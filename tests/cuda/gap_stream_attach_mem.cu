// gap_stream_attach_mem.cu: cudaStreamAttachMemAsync is declared by cux's
// headers but libcux lacks it, so managed-memory programs fail to link.
#include <cuda_runtime.h>
#include <cstdio>

__global__ void square(float *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = v[i] * v[i];
}

int main()
{
    const int n = 300;
    float *m;
    cudaStream_t s;
    cudaStreamCreate(&s);
    cudaMallocManaged(&m, n * sizeof(float));
    cudaError_t e = cudaStreamAttachMemAsync(s, m, 0, cudaMemAttachHost);
    if (e == cudaSuccess)
        e = cudaStreamSynchronize(s);
    for (int i = 0; i < n; i++)   // host owns the memory now
        m[i] = 0.5f * i;
    if (e == cudaSuccess)
        e = cudaStreamAttachMemAsync(s, m, 0, cudaMemAttachSingle);
    square<<<(n + 127) / 128, 128, 0, s>>>(m, n);
    if (e == cudaSuccess)
        e = cudaStreamSynchronize(s);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += m[i] != 0.25f * i * i;
    cudaFree(m);
    cudaStreamDestroy(s);
    if (e != cudaSuccess || bad) {
        printf("FAIL gap_stream_attach_mem: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS gap_stream_attach_mem\n");
    return 0;
}
