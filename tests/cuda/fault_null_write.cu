// fault_null_write.cu: a kernel that stores through a null pointer ends
// its launch with cudaErrorIllegalAddress, as on a GPU, and the process
// lives on: the error is sticky until cudaDeviceReset, after which a new
// launch runs and computes the right result.
#include <cuda_runtime.h>
#include <cstdio>

// The pointer comes from the host, so the compiler cannot see it is null.
__global__ void store(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = i * 3;
}

static bool check_after_reset()
{
    const int n = 300;
    int *d = NULL, h[n];
    if (cudaMalloc(&d, n * sizeof(int)) != cudaSuccess)
        return false;
    store<<<(n + 127) / 128, 128>>>(d, n);
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t copy = cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    cudaFree(d);
    bool ok = sync == cudaSuccess && copy == cudaSuccess;
    for (int i = 0; i < n && ok; i++)
        ok = h[i] == i * 3;
    if (!ok)
        printf("after reset: sync=%s copy=%s\n", cudaGetErrorName(sync),
               cudaGetErrorName(copy));
    return ok;
}

int main()
{
    store<<<2, 64>>>(NULL, 128);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t last = cudaGetLastError();
    cudaError_t again = cudaPeekAtLastError();
    int *d2 = NULL;
    cudaError_t alloc = cudaMalloc(&d2, 16);
    // A later launch does not run and reports the fault too.
    store<<<1, 32>>>(NULL, 32);
    cudaError_t sync2 = cudaDeviceSynchronize();
    fflush(stderr);
    bool launch_ok = launch == cudaSuccess ||
                     launch == cudaErrorIllegalAddress;
    if (!launch_ok || sync != cudaErrorIllegalAddress ||
        last != cudaErrorIllegalAddress || again != cudaErrorIllegalAddress ||
        alloc != cudaErrorIllegalAddress || sync2 != cudaErrorIllegalAddress) {
        printf("launch=%s sync=%s last=%s again=%s alloc=%s sync2=%s\n",
               cudaGetErrorName(launch), cudaGetErrorName(sync),
               cudaGetErrorName(last), cudaGetErrorName(again),
               cudaGetErrorName(alloc), cudaGetErrorName(sync2));
        printf("FAIL fault_null_write\n");
        return 1;
    }
    if (cudaDeviceReset() != cudaSuccess || cudaGetLastError() != cudaSuccess
        || !check_after_reset()) {
        printf("FAIL fault_null_write (recovery)\n");
        return 1;
    }
    printf("PASS fault_null_write\n");
    return 0;
}
