/* sticky.c: a fault inside a kernel poisons the context as on a GPU:
 * the launch itself succeeds, the next synchronising call reports the
 * fault, every later call returns it, cudaGetLastError cannot clear it,
 * and cudaDeviceReset recovers. */
#include "rt_test.h"

int main(void)
{
    register_test_module();
    dim3 one = {1, 1, 1};
    void *p = NULL;
    OK(cudaLaunchKernel(&stub_fault, one, one, NULL, 0, 0));
    cudaError_t err = cudaDeviceSynchronize();
    CHECK(err == cudaErrorLaunchFailure || err == cudaErrorAssert ||
          err == cudaErrorIllegalInstruction);
    if (err != cudaSuccess) {
        EXPECT(cudaGetLastError(), err);
        EXPECT(cudaGetLastError(), err);
        EXPECT(cudaPeekAtLastError(), err);
        EXPECT(cudaMalloc(&p, 16), err);
        EXPECT(cudaDeviceSynchronize(), err);
        EXPECT(launch_spin(0, 0), err);
    }
    OK(cudaDeviceReset());
    OK(cudaGetLastError());
    OK(cudaMalloc(&p, 16));
    OK(launch_add_one(p, 4, 0));
    OK(cudaDeviceSynchronize());
    OK(cudaFree(p));
    return finish("sticky");
}
