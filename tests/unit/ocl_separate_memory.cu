// ocl_separate_memory.cu: run by tests/unit/ocl_separate_memory.sh on the
// OpenCL device with CUX_OPENCL_SEPARATE_MEMORY=1 (memory the host cannot
// address): copies and a kernel work, cudaMallocManaged gives
// cudaErrorNotSupported where managedMemory is 0, and cux's libraries,
// which compute on the host over device pointers, refuse a handle there
// (each its "not supported" status) instead of crashing at a call.
#include <cstdio>
#include <cublas_v2.h>
#include <cublasLt.h>
#include <cufft.h>
#include <curand.h>
__global__ void inc(int *v) { v[threadIdx.x] += threadIdx.x; }
int main()
{
    cudaDeviceProp p;
    if (cudaGetDeviceProperties(&p, 0) != cudaSuccess) return 1;
    int *d, h[64], *m = NULL;
    for (int i = 0; i < 64; i++) h[i] = 1;
    if (cudaMalloc(&d, sizeof h) || cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice)) return 1;
    inc<<<1, 64>>>(d);
    if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost)) return 1;
    for (int i = 0; i < 64; i++) if (h[i] != 1 + i) { printf("v[%d] = %d\n", i, h[i]); return 1; }
    cudaError_t e = cudaMallocManaged(&m, 64);
    printf("managedMemory %d, cudaMallocManaged: %s\n", p.managedMemory, cudaGetErrorName(e));
    if (p.managedMemory ? e != cudaSuccess : e != cudaErrorNotSupported) return 1;
    cublasHandle_t blas;
    cublasLtHandle_t lt;
    cufftHandle fft;
    curandGenerator_t rng;
    bool on_host = p.integrated;
    bool ok = cublasCreate(&blas) == (on_host ? CUBLAS_STATUS_SUCCESS
                                              : CUBLAS_STATUS_NOT_SUPPORTED) &&
              cublasLtCreate(&lt) == (on_host ? CUBLAS_STATUS_SUCCESS
                                              : CUBLAS_STATUS_NOT_SUPPORTED) &&
              cufftPlan1d(&fft, 64, CUFFT_C2C, 1) ==
                  (on_host ? CUFFT_SUCCESS : CUFFT_NOT_SUPPORTED) &&
              curandCreateGenerator(&rng, CURAND_RNG_PSEUDO_DEFAULT) ==
                  (on_host ? CURAND_STATUS_SUCCESS : CURAND_STATUS_ARCH_MISMATCH);
    printf("integrated %d, libraries %s\n", p.integrated,
           ok ? "as expected" : "wrong");
    if (!ok) return 1;
    printf("PASS\n");
    return 0;
}
