/* surface_indirect_functions.h: a CUDA header name, kept so that includes
 * find cux's.  Its functions come with cuda_runtime.h
 * (cux/surface_functions.h). */
#ifndef CUX_SURFACE_INDIRECT_FUNCTIONS_H
#define CUX_SURFACE_INDIRECT_FUNCTIONS_H

#include "cuda_runtime.h"

#endif
