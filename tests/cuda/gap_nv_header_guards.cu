// gap_nv_header_guards.cu: code written for nvcc tests NVIDIA's include
// guards (helper_cuda.h hides checkCudaErrors behind __DRIVER_TYPES_H__).
#include <cuda_runtime.h>
#include <cstdio>

// Which of NVIDIA's guard macros are visible after <cuda_runtime.h>.
static const char *missing_guard()
{
#ifndef __DRIVER_TYPES_H__
    return "__DRIVER_TYPES_H__";
#endif
#ifndef __CUDA_RUNTIME_H__
    return "__CUDA_RUNTIME_H__";
#endif
#ifndef __CUDA_RUNTIME_API_H__
    return "__CUDA_RUNTIME_API_H__";
#endif
#ifndef __VECTOR_TYPES_H__
    return "__VECTOR_TYPES_H__";
#endif
    return 0;
}

__global__ void twice(int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] *= 2;
}

int main()
{
    const int n = 100;
    int h[n], *d, bad = 0;
    for (int i = 0; i < n; i++)
        h[i] = i - 7;
    cudaMalloc(&d, sizeof(h));
    cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice);
    twice<<<2, 64>>>(d, n);
    cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);
    for (int i = 0; i < n; i++)
        bad += h[i] != 2 * (i - 7);
    const char *m = missing_guard();
    if (m || bad) {
        printf("FAIL gap_nv_header_guards: %s not defined, %d wrong\n",
               m ? m : "(all guards ok)", bad);
        return 1;
    }
    printf("PASS gap_nv_header_guards\n");
    return 0;
}
