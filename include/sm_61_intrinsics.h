/* sm_61_intrinsics.h: a CUDA header name, kept so that includes find cux's.
 * Its functions come with cuda_runtime.h (cux/device_builtins.h). */
#ifndef CUX_SM_61_INTRINSICS_H
#define CUX_SM_61_INTRINSICS_H

#include "cuda_runtime.h"

#endif
