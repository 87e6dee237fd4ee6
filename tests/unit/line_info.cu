// line_info.cu: a kernel for line_info.sh, which finds the line marked
// below in the debug line table of the code the CPU device builds.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void scale(const float *a, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = a[i] * 2.0f + 1.0f; // MARK
}

int main()
{
    const int n = 1000;
    float *a, *out;
    cudaMallocManaged(&a, n * sizeof(float));
    cudaMallocManaged(&out, n * sizeof(float));
    for (int i = 0; i < n; i++)
        a[i] = (float)i;
    scale<<<(n + 127) / 128, 128>>>(a, out, n);
    cudaDeviceSynchronize();
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += out[i] != 2.0f * i + 1.0f;
    printf("%s\n", bad ? "FAIL" : "PASS");
    cudaFree(a);
    cudaFree(out);
    return bad != 0;
}
