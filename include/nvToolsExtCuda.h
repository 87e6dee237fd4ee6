/* nvToolsExtCuda.h: NVTX's older include path; the API is nvtx3/nvToolsExtCuda.h. */
#include "nvtx3/nvToolsExtCuda.h"
