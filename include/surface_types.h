/* surface_types.h: how surface reads and writes treat coordinates
 * outside the surface, with CUDA's values.  cudaSurfaceObject_t itself
 * is in driver_types.h. */
#ifndef CUX_SURFACE_TYPES_H
#define CUX_SURFACE_TYPES_H
/* NVIDIA's guard name, which some programs test. */
#define __SURFACE_TYPES_H__

#if defined(__GNUC__)
#pragma GCC system_header
#endif

#include "driver_types.h"

#define cudaSurfaceType1D 0x01
#define cudaSurfaceType2D 0x02
#define cudaSurfaceType3D 0x03
#define cudaSurfaceTypeCubemap 0x0C
#define cudaSurfaceType1DLayered 0xF1
#define cudaSurfaceType2DLayered 0xF2
#define cudaSurfaceTypeCubemapLayered 0xFC

enum cudaSurfaceBoundaryMode {
    cudaBoundaryModeZero = 0,
    cudaBoundaryModeClamp = 1,
    cudaBoundaryModeTrap = 2
};

enum cudaSurfaceFormatMode {
    cudaFormatModeForced = 0,
    cudaFormatModeAuto = 1
};

#endif
