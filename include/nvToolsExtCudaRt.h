/* nvToolsExtCudaRt.h: NVTX's older include path; the API is nvtx3/nvToolsExtCudaRt.h. */
#include "nvtx3/nvToolsExtCudaRt.h"
