/* sass_only.cu: built with SASS and no PTX (run.sh passes
 * -gencode arch=compute_75,code=sm_75), so cux cannot run its kernel: the
 * launch must fail with cudaErrorNoKernelImageForDevice (and cux logs how
 * to rebuild), and the program goes on. */
#include <cstdio>

__global__ void touch(int *p) { *p = 1; }

int main()
{
    int *p;
    if (cudaMalloc(&p, sizeof(int)) != cudaSuccess) {
        printf("FAIL cudaMalloc\n");
        return 1;
    }
    touch<<<1, 1>>>(p);
    cudaError_t err = cudaGetLastError();
    if (err != cudaErrorNoKernelImageForDevice) {
        printf("FAIL launch gave %s\n", cudaGetErrorName(err));
        return 1;
    }
    if (cudaDeviceSynchronize() != cudaSuccess || cudaFree(p) != cudaSuccess) {
        printf("FAIL the runtime stopped working\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
