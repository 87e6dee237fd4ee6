/* host_compute.h: whether cux's libraries can run on the current device.
 * cuBLAS, cuBLASLt, cuFFT and cuRAND's device generators compute on the
 * host (OpenBLAS, FFTW, cux's own generators) over the caller's device
 * pointers, which only a device whose memory the host addresses allows:
 * the CPU device, and an OpenCL device that shares the host's memory
 * (PoCL's CPU device); both report cudaDevAttrIntegrated 1.  Elsewhere,
 * as on an OpenCL accelerator with memory of its own, a handle or
 * generator is refused with the library's "not supported" status and a
 * line saying why, instead of a crash at its first call.  Built against
 * the CUDA runtime API only, as the libraries are. */
#ifndef CUX_LIB_HOST_COMPUTE_H
#define CUX_LIB_HOST_COMPUTE_H

#include <cuda_runtime_api.h>
#include <stdbool.h>
#include <stdio.h>

static inline bool cux_lib_device_memory_on_host(int device,
                                                 const char *library)
{
    int integrated = 0;
    if (cudaDeviceGetAttribute(&integrated, cudaDevAttrIntegrated,
                               device) == cudaSuccess && integrated)
        return true;
    fprintf(stderr, "cux: %s: device %d's memory is not the host's, and "
            "cux's %s computes on the host over device pointers: not "
            "supported on this device\n", library, device, library);
    return false;
}

#endif
