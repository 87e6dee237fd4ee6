/* cuda_runtime.h: the header CUDA programs include, cux edition.
 * Pulls in the API, the types and, under clang -x cuda, the built-ins. */
#ifndef CUX_CUDA_RUNTIME_H
#define CUX_CUDA_RUNTIME_H
/* NVIDIA's guard name: programs (e.g. helper_cuda.h) test it to see
 * whether the runtime headers are in. */
#define __CUDA_RUNTIME_H__

#include "host_defines.h"
#include "builtin_types.h"
#include "texture_types.h"
#include "surface_types.h"
#include "cuda_runtime_api.h"
#include "driver_functions.h"
#include "vector_functions.h"
#include "channel_descriptor.h"
#include "device_launch_parameters.h"

#if defined(__CUDA__)
#include "cux/device_builtins.h"
#include "cuda_device_runtime_api.h"
#include "cux/managed_section.h"
#endif

#if defined(__cplusplus)
#include "cux/runtime_cxx.h"
#include "cux/host_minmax.h"
#endif

#endif
