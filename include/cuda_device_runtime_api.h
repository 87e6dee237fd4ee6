/* cuda_device_runtime_api.h: the runtime calls CUDA lets device code make
 * (dynamic parallelism: allocating, launching and synchronising from a
 * kernel; setting a graph's conditional value).  cux does not support
 * dynamic parallelism yet.  They are declared for device
 * code, not defined, so that a program using them compiles, and its
 * module then fails to load with an error naming the call and dynamic
 * parallelism (codegen/c/emit_call.c).  A __host__ __device__ function
 * that calls them only on the host is not affected: its device copy is
 * not emitted.  A launch from device code (`k<<<g, b>>>()` in a kernel)
 * stops the compilation: clang says "reference to __global__ function
 * in __global__ function". */
#ifndef CUX_CUDA_DEVICE_RUNTIME_API_H
#define CUX_CUDA_DEVICE_RUNTIME_API_H

#include "cuda_runtime_api.h"

#if defined(__CUDA__) && defined(__cplusplus)
extern "C" {
__device__ cudaError_t cudaMalloc(void **devPtr, size_t size);
__device__ cudaError_t cudaFree(void *devPtr);
__device__ cudaError_t cudaDeviceSynchronize(void);
__device__ cudaError_t cudaGetLastError(void);
__device__ cudaError_t cudaPeekAtLastError(void);
__device__ cudaError_t cudaGetDevice(int *device);
__device__ cudaError_t cudaDeviceGetAttribute(int *value,
                                              enum cudaDeviceAttr attr,
                                              int device);
__device__ cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream,
                                                 unsigned int flags);
__device__ cudaError_t cudaStreamDestroy(cudaStream_t stream);
__device__ cudaError_t cudaStreamWaitEvent(cudaStream_t stream,
                                           cudaEvent_t event,
                                           unsigned int flags);
__device__ cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event,
                                                unsigned int flags);
__device__ cudaError_t cudaEventRecord(cudaEvent_t event,
                                       cudaStream_t stream);
__device__ cudaError_t cudaEventDestroy(cudaEvent_t event);
__device__ cudaError_t cudaMemcpyAsync(void *dst, const void *src,
                                       size_t count, enum cudaMemcpyKind kind,
                                       cudaStream_t stream);
__device__ cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count,
                                       cudaStream_t stream);
/* A launch from device code as PTX makes it (the Programming Guide's
 * "PTX support" of dynamic parallelism), which Thrust and CUB name in
 * their device-side dispatch. */
__device__ void *cudaGetParameterBuffer(size_t alignment, size_t size);
__device__ void *cudaGetParameterBufferV2(void *func, dim3 gridDimension,
                                          dim3 blockDimension,
                                          unsigned int sharedMemSize);
__device__ cudaError_t cudaLaunchDevice(void *func, void *parameterBuffer,
                                        dim3 gridDimension,
                                        dim3 blockDimension,
                                        unsigned int sharedMemSize,
                                        cudaStream_t stream);
__device__ cudaError_t cudaLaunchDeviceV2(void *parameterBuffer,
                                          cudaStream_t stream);
/* What cudaDeviceSynchronize in device code became in CUDA 11.6 */
__device__ cudaError_t __cudaDeviceSynchronizeDeprecationAvoidance(void);
/* Unlike the calls above, this one works: the PTX calls it as an
 * external function (as nvcc's PTX does), and the CPU code generator
 * turns the call into a store of value to the word the handle names
 * (codegen/c/emit_call.c), which the conditional node reads when it
 * runs (src/rt/rt_graph_exec.c). */
__device__ void cudaGraphSetConditional(cudaGraphConditionalHandle handle,
                                        unsigned int value);
}
#endif

#endif
