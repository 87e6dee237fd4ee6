/* device_atomic_functions.h: a CUDA header name kept for includes.
 * Its functions come with cuda_runtime.h (cux/device_builtins.h). */
#ifndef CUX_DEVICE_ATOMIC_FUNCTIONS_H
#define CUX_DEVICE_ATOMIC_FUNCTIONS_H

#include "cuda_runtime.h"

#endif
