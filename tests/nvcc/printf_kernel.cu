/* printf_kernel.cu: device printf from a kernel nvcc built (vprintf with
 * its argument buffer); run.sh checks the lines. */
#include <cstdio>

__global__ void hello(int base)
{
    printf("thread %d value %d half %.1f\n", threadIdx.x, base + threadIdx.x,
           threadIdx.x * 0.5);
}

int main()
{
    hello<<<1, 4>>>(100);
    cudaError_t err = cudaDeviceSynchronize();
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    printf("PASS\n");
    return 0;
}
