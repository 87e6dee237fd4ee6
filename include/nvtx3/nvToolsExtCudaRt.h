/* nvtx3/nvToolsExtCudaRt.h: NVTX names for CUDA runtime objects (a
 * device, a stream, an event), which a profiler would show; without one,
 * as in nvtx3/nvToolsExt.h, they do nothing. */
#ifndef CUX_NVTOOLSEXT_CUDART_H
#define CUX_NVTOOLSEXT_CUDART_H

#include "nvToolsExt.h"
#include "../cuda_runtime_api.h"

#ifdef __cplusplus
extern "C" {
#endif

CUX_NVTX_NAME(nvtxNameCudaDeviceA, int, char)
CUX_NVTX_NAME(nvtxNameCudaDeviceW, int, wchar_t)
CUX_NVTX_NAME(nvtxNameCudaStreamA, cudaStream_t, char)
CUX_NVTX_NAME(nvtxNameCudaStreamW, cudaStream_t, wchar_t)
CUX_NVTX_NAME(nvtxNameCudaEventA, cudaEvent_t, char)
CUX_NVTX_NAME(nvtxNameCudaEventW, cudaEvent_t, wchar_t)

#ifdef UNICODE
#define nvtxNameCudaDevice nvtxNameCudaDeviceW
#define nvtxNameCudaStream nvtxNameCudaStreamW
#define nvtxNameCudaEvent nvtxNameCudaEventW
#else
#define nvtxNameCudaDevice nvtxNameCudaDeviceA
#define nvtxNameCudaStream nvtxNameCudaStreamA
#define nvtxNameCudaEvent nvtxNameCudaEventA
#endif

#ifdef __cplusplus
}
#endif

#endif
