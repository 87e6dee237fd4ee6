/* device_launch_parameters.h: threadIdx, blockIdx, blockDim, gridDim and
 * warpSize; under clang -x cuda they come from clang's builtin vars. */
#ifndef CUX_DEVICE_LAUNCH_PARAMETERS_H
#define CUX_DEVICE_LAUNCH_PARAMETERS_H

#include "vector_types.h"

#if defined(__CUDA__)
#include "cux/device_builtins.h"
#endif

#endif
