/* nvToolsExt.h: NVTX's older include path; the API is nvtx3/nvToolsExt.h. */
#include "nvtx3/nvToolsExt.h"
