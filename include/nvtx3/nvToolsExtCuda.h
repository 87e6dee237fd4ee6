/* nvtx3/nvToolsExtCuda.h: NVTX names for CUDA driver objects (a device,
 * a context, a stream, an event), which a profiler would show; without
 * one, as in nvtx3/nvToolsExt.h, they do nothing. */
#ifndef CUX_NVTOOLSEXT_CUDA_H
#define CUX_NVTOOLSEXT_CUDA_H

#include "nvToolsExt.h"
#include "../cuda.h"

#ifdef __cplusplus
extern "C" {
#endif

CUX_NVTX_NAME(nvtxNameCuDeviceA, CUdevice, char)
CUX_NVTX_NAME(nvtxNameCuDeviceW, CUdevice, wchar_t)
CUX_NVTX_NAME(nvtxNameCuContextA, CUcontext, char)
CUX_NVTX_NAME(nvtxNameCuContextW, CUcontext, wchar_t)
CUX_NVTX_NAME(nvtxNameCuStreamA, CUstream, char)
CUX_NVTX_NAME(nvtxNameCuStreamW, CUstream, wchar_t)
CUX_NVTX_NAME(nvtxNameCuEventA, CUevent, char)
CUX_NVTX_NAME(nvtxNameCuEventW, CUevent, wchar_t)

#ifdef UNICODE
#define nvtxNameCuDevice nvtxNameCuDeviceW
#define nvtxNameCuContext nvtxNameCuContextW
#define nvtxNameCuStream nvtxNameCuStreamW
#define nvtxNameCuEvent nvtxNameCuEventW
#else
#define nvtxNameCuDevice nvtxNameCuDeviceA
#define nvtxNameCuContext nvtxNameCuContextA
#define nvtxNameCuStream nvtxNameCuStreamA
#define nvtxNameCuEvent nvtxNameCuEventA
#endif

#ifdef __cplusplus
}
#endif

#endif
