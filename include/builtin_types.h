/* builtin_types.h: the types every CUDA translation unit sees.
 * NVIDIA's layout of headers; cux keeps the names so includes resolve. */
#ifndef CUX_BUILTIN_TYPES_H
#define CUX_BUILTIN_TYPES_H

#include "host_defines.h"
#include "vector_types.h"
#include "driver_types.h"

#endif
