/* abi_host.c: a host-only C/C++ file using cux's cuda_runtime.h, as a
 * .c/.cpp file of a CUDA program compiled by gcc or g++ would. */
#include <cuda_runtime.h>
#include <math_constants.h>
#include <cuda_profiler_api.h>
#include <stdio.h>

int main(void)
{
    struct cudaDeviceProp prop;
    struct cudaPointerAttributes pa;
    struct cudaFuncAttributes fa;
    cudaStream_t s;
    cudaEvent_t e;
    float *d = NULL;
    dim3 g;
    float4 v = make_float4(1.0f, 2.0f, 3.0f, 4.0f);
    struct cudaExtent ext = make_cudaExtent(4, 4, 4);
    cudaError_t err = cudaMalloc((void **)&d, 16);

    g.x = g.y = g.z = 1;
    cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
    cudaEventCreateWithFlags(&e, cudaEventDisableTiming);
    cudaGetDeviceProperties(&prop, 0);
    cudaPointerGetAttributes(&pa, d);
    cudaFuncGetAttributes(&fa, (const void *)0);
    cudaMemcpyAsync(d, &v, sizeof v, cudaMemcpyHostToDevice, s);
    printf("%s %d %u %g %u %d\n", cudaGetErrorString(err), prop.major,
           g.x, (double)CUDART_PI_F, (unsigned)ext.depth, (int)cudaErrorInvalidValue);
    return 0;
}
