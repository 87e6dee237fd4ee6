/* cuda_profiler_api.h: profiler start/stop for cux.
 * There is no profiler behind them; they exist so programs link. */
#ifndef CUX_CUDA_PROFILER_API_H
#define CUX_CUDA_PROFILER_API_H

#include "driver_types.h"

#if defined(__cplusplus)
extern "C" {
#endif

cudaError_t cudaProfilerStart(void);
cudaError_t cudaProfilerStop(void);

#if defined(__cplusplus)
}
#endif

#endif
