// grid_sync_outside.cu: grid.sync() in an ordinary launch.  CUDA leaves
// it undefined (its cooperative groups abort); cux traps with a message
// naming it instead of hanging, so the synchronize returns
// cudaErrorLaunchFailure and the error is sticky, as after any trap.
// Code that checks is_valid() first runs normally.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>

namespace cg = cooperative_groups;

__global__ void guarded(int *out)
{
    cg::grid_group grid = cg::this_grid();
    if (grid.is_valid())
        grid.sync();
    out[grid.thread_rank()] = 1 + (int)grid.is_valid();
}

__global__ void unguarded(int *out)
{
    out[blockIdx.x * blockDim.x + threadIdx.x] = 1;
    cg::this_grid().sync();
    out[blockIdx.x * blockDim.x + threadIdx.x] = 2;
}

int main()
{
    int *out, h[128];
    cudaMalloc(&out, sizeof h);
    cudaMemset(out, 0, sizeof h);
    guarded<<<4, 32>>>(out);
    cudaError_t guarded_sync = cudaDeviceSynchronize();
    cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost);
    int ones = 0;
    for (int i = 0; i < 128; i++)
        ones += h[i] == 1;
    unguarded<<<4, 32>>>(out);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t after = cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost);
    bool launch_ok = launch == cudaSuccess || launch == cudaErrorLaunchFailure;
    if (guarded_sync != cudaSuccess || ones != 128 || !launch_ok ||
        sync != cudaErrorLaunchFailure || after != cudaErrorLaunchFailure) {
        printf("guarded=%s ones=%d launch=%s sync=%s after=%s\n",
               cudaGetErrorName(guarded_sync), ones, cudaGetErrorName(launch),
               cudaGetErrorName(sync), cudaGetErrorName(after));
        printf("FAIL grid_sync_outside\n");
        return 1;
    }
    printf("PASS grid_sync_outside\n");
    return 0;
}
