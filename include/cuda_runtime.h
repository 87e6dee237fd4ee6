/* cuda_runtime.h: the header CUDA programs include, cux edition.
 * Pulls in the API, the types and, under clang -x cuda, the built-ins. */
#ifndef CUX_CUDA_RUNTIME_H
#define CUX_CUDA_RUNTIME_H

#include "host_defines.h"
#include "builtin_types.h"
#include "cuda_runtime_api.h"
#include "driver_functions.h"
#include "vector_functions.h"
#include "channel_descriptor.h"
#include "device_launch_parameters.h"

#if defined(__CUDA__)
#include "cux/device_builtins.h"
#endif

#if defined(__cplusplus)
#include "cux/runtime_cxx.h"
#endif

#endif
