/* common_functions.h: a CUDA header name, kept so that includes find cux's.
 * Its functions come with cuda_runtime.h (cux/device_builtins.h). */
#ifndef CUX_COMMON_FUNCTIONS_H
#define CUX_COMMON_FUNCTIONS_H

#include "cuda_runtime.h"

#endif
