/* cuda_device_runtime_api.h: the device-side runtime API (dynamic
 * parallelism) is not supported by cux; this keeps includes working. */
#ifndef CUX_CUDA_DEVICE_RUNTIME_API_H
#define CUX_CUDA_DEVICE_RUNTIME_API_H

#include "cuda_runtime_api.h"

#endif
