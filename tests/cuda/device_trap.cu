// device_trap.cu: __trap() in one thread fails the launch as CUDA reports
// a trap (cudaErrorLaunchFailure), the error is sticky until
// cudaDeviceReset, and after the reset kernels run again.  A trap inside
// a device function that is not inlined counts the same.
#include <cuda_runtime.h>
#include <cstdio>

__device__ __noinline__ void give_up(int i)
{
    if (i == 5)
        __trap();
}

__global__ void maybe_trap(int *out, int trap)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (trap)
        give_up(i);
    out[i] = i;
}

int main()
{
    int bad = 0, *d, h[64];
    cudaMalloc(&d, sizeof h);
    maybe_trap<<<2, 32>>>(d, 1);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaErrorLaunchFailure) {
        printf("trap: %s, expected cudaErrorLaunchFailure\n",
               cudaGetErrorName(e));
        bad++;
    }
    e = cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    if (e != cudaErrorLaunchFailure) {
        printf("after the trap: %s, expected it again (sticky)\n",
               cudaGetErrorName(e));
        bad++;
    }
    cudaDeviceReset();
    cudaMalloc(&d, sizeof h);
    maybe_trap<<<2, 32>>>(d, 0);
    e = cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("after cudaDeviceReset: %s\n", cudaGetErrorName(e));
        bad++;
    }
    for (int i = 0; i < 64 && e == cudaSuccess; i++)
        if (h[i] != i && bad++ < 5)
            printf("out[%d] = %d after the reset\n", i, h[i]);
    cudaFree(d);
    printf("%s device_trap\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
